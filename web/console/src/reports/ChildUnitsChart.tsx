import { useTranslation } from 'react-i18next';
import type { WeeklyReport } from '../api';
import { ReportChart, type ReportChartOption } from './ReportChart';

const measures = ['stillOpen', 'overdue', 'backlogStock'] as const;

/** Each child unit's subtree side by side: what is still open, overdue, and backlog. */
export function ChildUnitsChart({ units }: { units: WeeklyReport['children'] }) {
  const { t } = useTranslation();
  const option: ReportChartOption = {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: units.map(({ unit }) => unit.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: measures.map((measure) => ({
      type: 'bar' as const,
      name: t(`closeOut.kpi.${measure}`),
      data: units.map(({ figures }) => figures[measure]),
      barMaxWidth: 32,
    })),
  };
  return <ReportChart option={option} label={t('closeOut.childChart')} />;
}
