// Unit tests for the demo's year of requests as planned: a year's rhythm, every step allowed
// by the lifecycle, the sweeper's marks where its rules put them, figures near the report's,
// and the same plan for the same seed and anchor.
import { describe, expect, it } from 'vitest';
import { createCalendar, DEFAULT_WORKING_HOURS, toShanghaiDate } from '../core/calendar.js';
import { overdueLimits, planSupervision } from '../core/escalation.js';
import { apply, type Command, decide, type HandlerKind, type RequestState, type RequestView, submit } from '../core/lifecycle.js';
import { DEMO_CATEGORIES } from './categories.js';
import { buildPlan } from './plan.js';
import { expectedFigures, planYear, type Step, type Story, type YearInput } from './year.js';

const calendar = createCalendar();
const anchor = new Date('2026-11-29T02:00:00.000Z');
const input: YearInput = {
  seed: 1,
  anchor,
  requests: 3000,
  calendar,
  autoCloseDays: 7,
  sweepSeconds: 60,
  workingHours: DEFAULT_WORKING_HOURS,
  plan: buildPlan(1),
};
const year = planYear(input);
const { stories } = year;
const byCode = new Map(DEMO_CATEGORIES.map((c) => [c.code, c]));
const HOUR = 3_600_000;
const shanghaiHour = (t: number) => new Date(t + 8 * HOUR).getUTCHours() + new Date(t).getUTCMinutes() / 60;

