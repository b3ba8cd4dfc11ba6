import { useTranslation } from 'react-i18next';
import type { OverdueHeatRow } from '../api';
import { shortDate } from './format';
import { ReportChart, type ReportChartOption } from './ReportChart';

/** Overdue cases of each child unit over the last weeks: where the red stays is where to look. */
export function OverdueHeatMap({ heat }: { heat: OverdueHeatRow[] }) {
  const { t } = useTranslation();
  // Every row names the same weeks; the first row's are the axis.
  const weeks = heat[0]?.weeks.map(({ week }) => week) ?? [];
  const cells = heat.flatMap((row, y) => row.weeks.map(({ overdue }, x) => [x, y, overdue]));
  const highest = Math.max(1, ...heat.flatMap((row) => row.weeks.map(({ overdue }) => overdue)));
  const option: ReportChartOption = {
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    tooltip: { position: 'top' },
    xAxis: { type: 'category', data: weeks.map(shortDate), splitArea: { show: true } },
    yAxis: { type: 'category', data: heat.map(({ unit }) => unit.name), splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: highest,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#f6ffed', '#fff1b8', '#ffccc7', '#cf1322'] },
    },
    series: [
      {
        type: 'heatmap',
        name: t('closeOut.kpi.overdue'),
        data: cells,
        label: { show: true },
      },
    ],
  };
  return (
    <ReportChart
      option={option}
      label={t('closeOut.heatChart')}
      height={Math.max(200, 48 * heat.length + 96)}
    />
  );
}
