// Time limits on the official 2026 calendar (from chinese-days) and on admin overlays.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import {
  checkCalendarYear,
  checkWorkingHours,
  createCalendar,
  DEFAULT_WORKING_HOURS,
  toShanghaiDate,
  type CalendarYear,
} from './calendar.js';

/** An instant given as Shanghai wall-clock time, 'YYYY-MM-DDTHH:mm'. */
const sh = (local: string) => new Date(`${local}:00+08:00`);

const calendar = createCalendar();

describe('the 2026 data in chinese-days', () => {
  // The expectations below rest on these facts; checked against the package, not assumed.
  it('has the official Spring Festival and National Day schedules', () => {
    expect(chineseDays.getHolidaysInRange('2026-02-01', '2026-02-28', false)).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
      '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
    expect(chineseDays.getHolidaysInRange('2026-09-01', '2026-10-31', false)).toEqual([
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ]);
    const weekendWorkdays = chineseDays
      .getWorkdaysInRange('2026-01-01', '2026-12-31', true)
      .filter((d) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
    expect(weekendWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('covers 2004–2026 and not 2027', () => {
    const years = calendar.yearsWithData();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
  });
});

describe('time zone guard', () => {
  it('refuses to run where chinese-days reads dates a day early', () => {
    // West of UTC the package parses '2026-02-14' as 2026-02-13 local; the calendar must not
    // compute on that silently.
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(() => createCalendar()).toThrow(/west of UTC/);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(() => createCalendar()).not.toThrow();
  });
});

describe('isWorkingDay', () => {
  it('counts the 调休 Saturdays and Sunday as working days', () => {
    for (const d of ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']) expect(calendar.isWorkingDay(d)).toBe(true);
  });

  it('knows holidays on weekdays and ordinary weekends', () => {
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday, Spring Festival
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // Thursday, National Day
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true); // Monday
  });

  it('answers undefined for a year with no data rather than guessing', () => {
    // chinese-days itself would call it a working day: it falls back to Monday–Friday silently.
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-01')).toBeUndefined();
  });

  it('rejects malformed dates', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026/02/13')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('carries a request placed on the eve of the Spring Festival past it', () => {
    // Fri 13 placed (not counted); Sat 14 is 调休 (1); 15–23 holiday; Tue 24 (2); Wed 25 (3).
    const r = calendar.addWorkingDays(sh('2026-02-13T10:00'), 3);
    expect(r).toEqual({ due: new Date('2026-02-25T10:00:00Z'), uncertain: false });
  });

  it('carries a request placed before National Day past it', () => {
    // Wed 30 Sep placed; 1–7 Oct holiday; Thu 8 (1); Fri 9 (2); Sat 10 is 调休 (3).
    expect(calendar.addWorkingDays(sh('2026-09-30T09:00'), 2).due).toEqual(new Date('2026-10-09T10:00:00Z'));
    expect(calendar.addWorkingDays(sh('2026-09-30T09:00'), 3).due).toEqual(new Date('2026-10-10T10:00:00Z'));
  });

  it('counts 调休 Saturday 28 Feb as a working day', () => {
    // Fri 27 placed; Sat 28 (1).
    expect(calendar.addWorkingDays(sh('2026-02-27T15:00'), 1).due).toEqual(sh('2026-02-28T18:00'));
  });

  it('does not count the day placed, whatever the hour or kind of day', () => {
    expect(calendar.addWorkingDays(sh('2026-03-10T00:05'), 1).due).toEqual(sh('2026-03-11T18:00'));
    expect(calendar.addWorkingDays(sh('2026-03-10T23:55'), 1).due).toEqual(sh('2026-03-11T18:00'));
    expect(calendar.addWorkingDays(sh('2026-03-08T10:00'), 1).due).toEqual(sh('2026-03-09T18:00')); // Sunday
    expect(calendar.addWorkingDays(sh('2026-02-17T10:00'), 1).due).toEqual(sh('2026-02-24T18:00')); // holiday
  });

  it('works in Shanghai days, not UTC days', () => {
    // 2026-03-13T17:00Z is already Saturday 01:00 in Shanghai: Mon 16 is the first day counted.
    expect(calendar.addWorkingDays(new Date('2026-03-13T17:00:00Z'), 1).due).toEqual(sh('2026-03-16T18:00'));
  });

  it('rejects amounts that are not whole days', () => {
    expect(() => calendar.addWorkingDays(sh('2026-03-10T10:00'), 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(sh('2026-03-10T10:00'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(NaN), 1)).toThrow(RangeError);
  });
});

describe('addWorkingHours', () => {
  // 2026-03-10 is an ordinary Tuesday, 2026-03-08 a Sunday.
  it('skips lunch', () => {
    expect(calendar.addWorkingHours(sh('2026-03-10T11:00'), 2)).toEqual({ due: sh('2026-03-10T15:30'), uncertain: false });
  });

  it('runs overnight into the next working day', () => {
    expect(calendar.addWorkingHours(sh('2026-03-10T17:00'), 3).due).toEqual(sh('2026-03-11T10:30'));
  });

  it('starts at the next working period when placed outside one', () => {
    expect(calendar.addWorkingHours(sh('2026-03-10T12:30'), 2).due).toEqual(sh('2026-03-10T16:30'));
    expect(calendar.addWorkingHours(sh('2026-03-10T20:00'), 1).due).toEqual(sh('2026-03-11T09:30'));
    expect(calendar.addWorkingHours(sh('2026-03-10T06:00'), 1).due).toEqual(sh('2026-03-10T09:30'));
    expect(calendar.addWorkingHours(sh('2026-03-08T10:00'), 2).due).toEqual(sh('2026-03-09T10:30'));
  });

  it('ends at the close of a period when time runs out exactly then', () => {
    expect(calendar.addWorkingHours(sh('2026-03-10T10:00'), 2).due).toEqual(sh('2026-03-10T12:00'));
    expect(calendar.addWorkingHours(sh('2026-03-10T08:30'), 7).due).toEqual(sh('2026-03-10T18:00'));
  });

  it('takes fractional hours', () => {
    expect(calendar.addWorkingHours(sh('2026-03-10T11:45'), 0.5).due).toEqual(sh('2026-03-10T14:45'));
  });

  it('skips the Spring Festival and works on the 调休 Saturday', () => {
    expect(calendar.addWorkingHours(sh('2026-02-13T17:00'), 2).due).toEqual(sh('2026-02-14T09:30'));
    expect(calendar.addWorkingHours(sh('2026-02-14T17:00'), 2).due).toEqual(sh('2026-02-24T09:30'));
  });

  it('returns the moment placed for zero hours', () => {
    expect(calendar.addWorkingHours(sh('2026-03-08T10:00'), 0).due).toEqual(sh('2026-03-08T10:00'));
  });

  it('follows configured working hours', () => {
    const nineToFive = createCalendar({ workingHours: [{ start: 9 * 60, end: 17 * 60 }] });
    expect(nineToFive.addWorkingHours(sh('2026-03-10T16:00'), 2).due).toEqual(sh('2026-03-11T10:00'));
    expect(nineToFive.addWorkingDays(sh('2026-03-10T16:00'), 1).due).toEqual(sh('2026-03-11T17:00'));
  });
});

describe('addCalendarHours', () => {
  it('ignores holidays for urgent categories', () => {
    expect(calendar.addCalendarHours(sh('2026-02-15T20:00'), 24)).toEqual({ due: sh('2026-02-16T20:00'), uncertain: false });
    expect(calendar.addCalendarHours(sh('2026-12-31T22:00'), 4)).toEqual({ due: sh('2027-01-01T02:00'), uncertain: false });
  });
});

describe('due', () => {
  it('dispatches on the unit', () => {
    const t = sh('2026-03-10T11:00');
    expect(calendar.due(t, { amount: 1, unit: 'working_days' }).due).toEqual(sh('2026-03-11T18:00'));
    expect(calendar.due(t, { amount: 2, unit: 'working_hours' }).due).toEqual(sh('2026-03-10T15:30'));
    expect(calendar.due(t, { amount: 2, unit: 'calendar_hours' }).due).toEqual(sh('2026-03-10T13:00'));
  });
});

describe('years without data', () => {
  it('flags a due time in 2027 as uncertain, falling back to Monday–Friday', () => {
    // Wed 30 Dec placed; Thu 31 (1); Fri 1 Jan 2027, unknown, guessed working (2).
    expect(calendar.addWorkingDays(sh('2026-12-30T10:00'), 2)).toEqual({ due: sh('2027-01-01T18:00'), uncertain: true });
    expect(calendar.addWorkingHours(sh('2026-12-31T17:00'), 2)).toEqual({ due: sh('2027-01-01T09:30'), uncertain: true });
  });

  it('stays certain when nothing after 2026 is consulted', () => {
    expect(calendar.addWorkingDays(sh('2026-12-29T10:00'), 2)).toEqual({ due: sh('2026-12-31T18:00'), uncertain: false });
    expect(calendar.addWorkingHours(sh('2026-12-31T16:00'), 2).uncertain).toBe(false);
  });
});

describe('overlay', () => {
  // A made-up 2027 schedule: not the official one, which is not in the package.
  const y2027: CalendarYear = { year: 2027, workdays: ['2027-01-09'], holidays: ['2027-01-01', '2027-01-04'] };
  const withOverlay = createCalendar({ overlay: [y2027] });

  it('makes 2027 certain and honours its holidays and working weekends', () => {
    // Wed 30 Dec; Thu 31 (1); Fri 1 holiday; Mon 4 holiday on a weekday; Tue 5 (2).
    expect(withOverlay.addWorkingDays(sh('2026-12-30T10:00'), 2)).toEqual({ due: sh('2027-01-05T18:00'), uncertain: false });
    // Fri 8 Jan; Sat 9 is the overlay's working Saturday.
    expect(withOverlay.addWorkingDays(sh('2027-01-08T10:00'), 1)).toEqual({ due: sh('2027-01-09T18:00'), uncertain: false });
    expect(withOverlay.isWorkingDay('2027-01-04')).toBe(false);
    expect(withOverlay.isWorkingDay('2027-01-09')).toBe(true);
    expect(withOverlay.yearsWithData()).toContain(2027);
  });

  it('replaces the package for a year it covers', () => {
    const corrected = createCalendar({ overlay: [{ year: 2026, workdays: [], holidays: [] }] });
    expect(corrected.isWorkingDay('2026-02-16')).toBe(true);
    expect(corrected.isWorkingDay('2026-02-14')).toBe(false);
  });

  it('is validated', () => {
    expect(checkCalendarYear(y2027)).toBeNull();
    expect(checkCalendarYear({ year: 2027, workdays: ['2028-01-01'], holidays: [] })).toMatch(/not in 2027/);
    expect(checkCalendarYear({ year: 2027, workdays: ['2027-02-29'], holidays: [] })).toMatch(/not a YYYY-MM-DD/);
    expect(checkCalendarYear({ year: 2027, workdays: ['2027-01-09'], holidays: ['2027-01-09'] })).toMatch(/both/);
    expect(() => createCalendar({ overlay: [y2027, y2027] })).toThrow(/twice/);
  });
});

describe('working hours setting', () => {
  it('is validated', () => {
    expect(checkWorkingHours(DEFAULT_WORKING_HOURS)).toBeNull();
    expect(checkWorkingHours([])).not.toBeNull();
    expect(checkWorkingHours([{ start: 600, end: 540 }])).not.toBeNull();
    expect(checkWorkingHours([{ start: 840, end: 1080 }, { start: 510, end: 720 }])).not.toBeNull();
    expect(() => createCalendar({ workingHours: [{ start: 0, end: 1500 }] })).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only working periods', () => {
    expect(calendar.workingMinutesBetween(sh('2026-03-10T11:00'), sh('2026-03-10T15:30'))).toBe(120);
    expect(calendar.workingMinutesBetween(sh('2026-03-10T17:00'), sh('2026-03-11T10:30'))).toBe(180);
    expect(calendar.workingMinutesBetween(sh('2026-03-10T12:10'), sh('2026-03-10T14:00'))).toBe(0);
  });

  it('is 0 when to is not after from', () => {
    expect(calendar.workingMinutesBetween(sh('2026-03-10T11:00'), sh('2026-03-10T11:00'))).toBe(0);
    expect(calendar.workingMinutesBetween(sh('2026-03-10T11:00'), sh('2026-03-10T10:00'))).toBe(0);
  });

  it('counts 7 hours a working day over a year', () => {
    // 2026 has 365 days; count its working days from the package independently.
    const workdays = chineseDays.getWorkdaysInRange('2026-01-01', '2026-12-31', true).length;
    expect(workdays).toBe(248);
    expect(calendar.workingMinutesBetween(sh('2026-01-01T00:00'), sh('2027-01-01T00:00'))).toBe(workdays * 7 * 60);
  });

  it('skips the Spring Festival', () => {
    // Sat 14 (7 h) and nothing until Tue 24.
    expect(calendar.workingMinutesBetween(sh('2026-02-13T18:00'), sh('2026-02-24T08:30'))).toBe(7 * 60);
  });
});

describe('properties', () => {
  // Any instant in 2026, to the minute, and amounts in whole minutes up to two weeks of work.
  const instant2026 = fc
    .integer({ min: 0, max: 365 * 24 * 60 - 1 })
    .map((m) => new Date(sh('2026-01-01T00:00').getTime() + m * 60_000));
  const hours = fc.integer({ min: 0, max: 70 * 60 }).map((m) => m / 60);

  it('adding a then b working hours is adding a + b', () => {
    fc.assert(
      fc.property(instant2026, hours, hours, (t, a, b) => {
        const once = calendar.addWorkingHours(t, a + b).due;
        const twice = calendar.addWorkingHours(calendar.addWorkingHours(t, a).due, b).due;
        expect(twice).toEqual(once);
      }),
    );
  });

  it('the working time up to a due time is the limit', () => {
    fc.assert(
      fc.property(instant2026, hours, (t, h) => {
        const due = calendar.addWorkingHours(t, h).due;
        expect(calendar.workingMinutesBetween(t, due)).toBeCloseTo(h * 60, 6);
      }),
    );
  });

  it('a working-days limit ends at 18:00 on a working day, n working days on', () => {
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 1, max: 15 }), (t, n) => {
        const { due } = calendar.addWorkingDays(t, n);
        expect(due.getTime() - sh(`${toShanghaiDate(due)}T18:00`).getTime()).toBe(0);
        expect(calendar.isWorkingDay(toShanghaiDate(due))).not.toBe(false);
        // From the end of the day placed to the due time lie exactly n working days.
        const endOfDayPlaced = new Date(sh(`${toShanghaiDate(t)}T00:00`).getTime() + 24 * 3_600_000);
        expect(calendar.workingMinutesBetween(endOfDayPlaced, due)).toBe(n * 7 * 60);
      }),
    );
  });
});
