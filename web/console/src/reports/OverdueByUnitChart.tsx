import { useTranslation } from 'react-i18next';
import type { BulletinRow } from '../api';
import { ReportChart, type ReportChartOption } from './ReportChart';

/** Overdue cases per unit at the month's end, most first. */
export function OverdueByUnitChart({ rows }: { rows: BulletinRow[] }) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => b.figures.overdue - a.figures.overdue);
  const option: ReportChartOption = {
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: sorted.map(({ unit }) => unit.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('bulletin.overdue'),
        data: sorted.map(({ figures }) => figures.overdue),
        barMaxWidth: 40,
        itemStyle: { color: '#cf1322' },
        label: { show: true, position: 'top' },
      },
    ],
  };
  return <ReportChart option={option} label={t('bulletin.overdueChart')} />;
}
