// Overdue marking and escalation timing on the official 2026 calendar, and a property test that
// the plan is always a legal, complete and idempotent sequence of lifecycle commands.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, DEFAULT_WORKING_HOURS } from './calendar.js';
import { escalationTarget, overdueLimits, planSupervision, type WorkingClock } from './escalation.js';
import { apply, decide, type Handler, type RequestView, submit } from './lifecycle.js';

const calendar = createCalendar();
const clock: WorkingClock = {
  workingMinutesBetween: (from, to) => calendar.workingMinutesBetween(from, to),
  dayMinutes: DEFAULT_WORKING_HOURS.reduce((sum, p) => sum + p.end - p.start, 0),
};
const company: Handler = { kind: 'property_company', companyId: 7, userId: null, unitId: null };

function placed(dueAcceptAt: string, dueResolveAt: string): RequestView {
  return apply(undefined, submit({ at: '2026-01-01T00:00:00.000Z', actorId: 1, handler: company, dueAcceptAt, dueResolveAt, dueUncertain: false }));
}

/** The view after running the plan at `now` through the real lifecycle. */
function run(view: RequestView, now: string, hasLevelOne = true): RequestView {
  let next = view;
  for (const command of planSupervision(next, new Date(now), clock, hasLevelOne)) {
    next = apply(next, decide(next, command, now, null));
  }
  return next;
}

// Shanghai is UTC+8: 15:00 there is 07:00Z, 18:00 is 10:00Z.
describe('escalation timing', () => {
  // Accept limit ended Monday 2026-11-30 15:00; one working day (7 h: 08:30–12:00, 14:30–18:00)
  // later is Tuesday 15:00, three are Thursday 15:00, five cross the weekend to Monday 7 December.
  const view = placed('2026-11-30T07:00:00.000Z', '2026-12-20T10:00:00.000Z');

  it('marks the request and hands it to the compound branch as soon as the limit passes', () => {
    expect(run(view, '2026-11-30T06:59:00.000Z')).toMatchObject({ overdueAccept: false, escalationLevel: 0 });
    expect(run(view, '2026-11-30T07:00:01.000Z')).toMatchObject({ overdueAccept: true, overdueResolve: false, escalationLevel: 1 });
  });

  it('climbs one level after 1, 3 and 5 working days overdue', () => {
    expect(run(view, '2026-12-01T06:59:00.000Z').escalationLevel).toBe(1);
    expect(run(view, '2026-12-01T07:00:00.000Z').escalationLevel).toBe(2);
    expect(run(view, '2026-12-03T06:59:00.000Z').escalationLevel).toBe(2);
    expect(run(view, '2026-12-03T07:00:00.000Z').escalationLevel).toBe(3);
    // Friday evening to Monday: the weekend adds no working time.
    expect(run(view, '2026-12-06T23:00:00.000Z').escalationLevel).toBe(3);
    expect(run(view, '2026-12-07T07:00:00.000Z').escalationLevel).toBe(4);
  });

  it('counts the National Day holiday out and the adjusted Saturday 2026-10-10 in', () => {
    // Resolve limit ended Wednesday 2026-09-30 18:00; 1–7 October are holidays, so one
    // working day later is Thursday 8 October 18:00 and three are Saturday 10 October 18:00.
    const late = apply(placed('2026-09-28T02:00:00.000Z', '2026-09-30T10:00:00.000Z'), {
      type: 'request.accepted',
      at: '2026-09-28T03:00:00.000Z',
      actorId: 2,
      workingMinutes: 60,
    });
    expect(run(late, '2026-10-07T12:00:00.000Z')).toMatchObject({ overdueResolve: true, escalationLevel: 1 });
    expect(run(late, '2026-10-08T10:00:00.000Z').escalationLevel).toBe(2);
    expect(run(late, '2026-10-10T09:59:00.000Z').escalationLevel).toBe(2);
    expect(run(late, '2026-10-10T10:00:00.000Z').escalationLevel).toBe(3);
  });

  it('skips level 1 where the compound has no branch, starting at the community big committee', () => {
    const commands = planSupervision(view, new Date('2026-11-30T08:00:00.000Z'), clock, false);
    expect(commands).toEqual([
      { type: 'markOverdue', limit: 'accept' },
      { type: 'escalate', level: 2, limit: 'accept' },
    ]);
    expect(escalationTarget(0, clock.dayMinutes, false)).toBe(2);
    expect(escalationTarget(0, clock.dayMinutes, true)).toBe(1);
  });

  it('follows the limit overdue longest and never repeats a level', () => {
    const both = placed('2026-11-30T07:00:00.000Z', '2026-12-02T10:00:00.000Z');
    const commands = planSupervision(both, new Date('2026-12-03T07:00:00.000Z'), clock, true);
    expect(commands).toEqual([
      { type: 'markOverdue', limit: 'accept' },
      { type: 'markOverdue', limit: 'resolve' },
      { type: 'escalate', level: 1, limit: 'accept' },
      { type: 'escalate', level: 2, limit: 'accept' },
      { type: 'escalate', level: 3, limit: 'accept' },
    ]);
    expect(overdueLimits(both, new Date('2026-12-01T00:00:00.000Z')).map((o) => o.limit)).toEqual(['accept']);
  });

  it('leaves resolved, closed and accepted-in-time requests alone', () => {
    const accepted = apply(view, { type: 'request.accepted', at: '2026-11-30T06:00:00.000Z', actorId: 2, workingMinutes: 30 });
    expect(planSupervision(accepted, new Date('2026-12-10T00:00:00.000Z'), clock, true)).toEqual([]);
    const resolved = apply(accepted, { type: 'request.resolved', at: '2026-11-30T06:30:00.000Z', actorId: 2, note: '已修', workingMinutes: 60 });
    expect(planSupervision(resolved, new Date('2027-01-10T00:00:00.000Z'), clock, true)).toEqual([]);
  });
});

describe('supervision plan', () => {
  const base = Date.parse('2026-03-02T00:00:00.000Z');
  const minutes = (n: number) => new Date(base + n * 60_000).toISOString();

  it('is always allowed by the lifecycle, reaches its target, and has nothing left to do after', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('submitted', 'accepted', 'returned', 'reopened', 'resolved', 'closed'),
        fc.boolean(),
        fc.boolean(),
        (accept, extra, at, level, state, overdueAccept, hasLevelOne) => {
          const view: RequestView = {
            ...placed(minutes(accept), minutes(accept + extra)),
            state: state as RequestView['state'],
            acceptedAt: state === 'submitted' || state === 'returned' ? null : minutes(0),
            escalationLevel: level,
            overdueAccept: overdueAccept && minutes(accept) < minutes(at),
          };
          const now = minutes(at);
          const after = run(view, now, hasLevelOne);
          expect(planSupervision(after, new Date(now), clock, hasLevelOne)).toEqual([]);
          expect(after.escalationLevel).toBeGreaterThanOrEqual(view.escalationLevel);
          const overdue = overdueLimits(view, new Date(now));
          if (overdue.length > 0) {
            const target = escalationTarget(clock.workingMinutesBetween(new Date(overdue[0]!.due), new Date(now)), clock.dayMinutes, hasLevelOne);
            expect(after.escalationLevel).toBe(Math.max(view.escalationLevel, target));
          } else {
            expect(after).toEqual(view);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
