// The service-request lifecycle as pure functions: `decide` checks a command against the
// current state and returns the named event; `apply` folds an event into the state. The
// current row is `replay(events)`, so it can always be rebuilt from the event log.

export const REQUEST_STATES = [
  'submitted',
  'accepted',
  'returned',
  'resolved',
  'reopened',
  'closed',
  'merged',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States in which a request still waits for somebody to act. */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'accepted', 'returned', 'reopened', 'resolved'];

export const HANDLER_KINDS = ['property_company', 'grid_worker', 'legal_adviser', 'community_staff'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export interface Handler {
  kind: HandlerKind;
  /** For property_company. */
  companyId: number | null;
  /** For grid_worker: the grid worker's account (null while the grid has none). */
  userId: number | null;
  /** The org unit whose staff act for legal_adviser and community_staff handlers: the community. */
  unitId: number | null;
}

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

export interface Rating {
  solved: boolean;
  satisfaction: Satisfaction;
  comment: string | null;
}

export interface RequestView {
  state: RequestState;
  version: number;
  handler: Handler;
  placedAt: string;
  dueAcceptAt: string;
  dueResolveAt: string;
  dueUncertain: boolean;
  acceptedAt: string | null;
  /** Working minutes from placement to acceptance, fixed when accepted. */
  acceptMinutes: number | null;
  acceptedInTime: boolean | null;
  resolvedAt: string | null;
  /** Working minutes from placement to the latest resolution. */
  resolveMinutes: number | null;
  closedAt: string | null;
  rating: Rating | null;
  overdueAccept: boolean;
  overdueResolve: boolean;
  escalationLevel: number;
  mergedIntoId: number | null;
  reopenCount: number;
  extensionPending: boolean;
}

interface Base {
  at: string;
  actorId: number | null;
}

/** Every event, named for what happened; `data` of the stored row is the event minus `type`/`at`/`actorId`. */
export type RequestEvent = Base &
  (
    | {
        type: 'request.submitted';
        handler: Handler;
        dueAcceptAt: string;
        dueResolveAt: string;
        dueUncertain: boolean;
      }
    | { type: 'request.accepted'; workingMinutes: number }
    | { type: 'request.returned'; reason: string }
    | { type: 'request.reassigned'; handler: Handler; note: string | null }
    | { type: 'request.resolved'; note: string; workingMinutes: number }
    | { type: 'request.rated'; rating: Rating }
    | { type: 'request.reopened'; reason: string }
    | { type: 'request.merged'; intoId: number }
    | { type: 'request.cancelled'; reason: string | null }
    | { type: 'request.supervised'; note: string }
    | { type: 'request.extension_requested'; days: number; reason: string }
    | { type: 'request.extension_decided'; granted: boolean; dueResolveAt: string | null; note: string | null }
    | { type: 'request.closed'; reason: 'unrated' }
    | { type: 'request.overdue'; limit: 'accept' | 'resolve' }
    | { type: 'request.escalated'; level: number; limit: 'accept' | 'resolve' }
  );

export type EventType = RequestEvent['type'];

export type Command =
  | { type: 'accept'; workingMinutes: number }
  | { type: 'return'; reason: string }
  | { type: 'reassign'; handler: Handler; note: string | null }
  | { type: 'resolve'; note: string; workingMinutes: number }
  | { type: 'rate'; rating: Rating }
  | { type: 'reopen'; reason: string }
  | { type: 'merge'; intoId: number; selfId: number }
  | { type: 'cancel'; reason: string | null }
  | { type: 'supervise'; note: string }
  | { type: 'extend'; days: number; reason: string }
  | { type: 'decideExtension'; granted: boolean; dueResolveAt: string | null; note: string | null }
  | { type: 'close' }
  | { type: 'markOverdue'; limit: 'accept' | 'resolve' }
  | { type: 'escalate'; level: number; limit: 'accept' | 'resolve' };

export type Action = Command['type'];

/** The states each command may start from. */
export const ALLOWED_FROM: Record<Action, readonly RequestState[]> = {
  accept: ['submitted'],
  return: ['submitted', 'accepted'],
  reassign: ['submitted', 'returned', 'accepted'],
  resolve: ['accepted', 'reopened'],
  rate: ['resolved'],
  reopen: ['resolved'],
  merge: ['submitted', 'accepted', 'returned', 'reopened'],
  cancel: ['submitted', 'returned'],
  supervise: ['submitted', 'accepted', 'returned', 'reopened', 'resolved'],
  extend: ['accepted', 'reopened'],
  decideExtension: ['accepted', 'reopened'],
  close: ['resolved'],
  markOverdue: ['submitted', 'accepted', 'returned', 'reopened'],
  escalate: ['submitted', 'accepted', 'returned', 'reopened'],
};

/**
 * Whether `action` can be taken on a request in this view at all, before asking who may take it:
 * its state allows it, and an extension is asked for only when none waits and decided only when
 * one does. `decide` refuses exactly the actions this answers false for.
 */
export function isPossible(view: Pick<RequestView, 'state' | 'extensionPending'>, action: Action): boolean {
  if (!ALLOWED_FROM[action].includes(view.state)) return false;
  if (action === 'extend') return !view.extensionPending;
  if (action === 'decideExtension') return view.extensionPending;
  return true;
}

/** Escalation levels up the supervision chain (DESIGN.md "Time limits"). */
export const ESCALATION_LEVELS = ['compound_branch', 'community_big_committee', 'street', 'district'] as const;

export class TransitionError extends Error {
  constructor(
    readonly action: Action,
    readonly state: RequestState,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionError';
  }
}

/** The first event of every request. */
export function submit(input: {
  at: string;
  actorId: number | null;
  handler: Handler;
  dueAcceptAt: string;
  dueResolveAt: string;
  dueUncertain: boolean;
}): RequestEvent {
  return { type: 'request.submitted', ...input };
}

/** Checks `command` against the request and returns the event it produces, or throws TransitionError. */
export function decide(view: RequestView, command: Command, at: string, actorId: number | null): RequestEvent {
  if (!ALLOWED_FROM[command.type].includes(view.state)) {
    throw new TransitionError(command.type, view.state, `cannot ${command.type} a request that is ${view.state}`);
  }
  const base = { at, actorId };
  switch (command.type) {
    case 'accept':
      return { ...base, type: 'request.accepted', workingMinutes: command.workingMinutes };
    case 'return':
      return { ...base, type: 'request.returned', reason: command.reason };
    case 'reassign':
      if (sameHandler(view.handler, command.handler) && view.state !== 'returned') {
        throw new TransitionError('reassign', view.state, 'the request is already with that handler');
      }
      return { ...base, type: 'request.reassigned', handler: command.handler, note: command.note };
    case 'resolve':
      return { ...base, type: 'request.resolved', note: command.note, workingMinutes: command.workingMinutes };
    case 'rate':
      return { ...base, type: 'request.rated', rating: command.rating };
    case 'reopen':
      return { ...base, type: 'request.reopened', reason: command.reason };
    case 'merge':
      if (command.intoId === command.selfId) throw new TransitionError('merge', view.state, 'a request cannot be merged into itself');
      return { ...base, type: 'request.merged', intoId: command.intoId };
    case 'cancel':
      return { ...base, type: 'request.cancelled', reason: command.reason };
    case 'supervise':
      return { ...base, type: 'request.supervised', note: command.note };
    case 'extend':
      if (view.extensionPending) throw new TransitionError('extend', view.state, 'an extension is already waiting for a decision');
      return { ...base, type: 'request.extension_requested', days: command.days, reason: command.reason };
    case 'decideExtension':
      if (!view.extensionPending) throw new TransitionError('decideExtension', view.state, 'no extension was requested');
      if (command.granted && !command.dueResolveAt) {
        throw new TransitionError('decideExtension', view.state, 'a granted extension needs the new due time');
      }
      return {
        ...base,
        type: 'request.extension_decided',
        granted: command.granted,
        dueResolveAt: command.granted ? command.dueResolveAt : null,
        note: command.note,
      };
    case 'close':
      return { ...base, type: 'request.closed', reason: 'unrated' };
    case 'markOverdue':
      if (command.limit === 'accept' ? view.overdueAccept || view.acceptedAt !== null : view.overdueResolve) {
        throw new TransitionError('markOverdue', view.state, `already overdue for ${command.limit}`);
      }
      return { ...base, type: 'request.overdue', limit: command.limit };
    case 'escalate':
      // Levels only go up; a level with no body to tell (no compound branch) may be skipped.
      if (command.level <= view.escalationLevel || command.level > ESCALATION_LEVELS.length) {
        throw new TransitionError('escalate', view.state, `cannot escalate from level ${view.escalationLevel} to ${command.level}`);
      }
      return { ...base, type: 'request.escalated', level: command.level, limit: command.limit };
  }
}

function sameHandler(a: Handler, b: Handler): boolean {
  return a.kind === b.kind && a.companyId === b.companyId && a.userId === b.userId && a.unitId === b.unitId;
}

/** Folds one event into the view. `view` is undefined only for the first (submitted) event. */
export function apply(view: RequestView | undefined, event: RequestEvent): RequestView {
  if (event.type === 'request.submitted') {
    return {
      state: 'submitted',
      version: 1,
      handler: event.handler,
      placedAt: event.at,
      dueAcceptAt: event.dueAcceptAt,
      dueResolveAt: event.dueResolveAt,
      dueUncertain: event.dueUncertain,
      acceptedAt: null,
      acceptMinutes: null,
      acceptedInTime: null,
      resolvedAt: null,
      resolveMinutes: null,
      closedAt: null,
      rating: null,
      overdueAccept: false,
      overdueResolve: false,
      escalationLevel: 0,
      mergedIntoId: null,
      reopenCount: 0,
      extensionPending: false,
    };
  }
  if (!view) throw new Error(`${event.type} before request.submitted`);
  const next: RequestView = { ...view, version: view.version + 1 };
  switch (event.type) {
    case 'request.accepted':
      return {
        ...next,
        state: 'accepted',
        acceptedAt: event.at,
        acceptMinutes: event.workingMinutes,
        acceptedInTime: event.at <= view.dueAcceptAt,
      };
    case 'request.returned':
      return { ...next, state: 'returned' };
    case 'request.reassigned':
      // A reassigned request waits to be accepted by its new handler.
      return { ...next, state: 'submitted', handler: event.handler, acceptedAt: null, acceptMinutes: null, acceptedInTime: null };
    case 'request.resolved':
      return { ...next, state: 'resolved', resolvedAt: event.at, resolveMinutes: event.workingMinutes, extensionPending: false };
    case 'request.rated':
      return { ...next, state: 'closed', rating: event.rating, closedAt: event.at };
    case 'request.reopened':
      return { ...next, state: 'reopened', resolvedAt: null, resolveMinutes: null, reopenCount: view.reopenCount + 1 };
    case 'request.merged':
      return { ...next, state: 'merged', mergedIntoId: event.intoId, closedAt: event.at };
    case 'request.cancelled':
      return { ...next, state: 'cancelled', closedAt: event.at };
    case 'request.supervised':
      return next;
    case 'request.extension_requested':
      return { ...next, extensionPending: true };
    case 'request.extension_decided':
      return {
        ...next,
        extensionPending: false,
        ...(event.granted && event.dueResolveAt ? { dueResolveAt: event.dueResolveAt, overdueResolve: false } : {}),
      };
    case 'request.closed':
      return { ...next, state: 'closed', closedAt: event.at };
    case 'request.overdue':
      return event.limit === 'accept' ? { ...next, overdueAccept: true } : { ...next, overdueResolve: true };
    case 'request.escalated':
      return { ...next, escalationLevel: event.level };
  }
}

export function replay(events: readonly RequestEvent[]): RequestView {
  let view: RequestView | undefined;
  for (const event of events) view = apply(view, event);
  if (!view) throw new Error('no events');
  return view;
}

export function isOpen(state: RequestState): boolean {
  return OPEN_STATES.includes(state);
}
