// Time limits in working time on China's official calendar (statutory holidays and adjusted
// working weekends, 调休), in Asia/Shanghai: due dates for requests and working time elapsed.
import chineseDays from 'chinese-days';

export type LimitUnit = 'working_days' | 'working_hours' | 'calendar_hours';

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

/** `uncertain` is true when a day the result depends on lies in a year with no official data. */
export interface DueResult {
  due: Date;
  uncertain: boolean;
}

/**
 * One year's official schedule, entered by an admin when the State Council publishes it.
 * It replaces the package's data for that year entirely, so it can also correct it.
 */
export interface CalendarYear {
  year: number;
  /** Adjusted working days (调休), usually Saturdays or Sundays: 'YYYY-MM-DD'. */
  workdays: string[];
  /** Statutory holiday days: 'YYYY-MM-DD'; days that fall on a weekend change nothing. */
  holidays: string[];
}

/** A working period in minutes since midnight, Shanghai time: [start, end). */
export interface WorkingPeriod {
  start: number;
  end: number;
}

export const DEFAULT_WORKING_HOURS: readonly WorkingPeriod[] = Object.freeze([
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 14 * 60 + 30, end: 18 * 60 },
]);

export interface CalendarOptions {
  overlay?: readonly CalendarYear[];
  workingHours?: readonly WorkingPeriod[];
}

export interface Calendar {
  /** Ends when working hours end on the n-th working day after the day placed (that day not counted). */
  addWorkingDays(placedAt: Date, n: number): DueResult;
  /** n hours of working time from placedAt, starting at the next working period if outside one. */
  addWorkingHours(placedAt: Date, n: number): DueResult;
  /** For urgent categories: wall-clock hours, whatever the calendar says. */
  addCalendarHours(placedAt: Date, n: number): DueResult;
  due(placedAt: Date, limit: Limit): DueResult;
  /** Working time between two instants, in minutes (fractional); 0 when to <= from. */
  workingMinutesBetween(from: Date, to: Date): number;
  /** undefined when the date's year has no official data (neither overlay nor package). */
  isWorkingDay(date: string): boolean | undefined;
  /** Years with official data, from the overlay or the package, ascending. */
  yearsWithData(): number[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Asia/Shanghai has been UTC+8 without daylight saving since 1991, which covers every year
// with official data, so a fixed offset is exact and needs no time-zone database.
const SHANGHAI_OFFSET = 8 * HOUR;
// A year with no working day is a data error; stop rather than loop for ever.
const MAX_IDLE_DAYS = 400;

// Day numbers count Shanghai calendar days since 1970-01-01 (a Thursday).
const dayOf = (instant: number) => Math.floor((instant + SHANGHAI_OFFSET) / DAY);
const dayStart = (day: number) => day * DAY - SHANGHAI_OFFSET;
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7; // 0 = Sunday
const isMonToFri = (day: number) => {
  const w = weekdayOf(day);
  return w >= 1 && w <= 5;
};
const yearOf = (day: number) => new Date(day * DAY).getUTCFullYear();

function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function parseDay(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 02-30 over to March; a round trip catches it.
  return formatDay(ms / DAY) === date ? ms / DAY : undefined;
}

/** The Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function toShanghaiDate(instant: Date): string {
  return formatDay(dayOf(instant.getTime()));
}

// --- the chinese-days package --------------------------------------------------------------

const WEEKDAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);
// Years probed for package data; the package starts in 2004 and is updated each November.
const PROBE_FIRST_YEAR = 2000;
const PROBE_LAST_YEAR = 2100;

/**
 * chinese-days builds its tables at load time by parsing 'YYYY-M-D' as UTC midnight and
 * formatting it in the process's local zone, so west of UTC every entry lands a day early
 * (2026-02-14, a 调休 Saturday, reads as a holiday). Refuse to run on shifted data.
 */
function assertPackageTimeZoneSafe(): void {
  for (const date of ['2026-01-01', '2026-07-01']) {
    if (chineseDays.getDayDetail(date).date !== date) {
      throw new Error(
        'chinese-days reads dates a day early in this process time zone (west of UTC); ' +
          'run with TZ=Asia/Shanghai or TZ=UTC',
      );
    }
  }
}

/** Whether the package lists the date at all (as holiday or adjusted working day). */
function packageListed(day: number): boolean {
  return !WEEKDAY_NAMES.has(chineseDays.getDayDetail(formatDay(day)).name);
}

const packageYearCache = new Map<number, boolean>();

/**
 * The package answers for any date, falling back to Monday–Friday where it has no data, so
 * whether a year is covered has to be probed: New Year's Day and National Day are statutory
 * holidays every year, and a schedule listing both is the year's published one. (A December
 * date can belong to the next year's notice, which is why one day alone is not enough.)
 */
function packageHasYear(year: number): boolean {
  let has = packageYearCache.get(year);
  if (has === undefined) {
    has =
      packageListed(Date.UTC(year, 0, 1) / DAY) && packageListed(Date.UTC(year, 9, 1) / DAY);
    packageYearCache.set(year, has);
  }
  return has;
}

function packageYears(): number[] {
  const years: number[] = [];
  for (let y = PROBE_FIRST_YEAR; y <= PROBE_LAST_YEAR; y++) if (packageHasYear(y)) years.push(y);
  return years;
}

// --- validation, shared with whoever stores overlays and settings --------------------------

/** Returns null when the entry is a well-formed year schedule, else what is wrong with it. */
export function checkCalendarYear(entry: CalendarYear): string | null {
  if (!Number.isInteger(entry.year) || entry.year < 1900 || entry.year > 2200) {
    return 'year must be an integer between 1900 and 2200';
  }
  const seen = new Map<string, 'workday' | 'holiday'>();
  for (const [kind, dates] of [
    ['workday', entry.workdays],
    ['holiday', entry.holidays],
  ] as const) {
    for (const date of dates) {
      const day = parseDay(date);
      if (day === undefined) return `${kind} ${JSON.stringify(date)} is not a YYYY-MM-DD date`;
      if (yearOf(day) !== entry.year) return `${kind} ${date} is not in ${entry.year}`;
      const other = seen.get(date);
      if (other && other !== kind) return `${date} is listed both as a workday and as a holiday`;
      seen.set(date, kind);
    }
  }
  return null;
}

/** Returns null when the periods are usable working hours, else what is wrong with them. */
export function checkWorkingHours(periods: readonly WorkingPeriod[]): string | null {
  if (periods.length === 0) return 'at least one working period is required';
  let previousEnd = 0;
  for (const { start, end } of periods) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 24 * 60) {
      return 'periods are whole minutes between 0 and 1440';
    }
    if (start >= end) return `period ${start}–${end} ends before it starts`;
    if (start < previousEnd) return 'periods must be in order and must not overlap';
    previousEnd = end;
  }
  return null;
}

