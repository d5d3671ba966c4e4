import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, contribution, COUNTERS, delta, zero } from './figures.js';
import {
  ALLOWED_FROM,
  apply,
  type Command,
  decide,
  type Handler,
  isOpen,
  isPossible,
  REQUEST_STATES,
  type RequestEvent,
  type RequestView,
  replay,
  submit,
  TransitionError,
} from './lifecycle.js';

const company: Handler = { kind: 'property_company', companyId: 7, userId: null, unitId: null };
const worker: Handler = { kind: 'grid_worker', companyId: null, userId: 3, unitId: null };

const start = Date.parse('2026-03-02T01:00:00Z');
const iso = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

function submitted(at = iso(0)): RequestEvent {
  return submit({ at, actorId: 1, handler: company, dueAcceptAt: iso(240), dueResolveAt: iso(5 * 24 * 60), dueUncertain: false });
}

const commandArb: fc.Arbitrary<Command> = fc.oneof(
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
  fc.record({ type: fc.constant('merge' as const), intoId: fc.integer({ min: 1, max: 3 }), selfId: fc.constant(2) }),
  fc.record({ type: fc.constant('cancel' as const), reason: fc.constant(null) }),
  fc.record({ type: fc.constant('supervise' as const), note: fc.constant('请尽快处理') }),
  fc.record({ type: fc.constant('extend' as const), days: fc.integer({ min: 1, max: 10 }), reason: fc.constant('需要采购配件') }),
  fc.record({
    type: fc.constant('decideExtension' as const),
    granted: fc.boolean(),
    dueResolveAt: fc.constant(iso(10 * 24 * 60)),
    note: fc.constant(null),
  }),
  fc.constant({ type: 'close' as const }),
  fc.record({ type: fc.constant('markOverdue' as const), limit: fc.constantFrom('accept' as const, 'resolve' as const) }),
  fc.record({ type: fc.constant('escalate' as const), level: fc.integer({ min: 1, max: 4 }), limit: fc.constant('accept' as const) }),
);

describe('request lifecycle', () => {
  it('keeps its invariants and equals a replay of its events under any command sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commandArb, fc.integer({ min: 1, max: 600 })), { maxLength: 40 }), (steps) => {
        const events: RequestEvent[] = [submitted()];
        let view = apply(undefined, events[0]!);
        let rollup = delta(undefined, view);
        let clock = 0;
        for (const [command, gap] of steps) {
          clock += gap;
          const before = view;
          let event: RequestEvent;
          try {
            event = decide(view, command, iso(clock), 1);
          } catch (error) {
            expect(error).toBeInstanceOf(TransitionError);
            // A refused command changes nothing.
            expect(view).toBe(before);
            continue;
          }
          expect(ALLOWED_FROM[command.type]).toContain(before.state);
          events.push(event);
          view = apply(view, event);
          add(rollup, delta(before, view));

          expect(REQUEST_STATES).toContain(view.state);
          expect(view.version).toBe(events.length);
          if (view.acceptedInTime !== null) expect(view.acceptedAt).not.toBeNull();
          if (view.state === 'closed') expect(view.closedAt).not.toBeNull();
          if (view.state === 'merged') expect(view.mergedIntoId).not.toBe(2);
          expect(view.escalationLevel).toBeGreaterThanOrEqual(before.escalationLevel);
        }
        // The current row is a projection of the events.
        expect(replay(events)).toEqual(view);
        // Rollups moved by deltas equal the final request's contribution.
        expect(rollup).toEqual(contribution(view));
        // Terminal states accept no further state change.
        if (!isOpen(view.state)) {
          for (const action of Object.keys(ALLOWED_FROM) as (keyof typeof ALLOWED_FROM)[]) {
            expect(ALLOWED_FROM[action]).not.toContain(view.state);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('walks the happy path of 点单-接单-督单', () => {
    const events: RequestEvent[] = [submitted()];
    let view: RequestView = apply(undefined, events[0]!);
    const step = (command: Command, minutes: number) => {
      const event = decide(view, command, iso(minutes), 1);
      events.push(event);
      view = apply(view, event);
    };
    step({ type: 'supervise', note: '请物业尽快处理' }, 10);
    step({ type: 'accept', workingMinutes: 30 }, 30);
    step({ type: 'resolve', note: '已更换灯泡', workingMinutes: 300 }, 300);
    step({ type: 'rate', rating: { solved: true, satisfaction: 'satisfied', comment: '很快' } }, 400);
    expect(view.state).toBe('closed');
    expect(view.acceptedInTime).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'request.submitted',
      'request.supervised',
      'request.accepted',
      'request.resolved',
      'request.rated',
    ]);
    const c = contribution(view);
    expect(c).toMatchObject({ placed: 1, counted: 1, acceptedInTime: 1, acceptDenominator: 1, rated: 1, solved: 1, satisfied: 1, stateClosed: 1 });
  });

  it('offers an extension to ask for only while none waits, and one to decide only while one does', () => {
    let view = apply(undefined, submitted());
    view = apply(view, decide(view, { type: 'accept', workingMinutes: 10 }, iso(2), 1));
    expect([isPossible(view, 'extend'), isPossible(view, 'decideExtension')]).toEqual([true, false]);
    expect(() => decide(view, { type: 'decideExtension', granted: false, dueResolveAt: null, note: null }, iso(3), 1)).toThrow(TransitionError);
    view = apply(view, decide(view, { type: 'extend', days: 2, reason: '等待配件' }, iso(3), 1));
    expect([isPossible(view, 'extend'), isPossible(view, 'decideExtension')]).toEqual([false, true]);
    expect(() => decide(view, { type: 'extend', days: 1, reason: '再等' }, iso(4), 1)).toThrow(TransitionError);
    // Everywhere else the state alone decides, as ALLOWED_FROM says.
    expect(isPossible(view, 'resolve')).toBe(true);
    expect(isPossible(view, 'accept')).toBe(false);
  });

  it('refuses a transition that is not allowed, naming the state', () => {
    const view = apply(undefined, submitted());
    expect(() => decide(view, { type: 'resolve', note: 'x', workingMinutes: 1 }, iso(5), 1)).toThrow(/cannot resolve a request that is submitted/);
    const cancelled = apply(view, decide(view, { type: 'cancel', reason: null }, iso(5), 1));
    expect(() => decide(cancelled, { type: 'accept', workingMinutes: 1 }, iso(6), 1)).toThrow(TransitionError);
  });

  it('counts a late acceptance in the response rate denominator but not the numerator', () => {
    let view = apply(undefined, submitted());
    view = apply(view, decide(view, { type: 'markOverdue', limit: 'accept' }, iso(241), null));
    expect(contribution(view)).toMatchObject({ acceptDenominator: 1, acceptedInTime: 0, overdue: 1 });
    view = apply(view, decide(view, { type: 'accept', workingMinutes: 500 }, iso(500), 1));
    expect(contribution(view)).toMatchObject({ acceptDenominator: 1, acceptedInTime: 0, accepted: 1 });
  });

  it('leaves merged and cancelled requests out of the rates', () => {
    let view = apply(undefined, submitted());
    view = apply(view, decide(view, { type: 'merge', intoId: 9, selfId: 2 }, iso(5), 1));
    const c = contribution(view);
    expect(c.placed).toBe(1);
    expect(c.stateMerged).toBe(1);
    expect(c.counted + c.acceptDenominator + c.rated).toBe(0);
    expect(Object.keys(zero())).toEqual([...COUNTERS]);
  });
});
