import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { bulletinExportUrl, fetchBulletin, fetchBulletinMonths, type MonthlyBulletin } from '../api';
import { PageLoading } from '../PageLoading';
import { BulletinRanking } from '../reports/BulletinRanking';
import { ExportLinks } from '../reports/ExportLinks';
import { OverdueByUnitChart } from '../reports/OverdueByUnitChart';
import { OverdueCasesTable } from '../reports/OverdueCasesTable';
import { LoadFailure } from '../reports/LoadFailure';
import { queryKeys } from '../queries';
import { formatShanghai } from '../time';

function BulletinBody({ bulletin }: { bulletin: MonthlyBulletin }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Text type="secondary">
          {t('bulletin.published', { unit: bulletin.unit.name, at: formatShanghai(bulletin.publishedAt) })}
        </Typography.Text>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('bulletin.ranking')}>
          <BulletinRanking rows={bulletin.rows} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('bulletin.overdueChart')}>
          {bulletin.rows.length > 0 ? (
            <OverdueByUnitChart rows={bulletin.rows} />
          ) : (
            <Empty description={t('bulletin.noRows')} />
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('bulletin.overdueCases')}>
          <OverdueCasesTable cases={bulletin.overdueCases} />
        </Card>
      </Col>
    </Row>
  );
}

/** 月度通报: the child units ranked for a month, the overdue cases named, last month beside. */
export default function BulletinPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitParam = Number(params.get('unit'));
  const unit = Number.isInteger(unitParam) && unitParam > 0 ? unitParam : undefined;
  const months = useQuery({
    queryKey: queryKeys.bulletinMonths(unit),
    queryFn: () => fetchBulletinMonths(unit),
  });
  const asked = params.get('month');
  const month = months.data && (months.data.find((m) => m === asked) ?? months.data[0]);
  const bulletin = useQuery({
    queryKey: queryKeys.bulletin(unit, month),
    queryFn: () => fetchBulletin(month ?? '', unit),
    enabled: month !== undefined,
  });

  if (months.error) return <LoadFailure error={months.error} retry={() => void months.refetch()} />;
  if (!months.data) return <PageLoading />;

  const choose = (chosen: string) => {
    const next = new URLSearchParams(params);
    next.set('month', chosen);
    setParams(next);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('bulletin.title')}
          </Typography.Title>
          <Space wrap>
            {months.data.length > 0 && (
              <Select
                aria-label={t('bulletin.month')}
                value={month}
                onChange={choose}
                style={{ minWidth: 160 }}
                options={months.data.map((m) => ({
                  value: m,
                  label: t('bulletin.monthOption', { month: m }),
                }))}
              />
            )}
            {month && (
              <ExportLinks keys="bulletin" urlOf={(format) => bulletinExportUrl(format, month, unit)} />
            )}
          </Space>
        </Space>
      </Card>
      {months.data.length === 0 ? (
        <Card>
          <Empty description={t('bulletin.noMonths')} />
        </Card>
      ) : bulletin.error ? (
        <LoadFailure error={bulletin.error} retry={() => void bulletin.refetch()} />
      ) : bulletin.data ? (
        <BulletinBody bulletin={bulletin.data} />
      ) : (
        <PageLoading />
      )}
    </Space>
  );
}
