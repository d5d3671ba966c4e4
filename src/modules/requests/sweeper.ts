// The background sweeper (督单 by the clock): marks requests overdue, escalates them up the
// supervision chain, closes resolved requests nobody rated, reminds handlers of limits due soon,
// and (on its own faster beat) sends queued webhooks. Safe with several app servers on one
// database: every change goes through the version-guarded transition, so of two servers acting
// on one request exactly one writes; a job lease only keeps them from doing the work twice.
import { AppError } from '../../core/errors.js';
import { planSupervision, type WorkingClock } from '../../core/escalation.js';
import { ALLOWED_FROM, type Command, ESCALATION_LEVELS } from '../../core/lifecycle.js';
import type { ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { calendarFor } from '../calendar/service.js';
import { remindDueSoon } from '../notifications/service.js';
import { deliverWebhooks } from '../notifications/webhooks.js';
import { isContention, releaseLease, takeLease } from '../shared/leases.js';
import { sweeperAccount, transition } from './actions.js';
import { viewOf } from './store.js';

export const SWEEP_LEASE = 'requests.sweeper';
const BATCH = 200;
const DAY_MS = 86_400_000;
// Queued webhooks should not wait a whole sweep interval.
const DELIVERY_EVERY_MS = 5_000;

export interface SweepReport {
  /** False when another server held the lease and this pass did nothing. */
  ran: boolean;
  overdue: number;
  escalated: number;
  closed: number;
  dueSoon: number;
  /** Commands another actor made moot first (stale version, no longer allowed, busy database). */
  conflicts: number;
  /** Requests whose command failed for another reason; the sweep goes on with the rest. */
  failed: number;
  lastError: string | null;
}

export interface SweepOptions {
  /** Take the job lease first (default). Tests turn it off to show correctness does not need it. */
  lease?: boolean;
}

/** The lease outlives a few missed beats, so a server that dies is replaced within that time. */
const leaseMs = (ctx: Context) => Math.max(3 * ctx.config.sweepSeconds * 1000, 60_000);

/** One pass over every district in the database. */
export async function sweep(ctx: Context, options: SweepOptions = {}): Promise<SweepReport> {
  const report: SweepReport = { ran: false, overdue: 0, escalated: 0, closed: 0, dueSoon: 0, conflicts: 0, failed: 0, lastError: null };
  if (options.lease !== false && !(await takeLease(ctx, SWEEP_LEASE, leaseMs(ctx)))) return report;
  report.ran = true;
  const now = ctx.now();
  const calendar = await calendarFor(ctx);
  const clock: WorkingClock = {
    workingMinutesBetween: (from, to) => calendar.workingMinutesBetween(from, to),
    dayMinutes: ctx.config.workingHours.reduce((sum, p) => sum + p.end - p.start, 0),
  };
  await superviseOverdue(ctx, now, clock, report);
  await closeUnrated(ctx, now, report);
  report.dueSoon = await remindDueSoon(ctx, now, calendar);
  return report;
}

async function superviseOverdue(ctx: Context, now: Date, clock: WorkingClock, report: SweepReport) {
  const at = now.toISOString();
  let after = 0;
  for (;;) {
    // Requests with a passed limit still waited on, and something left to do about it.
    const rows = await ctx.db
      .selectFrom('requests')
      .selectAll()
      .where('state', 'in', ALLOWED_FROM.markOverdue)
      .where('id', '>', after)
      .where((eb) => {
        const acceptLate = eb.and([eb('acceptedAt', 'is', null), eb('dueAcceptAt', '<', at)]);
        const resolveLate = eb.and([eb('resolvedAt', 'is', null), eb('dueResolveAt', '<', at)]);
        return eb.and([
          eb.or([acceptLate, resolveLate]),
          eb.or([
            eb('escalationLevel', '<', ESCALATION_LEVELS.length),
            eb.and([acceptLate, eb('overdueAccept', '=', 0)]),
            eb.and([resolveLate, eb('overdueResolve', '=', 0)]),
          ]),
        ]);
      })
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    const branches = await compoundsWithBranch(ctx, rows);
    for (const row of rows) {
      const commands = planSupervision(viewOf(row), now, clock, row.compoundId !== null && branches.has(row.compoundId));
      await run(ctx, row, commands, report);
    }
  }
}

/** Compounds that have a branch to supervise at level 1 (compound or red-property branch). */
async function compoundsWithBranch(ctx: Context, rows: ServiceRequest[]): Promise<Set<number>> {
  const ids = [...new Set(rows.map((r) => r.compoundId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Set();
  const found = await ctx.db
    .selectFrom('partyOrgs')
    .select('compoundId')
    .where('type', 'in', ['compound_branch', 'red_property_branch'])
    .where('compoundId', 'in', ids)
    .execute();
  return new Set(found.map((o) => o.compoundId!));
}

/** Resolved requests nobody rated within AUTO_CLOSE_DAYS calendar days close as unrated. */
async function closeUnrated(ctx: Context, now: Date, report: SweepReport) {
  const cutoff = new Date(now.getTime() - ctx.config.autoCloseDays * DAY_MS).toISOString();
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('requests')
      .selectAll()
      .where('state', '=', 'resolved')
      .where('resolvedAt', '<', cutoff)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    for (const row of rows) await run(ctx, row, [{ type: 'close' }], report);
  }
}

/** Writes the commands in order, each on the row the previous one left; stops at a conflict. */
async function run(ctx: Context, row: ServiceRequest, commands: Command[], report: SweepReport) {
  let current = row;
  for (const command of commands) {
    try {
      current = await transition(ctx, sweeperAccount(current.districtId), current, command);
    } catch (error) {
      if (isConflict(error)) {
        report.conflicts++;
      } else {
        report.failed++;
        report.lastError = `request ${row.id} ${command.type}: ${(error as Error).message}`;
      }
      return;
    }
    if (command.type === 'markOverdue') report.overdue++;
    else if (command.type === 'escalate') report.escalated++;
    else if (command.type === 'close') report.closed++;
  }
}

/** Another actor (a person, or the sweeper on another server) changed the request first. */
function isConflict(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'stale_version' || error.code === 'transition_not_allowed';
  return isContention(error);
}

/**
 * Starts the periodic sweep and webhook delivery on this server; the returned function stops
 * both, waits for a pass in progress, and gives the lease up.
 */
export function startSweeper(ctx: Context, log: (message: string) => void = (m) => console.error(m)): () => Promise<void> {
  const stops = [
    every(ctx.config.sweepSeconds * 1000, async () => {
      const report = await sweep(ctx);
      if (report.failed > 0) log(`sweeper: ${report.failed} request(s) failed, last: ${report.lastError}`);
    }, log),
    every(Math.min(ctx.config.sweepSeconds * 1000, DELIVERY_EVERY_MS), async () => {
      await deliverWebhooks(ctx);
    }, log),
  ];
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
    await releaseLease(ctx, SWEEP_LEASE);
  };
}

/** Runs `task` every `ms` (never two at once); the returned function stops and waits. */
function every(ms: number, task: () => Promise<void>, log: (message: string) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = task()
      .catch((error: unknown) => log(`background job failed: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms).unref();
      });
  };
  timer = setTimeout(tick, ms).unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
