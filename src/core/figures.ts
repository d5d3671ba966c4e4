// What one request contributes to the figures of the unit and day it was placed in
// (DESIGN.md "Figures"). Rollup rows hold sums of contributions; when a request changes,
// the rollup moves by contribution(new) − contribution(old), so any figure can be
// recomputed from the event log by replaying it.
import { REQUEST_STATES, type RequestState, type RequestView } from './lifecycle.js';

export const COUNTERS = [
  'placed',
  'counted',
  ...REQUEST_STATES.map((s) => `state${capitalize(s)}` as const),
  'acceptedInTime',
  'acceptDenominator',
  'rated',
  'solved',
  'satisfied',
  'overdue',
  'accepted',
  'acceptMinutes',
  'resolved',
  'resolveMinutes',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

export function zero(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

export function stateCounter(state: RequestState): Counter {
  return `state${capitalize(state)}`;
}

function capitalize<S extends string>(s: S): Capitalize<S> {
  return (s.charAt(0).toUpperCase() + s.slice(1)) as Capitalize<S>;
}

/** The counters a request in this state adds to its unit and day. */
export function contribution(view: RequestView): Counters {
  const c = zero();
  c.placed = 1;
  c[stateCounter(view.state)] = 1;
  // Merged and cancelled requests stay in the counts by state but not in the rates.
  if (view.state === 'merged' || view.state === 'cancelled') return c;
  c.counted = 1;
  if (view.acceptedAt !== null) {
    c.accepted = 1;
    c.acceptMinutes = view.acceptMinutes ?? 0;
    c.acceptedInTime = view.acceptedInTime ? 1 : 0;
  }
  c.acceptDenominator = view.acceptedAt !== null || view.overdueAccept ? 1 : 0;
  if (view.resolvedAt !== null) {
    c.resolved = 1;
    c.resolveMinutes = view.resolveMinutes ?? 0;
  }
  if (view.rating) {
    c.rated = 1;
    c.solved = view.rating.solved ? 1 : 0;
    c.satisfied = view.rating.satisfaction === 'unsatisfied' ? 0 : 1;
  }
  c.overdue = view.overdueAccept || view.overdueResolve ? 1 : 0;
  return c;
}

export function delta(before: RequestView | undefined, after: RequestView): Counters {
  const a = contribution(after);
  if (!before) return a;
  const b = contribution(before);
  return Object.fromEntries(COUNTERS.map((k) => [k, a[k] - b[k]])) as Counters;
}

export function add(into: Counters, more: Counters): Counters {
  for (const k of COUNTERS) into[k] += more[k];
  return into;
}

export interface Figures {
  requests: number;
  byState: Record<RequestState, number>;
  overdue: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  averageAcceptMinutes: number | null;
  averageResolveMinutes: number | null;
  accepted: number;
  rated: number;
}

const ratio = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

/** Turns summed counters into the published figures (rates rounded to 4 decimals). */
export function figuresOf(c: Counters): Figures {
  return {
    requests: c.placed,
    byState: Object.fromEntries(REQUEST_STATES.map((s) => [s, c[stateCounter(s)]])) as Record<RequestState, number>,
    overdue: c.overdue,
    responseRate: ratio(c.acceptedInTime, c.acceptDenominator),
    resolutionRate: ratio(c.solved, c.rated),
    satisfactionRate: ratio(c.satisfied, c.rated),
    averageAcceptMinutes: c.accepted === 0 ? null : Math.round((c.acceptMinutes / c.accepted) * 10) / 10,
    averageResolveMinutes: c.resolved === 0 ? null : Math.round((c.resolveMinutes / c.resolved) * 10) / 10,
    accepted: c.accepted,
    rated: c.rated,
  };
}
