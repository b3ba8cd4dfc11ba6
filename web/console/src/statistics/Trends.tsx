import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkedColumns } from '../columns';
import { ReportChart, type ReportChartOption } from '../reports/ReportChart';
import { signed } from '../reports/format';
import { useCodeLabel } from '../useCodeLabel';
import type { CountName, Statistics } from './api';

const trendFigures = ['received', 'replied', 'closedOut'] as const satisfies readonly CountName[];

/** 分阶段: the period step by step (week or month), what came in against what was replied and struck off. */
export function OverTimeChart({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const { steps } = statistics.overTime;
  const option: ReportChartOption = {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: steps.map((step) => step.start) },
    yAxis: { type: 'value', minInterval: 1 },
    series: trendFigures.map((figure) => ({
      type: 'line' as const,
      name: t(`statistics.counts.${figure}`),
      data: steps.map((step) => step.figures[figure]),
    })),
  };
  return (
    <ReportChart option={option} label={t(`statistics.charts.overTime.${statistics.overTime.interval}`)} />
  );
}

type Stage = Statistics['byStage'][number];

/** Where the open petitions are now, and how long they have been there (days in the status). */
export function StagesTable({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const buckets = statistics.byStage[0]?.buckets ?? [];
  return (
    <Table<Stage>
      aria-label={t('statistics.tables.stages')}
      size="small"
      rowKey="status"
      dataSource={statistics.byStage}
      pagination={false}
      locale={{ emptyText: t('statistics.noOpenCases') }}
      columns={checkedColumns<Stage>([
        {
          title: t('ledger.status'),
          dataIndex: 'status',
          render: (status: string) => label('status', status),
        },
        { title: t('statistics.cases'), dataIndex: 'count', align: 'right' },
        ...buckets.map(({ fromDays, toDays }, index) => ({
          title:
            toDays === null
              ? t('statistics.daysFrom', { from: fromDays })
              : t('statistics.daysBetween', { from: fromDays, to: toDays }),
          key: `bucket-${fromDays}`,
          align: 'right' as const,
          render: (_: unknown, stage: Stage) => stage.buckets[index]?.count ?? 0,
        })),
      ])}
    />
  );
}

type Problem = Statistics['topProblems'][number];

/** 突出问题: the categories in units below with the most cases and repeats, beside the period before. */
export function TopProblemsTable({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <Table<Problem>
      aria-label={t('statistics.tables.topProblems')}
      size="small"
      rowKey={(row) => `${row.unit.id}:${row.category}`}
      dataSource={statistics.topProblems}
      pagination={false}
      locale={{ emptyText: t('statistics.noProblems') }}
      columns={checkedColumns<Problem>([
        { title: t('statistics.unit'), dataIndex: ['unit', 'name'] },
        {
          title: t('statistics.category'),
          dataIndex: 'category',
          render: (category: string) => label('category', category),
        },
        { title: t('statistics.counts.received'), dataIndex: 'received', align: 'right' },
        {
          title: t('statistics.versusBefore'),
          key: 'receivedChange',
          align: 'right',
          render: (_, row) => signed(row.received - row.previous.received),
        },
        { title: t('statistics.counts.repeatsLinked'), dataIndex: 'repeatsLinked', align: 'right' },
        {
          title: t('statistics.versusBefore'),
          key: 'repeatsChange',
          align: 'right',
          render: (_, row) => signed(row.repeatsLinked - row.previous.repeatsLinked),
        },
      ])}
    />
  );
}
