import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, List, Result, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  fetchLeaderWorkspace,
  takeAction,
  type LeaderCase,
  type LeaderWorkspace,
  type SuperiorView,
  type UnownedCase,
} from '../api';
import { FlagTags } from '../components/BacklogTags';
import { CaseLink } from '../components/CaseLink';
import { DueTag, EscalatedTag, StatusTag } from '../components/CaseTags';
import { dueRowClass } from '../deadlineTone';
import { PageLoading } from '../PageLoading';
import { queryKeys } from '../queries';
import { formatShanghai, lastDayShanghai, todayShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';
import { checkedColumns } from '../columns';

const ellipsis = { ellipsis: true };

function MyCases({ cases }: { cases: LeaderCase[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const today = todayShanghai();
  return (
    <Table<LeaderCase>
      aria-label={t('workspace.myCases')}
      size="small"
      rowKey="caseNumber"
      dataSource={cases}
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowClassName={({ nextDue }) => dueRowClass(nextDue?.overdue ? 'overdue' : null)}
      locale={{ emptyText: t('workspace.noCases') }}
      columns={checkedColumns<LeaderCase>([
        {
          title: t('ledger.caseNumber'),
          dataIndex: 'caseNumber',
          render: (caseNumber: string, { escalated }) => (
            <Space size={4}>
              <CaseLink caseNumber={caseNumber} />
              {escalated && <EscalatedTag />}
            </Space>
          ),
        },
        { title: t('ledger.unit'), dataIndex: ['unit', 'name'] },
        {
          title: t('ledger.status'),
          dataIndex: 'status',
          render: (status: string) => <StatusTag status={status} />,
        },
        { title: t('case.summary'), dataIndex: 'summary', width: 240, ...ellipsis },
        {
          title: t('backlog.flagsLabel'),
          dataIndex: 'flags',
          render: (_, { flags }) => <FlagTags flags={flags} />,
        },
        {
          title: t('ledger.nextDue'),
          dataIndex: 'nextDue',
          render: (_, { nextDue }) =>
            nextDue ? (
              <Space size={4}>
                <Typography.Text type={nextDue.overdue ? 'danger' : undefined}>
                  {nextDue.clock ? `${label('clock', nextDue.clock)} ` : ''}
                  {lastDayShanghai(nextDue.dueAt)}
                </Typography.Text>
                <DueTag tone={nextDue.overdue ? 'overdue' : null} />
              </Space>
            ) : (
              '—'
            ),
        },
        {
          title: t('backlog.nextMilestone'),
          dataIndex: 'nextMilestone',
          render: (_, { nextMilestone }) =>
            nextMilestone ? (
              <Typography.Text type={nextMilestone.dueDate < today ? 'danger' : undefined}>
                {t('backlog.milestoneLine', nextMilestone)}
              </Typography.Text>
            ) : (
              '—'
            ),
        },
        {
          title: t('backlog.planVersionShort'),
          dataIndex: 'planVersion',
          render: (version: number | null) =>
            version ? t('backlog.versionNumber', { version }) : t('backlog.noPlan'),
        },
        {
          title: t('backlog.lastProgressAt'),
          dataIndex: 'lastProgressAt',
          render: (at: string | null) => (at ? formatShanghai(at) : '—'),
        },
      ])}
    />
  );
}

function Unowned({ cases }: { cases: UnownedCase[] }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const claimCase = useMutation({
    mutationFn: (caseNumber: string) => takeAction(caseNumber, 'claimOwnership', {}),
    onSuccess: (_, caseNumber) => void message.success(t('workspace.claimed', { caseNumber })),
    onError: reportError,
    // Claimed by me or by someone faster: either way the list and the case have changed.
    onSettled: (_, __, caseNumber) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.leaderWorkspace }),
        queryClient.invalidateQueries({ queryKey: queryKeys.case(caseNumber) }),
      ]),
  });

  const claim = (caseNumber: string) =>
    modal.confirm({
      title: t('workspace.claimTitle', { caseNumber }),
      content: t('actions.claimOwnership.confirm'),
      okText: t('workspace.claim'),
      cancelText: t('actions.cancel'),
      // The refusal is reported by the mutation; the dialog only waits for it.
      onOk: () => claimCase.mutateAsync(caseNumber).catch(() => undefined),
    });

  return (
    <Table<UnownedCase>
      aria-label={t('workspace.unowned')}
      size="small"
      rowKey="caseNumber"
      dataSource={cases}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('workspace.noUnowned') }}
      columns={checkedColumns<UnownedCase>([
        {
          title: t('ledger.caseNumber'),
          dataIndex: 'caseNumber',
          render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
        },
        { title: t('ledger.unit'), dataIndex: ['unit', 'name'] },
        { title: t('case.summary'), dataIndex: 'summary', width: 280, ...ellipsis },
        {
          title: t('backlog.flagsLabel'),
          dataIndex: 'flags',
          render: (_, { flags }) => <FlagTags flags={flags} />,
        },
        {
          title: t('backlog.designatedAt'),
          dataIndex: 'backlogAt',
          render: (at: string | null) => (at ? formatShanghai(at) : '—'),
        },
        {
          title: '',
          key: 'claim',
          render: (_, { caseNumber }) => (
            <Button size="small" type="primary" onClick={() => claim(caseNumber)}>
              {t('workspace.claim')}
            </Button>
          ),
        },
      ])}
    />
  );
}

