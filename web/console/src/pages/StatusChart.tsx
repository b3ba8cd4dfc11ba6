import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { StatusCount } from '../api';

// Register only what a bar chart needs: the full echarts bundle would triple the console's size.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type StatusChartOption = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption
>;

interface StatusChartProps {
  counts: StatusCount[];
  statusLabel: (status: string) => string;
}

export default function StatusChart({ counts, statusLabel }: StatusChartProps) {
  const option: StatusChartOption = {
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: counts.map(({ status }) => statusLabel(status)),
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: counts.map(({ count }) => count),
        barMaxWidth: 48,
        label: { show: true, position: 'top' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 220 }} />;
}
