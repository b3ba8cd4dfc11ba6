import type { ECElementEvent } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useCodeLabel } from '../useCodeLabel';
import { ReportChart, type ReportChartOption } from '../reports/ReportChart';
import type { CountName, Statistics } from './api';
import { drillSearch, type Drill } from './drill';

interface Group {
  label: string;
  /** What a bar of this group opens, for each count drawn. */
  drill: (figure: CountName) => Drill;
  values: (figure: CountName) => number;
}

/** Bars per group (a unit, a category, a channel), one per count; a bar opens the cases it counts. */
function CountsChart({ label, groups, figures }: { label: string; groups: Group[]; figures: CountName[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const option: ReportChartOption = {
    grid: { left: 8, right: 8, top: figures.length > 1 ? 36 : 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: figures.length > 1 ? { top: 0 } : undefined,
    xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: figures.map((figure) => ({
      type: 'bar' as const,
      name: t(`statistics.counts.${figure}`),
      data: groups.map((g) => g.values(figure)),
      barMaxWidth: 32,
      label: { show: true, position: 'top' as const },
      cursor: 'pointer',
    })),
  };
  const open = ({ dataIndex, seriesIndex, value }: ECElementEvent) => {
    const group = groups[dataIndex];
    const figure = figures[seriesIndex ?? 0];
    if (group && figure && Number(value) > 0)
      void navigate({ search: drillSearch(params, group.drill(figure)) });
  };
  return <ReportChart option={option} label={label} onEvents={{ click: open }} />;
}

export function ChannelChart({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <CountsChart
      label={t('statistics.charts.channels')}
      figures={['received']}
      groups={statistics.figures.receivedByChannel.map(({ channel, count }) => ({
        label: label('channel', channel),
        drill: (figure) => ({ figure, channel }),
        values: () => count,
      }))}
    />
  );
}

export function ChildUnitsChart({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  return (
    <CountsChart
      label={t('statistics.charts.units')}
      figures={['received', 'accepted', 'replied']}
      groups={statistics.byUnit.map(({ unit, figures }) => ({
        label: unit.name,
        drill: (figure) => ({ figure, childUnitId: unit.id }),
        values: (figure) => figures[figure],
      }))}
    />
  );
}

export function CategoriesChart({ statistics }: { statistics: Statistics }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  return (
    <CountsChart
      label={t('statistics.charts.categories')}
      figures={['received', 'replied']}
      groups={statistics.byCategory.map(({ category, figures }) => ({
        label: label('category', category),
        drill: (figure) => ({ figure, category }),
        values: (figure) => figures[figure],
      }))}
    />
  );
}
