import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchLookBackCampaigns, type LookBackCampaign } from '../api';
import { LoadFailure } from '../reports/LoadFailure';
import { LookBackCases } from '../reports/LookBackCases';
import { LookBackForm } from '../reports/LookBackForm';
import { LookBackProgress } from '../reports/LookBackProgress';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { checkedColumns } from '../columns';

function Campaigns({ campaigns, loading }: { campaigns: LookBackCampaign[]; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<LookBackCampaign>
      aria-label={t('lookBack.campaigns')}
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={campaigns}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('lookBack.noCampaigns') }}
      expandable={{ expandedRowRender: ({ id }) => <LookBackCases campaignId={id} /> }}
      columns={checkedColumns<LookBackCampaign>([
        { title: t('lookBack.titleField'), dataIndex: 'title' },
        { title: t('lookBack.unit'), dataIndex: ['unit', 'name'] },
        {
          title: t('lookBack.closedRange'),
          key: 'closed',
          render: (_, { closedFrom, closedTo }) => t('lookBack.range', { from: closedFrom, to: closedTo }),
        },
        {
          title: t('lookBack.startedAt'),
          dataIndex: 'startedAt',
          render: (at: string, { startedBy }) => `${formatShanghai(at)} · ${startedBy}`,
        },
        {
          title: t('lookBack.progress'),
          key: 'progress',
          render: (_, { progress }) => <LookBackProgress progress={progress} />,
        },
      ])}
    />
  );
}

/** 回头看: start a campaign over cases closed out in a period, and follow each campaign's answers. */
export default function LookBackCampaignsPage() {
  const { t } = useTranslation();
  const campaigns = useQuery({ queryKey: queryKeys.lookBackCampaigns, queryFn: fetchLookBackCampaigns });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('lookBack.newCampaign')}>
        <LookBackForm />
      </Card>
      <Card size="small" title={t('lookBack.campaigns')}>
        {campaigns.error ? (
          <LoadFailure error={campaigns.error} retry={() => void campaigns.refetch()} />
        ) : (
          <Campaigns campaigns={campaigns.data ?? []} loading={campaigns.isLoading} />
        )}
      </Card>
    </Space>
  );
}
