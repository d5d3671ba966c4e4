// The report period the dashboard shows: this year, the last 12 months, this month, or a
// range of days. Days are Asia/Shanghai calendar days (YYYY-MM-DD), as the API counts them,
// whatever the browser's own time zone.
import { shanghaiToday } from '../../shared/time';

export const PERIOD_KINDS = ['year', 'last12', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

/** The longest period the API reports on, in days. */
export const MAX_PERIOD_DAYS = 1096;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export { shanghaiToday } from '../../shared/time';

/** The first day of the month `by` months after the month of `day`. */
function monthStart(day: string, by = 0): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 + by, 1));
  return d.toISOString().slice(0, 10);
}

export function presetPeriod(kind: Exclude<PeriodKind, 'custom'>, today: string): Period {
  switch (kind) {
    case 'year':
      return { kind, from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'last12':
      // Whole months, so the monthly trend has twelve comparable bars (the last one running).
      return { kind, from: monthStart(today, -11), to: today };
    case 'month':
      return { kind, from: monthStart(today), to: today };
  }
}

function isDay(s: string | null): s is string {
  if (!s || !DAY.test(s)) return false;
  return new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period a page's query asks for (`?period=last12` or `?from=…&to=…`); this year by default. */
export function periodFromQuery(params: URLSearchParams, today: string): Period {
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to) && from <= to && daysBetween(from, to) <= MAX_PERIOD_DAYS) return { kind: 'custom', from, to };
  const kind = params.get('period');
  if (kind === 'last12' || kind === 'month') return presetPeriod(kind, today);
  return presetPeriod('year', today);
}

/** The query that brings a period back: presets by name, so a bookmark keeps meaning "this month". */
export function periodQuery(period: Period): Record<string, string> {
  if (period.kind === 'custom') return { from: period.from, to: period.to };
  return period.kind === 'year' ? {} : { period: period.kind };
}

/** The days of `month` (YYYY-MM) inside the period. */
export function monthInPeriod(month: string, period: { from: string; to: string }): { from: string; to: string } {
  const first = `${month}-01`;
  const last = new Date(Date.parse(`${monthStart(first, 1)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: first < period.from ? period.from : first, to: last > period.to ? period.to : last };
}

