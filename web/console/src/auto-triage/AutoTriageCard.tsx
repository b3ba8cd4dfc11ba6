import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchAutoTriage, type AutoTriageSignal, type RelatedCase } from '../api';
import { CaseLink } from '../components/CaseLink';
import { StatusTag } from '../components/CaseTags';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';
import { checkedColumns } from '../columns';

const signalColours: Record<AutoTriageSignal, string> = {
  same_person: 'red',
  same_unit: 'volcano',
  same_complainant: 'gold',
  similar_matter: 'blue',
};
const signalOrder: AutoTriageSignal[] = ['same_person', 'same_unit', 'same_complainant', 'similar_matter'];

/**
 * 自动研判 beside the case: other reports on the same person or unit, the complainant's
 * earlier petitions, and open cases alike in place and matter. It suggests; the office decides.
 */
export function AutoTriageCard({ caseNumber }: { caseNumber: string }) {
  const { t } = useTranslation();
  const answer = useQuery({
    queryKey: queryKeys.autoTriage(caseNumber),
    queryFn: () => fetchAutoTriage(caseNumber),
  });
  const title = t('autoTriage.title');
  if (answer.error) {
    return (
      <Card size="small" title={title}>
        <Alert type="warning" showIcon message={answer.error.message} />
      </Card>
    );
  }
  const data = answer.data;
  return (
    <Card size="small" title={title} loading={answer.isLoading} aria-label={title}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('autoTriage.suggestsOnly')}</Typography.Text>
        {data && (
          <Space size={[8, 4]} wrap aria-label={t('autoTriage.countsLabel')}>
            {signalOrder.map((signal) => (
              <Tag key={signal} color={data.counts[signal] > 0 ? signalColours[signal] : 'default'}>
                {t(`autoTriage.count.${signal}`, { count: data.counts[signal] })}
              </Tag>
            ))}
          </Space>
        )}
        {data && data.related.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('autoTriage.nothing')} />
        ) : (
          <Table<RelatedCase>
            size="small"
            rowKey="caseNumber"
            pagination={false}
            dataSource={data?.related ?? []}
            columns={checkedColumns<RelatedCase>([
              {
                title: t('ledger.caseNumber'),
                dataIndex: 'caseNumber',
                render: (caseNumber: string) => <CaseLink caseNumber={caseNumber} />,
              },
              {
                title: t('autoTriage.why'),
                dataIndex: 'signals',
                render: (signals: AutoTriageSignal[]) => (
                  <Space size={[4, 4]} wrap>
                    {signals.map((signal) => (
                      <Tag key={signal} color={signalColours[signal]}>
                        {t(`autoTriage.signal.${signal}`)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('ledger.unit'), dataIndex: ['unit', 'name'] },
              {
                title: t('ledger.status'),
                dataIndex: 'status',
                render: (status: string) => <StatusTag status={status} />,
              },
              {
                title: t('ledger.receivedAt'),
                dataIndex: 'receivedAt',
                render: (at: string) => formatShanghai(at),
              },
            ])}
          />
        )}
      </Space>
    </Card>
  );
}
