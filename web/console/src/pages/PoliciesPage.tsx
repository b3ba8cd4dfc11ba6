import { Card, Descriptions, Segmented, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchPolicies, type ClockRule, type DeadlinePolicy } from '../api';
import { useCodeLabel } from '../useCodeLabel';
import { useReportError } from '../useReportError';

type ClockRow = ClockRule & { clock: string };

function usePolicyColumns(): TableColumnsType<ClockRow> {
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

function PolicyView({ policy, current }: { policy: DeadlinePolicy; current: boolean }) {
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

/** 时限政策: every clock a case runs, as the policy in force and earlier versions set it. */
export default function PoliciesPage() {
  const { t } = useTranslation();
  const reportError = useReportError();
  const [loaded, setLoaded] = useState<{ current: string; policies: DeadlinePolicy[] } | null>(null);
  const [version, setVersion] = useState<string | null>(null);

  useEffect(() => {
    fetchPolicies().then((answer) => {
      setLoaded(answer);
      setVersion(answer.current);
    }, reportError);
  }, [reportError]);

  const policy = loaded?.policies.find((p) => p.version === version);
  return (
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
  );
}
