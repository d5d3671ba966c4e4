// The dashboard's chart options, for the console (light) and the big screen (dark, large type).
import type { TFunction } from 'i18next';
import type { ChartOption } from './EChart';
import type { FigureReport } from './types';

export interface Look {
  dark: boolean;
  /** Base font size of labels, in pixels. */
  font: number;
}

export const LIGHT: Look = { dark: false, font: 12 };

export const PALETTE = ['#c0392b', '#e67e22', '#f1c40f', '#2e86de', '#16a085', '#8e44ad', '#7f8c8d', '#d35400', '#27ae60', '#2c3e50'];

const text = (look: Look) => (look.dark ? '#c9d6ea' : '#555');
const line = (look: Look) => (look.dark ? 'rgba(120,160,220,0.18)' : '#eee');

function axisStyle(look: Look) {
  return {
    axisLabel: { color: text(look), fontSize: look.font },
    axisLine: { lineStyle: { color: look.dark ? 'rgba(120,160,220,0.4)' : '#ccc' } },
    splitLine: { lineStyle: { color: line(look) } },
  };
}

function tooltip(look: Look): ChartOption['tooltip'] {
  return look.dark
    ? { backgroundColor: 'rgba(8,20,45,0.92)', borderColor: '#2e5c9a', textStyle: { color: '#e6eefb', fontSize: look.font } }
    : { textStyle: { fontSize: look.font } };
}

/** "2026-03" as an axis label: the month, with the year on the first bar and on Januaries. */
export function monthLabel(month: string, first: boolean, t: TFunction): string {
  const name = new Date(Date.UTC(2000, Number(month.slice(5, 7)) - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const label = t('dashboard:trend.month', { month: Number(month.slice(5, 7)), name });
  return first || month.endsWith('-01') ? `${label}\n${month.slice(0, 4)}` : label;
}

export function trendOption(report: FigureReport, t: TFunction, look: Look = LIGHT): ChartOption {
  const months = report.byMonth;
  const rateSeries = (key: 'responseRate' | 'satisfactionRate', name: string, color: string) => ({
    type: 'line' as const,
    name,
    yAxisIndex: 1,
    smooth: true,
    symbolSize: look.font / 2,
    itemStyle: { color },
    lineStyle: { width: look.font / 6 },
    data: months.map((m) => (m[key] === null ? null : Math.round(m[key] * 1000) / 10)),
  });
  return {
    color: PALETTE,
    tooltip: {
      ...tooltip(look),
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? String(value) : '—'),
    },
    legend: { top: 0, textStyle: { color: text(look), fontSize: look.font }, itemWidth: look.font * 1.6, itemHeight: look.font * 0.9 },
    grid: { left: look.font * 3.5, right: look.font * 4, top: look.font * 3, bottom: look.font * 3.5 },
    xAxis: { type: 'category', data: months.map((m, i) => monthLabel(m.month, i === 0, t)), ...axisStyle(look), splitLine: { show: false } },
    yAxis: [
      { type: 'value', name: t('dashboard:trend.requests'), nameTextStyle: { color: text(look), fontSize: look.font }, minInterval: 1, ...axisStyle(look) },
      {
        type: 'value',
        name: '%',
        min: 0,
        max: 100,
        nameTextStyle: { color: text(look), fontSize: look.font },
        ...axisStyle(look),
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: t('dashboard:trend.requests'),
        barMaxWidth: look.font * 2.5,
        itemStyle: { color: look.dark ? '#e74c3c' : '#c0392b', borderRadius: [3, 3, 0, 0] },
        data: months.map((m) => m.requests),
      },
      rateSeries('responseRate', t('dashboard:rates.response'), look.dark ? '#f5c542' : '#e67e22'),
      rateSeries('satisfactionRate', t('dashboard:rates.satisfaction'), look.dark ? '#4cd3c2' : '#16a085'),
    ],
  };
}

export function channelOption(report: FigureReport, t: TFunction, look: Look = LIGHT): ChartOption {
  const total = report.byChannel.reduce((n, c) => n + c.requests, 0);
  return {
    color: PALETTE,
    tooltip: { ...tooltip(look), trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: {
      type: 'plain',
      orient: 'vertical',
      right: 0,
      top: 'middle',
      textStyle: { color: text(look), fontSize: look.font },
      itemWidth: look.font,
      itemHeight: look.font,
      formatter: (name: string) => {
        const found = report.byChannel.find((c) => t(`common:channels.${c.channel}`) === name);
        return found ? `${name}  ${found.requests}` : name;
      },
    },
    series: [
      {
        type: 'pie',
        name: t('dashboard:charts.byChannel'),
        radius: ['45%', '72%'],
        center: ['32%', '50%'],
        avoidLabelOverlap: true,
        // Slices too thin for a label leave it to the legend and the tooltip.
        label: {
          show: total > 0,
          position: 'inside',
          formatter: (p: { percent?: number }) => ((p.percent ?? 0) >= 6 ? `${Math.round(p.percent!)}%` : ''),
          color: '#fff',
          fontSize: look.font * 0.9,
        },
        itemStyle: { borderColor: look.dark ? '#0b1a33' : '#fff', borderWidth: 2 },
        data: report.byChannel.map((c) => ({ name: t(`common:channels.${c.channel}`), value: c.requests })),
      },
    ],
  };
}

/** The most asked-for categories, most at the top. */
export function topCategories(report: FigureReport, count: number) {
  return (report.byCategory ?? []).slice(0, count);
}

export function categoryOption(report: FigureReport, t: TFunction, english: boolean, count: number, look: Look = LIGHT): ChartOption {
  const top = topCategories(report, count).reverse();
  return {
    tooltip: { ...tooltip(look), trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: look.font * 3, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(look), axisLabel: { show: false } },
    yAxis: {
      type: 'category',
      data: top.map((c) => (english ? c.nameEn : c.nameZh)),
      ...axisStyle(look),
      axisLabel: { color: text(look), fontSize: look.font, width: look.font * (english ? 16 : 10), overflow: 'truncate' },
      splitLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: t('dashboard:trend.requests'),
        barMaxWidth: look.font * 1.4,
        label: { show: true, position: 'right', color: text(look), fontSize: look.font },
        itemStyle: { color: '#2e86de', borderRadius: [0, 3, 3, 0] },
        data: top.map((c) => c.requests),
      },
    ],
  };
}
