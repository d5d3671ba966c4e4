import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScores, daysIn, isDay, monthOf, monthsIn, periodProblems, rank, splitPeriod } from './figureCube.js';

describe('periods', () => {
  it('knows real dates from look-alikes', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(isDay('2026-01-01T00:00')).toBe(false);
  });

  it('counts the days of a period with both ends', () => {
    expect(daysIn('2026-01-01', '2026-01-01')).toBe(1);
    expect(daysIn('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysIn('2028-01-01', '2028-12-31')).toBe(366);
  });

  it('lists every month a period touches, across years', () => {
    expect(monthsIn('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsIn('2026-03-05', '2026-03-06')).toEqual(['2026-03']);
  });

  it('reads whole months from month rows and the edges from day rows', () => {
    expect(splitPeriod('2026-01-01', '2026-12-31')).toEqual([{ grain: 'month', from: '2026-01-01', to: '2026-12-01' }]);
    expect(splitPeriod('2026-02-10', '2026-04-20')).toEqual([
      { grain: 'day', from: '2026-02-10', to: '2026-02-28' },
      { grain: 'month', from: '2026-03-01', to: '2026-03-01' },
      { grain: 'day', from: '2026-04-01', to: '2026-04-20' },
    ]);
    expect(splitPeriod('2026-02-10', '2026-03-20')).toEqual([{ grain: 'day', from: '2026-02-10', to: '2026-03-20' }]);
    expect(splitPeriod('2028-02-01', '2028-02-29')).toEqual([{ grain: 'month', from: '2028-02-01', to: '2028-02-01' }]);
    expect(monthOf('2026-07-19')).toBe('2026-07-01');
  });

  it('covers every day of any period exactly once', () => {
    const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const daysFrom = (from: string, to: string) => {
      const out: string[] = [];
      for (let d = from; d <= to; d = next(d)) out.push(d);
      return out;
    };
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        // A month range names first days and stands for every day of those months.
        const endOfMonth = (first: string) => new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 0)).toISOString().slice(0, 10);
        const covered = splitPeriod(from, to).flatMap((range) =>
          range.grain === 'day' ? daysFrom(range.from, range.to) : daysFrom(range.from, endOfMonth(range.to)),
        );
        expect(covered.sort()).toEqual(daysFrom(from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('names the field at fault', () => {
    expect(periodProblems('2026-01-01', '2026-12-31', 1096)).toEqual([]);
    expect(periodProblems('2026-02-30', '2026-03-01', 1096)).toEqual([{ field: 'from', message: 'must be a date YYYY-MM-DD' }]);
    expect(periodProblems('2026-03-02', '2026-03-01', 1096)).toEqual([{ field: 'to', message: 'must not be before from' }]);
    expect(periodProblems('2020-01-01', '2026-03-01', 1096)[0]!.field).toBe('to');
  });
});

describe('ranking', () => {
  const unit = (id: number, responseRate: number | null, satisfactionRate: number | null, resolutionRate: number | null, requests = 10) => ({
    id,
    responseRate,
    satisfactionRate,
    resolutionRate,
    requests,
  });
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

  it('orders by response, then satisfaction, then resolution, missing figures last', () => {
    const ranked = rank(
      [unit(1, 0.5, 0.9, 0.9), unit(2, 0.9, 0.1, 0.1), unit(3, 0.9, 0.5, 0.2), unit(4, null, 1, 1), unit(5, 0.9, null, 1)],
      byId,
    );
    expect(ranked.map((u) => u.id)).toEqual([3, 2, 5, 1, 4]);
    expect(ranked.map((u) => u.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives equal scores one place and skips the next', () => {
    const ranked = rank([unit(3, 0.8, 0.8, 0.8), unit(1, 0.8, 0.8, 0.8), unit(2, 0.9, 0.1, 0.1), unit(4, 0.1, 0.1, 0.1)], byId);
    expect(ranked.map((u) => [u.id, u.rank])).toEqual([
      [2, 1],
      [1, 2],
      [3, 2],
      [4, 4],
    ]);
  });

  it('puts more requests first when the rates tie, and units with no figures at all last', () => {
    expect(compareScores(unit(1, 0.5, 0.5, 0.5, 30), unit(2, 0.5, 0.5, 0.5, 10))).toBeLessThan(0);
    expect(compareScores(unit(1, null, null, null, 0), unit(2, 0, 0, 0, 1))).toBeGreaterThan(0);
  });
});
