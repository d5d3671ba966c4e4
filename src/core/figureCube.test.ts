import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScores, daysIn, isDay, monthOf, monthsIn, NEUTRAL_EVENTS, periodProblems, rank, splitPeriod } from './figureCube.js';
import { contribution } from './figures.js';
import { apply, type Command, decide, type Handler, type RequestView, submit, TransitionError } from './lifecycle.js';

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

describe('neutral events', () => {
  const company: Handler = { kind: 'property_company', companyId: 7, userId: null, unitId: null };
  const worker: Handler = { kind: 'grid_worker', companyId: null, userId: 3, unitId: null };
  const at = '2026-03-02T01:00:00.000Z';
  const commands: fc.Arbitrary<Command> = fc.oneof(
    fc.record({ type: fc.constant('accept' as const), workingMinutes: fc.nat(5000) }),
    fc.record({ type: fc.constant('return' as const), reason: fc.constant('不归我们管') }),
    fc.record({ type: fc.constant('reassign' as const), handler: fc.constantFrom(company, worker), note: fc.constant(null) }),
    fc.record({ type: fc.constant('resolve' as const), note: fc.constant('已修复'), workingMinutes: fc.nat(20000) }),
    fc.record({
      type: fc.constant('rate' as const),
      rating: fc.record({
        solved: fc.boolean(),
        satisfaction: fc.constantFrom('satisfied' as const, 'basically_satisfied' as const, 'unsatisfied' as const),
        comment: fc.constant(null),
      }),
    }),
    fc.record({ type: fc.constant('reopen' as const), reason: fc.constant('没修好') }),
    fc.record({ type: fc.constant('supervise' as const), note: fc.constant('请尽快处理') }),
    fc.record({ type: fc.constant('extend' as const), days: fc.integer({ min: 1, max: 10 }), reason: fc.constant('需要采购配件') }),
    fc.record({ type: fc.constant('decideExtension' as const), granted: fc.boolean(), dueResolveAt: fc.constant('2026-04-01T10:00:00.000Z'), note: fc.constant(null) }),
    fc.record({ type: fc.constant('markOverdue' as const), limit: fc.constantFrom('accept' as const, 'resolve' as const) }),
    fc.record({ type: fc.constant('escalate' as const), level: fc.integer({ min: 1, max: 4 }), limit: fc.constant('accept' as const) }),
  );

  it('leave every contribution as it was, whatever came before them', () => {
    let neutralSeen = 0;
    fc.assert(
      fc.property(fc.array(commands, { maxLength: 25 }), (sequence) => {
        let view: RequestView = apply(
          undefined,
          submit({ at, actorId: 1, handler: company, dueAcceptAt: at, dueResolveAt: at, dueUncertain: false }),
        );
        for (const command of sequence) {
          let event;
          try {
            event = decide(view, command, at, 1);
          } catch (error) {
            if (error instanceof TransitionError) continue;
            throw error;
          }
          const next = apply(view, event);
          if (NEUTRAL_EVENTS.includes(event.type)) {
            neutralSeen += 1;
            expect(contribution(next)).toEqual(contribution(view));
          }
          view = next;
        }
      }),
      { numRuns: 500 },
    );
    expect(neutralSeen).toBeGreaterThan(100);
  });
});
