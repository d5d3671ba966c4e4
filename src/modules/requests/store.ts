// Writing the request loop: the current row is the projection of the events, so every change
// appends one event, moves the row to the new view (guarded by its version), and moves the
// figure rollups by the change in the request's contribution — all in one transaction.
import type { Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { COUNTERS, type Counters, delta } from '../../core/figures.js';
import type { RequestEvent, RequestView } from '../../core/lifecycle.js';
import type { Database, RequestEventRow, ServiceRequest } from '../../db/schema.js';

type Trx = Transaction<Database>;

export function viewOf(row: ServiceRequest): RequestView {
  return {
    state: row.state,
    version: row.version,
    handler: { kind: row.handlerKind, companyId: row.handlerCompanyId, userId: row.handlerUserId, unitId: row.handlerUnitId },
    placedAt: row.placedAt,
    dueAcceptAt: row.dueAcceptAt,
    dueResolveAt: row.dueResolveAt,
    dueUncertain: row.dueUncertain === 1,
    acceptedAt: row.acceptedAt,
    acceptMinutes: row.acceptMinutes,
    acceptedInTime: row.acceptedInTime === null ? null : row.acceptedInTime === 1,
    resolvedAt: row.resolvedAt,
    resolveMinutes: row.resolveMinutes,
    closedAt: row.closedAt,
    rating:
      row.ratingSatisfaction === null
        ? null
        : { solved: row.ratingSolved === 1, satisfaction: row.ratingSatisfaction, comment: row.ratingComment },
    overdueAccept: row.overdueAccept === 1,
    overdueResolve: row.overdueResolve === 1,
    escalationLevel: row.escalationLevel,
    mergedIntoId: row.mergedIntoId,
    reopenCount: row.reopenCount,
    extensionPending: row.extensionPending === 1,
  };
}

const flag = (value: boolean) => (value ? 1 : 0) as 0 | 1;

/** The columns of the row that the view decides. */
export function columnsOf(view: RequestView) {
  return {
    state: view.state,
    version: view.version,
    handlerKind: view.handler.kind,
    handlerCompanyId: view.handler.companyId,
    handlerUserId: view.handler.userId,
    handlerUnitId: view.handler.unitId,
    placedAt: view.placedAt,
    dueAcceptAt: view.dueAcceptAt,
    dueResolveAt: view.dueResolveAt,
    dueUncertain: flag(view.dueUncertain),
    acceptedAt: view.acceptedAt,
    acceptMinutes: view.acceptMinutes === null ? null : Math.round(view.acceptMinutes),
    acceptedInTime: view.acceptedInTime === null ? null : flag(view.acceptedInTime),
    resolvedAt: view.resolvedAt,
    resolveMinutes: view.resolveMinutes === null ? null : Math.round(view.resolveMinutes),
    closedAt: view.closedAt,
    ratingSolved: view.rating ? flag(view.rating.solved) : null,
    ratingSatisfaction: view.rating?.satisfaction ?? null,
    ratingComment: view.rating?.comment ?? null,
    overdueAccept: flag(view.overdueAccept),
    overdueResolve: flag(view.overdueResolve),
    escalationLevel: view.escalationLevel,
    mergedIntoId: view.mergedIntoId,
    reopenCount: view.reopenCount,
    extensionPending: flag(view.extensionPending),
  };
}

/** The stored form of an event: its type and time in columns, the rest as JSON. */
export function eventData(event: RequestEvent): string {
  const { type: _type, at: _at, actorId: _actor, ...data } = event;
  return JSON.stringify(data);
}

export function eventOf(row: Pick<RequestEventRow, 'type' | 'at' | 'actorId' | 'data'>): RequestEvent {
  return { ...(JSON.parse(row.data) as object), type: row.type, at: row.at, actorId: row.actorId } as RequestEvent;
}

export class StaleVersion extends AppError {
  constructor(current: { version: number; state: string }) {
    super(409, 'stale_version', `the request changed meanwhile: it is now ${current.state} at version ${current.version}`, [
      { field: 'version', message: `current version is ${current.version} (${current.state})` },
    ]);
  }
}

/** `before` is undefined for a request's first event; `after` is what the row now holds. */
export type EventListener = (
  trx: Trx,
  request: ServiceRequest,
  event: RequestEventRow,
  before: RequestView | undefined,
  after: RequestView,
) => Promise<void>;
const listeners: EventListener[] = [];

/** Areas that react to request events in the same transaction (notifications, webhooks). */
export function onRequestEvent(listener: EventListener): void {
  listeners.push(listener);
}

/**
 * Appends `event` to a request whose row is `row` (as read, at `before.version`) and moves the
 * row to `after`. Exactly one of two concurrent writers of the same version wins: the other's
 * update matches no row (and the event's (request, seq) key is unique besides).
 */
export async function append(
  trx: Trx,
  row: ServiceRequest,
  before: RequestView | undefined,
  event: RequestEvent,
  after: RequestView,
): Promise<{ row: ServiceRequest; event: RequestEventRow }> {
  let current = row;
  if (before) {
    const updated = await trx
      .updateTable('requests')
      .set({ ...columnsOf(after), updatedAt: event.at })
      .where('id', '=', row.id)
      .where('version', '=', before.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) {
      const now = await trx.selectFrom('requests').select(['version', 'state']).where('id', '=', row.id).executeTakeFirstOrThrow();
      throw new StaleVersion(now);
    }
    current = updated;
  }
  const stored = await trx
    .insertInto('requestEvents')
    .values({
      districtId: row.districtId,
      requestId: row.id,
      seq: after.version,
      type: event.type,
      actorId: event.actorId,
      fromState: before?.state ?? null,
      toState: after.state,
      at: event.at,
      data: eventData(event),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await moveRollup(trx, current, delta(before, after));
  for (const listener of listeners) await listener(trx, current, stored, before, after);
  return { row: current, event: stored };
}

async function moveRollup(trx: Trx, row: ServiceRequest, change: Counters): Promise<void> {
  if (COUNTERS.every((c) => change[c] === 0)) return;
  await trx
    .insertInto('requestRollups')
    .values({
      districtId: row.districtId,
      streetId: row.streetId,
      communityId: row.communityId,
      gridId: row.gridId,
      compoundId: row.compoundId ?? 0,
      day: row.placedDay,
      categoryId: row.categoryId,
      channel: row.channel,
      ...change,
    })
    .onConflict((oc) =>
      oc.columns(['gridId', 'compoundId', 'day', 'categoryId', 'channel']).doUpdateSet((eb) =>
        Object.fromEntries(
          COUNTERS.filter((c) => change[c] !== 0).map((c) => [c, eb(eb.ref(`requestRollups.${c}`), '+', change[c])]),
        ),
      ),
    )
    .execute();
}
