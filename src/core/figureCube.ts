// The arithmetic around the figure cubes: org unit levels, report periods split into whole
// months and edge days (so a year is 12 month rows, not 365 day rows), and the ranking order
// of units and companies. Pure; the service sums in SQL.

export const LEVELS = ['district', 'street', 'community', 'grid', 'compound'] as const;
export type Level = (typeof LEVELS)[number];

/** The level below each one; a compound has none. */
export const CHILD_LEVEL: Record<Level, Level | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: 'compound',
  compound: null,
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === s;
}

/** Days from `from` to `to`, both counted. */
export function daysIn(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Every month (YYYY-MM) that the period touches, in order. */
export function monthsIn(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

/** A stretch of cube rows to read: day rows, or month rows (keyed by the month's first day). */
export interface Range {
  grain: 'day' | 'month';
  from: string;
  to: string;
}

const firstOf = (month: string) => `${month}-01`;
const shiftMonth = (month: string, by: number) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};
const lastOf = (month: string) => new Date(Date.parse(`${firstOf(shiftMonth(month, 1))}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The month row a day's requests also count in. */
export const monthOf = (day: string) => firstOf(day.slice(0, 7));

/**
 * Splits a period into the whole months inside it (read from month rows) and the days at
 * either edge (read from day rows), so a year is 12 rows per unit and not 365.
 */
export function splitPeriod(from: string, to: string): Range[] {
  const firstFull = from.endsWith('-01') ? from.slice(0, 7) : shiftMonth(from.slice(0, 7), 1);
  const lastFull = to === lastOf(to.slice(0, 7)) ? to.slice(0, 7) : shiftMonth(to.slice(0, 7), -1);
  if (firstFull > lastFull) return [{ grain: 'day', from, to }];
  const ranges: Range[] = [];
  if (from < firstOf(firstFull)) ranges.push({ grain: 'day', from, to: lastOf(shiftMonth(firstFull, -1)) });
  ranges.push({ grain: 'month', from: firstOf(firstFull), to: firstOf(lastFull) });
  if (to > lastOf(lastFull)) ranges.push({ grain: 'day', from: firstOf(shiftMonth(lastFull, 1)), to });
  return ranges;
}

/** What is wrong with a report period, field by field (empty when it is fine). */
export function periodProblems(from: string, to: string, maxDays: number): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!isDay(from)) problems.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
  if (!isDay(to)) problems.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
  if (problems.length > 0) return problems;
  if (to < from) problems.push({ field: 'to', message: 'must not be before from' });
  else if (daysIn(from, to) > maxDays) problems.push({ field: 'to', message: `the period may span at most ${maxDays} days` });
  return problems;
}

/** What a ranking compares; any record of figures has these. */
export interface RankingScore {
  responseRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
  requests: number;
}

/**
 * The ranking order: response rate, then satisfaction rate, then resolution rate, each higher
 * first with "no figure" (null) after every figure; then more requests first. Response comes
 * first because it is the one rate the handler alone decides; satisfaction and resolution
 * depend on residents rating at all.
 */
export const RANKING_KEYS = ['responseRate', 'satisfactionRate', 'resolutionRate'] as const;

export function compareScores(a: RankingScore, b: RankingScore): number {
  for (const key of RANKING_KEYS) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return y - x;
  }
  return b.requests - a.requests;
}

/**
 * Sorts by `compareScores` (then by `tieBreak`, for a stable order) and numbers the places;
 * equal scores share a place and the next place skips (1, 2, 2, 4).
 */
export function rank<T extends RankingScore>(items: readonly T[], tieBreak: (a: T, b: T) => number): (T & { rank: number })[] {
  const sorted = [...items].sort((a, b) => compareScores(a, b) || tieBreak(a, b));
  const out: (T & { rank: number })[] = [];
  sorted.forEach((item, i) => {
    const previous = out[i - 1];
    const place = previous && compareScores(previous, item) === 0 ? previous.rank : i + 1;
    out.push({ ...item, rank: place });
  });
  return out;
}
