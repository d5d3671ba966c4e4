// Plays the demo's planned year through the real request services: placeRequest for intake,
// act() for what people do and the sweeper's own sweep() at its beats, each at its simulated
// time on a clock of our own, so the rows, events, numbers, rollups, figure cubes and
// notifications are exactly what the system itself would have written over the year.
import type { HandlerKind } from '../core/lifecycle.js';
import type { ServiceRequest, User } from '../db/schema.js';
import { type ActionInput, act } from '../modules/requests/actions.js';
import { type IntakeInput, placeRequest } from '../modules/requests/intake.js';
import { sweep } from '../modules/requests/sweeper.js';
// The areas that follow request events (figure cubes, notifications, webhooks) register their
// listeners on import, as the server imports them; the year must feed them too.
import '../modules/figures/cubes.js';
import '../modules/notifications/service.js';
import '../modules/notifications/webhooks.js';
import type { Account, ScopeKind } from '../modules/shared/account.js';
import type { Context } from '../server/types.js';
import type { DemoPlan } from './plan.js';
import type { Actor, Step, Story, Year } from './year.js';

/** The accounts that act in the year, by what they are for. */
export interface YearCast {
  resident: Account;
  /** By grid id. */
  gridWorkers: Map<number, Account>;
  /** Community staff who dispatch, by community id. */
  dispatchers: Map<number, Account>;
  /** Legal advisers, by community id. */
  legalAdvisers: Map<number, Account>;
  /** Party secretaries of the community big party committees, by community id. */
  secretaries: Map<number, Account>;
  /** Street staff, by street id. */
  streets: Map<number, Account>;
  /** Property staff, by company id. */
  property: Map<number, Account>;
}

export interface YearRefs {
  districtId: number;
  plan: DemoPlan;
  gridIds: number[];
  communityIds: number[];
  compoundIds: number[];
  buildingIds: number[][];
  companyIds: number[];
  cast: YearCast;
}

/** An account as the services see it, for a user row the seeder created. */
export function accountOf(user: User, scopeKind: ScopeKind): Account {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    districtId: user.districtId,
    scope: { kind: scopeKind, id: user.scopeUnitId },
    propertyCompanyId: user.propertyCompanyId,
    compoundId: user.compoundId,
    partyOrgId: user.partyOrgId,
    unitId: user.unitId,
    via: 'token',
  };
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`demo year: no ${what}`);
  return value;
};

export interface YearRun {
  placed: number;
  /** Steps taken, the sweeper's included. */
  steps: number;
  /** Sweeper runs, and the due-soon reminders they sent. */
  sweeps: number;
  reminders: number;
  seconds: number;
}

/**
 * Places and works every planned request in time order. `ctx` is copied with a clock that the
 * run moves to each step's time; nothing else about the context changes.
 */
