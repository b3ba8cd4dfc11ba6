import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Space, Table, TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { fetchLookBackCampaigns, fetchUnits } from '../api';
import { checkedColumns } from '../columns';
import { PageLoading } from '../PageLoading';
import { queryKeys } from '../queries';
import { ExportLinks } from '../reports/ExportLinks';
import { LoadFailure } from '../reports/LoadFailure';
import { fetchStatistics, statisticsExportUrl, statisticsKeys, type Statistics } from '../statistics/api';
import { CategoriesTable, ChildUnitsTable, LevelsTable } from '../statistics/BreakdownTable';
import { CountedCasesDrawer } from '../statistics/CountedCasesDrawer';
import { withoutDrill } from '../statistics/drill';
import { dayBefore, periodKindOf, periodOf } from '../statistics/period';
import { PeriodPicker, type PeriodChoice } from '../statistics/PeriodPicker';
import { CategoriesChart, ChannelChart, ChildUnitsChart } from '../statistics/StatisticsCharts';
import { StatisticsKpis } from '../statistics/StatisticsKpis';
import { OverTimeChart, StagesTable, TopProblemsTable } from '../statistics/Trends';
import { todayShanghai } from '../time';
import { unitTree } from '../unitTree';
import { useReportFailure } from '../useReportError';

type Reason = Statistics['figures']['notAcceptedByReason'][number];

function ReasonsTable({ reasons }: { reasons: Reason[] }) {
  const { t } = useTranslation();
  return (
    <Table<Reason>
      aria-label={t('statistics.tables.reasons')}
      size="small"
      rowKey="reason"
      dataSource={reasons}
      pagination={false}
      locale={{ emptyText: t('statistics.noneNotAccepted') }}
      columns={checkedColumns<Reason>([
        {
          title: t('statistics.reason'),
          dataIndex: 'reason',
          render: (reason: string) => reason || t('statistics.noReason'),
        },
        { title: t('statistics.cases'), dataIndex: 'count', align: 'right' },
      ])}
    />
  );
}

function StatisticsBody({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const hasChildren = statistics.byUnit.length > 0;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <StatisticsKpis figures={statistics.figures} minimum={statistics.minimumForRate} />
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('statistics.charts.channels')}>
          <ChannelChart statistics={statistics} />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('statistics.charts.units')}>
          {hasChildren ? (
            <ChildUnitsChart statistics={statistics} />
          ) : (
            <Empty description={t('statistics.noChildren')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('statistics.charts.categories')}>
          <CategoriesChart statistics={statistics} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t(`statistics.charts.overTime.${statistics.overTime.interval}`)}>
          <OverTimeChart statistics={statistics} />
        </Card>
      </Col>
      {hasChildren && (
        <Col span={24}>
          <Card size="small" title={t('statistics.tables.units')}>
            <ChildUnitsTable statistics={statistics} />
          </Card>
        </Col>
      )}
      <Col span={24}>
        <Card size="small" title={t('statistics.tables.categories')}>
          <CategoriesTable statistics={statistics} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('statistics.tables.levels')}>
          <LevelsTable statistics={statistics} />
        </Card>
      </Col>
      {hasChildren && (
        <Col span={24}>
          <Card size="small" title={t('statistics.tables.topProblems')}>
            <TopProblemsTable statistics={statistics} />
          </Card>
        </Col>
      )}
      <Col xs={24} xl={12}>
        <Card size="small" title={t('statistics.tables.stages')}>
          <StagesTable statistics={statistics} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('statistics.tables.reasons')}>
          <ReasonsTable reasons={statistics.figures.notAcceptedByReason} />
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 统计: what a unit's subtree received, accepted, replied and how satisfied people were,
 * for a period the office chooses; every count opens the cases it counted.
 */
export default function StatisticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unitParam = Number(params.get('unit'));
  const unit = Number.isInteger(unitParam) && unitParam > 0 ? unitParam : undefined;
  const kind = periodKindOf(params);
  const campaigns = useQuery({ queryKey: queryKeys.lookBackCampaigns, queryFn: fetchLookBackCampaigns });
  useReportFailure(campaigns.error);
  const period = periodOf(params, todayShanghai(), campaigns.data);
  const units = useQuery({ queryKey: queryKeys.units, queryFn: fetchUnits });
  useReportFailure(units.error);
  const tree = useMemo(() => unitTree(units.data ?? [], (u) => String(u.id)), [units.data]);
  const statistics = useQuery({
    queryKey: statisticsKeys.figures(unit, period),
    queryFn: () => fetchStatistics(period!, unit),
    enabled: period !== undefined,
  });

  const choosePeriod = (choice: PeriodChoice) => {
    const next = withoutDrill(params);
    for (const key of ['period', 'from', 'to', 'campaign']) next.delete(key);
    for (const [key, value] of Object.entries(choice)) next.set(key, value);
    setParams(next);
  };
  const chooseUnit = (id: string) => {
    const next = withoutDrill(params);
    next.set('unit', id);
    setParams(next);
  };
  const shown = statistics.data;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('statistics.title')}
            </Typography.Title>
            {period && (
              <Typography.Text type="secondary">
                {t('statistics.periodShown', { from: period.from, last: dayBefore(period.to) })}
              </Typography.Text>
            )}
          </Space>
          <Space wrap>
            <TreeSelect
              aria-label={t('statistics.unit')}
              style={{ minWidth: 200 }}
              treeData={tree}
              treeDefaultExpandAll
              value={shown ? String(shown.unit.id) : unit === undefined ? undefined : String(unit)}
              onChange={chooseUnit}
              showSearch
              treeNodeFilterProp="title"
            />
            <PeriodPicker
              kind={kind}
              period={period}
              campaignId={params.get('campaign')}
              campaigns={campaigns.data ?? []}
              onChoose={choosePeriod}
            />
            {period && (
              <ExportLinks keys="statistics" urlOf={(format) => statisticsExportUrl(format, period, unit)} />
            )}
          </Space>
        </Space>
      </Card>
      {!period ? (
        <Card>
          <Empty description={t('statistics.choosePeriod')} />
        </Card>
      ) : statistics.error ? (
        <LoadFailure error={statistics.error} retry={() => void statistics.refetch()} />
      ) : shown ? (
        <>
          <StatisticsBody statistics={shown} />
          <CountedCasesDrawer statistics={shown} period={period} unit={unit} />
        </>
      ) : (
        <PageLoading />
      )}
    </Space>
  );
}