/** What the leader's superior sees: how many cases, how many without a plan or progress, what escalated. */
function SuperiorCard({ view }: { view: SuperiorView }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <Card title={t('workspace.superiorView')} size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('workspace.superiorHint')}</Typography.Text>
        <Space size="large" wrap>
          <Statistic title={t('workspace.owned')} value={view.owned} />
          <Statistic
            title={t('workspace.withoutPlan')}
            value={view.withoutPlan}
            valueStyle={view.withoutPlan > 0 ? { color: '#cf1322' } : undefined}
          />
          <Statistic
            title={t('workspace.progressOverdue')}
            value={view.progressOverdue}
            valueStyle={view.progressOverdue > 0 ? { color: '#cf1322' } : undefined}
          />
        </Space>
        {view.escalations.length > 0 && (
          <List
            size="small"
            header={t('workspace.escalations')}
            dataSource={view.escalations}
            renderItem={({ caseNumber, clock, escalatedAt }) => (
              <List.Item>
                <Space wrap>
                  <CaseLink caseNumber={caseNumber} />
                  <Typography.Text type="danger">{label('clock', clock)}</Typography.Text>
                  {formatShanghai(escalatedAt)}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}

function CampaignCard({ workspace }: { workspace: LeaderWorkspace }) {
  const { t } = useTranslation();
  const { leader, campaign } = workspace;
  return (
    <Card size="small" title={`${leader.name} · ${leader.title} · ${leader.unit.name}`}>
      {campaign ? (
        <Space size="large" wrap>
          <Statistic title={t('workspace.campaign')} value={campaign.name} />
          <Statistic title={t('workspace.targetDate')} value={campaign.targetDate} />
          <Statistic
            title={t('workspace.daysLeft')}
            value={campaign.daysLeft}
            valueStyle={campaign.daysLeft < 0 ? { color: '#cf1322' } : undefined}
          />
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('workspace.noCampaign')}</Typography.Text>
      )}
    </Card>
  );
}

/** 我的包案: my backlog cases by urgency, the campaign's target, my superior's view, and cases to claim. */
export default function LeaderWorkspacePage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: queryKeys.leaderWorkspace, queryFn: fetchLeaderWorkspace });
  const { data: workspace, error: failure } = query;

  if (failure) {
    return (
      <Result
        status="warning"
        title={failure.message}
        extra={<Button onClick={() => void query.refetch()}>{t('app.retry')}</Button>}
      />
    );
  }
  if (!workspace) return <PageLoading />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <CampaignCard workspace={workspace} />
      </Col>
      <Col xs={24} lg={8}>
        <SuperiorCard view={workspace.superiorView} />
      </Col>
      <Col span={24}>
        <Card title={t('workspace.myCases')} size="small">
          <MyCases cases={workspace.cases} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('workspace.unowned')} size="small">
          <Unowned cases={workspace.unowned} />
        </Card>
      </Col>
    </Row>
  );
}
