// When the clock supervises (督单): which limits of a request are overdue, how far up the
// supervision chain it should have gone, and the commands that take it there. Pure; the
// sweeper (src/modules/requests/sweeper.ts) feeds it the official calendar and writes the commands.
import { ALLOWED_FROM, type Command, ESCALATION_LEVELS, type RequestView } from './lifecycle.js';

/**
 * Working days a request must have been overdue before each level takes it over (index =
 * level − 1). Level 1 (the compound's branch) as soon as a limit passes; the community big
 * party committee after one more working day; the street after three; the district after five.
 */
export const ESCALATE_AFTER_WORKING_DAYS: readonly number[] = [0, 1, 3, 5];

/** How notifications name each level (index = level − 1). */
export const LEVEL_NAMES_ZH: readonly string[] = ['小区党支部', '社区大党委', '街道', '区级'];

export type Limit = 'accept' | 'resolve';

export interface OverdueLimit {
  limit: Limit;
  due: string;
}

/** Working-time arithmetic the plan needs (src/core/calendar.ts provides it). */
export interface WorkingClock {
  workingMinutesBetween(from: Date, to: Date): number;
  /** Working minutes in one working day (the configured working hours). */
  dayMinutes: number;
}

/** The limits still waited on whose due time has passed, oldest due first. */
export function overdueLimits(view: RequestView, now: Date): OverdueLimit[] {
  if (!ALLOWED_FROM.markOverdue.includes(view.state)) return [];
  const at = now.toISOString();
  const out: OverdueLimit[] = [];
  if (view.acceptedAt === null && view.dueAcceptAt < at) out.push({ limit: 'accept', due: view.dueAcceptAt });
  if (view.resolvedAt === null && view.dueResolveAt < at) out.push({ limit: 'resolve', due: view.dueResolveAt });
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/**
 * The level a request overdue for `overdueMinutes` of working time should have reached. A
 * request whose compound has no branch starts at level 2 when it becomes overdue: the first
 * body that exists supervises from the start, rather than nobody for a working day.
 */
export function escalationTarget(overdueMinutes: number, dayMinutes: number, hasLevelOne: boolean): number {
  let level = 1;
  for (let i = 1; i < ESCALATE_AFTER_WORKING_DAYS.length; i++) {
    if (overdueMinutes >= ESCALATE_AFTER_WORKING_DAYS[i]! * dayMinutes) level = i + 1;
  }
  return !hasLevelOne && level === 1 ? 2 : level;
}

/**
 * The commands that bring the request up to date at `now`: mark each newly overdue limit,
 * then escalate one level at a time (each level an event, so each level's body is told),
 * skipping level 1 when it has no body. Escalation follows the limit overdue longest; a level
 * once reached is never repeated, even when a later limit passes.
 */
export function planSupervision(view: RequestView, now: Date, clock: WorkingClock, hasLevelOne: boolean): Command[] {
  const overdue = overdueLimits(view, now);
  if (overdue.length === 0) return [];
  const commands: Command[] = [];
  for (const { limit } of overdue) {
    if (!(limit === 'accept' ? view.overdueAccept : view.overdueResolve)) commands.push({ type: 'markOverdue', limit });
  }
  const oldest = overdue[0]!;
  const target = escalationTarget(clock.workingMinutesBetween(new Date(oldest.due), now), clock.dayMinutes, hasLevelOne);
  for (let level = view.escalationLevel + 1; level <= Math.min(target, ESCALATION_LEVELS.length); level++) {
    if (level === 1 && !hasLevelOne) continue;
    commands.push({ type: 'escalate', level, limit: oldest.limit });
  }
  return commands;
}
