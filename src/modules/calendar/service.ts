// The official calendar in use: chinese-days plus the years admins added (calendar_days),
// with the working hours from configuration. Several app servers share the table, so each
// reloads its copy when the table changes (checked at most every few seconds).
import { type Calendar, type CalendarYear, checkCalendarYear, createCalendar, toShanghaiDate } from '../../core/calendar.js';
import { errors } from '../../core/errors.js';
import type { Context } from '../../server/types.js';
import type { Account } from '../shared/account.js';

const RECHECK_MS = 5_000;

interface Cached {
  calendar: Calendar;
  stamp: string;
  checkedAt: number;
}

const cache = new WeakMap<Context, Cached>();

async function stampOf(ctx: Context): Promise<string> {
  const row = await ctx.db
    .selectFrom('calendarDays')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('createdAt').as('latest')])
    .executeTakeFirstOrThrow();
  return `${row.n}/${row.latest ?? ''}`;
}

async function overlay(ctx: Context): Promise<CalendarYear[]> {
  const rows = await ctx.db.selectFrom('calendarDays').select(['day', 'year', 'kind']).orderBy('day').execute();
  const years = new Map<number, CalendarYear>();
  for (const row of rows) {
    const year = years.get(row.year) ?? { year: row.year, workdays: [], holidays: [] };
    (row.kind === 'workday' ? year.workdays : year.holidays).push(row.day);
    years.set(row.year, year);
  }
  return [...years.values()];
}

/** The calendar to compute with, current with the table. */
export async function calendarFor(ctx: Context): Promise<Calendar> {
  const cached = cache.get(ctx);
  const now = Date.now();
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.calendar;
  const stamp = await stampOf(ctx);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.calendar;
  }
  const calendar = createCalendar({ overlay: await overlay(ctx), workingHours: ctx.config.workingHours });
  cache.set(ctx, { calendar, stamp, checkedAt: now });
  return calendar;
}

/** Replaces the official schedule of one year (district admins only; the calendar is national). */
export async function setYear(ctx: Context, account: Account, entry: CalendarYear): Promise<void> {
  if (account.role !== 'district_admin') throw errors.forbidden('only district admins enter the official calendar');
  const problem = checkCalendarYear(entry);
  if (problem) throw errors.field('days', problem);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('calendarDays').where('year', '=', entry.year).execute();
    const rows = [
      ...entry.workdays.map((day) => ({ day, kind: 'workday' as const })),
      ...entry.holidays.map((day) => ({ day, kind: 'holiday' as const })),
    ].map((r) => ({ ...r, year: entry.year, note: null, createdBy: account.id || null, createdAt: at }));
    if (rows.length > 0) await trx.insertInto('calendarDays').values(rows).execute();
  });
  cache.delete(ctx);
}

export async function listYears(ctx: Context) {
  const calendar = await calendarFor(ctx);
  const entered = await overlay(ctx);
  return { yearsWithData: calendar.yearsWithData(), entered };
}

/** The longest span `between` measures: enough for any pending request, bounded work per call. */
export const MAX_SPAN_DAYS = 5 * 366;

export interface Span {
  from: string;
  to: string;
  /** Working time from `from` to `to` in whole minutes; negative when `to` lies before `from`. */
  workingMinutes: number;
  /** Wall-clock minutes, for urgent categories whose limits count calendar hours; signed likewise. */
  calendarMinutes: number;
  /** True when `to` lies before `from`: with `to` a due time and `from` now, the limit has passed. */
  overdue: boolean;
  /** The length of one working day in minutes, so a client can say "2 working days 3 hours". */
  workingDayMinutes: number;
  /** True when the span touches a year with no official data (counted on Monday–Friday). */
  uncertain: boolean;
}

/**
 * Working time between two instants on the official calendar, signed: the console's countdown
 * to a due time (`from` now, `to` the due time) and how late it is once passed.
 */
export async function workingSpan(ctx: Context, from: Date, to: Date): Promise<Span> {
  const days = Math.abs(to.getTime() - from.getTime()) / 86_400_000;
  if (days > MAX_SPAN_DAYS) throw errors.field('querystring.to', `lies more than ${MAX_SPAN_DAYS} days from from`);
  const calendar = await calendarFor(ctx);
  const overdue = to.getTime() < from.getTime();
  const [early, late] = overdue ? [to, from] : [from, to];
  const sign = overdue ? -1 : 1;
  const known = new Set(calendar.yearsWithData());
  let uncertain = false;
  for (let year = Number(toShanghaiDate(early).slice(0, 4)); year <= Number(toShanghaiDate(late).slice(0, 4)); year++) {
    if (!known.has(year)) uncertain = true;
  }
  const workingDayMinutes = ctx.config.workingHours.reduce((sum, p) => sum + p.end - p.start, 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    // Rounded down in size: a countdown never promises a minute that is not there.
    workingMinutes: sign * Math.floor(calendar.workingMinutesBetween(early, late)) || 0,
    calendarMinutes: sign * Math.floor((late.getTime() - early.getTime()) / 60_000) || 0,
    overdue,
    workingDayMinutes,
    uncertain,
  };
}
