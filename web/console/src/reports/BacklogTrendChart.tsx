import { useTranslation } from 'react-i18next';
import type { WeekTrendPoint } from '../api';
import { shortDate } from './format';
import { ReportChart, type ReportChartOption } from './ReportChart';

/** 积案存量 toward zero, week by week, with the zero line the campaign aims at. */
export function BacklogTrendChart({ trend }: { trend: WeekTrendPoint[] }) {
  const { t } = useTranslation();
  const option: ReportChartOption = {
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: trend.map(({ week }) => shortDate(week)), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1, min: 0 },
    series: [
      {
        type: 'line',
        name: t('closeOut.kpi.backlogStock'),
        data: trend.map(({ figures }) => figures.backlogStock),
        areaStyle: { opacity: 0.15 },
        label: { show: true, position: 'top' },
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#389e0d', type: 'dashed' },
          label: { formatter: t('closeOut.zeroLine'), position: 'insideEndTop' },
          data: [{ yAxis: 0 }],
        },
      },
      {
        type: 'line',
        name: t('closeOut.kpi.overdue'),
        data: trend.map(({ figures }) => figures.overdue),
        lineStyle: { type: 'dotted' },
      },
    ],
  };
  return <ReportChart option={option} label={t('closeOut.trendChart')} />;
}