export async function runYear(ctx: Context, year: Year, refs: YearRefs): Promise<YearRun> {
  const started = performance.now();
  let clock = year.from;
  const sim: Context = { ...ctx, now: () => new Date(clock) };
  const { cast } = refs;

  // Every placement, step and sweeper beat in one timeline. At one instant the sweeper runs
  // first (as the plan assumes), then placements and steps in placement and step order.
  type Entry = { at: number; story: number; step: number };
  const timeline: Entry[] = [];
  const beats = new Map<number, { overdue: number; escalated: number; closed: number; stories: Set<number> }>();
  for (const story of year.stories) {
    timeline.push({ at: story.placedAt, story: story.index, step: -1 });
    story.steps.forEach((s, i) => {
      if (s.by !== 'system') {
        timeline.push({ at: s.at, story: story.index, step: i });
        return;
      }
      let beat = beats.get(s.at);
      if (!beat) {
        beat = { overdue: 0, escalated: 0, closed: 0, stories: new Set() };
        beats.set(s.at, beat);
        timeline.push({ at: s.at, story: -1, step: -1 });
      }
      beat.stories.add(story.index);
      if (s.act.action === 'markOverdue') beat.overdue++;
      else if (s.act.action === 'escalate') beat.escalated++;
      else beat.closed++;
    });
  }
  timeline.sort((a, b) => a.at - b.at || a.story - b.story || a.step - b.step);

  const rows: ServiceRequest[] = new Array(year.stories.length);
  const storyOf = new Map<number, number>();

  const actor = (by: Exclude<Actor, 'system'>, story: Story, row: ServiceRequest): Account => {
    switch (by) {
      case 'handler':
        return handlerAccount(row);
      case 'dispatcher':
        return need(cast.dispatchers.get(row.communityId), `dispatcher for community ${row.communityId}`);
      case 'supervisor':
        // Past the community big party committee the street supervises.
        return row.escalationLevel >= 3
          ? need(cast.streets.get(row.streetId), `street staff for street ${row.streetId}`)
          : need(cast.secretaries.get(row.communityId), `party secretary for community ${row.communityId}`);
      case 'reporter':
        // Walk-ins have no account: the staff who call them back record what they say.
        if (story.reporter.kind === 'resident') return cast.resident;
        return story.channel === 'grid_worker'
          ? need(cast.gridWorkers.get(row.gridId), `grid worker for grid ${row.gridId}`)
          : need(cast.dispatchers.get(row.communityId), `dispatcher for community ${row.communityId}`);
    }
  };

  const handlerAccount = (row: ServiceRequest): Account => {
    switch (row.handlerKind) {
      case 'property_company':
        return need(cast.property.get(row.handlerCompanyId!), `property staff for company ${row.handlerCompanyId}`);
      case 'grid_worker':
        return need(cast.gridWorkers.get(row.gridId), `grid worker for grid ${row.gridId}`);
      case 'legal_adviser':
        return need(cast.legalAdvisers.get(row.communityId), `legal adviser for community ${row.communityId}`);
      case 'community_staff':
        return need(cast.dispatchers.get(row.communityId), `community staff for community ${row.communityId}`);
    }
  };


  const reassignTarget = (to: HandlerKind, story: Story, row: ServiceRequest) => {
    switch (to) {
      case 'property_company': {
        const company = refs.plan.compounds[story.location.compound!]!.company!;
        return { kind: to, companyId: refs.companyIds[company]! };
      }
      case 'grid_worker':
        return { kind: to, userId: need(cast.gridWorkers.get(row.gridId), `grid worker for grid ${row.gridId}`).id };
      default:
        return { kind: to };
    }
  };

  const place = async (story: Story) => {
    const location =
      story.location.kind === 'compound'
        ? { compoundId: refs.compoundIds[story.location.compound]!, buildingId: refs.buildingIds[story.location.compound]![story.location.building]! }
        : { lng: story.location.lng, lat: story.location.lat, crs: 'wgs84' as const };
    const input: IntakeInput = { categoryCode: story.category, description: story.description, location, attributes: story.attributes };
    let account: Account | null;
    if (story.reporter.kind === 'resident') {
      account = cast.resident;
    } else {
      input.reporter = { name: story.reporter.name, phone: story.reporter.phone };
      input.channel = story.channel;
      account =
        story.channel === 'app'
          ? null
          : story.channel === 'grid_worker'
            ? need(cast.gridWorkers.get(refs.gridIds[story.grid]!), `grid worker for grid ${story.grid}`)
            : need(cast.dispatchers.get(refs.communityIds[story.community]!), `dispatcher for community ${story.community}`);
    }
    const { request } = await placeRequest(sim, account, input);
    if (request.handlerKind !== story.handler) {
      throw new Error(`routed to ${request.handlerKind}, planned for ${story.handler}`);
    }
    rows[story.index] = request;
  };

  const perform = async (story: Story, step: Step) => {
    const row = rows[story.index]!;
    const a = step.act;
    let input: ActionInput;
    switch (a.action) {
      case 'reassign':
        input = { action: 'reassign', handler: reassignTarget(a.to, story, row), note: a.note };
        break;
      case 'merge':
        input = { action: 'merge', intoId: rows[a.into]!.id };
        break;
      case 'markOverdue':
      case 'escalate':
      case 'close':
        throw new Error(`only the sweeper may ${a.action}`);
      default:
        input = a;
    }
    if (step.by === 'system') throw new Error(`the sweeper's steps are its own runs`);
    rows[story.index] = await act(sim, actor(step.by, story, row), row.id, row.version, input);
  };

  /** The sweeper's run at a beat: it must do exactly what the plan has it do there. */
  const runSweeper = async (at: number) => {
    const planned = beats.get(at)!;
    const report = await sweep(sim, { lease: false });
    const problem =
      report.failed > 0 || report.conflicts > 0
        ? `${report.failed} failed, ${report.conflicts} conflicts (${report.lastError ?? 'no error'})`
        : report.overdue !== planned.overdue || report.escalated !== planned.escalated || report.closed !== planned.closed
          ? `it marked ${report.overdue}, escalated ${report.escalated} and closed ${report.closed}; ` +
            `the plan has ${planned.overdue}, ${planned.escalated} and ${planned.closed}`
          : null;
    if (problem) throw new Error(`demo year: the sweeper's run at ${new Date(at).toISOString()} differs from the plan: ${problem}`);
    const ids = [...planned.stories].map((i) => rows[i]!.id);
    for (const row of await ctx.db.selectFrom('requests').selectAll().where('id', 'in', ids).execute()) {
      rows[storyOf.get(row.id)!] = row;
    }
    return report;
  };
  let steps = 0;
  let sweeps = 0;
  let reminders = 0;
  for (const entry of timeline) {
    clock = entry.at;
    if (entry.story < 0) {
      const report = await runSweeper(entry.at);
      const planned = beats.get(entry.at)!;
      steps += planned.overdue + planned.escalated + planned.closed;
      sweeps++;
      reminders += report.dueSoon;
      continue;
    }
    const story = year.stories[entry.story]!;
    const step = entry.step < 0 ? undefined : story.steps[entry.step]!;
    try {
      if (step) {
        await perform(story, step);
        steps++;
      } else {
        await place(story);
        storyOf.set(rows[story.index]!.id, story.index);
      }
    } catch (error) {
      const what = step ? step.act.action : 'place';
      throw new Error(
        `demo year: request #${story.index} (${story.category}) could not ${what} at ${new Date(entry.at).toISOString()}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return { placed: year.stories.length, steps, sweeps, reminders, seconds: (performance.now() - started) / 1000 };
}