function checkInstant(name: string, d: Date): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

function checkAmount(n: number, wholeDays: boolean): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`limit ${n} must be a finite number >= 0`);
  if (wholeDays && (!Number.isInteger(n) || n < 1)) {
    throw new RangeError(`a limit in working days must be a whole number >= 1, got ${n}`);
  }
}

// --- the calendar --------------------------------------------------------------------------

interface DayStatus {
  working: boolean;
  /** false when the year has no official data and `working` is the Monday–Friday guess. */
  known: boolean;
}

export function createCalendar(options: CalendarOptions = {}): Calendar {
  assertPackageTimeZoneSafe();

  const periodsInput = options.workingHours ?? DEFAULT_WORKING_HOURS;
  const hoursProblem = checkWorkingHours(periodsInput);
  if (hoursProblem) throw new RangeError(`working hours: ${hoursProblem}`);
  // Offsets from local midnight in ms, so instants compare without conversions.
  const periods = periodsInput.map((p) => ({ start: p.start * MINUTE, end: p.end * MINUTE }));
  const workingDayLength = periods.reduce((sum, p) => sum + p.end - p.start, 0);
  const closeOfBusiness = periods[periods.length - 1]!.end;

  const overlay = new Map<number, { workdays: Set<number>; holidays: Set<number> }>();
  for (const entry of options.overlay ?? []) {
    const problem = checkCalendarYear(entry);
    if (problem) throw new RangeError(`calendar overlay ${entry.year}: ${problem}`);
    if (overlay.has(entry.year)) throw new RangeError(`calendar overlay lists ${entry.year} twice`);
    overlay.set(entry.year, {
      workdays: new Set(entry.workdays.map((d) => parseDay(d)!)),
      holidays: new Set(entry.holidays.map((d) => parseDay(d)!)),
    });
  }

  // Every intake and every figure recomputation asks about the same few hundred days.
  const statusCache = new Map<number, DayStatus>();
  function status(day: number): DayStatus {
    let s = statusCache.get(day);
    if (s) return s;
    const year = yearOf(day);
    const own = overlay.get(year);
    if (own) {
      s = { working: own.workdays.has(day) || (isMonToFri(day) && !own.holidays.has(day)), known: true };
    } else if (packageHasYear(year)) {
      s = { working: chineseDays.getDayDetail(formatDay(day)).work, known: true };
    } else {
      s = { working: isMonToFri(day), known: false };
    }
    statusCache.set(day, s);
    return s;
  }

  function addWorkingDays(placedAt: Date, n: number): DueResult {
    const t = checkInstant('placedAt', placedAt);
    checkAmount(n, true);
    // The day placed is not counted, whatever the hour and whatever kind of day it is.
    let day = dayOf(t);
    let left = n;
    let uncertain = false;
    let idle = 0;
    for (;;) {
      day++;
      const s = status(day);
      if (!s.known) uncertain = true;
      if (s.working) {
        idle = 0;
        if (--left === 0) return { due: new Date(dayStart(day) + closeOfBusiness), uncertain };
      } else if (++idle > MAX_IDLE_DAYS) {
        throw new Error(`no working day in the ${MAX_IDLE_DAYS} days after ${formatDay(day - idle)}`);
      }
    }
  }

  function addWorkingHours(placedAt: Date, n: number): DueResult {
    const t = checkInstant('placedAt', placedAt);
    checkAmount(n, false);
    let left = Math.round(n * HOUR);
    if (left === 0) return { due: new Date(t), uncertain: false };
    let day = dayOf(t);
    let offset = t - dayStart(day);
    let uncertain = false;
    let idle = 0;
    for (;;) {
      const s = status(day);
      // A day's status matters only if some working period is still ahead on it.
      if (!s.known && offset < closeOfBusiness) uncertain = true;
      if (s.working) {
        idle = 0;
        for (const p of periods) {
          if (offset >= p.end) continue;
          const from = Math.max(offset, p.start);
          const available = p.end - from;
          // `<=` so that time running out exactly at 12:00 or 18:00 is due then, not at the
          // start of the next period.
          if (left <= available) return { due: new Date(dayStart(day) + from + left), uncertain };
          left -= available;
        }
      } else if (++idle > MAX_IDLE_DAYS) {
        throw new Error(`no working day in the ${MAX_IDLE_DAYS} days after ${formatDay(day - idle)}`);
      }
      day++;
      offset = 0;
    }
  }

  function addCalendarHours(placedAt: Date, n: number): DueResult {
    const t = checkInstant('placedAt', placedAt);
    checkAmount(n, false);
    return { due: new Date(t + Math.round(n * HOUR)), uncertain: false };
  }

  function workingMinutesBetween(from: Date, to: Date): number {
    const a = checkInstant('from', from);
    const b = checkInstant('to', to);
    if (b <= a) return 0;
    const first = dayOf(a);
    const last = dayOf(b);
    let total = 0;
    // One step per day: whole days inside the span add the day's length without clipping.
    for (let day = first; day <= last; day++) {
      if (!status(day).working) continue;
      if (day > first && day < last) {
        total += workingDayLength;
        continue;
      }
      const base = dayStart(day);
      for (const p of periods) {
        const lo = Math.max(base + p.start, a);
        const hi = Math.min(base + p.end, b);
        if (hi > lo) total += hi - lo;
      }
    }
    return total / MINUTE;
  }

  function due(placedAt: Date, limit: Limit): DueResult {
    switch (limit.unit) {
      case 'working_days':
        return addWorkingDays(placedAt, limit.amount);
      case 'working_hours':
        return addWorkingHours(placedAt, limit.amount);
      case 'calendar_hours':
        return addCalendarHours(placedAt, limit.amount);
      default: {
        const unit: never = limit.unit;
        throw new RangeError(`unknown limit unit ${String(unit)}`);
      }
    }
  }

  function isWorkingDay(date: string): boolean | undefined {
    const day = parseDay(date);
    if (day === undefined) throw new RangeError(`${JSON.stringify(date)} is not a YYYY-MM-DD date`);
    const s = status(day);
    return s.known ? s.working : undefined;
  }

  function yearsWithData(): number[] {
    return [...new Set([...packageYears(), ...overlay.keys()])].sort((x, y) => x - y);
  }

  return {
    addWorkingDays,
    addWorkingHours,
    addCalendarHours,
    due,
    workingMinutesBetween,
    isWorkingDay,
    yearsWithData,
  };
}
