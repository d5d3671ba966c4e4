// One ECharts chart, built from echarts/core with only the charts and components the dashboard
// uses (the whole library would triple the page's size); it follows its container's size.
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  type LegendComponentOption,
  LegendPlainComponent,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

use([BarChart, LineChart, PieChart, GridComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** What a click on a bar, point or slice tells. */
export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
}

export function EChart({
  option,
  onClick,
  label,
  style,
  testId,
}: {
  option: ChartOption;
  onClick?: (click: ChartClick) => void;
  /** Read by screen readers in place of the picture. */
  label: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clicked = useRef(onClick);
  clicked.current = onClick;

  useEffect(() => {
    const element = box.current!;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clicked.current?.({ dataIndex: params.dataIndex, seriesIndex: params.seriesIndex ?? 0 }));
    // Resizing inside the observer's callback can trigger it again within the same frame.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height: 280, cursor: onClick ? 'pointer' : undefined, ...style }}
    />
  );
}
