import { Button, Card, Descriptions, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createPolicyDraft,
  fetchPolicyDraft,
  fetchPolicyOverview,
  type DraftView,
  type PolicyDraft,
  type PolicyOverview,
  type VersionedPolicy,
} from '../administration/administrationApi';
import { PolicyDraftEditor } from '../administration/PolicyDraftEditor';
import { checkedColumns, type Columns } from '../columns';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

type ClockRule = VersionedPolicy['clocks'][keyof VersionedPolicy['clocks']];
type ClockRow = ClockRule & { clock: string };

function usePolicyColumns(): Columns<ClockRow> {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return [
    { title: t('policy.clock'), dataIndex: 'clock', render: (clock: string) => label('clock', clock) },
    {
      title: t('policy.length'),
      key: 'length',
      render: (_, { length, counting }) =>
        length === 0
          ? t('policy.sameDay', { context: counting })
          : t('policy.days', { count: length, context: counting }),
    },
    {
      title: t('policy.warnings'),
      dataIndex: 'warnBeforeDays',
      render: (days: number[]) =>
        days.length ? t('policy.warnBefore', { days: days.join(t('policy.listSeparator')) }) : '—',
    },
    {
      title: t('policy.onBreach'),
      dataIndex: 'onBreach',
      render: (onBreach: ClockRule['onBreach']) => (
        <Tag color={onBreach === 'escalate' ? 'red' : 'default'}>{t(`policy.breach.${onBreach}`)}</Tag>
      ),
    },
    {
      title: t('policy.escalateTo'),
      key: 'escalateTo',
      render: (_, { escalateTo, escalateAfterWorkingDays }) =>
        escalateTo
          ? [
              label('escalationTarget', escalateTo),
              escalateAfterWorkingDays ? t('policy.grace', { count: escalateAfterWorkingDays }) : '',
            ].join('')
          : '—',
    },
    { title: t('policy.source'), dataIndex: 'source' },
  ];
}

function PolicyView({ policy, current }: { policy: VersionedPolicy; current: boolean }) {
  const { t } = useTranslation();
  const columns = usePolicyColumns();
  const rows: ClockRow[] = Object.entries(policy.clocks).map(([clock, rule]) => ({ clock, ...rule }));
  const notice = policy.disciplineRealNameNotice;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'version',
            label: t('policy.version'),
            children: (
              <Space>
                {policy.version}
                {current && <Tag color="success">{t('policy.current')}</Tag>}
              </Space>
            ),
          },
          { key: 'effectiveFrom', label: t('policy.effectiveFrom'), children: policy.effectiveFrom },
          {
            key: 'extension',
            label: t('policy.extension'),
            children: t('policy.extensionRule', {
              days: policy.extension.maxDays,
              count: policy.extension.maxCount,
            }),
          },
          {
            key: 'disciplineNotice',
            label: t('policy.disciplineNotice'),
            children: t('policy.days', { count: notice.length, context: notice.counting }),
          },
        ]}
      />
      <Table<ClockRow>
        rowKey="clock"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}

function DraftsCard({ overview, onOpen }: { overview: PolicyOverview; onOpen: (view: DraftView) => void }) {
  const { t } = useTranslation();
  const reportError = useReportError();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState('');
  const open = (id: number) =>
    queryClient
      .fetchQuery({ queryKey: queryKeys.policyDraft(id), queryFn: () => fetchPolicyDraft(id), staleTime: 0 })
      .then(onOpen, reportError);
  const creation = useMutation({
    mutationFn: (name: string) => createPolicyDraft(name),
    onSuccess: async (view) => {
      onOpen(view);
      setVersion('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.policies });
    },
    onError: reportError,
  });
  const create = () => creation.mutateAsync(version.trim()).catch(() => undefined);
  return (
    <Card size="small" title={t('administration.policy.drafts')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {overview.drafts.length > 0 && (
          <Table<PolicyDraft>
            aria-label={t('administration.policy.drafts')}
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={overview.drafts}
            columns={checkedColumns<PolicyDraft>([
              { title: t('policy.version'), dataIndex: 'version' },
              { title: t('administration.policy.basedOn'), dataIndex: 'basedOn' },
              {
                title: t('administration.policy.updatedAt'),
                dataIndex: 'updatedAt',
                render: formatShanghai,
              },
              {
                title: '',
                key: 'open',
                render: (_, draft) => (
                  <Button size="small" onClick={() => void open(draft.id)}>
                    {t('administration.policy.edit')}
                  </Button>
                ),
              },
            ])}
          />
        )}
        {overview.mayDraft ? (
          <Space.Compact>
            <Input
              aria-label={t('administration.policy.newVersion')}
              placeholder={t('administration.policy.newVersionPlaceholder')}
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              style={{ width: 220 }}
            />
            <Button type="primary" disabled={!version.trim()} onClick={() => void create()}>
              {t('administration.policy.newDraft')}
            </Button>
          </Space.Compact>
        ) : (
          <Typography.Text type="secondary">{t('administration.policy.topLevelOnly')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

/**
 * 时限政策: every clock a case runs, as the version in force, earlier and later versions
 * set it; the top unit's administrators draft, compare and publish a new version.
 */
export default function PoliciesPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const overview = useQuery({ queryKey: queryKeys.policies, queryFn: fetchPolicyOverview });
  useEffect(() => {
    if (overview.error) reportError(overview.error);
  }, [overview.error, reportError]);
  const loaded: PolicyOverview | null = overview.data ?? null;
  const [version, setVersion] = useState<string | null>(null);
  const [editing, setEditing] = useState<DraftView | null>(null);

  // The version in force until the person picks another.
  const policy = loaded?.policies.find((p) => p.version === (version ?? loaded.current));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('nav.policies')}
        size="small"
        loading={loaded === null}
        extra={
          loaded &&
          loaded.policies.length > 1 && (
            <Segmented<string>
              aria-label={t('policy.version')}
              value={version ?? loaded.current}
              options={loaded.policies.map((p) => p.version)}
              onChange={setVersion}
            />
          )
        }
      >
        {loaded && policy && <PolicyView policy={policy} current={policy.version === loaded.current} />}
      </Card>
      {loaded && !editing && <DraftsCard overview={loaded} onOpen={setEditing} />}
      {editing && (
        <PolicyDraftEditor
          key={editing.draft.id}
          view={editing}
          onChanged={setEditing}
          onClosed={(published) => {
            setEditing(null);
            if (published) setVersion(editing.draft.version);
          }}
        />
      )}
    </Space>
  );
}
