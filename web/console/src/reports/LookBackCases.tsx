import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchLookBackCampaign, type LookBackCampaignCase } from '../api';
import { CaseLink } from '../components/CaseLink';
import { PageLoading } from '../PageLoading';
import { formatShanghai } from '../time';
import { LoadFailure } from './LoadFailure';
import { lookBackColours } from './LookBackProgress';
import { queryKeys } from '../queries';
import { checkedColumns } from '../columns';

/** A campaign's cases and where each stands; loaded when the row is opened. */
export function LookBackCases({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: queryKeys.lookBackCampaign(campaignId),
    queryFn: () => fetchLookBackCampaign(campaignId),
  });
  if (detail.error) return <LoadFailure error={detail.error} retry={() => void detail.refetch()} />;
  if (!detail.data) return <PageLoading />;
  return (
    <Table<LookBackCampaignCase>
      aria-label={t('lookBack.cases')}
      size="small"
      rowKey="caseNumber"
      dataSource={detail.data.cases}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('lookBack.noCases') }}
      columns={checkedColumns<LookBackCampaignCase>([
        {
          title: t('ledger.caseNumber'),
          dataIndex: 'caseNumber',
          render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
        },
        { title: t('case.summary'), dataIndex: 'summary', ellipsis: true },
        {
          title: t('lookBack.stateLabel'),
          dataIndex: 'state',
          render: (state: LookBackCampaignCase['state']) => (
            <Tag color={lookBackColours[state]}>{t(`lookBack.state.${state}`, { defaultValue: state })}</Tag>
          ),
        },
        {
          title: t('lookBack.updatedAt'),
          dataIndex: 'updatedAt',
          render: (at: string) => formatShanghai(at),
        },
      ])}
    />
  );
}
