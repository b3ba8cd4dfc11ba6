import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Form, InputNumber, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { fetchClusters } from '../api';
import { PageLoading } from '../PageLoading';
import { LoadFailure } from '../reports/LoadFailure';
import { queryKeys } from '../queries';
import { ClusterTable } from './ClusterTable';

/** 线索聚类: people and units reported by several complainants in a period, within the jurisdiction. */
export default function ClustersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const min = Number(params.get('minComplainants')) || 2;
  const answer = useQuery({
    queryKey: queryKeys.clusters(from, to, min),
    queryFn: () => fetchClusters({ from, to, minComplainants: min }),
  });
  const choose = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next });

  if (answer.error) return <LoadFailure error={answer.error} retry={() => void answer.refetch()} />;
  if (!answer.data) return <PageLoading />;
  const data = answer.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('autoTriage.clusters.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('autoTriage.clusters.intro')}</Typography.Text>
      <Form layout="inline">
        <Form.Item label={t('autoTriage.clusters.periodLabel')}>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(data.from), dayjs(data.to)]}
            onChange={(range) => {
              const [start, end] = (range ?? []) as [Dayjs | null, Dayjs | null];
              if (start && end) choose({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
            }}
          />
        </Form.Item>
        <Form.Item label={t('autoTriage.clusters.minComplainants')} htmlFor="min-complainants">
          <InputNumber
            id="min-complainants"
            min={2}
            max={50}
            precision={0}
            value={data.minComplainants}
            onChange={(value) => value && choose({ minComplainants: String(value) })}
          />
        </Form.Item>
      </Form>
      <Card size="small" title={t('autoTriage.clusters.people')}>
        <ClusterTable clusters={data.people} of="people" />
      </Card>
      <Card size="small" title={t('autoTriage.clusters.units')}>
        <ClusterTable clusters={data.units} of="units" />
      </Card>
    </Space>
  );
}