describe('demo year: placements', () => {
  it('places the requested number over the 365 days before the anchor, in order', () => {
    expect(stories).toHaveLength(input.requests);
    stories.forEach((s, i) => expect(s.index).toBe(i));
    for (let i = 1; i < stories.length; i++) expect(stories[i]!.placedAt).toBeGreaterThanOrEqual(stories[i - 1]!.placedAt);
    expect(stories[0]!.placedAt).toBeGreaterThanOrEqual(anchor.getTime() - 365 * 24 * HOUR);
    expect(stories.at(-1)!.placedAt).toBeLessThan(anchor.getTime());
    // Every month of the year has requests.
    expect(new Set(stories.map((s) => toShanghaiDate(new Date(s.placedAt)).slice(0, 7))).size).toBeGreaterThanOrEqual(12);
  });

  it('follows the week: more on a working day than on a day off', () => {
    const perDay = new Map<string, number>();
    for (const s of stories) {
      const day = toShanghaiDate(new Date(s.placedAt));
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const mean = (days: string[]) => days.reduce((sum, d) => sum + (perDay.get(d) ?? 0), 0) / days.length;
    const all = [...new Set([...perDay.keys()])];
    const working = all.filter((d) => calendar.isWorkingDay(d));
    const off = all.filter((d) => calendar.isWorkingDay(d) === false);
    expect(mean(working)).toBeGreaterThan(mean(off) * 1.2);
  });

  it('takes office channels in office hours on working days, and the app at any hour', () => {
    for (const s of stories) {
      if (s.channel === 'reception_day' || s.channel === 'suggestion_box' || s.channel === 'hotline') {
        const hour = shanghaiHour(s.placedAt);
        expect(hour >= 8 && hour < 18, `${s.channel} at ${new Date(s.placedAt).toISOString()}`).toBe(true);
      }
      if (s.channel === 'reception_day' || s.channel === 'suggestion_box') {
        expect(calendar.isWorkingDay(toShanghaiDate(new Date(s.placedAt)))).toBe(true);
      }
    }
    const app = stories.filter((s) => s.channel === 'app');
    const evening = app.filter((s) => shanghaiHour(s.placedAt) >= 19).length;
    const night = app.filter((s) => shanghaiHour(s.placedAt) < 6).length;
    expect(evening).toBeGreaterThan(app.length * 0.1);
    expect(night).toBeLessThan(evening);
  });

  it('reaches people mostly through the app, then grid workers, and through every channel', () => {
    const count = (channel: string) => stories.filter((s) => s.channel === channel).length;
    const channels = ['app', 'grid_worker', 'hotline', 'discussion_group', 'reception_day', 'suggestion_box'];
    for (const c of channels) expect(count(c), c).toBeGreaterThan(0);
    const sorted = [...channels].sort((a, b) => count(b) - count(a));
    expect(sorted.slice(0, 2)).toEqual(['app', 'grid_worker']);
    expect(count('app')).toBeGreaterThan(stories.length / 2);
  });

  it('uses every category, places property matters at a compound, with walk-in reporters and the demo resident', () => {
    expect(new Set(stories.map((s) => s.category)).size).toBe(DEMO_CATEGORIES.length);
    for (const s of stories) {
      if (byCode.get(s.category)!.handlerKind === 'property_company') expect(s.location.kind).toBe('compound');
      if (s.reporter.kind === 'walk_in') expect(s.reporter.phone).toMatch(/^1\d{10}$/);
      else expect(s.channel).toBe('app');
    }
    const resident = stories.filter((s) => s.reporter.kind === 'resident');
    expect(resident.length).toBeGreaterThan(5);
    expect(new Set(resident.map((s) => s.location.kind === 'compound' && s.location.compound)).size).toBe(1);
    // Regulars come back: some phone numbers report more than once.
    const phones = stories.flatMap((s) => (s.reporter.kind === 'walk_in' ? [s.reporter.phone] : []));
    expect(new Set(phones).size).toBeLessThan(phones.length);
  });

  it('routes as the service will: a compound without a property company goes to its grid worker', () => {
    const plan = input.plan;
    for (const s of stories) {
      const compound = s.location.compound;
      const kind = byCode.get(s.category)!.handlerKind;
      const expected = kind === 'property_company' && (compound === null || plan.compounds[compound]!.company === null) ? 'grid_worker' : kind;
      expect(s.handler).toBe(expected);
    }
  });
});

/** The first view of a story's request, as intake makes it. */
function firstView(s: Story) {
  const c = byCode.get(s.category)!;
  const dueAccept = calendar.due(new Date(s.placedAt), c.acceptLimit);
  const dueResolve = calendar.due(new Date(s.placedAt), c.resolveLimit);
  return apply(
    undefined,
    submit({
      at: new Date(s.placedAt).toISOString(),
      actorId: null,
      handler: { kind: s.handler, companyId: null, userId: null, unitId: null },
      dueAcceptAt: dueAccept.due.toISOString(),
      dueResolveAt: dueResolve.due.toISOString(),
      dueUncertain: dueAccept.uncertain || dueResolve.uncertain,
    }),
  );
}

/** The lifecycle command a planned step stands for, as the services would build it. */
function commandOf(s: Story, step: Step, view: RequestView, extensionDays: number): Command {
  const a = step.act;
  const minutes = Math.round(calendar.workingMinutesBetween(new Date(s.placedAt), new Date(step.at)));
  const handler = (kind: HandlerKind) => ({ kind, companyId: null, userId: null, unitId: null });
  switch (a.action) {
    case 'accept':
      return { type: 'accept', workingMinutes: minutes };
    case 'resolve':
      return { type: 'resolve', note: a.note, workingMinutes: minutes };
    case 'reassign':
      return { type: 'reassign', handler: handler(a.to), note: a.note };
    case 'rate':
      return { type: 'rate', rating: { solved: a.solved, satisfaction: a.satisfaction, comment: a.comment } };
    case 'merge':
      return { type: 'merge', intoId: a.into, selfId: s.index };
    case 'decideExtension': {
      const due = a.granted ? calendar.addWorkingDays(new Date(view.dueResolveAt), extensionDays).due.toISOString() : null;
      return { type: 'decideExtension', granted: a.granted, dueResolveAt: due, note: a.note };
    }
    case 'markOverdue':
      return { type: 'markOverdue', limit: a.limit };
    case 'escalate':
      return { type: 'escalate', level: a.level, limit: a.limit };
    case 'close':
      return { type: 'close' };
    case 'return':
      return { type: 'return', reason: a.reason };
    case 'reopen':
      return { type: 'reopen', reason: a.reason };
    case 'cancel':
      return { type: 'cancel', reason: a.reason };
    case 'supervise':
      return { type: 'supervise', note: a.note };
    case 'extend':
      return { type: 'extend', days: a.days, reason: a.reason };
  }
}

describe('demo year: outcomes', () => {
  it('has only steps the lifecycle allows, in time order, before the anchor, ending in the view it records', () => {
    for (const s of stories) {
      let view = firstView(s);
      let last = s.placedAt;
      let extension = 0;
      for (const step of s.steps) {
        expect(step.at).toBeGreaterThanOrEqual(last);
        expect(step.at).toBeLessThan(anchor.getTime());
        last = step.at;
        if (step.act.action === 'extend') extension = step.act.days;
        view = apply(view, decide(view, commandOf(s, step, view, extension), new Date(step.at).toISOString(), null));
        // Only the sweeper marks, escalates and closes; people do the rest.
        const a = step.act.action;
        expect(step.by === 'system').toBe(a === 'markOverdue' || a === 'escalate' || a === 'close');
      }
      expect(view).toEqual(s.view);
    }
  });

  it("gives the sweeper at each of its runs exactly what its rules find due then", () => {
    // The seeder runs the real sweeper at every beat some request needs it, and checks that it
    // does what the plan says; here the plan is checked against the sweeper's rules directly.
    const clock = { workingMinutesBetween: (a: Date, b: Date) => calendar.workingMinutesBetween(a, b), dayMinutes: 420 };
    const branches = new Set(input.plan.partyOrgs.filter((o) => o.compound !== undefined).map((o) => o.compound!));
    const runs = [...new Set(stories.flatMap((s) => s.steps.filter((st) => st.by === 'system').map((st) => st.at)))].sort((a, b) => a - b);
    expect(runs.length).toBeGreaterThan(100);
    for (const s of stories) {
      const compound = s.location.compound;
      const levelOne = compound !== null && branches.has(compound);
      let view = firstView(s);
      let extension = 0;
      let k = 0;
      const take = (step: Step) => {
        if (step.act.action === 'extend') extension = step.act.days;
        view = apply(view, decide(view, commandOf(s, step, view, extension), new Date(step.at).toISOString(), null));
      };
      for (let i = runs.findIndex((r) => r > s.placedAt); i >= 0 && i < runs.length; i++) {
        const run = runs[i]!;
        // What people did before this run (at one instant the sweeper goes first).
        while (k < s.steps.length && s.steps[k]!.at < run) {
          expect(s.steps[k]!.by).not.toBe('system');
          take(s.steps[k++]!);
        }
        if (!['submitted', 'accepted', 'returned', 'reopened', 'resolved'].includes(view.state)) break;
        const planned: Step[] = [];
        while (k < s.steps.length && s.steps[k]!.at === run && s.steps[k]!.by === 'system') planned.push(s.steps[k++]!);
        const closes = view.state === 'resolved' && Date.parse(view.resolvedAt!) < run - input.autoCloseDays * 24 * HOUR;
        const found = closes ? [{ type: 'close' }] : overdueLimits(view, new Date(run)).length > 0 ? planSupervision(view, new Date(run), clock, levelOne) : [];
        expect(planned.map((p) => commandOf(s, p, view, extension)), `#${s.index} at ${new Date(run).toISOString()}`).toEqual(found);
        for (const p of planned) take(p);
      }
    }
  });

  it('leaves nothing the sweeper would have done by the anchor undone', () => {
    // Its last run before the anchor came at most sweepSeconds earlier.
    const lastRun = new Date(anchor.getTime() - input.sweepSeconds * 1000 - 1000);
    const clock = { workingMinutesBetween: (a: Date, b: Date) => calendar.workingMinutesBetween(a, b), dayMinutes: 420 };
    const branches = new Set(input.plan.partyOrgs.filter((o) => o.compound !== undefined).map((o) => o.compound!));
    for (const s of stories) {
      const compound = s.location.compound;
      expect(planSupervision(s.view, lastRun, clock, compound !== null && branches.has(compound))).toEqual([]);
      if (s.view.state === 'resolved') {
        expect(Date.parse(s.view.resolvedAt!) + input.autoCloseDays * 24 * HOUR).toBeGreaterThan(lastRun.getTime());
      }
    }
  });

  it('merges duplicates into an earlier request of the same place and category while that one is open', () => {
    const stateAt = (s: Story, at: number): RequestState => {
      let state: RequestState = 'submitted';
      for (const step of s.steps) {
        if (step.at > at) break;
        const a = step.act.action;
        if (a === 'accept') state = 'accepted';
        else if (a === 'resolve') state = 'resolved';
        else if (a === 'return') state = 'returned';
        else if (a === 'reassign') state = 'submitted';
        else if (a === 'reopen') state = 'reopened';
        else if (a === 'rate' || a === 'close') state = 'closed';
        else if (a === 'merge') state = 'merged';
        else if (a === 'cancel') state = 'cancelled';
      }
      return state;
    };
    const merges = stories.flatMap((s) => s.steps.filter((step) => step.act.action === 'merge').map((step) => ({ s, step })));
    expect(merges.length).toBeGreaterThan(input.requests * 0.01);
    for (const { s, step } of merges) {
      const into = step.act.action === 'merge' ? step.act.into : -1;
      const main = stories[into]!;
      expect(main.index).toBeLessThan(s.index);
      expect(main.category).toBe(s.category);
      expect(main.location).toEqual(s.location);
      expect(['submitted', 'accepted', 'returned', 'reopened']).toContain(stateAt(main, step.at));
      expect(step.by).toBe('dispatcher');
    }
  });

  it('ends the year mostly closed, with every kind of outcome present', () => {
    const figures = expectedFigures(year);
    expect(figures.byState.closed).toBeGreaterThan(input.requests * 0.85);
    for (const state of ['merged', 'cancelled'] as const) expect(figures.byState[state]).toBeGreaterThan(0);
    const actions = new Map<string, number>();
    for (const s of stories) for (const step of s.steps) actions.set(step.act.action, (actions.get(step.act.action) ?? 0) + 1);
    for (const action of ['return', 'reassign', 'supervise', 'extend', 'decideExtension', 'reopen', 'markOverdue', 'escalate', 'close', 'rate']) {
      expect(actions.get(action) ?? 0, action).toBeGreaterThan(0);
    }
    // Requests placed in the last days are still being worked.
    expect(figures.byState.submitted + figures.byState.accepted + figures.byState.resolved).toBeGreaterThan(0);
  });

  it('lands near the report: satisfaction about 95 %, response about 90 %', () => {
    const figures = expectedFigures(year);
    expect(figures.satisfactionRate).toBeGreaterThan(0.93);
    expect(figures.satisfactionRate).toBeLessThan(0.97);
    expect(figures.responseRate).toBeGreaterThan(0.87);
    expect(figures.responseRate).toBeLessThan(0.93);
    expect(figures.rated).toBeGreaterThan(figures.accepted * 0.75);
  });

  it('is the same plan for the same seed and anchor, and another for another seed', () => {
    const again = planYear({ ...input, requests: 400 });
    expect(planYear({ ...input, requests: 400 })).toEqual(again);
    const other = planYear({ ...input, requests: 400, seed: 2 });
    expect(other.stories.map((s) => s.description)).not.toEqual(again.stories.map((s) => s.description));
  });
});
