// Acting on a request (接单, 督单 and the rest): the account must see the request and be the one
// who may take this action; the command is checked by the pure lifecycle and written with the
// version the actor saw, so of two people acting at once exactly one wins.
import { AppError, errors } from '../../core/errors.js';
import { type Action, apply, type Command, decide, type Handler, type Rating, TransitionError } from '../../core/lifecycle.js';
import type { Transaction } from 'kysely';
import type { Database, ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { calendarFor } from '../calendar/service.js';
import { findCompany } from '../companies/service.js';
import { type Account, systemAccount } from '../shared/account.js';
import { findUser } from '../accounts/service.js';
import { findRequest, mayAct } from './policy.js';
import { type StoredPhoto, storePhoto } from './photos.js';
import { append, StaleVersion, viewOf } from './store.js';

export type ActionInput =
  | { action: 'accept' }
  | { action: 'return'; reason: string }
  | { action: 'reassign'; handler: { kind: Handler['kind']; companyId?: number; userId?: number }; note?: string | null }
  | { action: 'resolve'; note: string }
  | { action: 'rate'; solved: boolean; satisfaction: Rating['satisfaction']; comment?: string | null }
  | { action: 'reopen'; reason: string }
  | { action: 'merge'; intoId: number }
  | { action: 'cancel'; reason?: string | null }
  | { action: 'supervise'; note: string }
  | { action: 'extend'; days: number; reason: string }
  | { action: 'decideExtension'; granted: boolean; note?: string | null };

export async function act(
  ctx: Context,
  account: Account,
  id: number,
  version: number,
  input: ActionInput,
  photos: { field: string; data: Buffer }[] = [],
): Promise<ServiceRequest> {
  const request = await findRequest(ctx.db, account, id);
  if (!request) throw errors.notFound('request');
  if (!mayAct(account, request, input.action)) throw errors.forbidden(`this account may not ${input.action} this request`);
  if (request.version !== version) throw new StaleVersion(request);
  const command = await commandFor(ctx, account, request, input);
  const stored: StoredPhoto[] = [];
  for (const photo of photos) stored.push(await storePhoto(ctx, photo.field, photo.data));
  return transition(ctx, account, request, command, async (trx, row, at) => {
    if (stored.length > 0) {
      await trx
        .insertInto('requestPhotos')
        .values(stored.map((p) => ({ ...p, districtId: row.districtId, requestId: row.id, stage: 'resolution' as const, createdAt: at })))
        .execute();
    }
  });
}

type After = (trx: Transaction<Database>, row: ServiceRequest, at: string) => Promise<void>;

/** Decides and writes one command; used by `act` and by the background sweeper. */
export async function transition(
  ctx: Context,
  account: Account,
  request: ServiceRequest,
  command: Command,
  after?: After,
): Promise<ServiceRequest> {
  const before = viewOf(request);
  const at = ctx.now().toISOString();
  let event;
  try {
    event = decide(before, command, at, account.id || null);
  } catch (error) {
    if (error instanceof TransitionError) {
      throw new AppError(409, 'transition_not_allowed', error.message, [{ field: 'action', message: error.message }]);
    }
    throw error;
  }
  const next = apply(before, event);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const { row } = await append(trx, request, before, event, next);
      if (command.type === 'merge') await noteMerge(trx, row, command.intoId, at);
      await after?.(trx, row, at);
      return row;
    });
  } catch (error) {
    // The unique (request, seq) key caught a concurrent writer the version check raced past.
    if (!(error instanceof AppError) && isUniqueViolation(error)) {
      const now = await ctx.db.selectFrom('requests').select(['version', 'state']).where('id', '=', request.id).executeTakeFirstOrThrow();
      throw new StaleVersion(now);
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The merged request's reporter follows the main request: they are told where it went. */
async function noteMerge(trx: Transaction<Database>, row: ServiceRequest, intoId: number, at: string) {
  if (row.reporterUserId === null) return;
  const main = await trx.selectFrom('requests').select('number').where('id', '=', intoId).executeTakeFirst();
  await trx
    .insertInto('notifications')
    .values({
      districtId: row.districtId,
      userId: row.reporterUserId,
      requestId: intoId,
      type: 'request.merged',
      text: `您的诉求 ${row.number} 与 ${main?.number ?? intoId} 为同一问题，已合并办理`,
      createdAt: at,
    })
    .execute();
}

async function commandFor(ctx: Context, account: Account, request: ServiceRequest, input: ActionInput): Promise<Command> {
  const now = ctx.now();
  const placedAt = new Date(request.placedAt);
  switch (input.action) {
    case 'accept':
      return { type: 'accept', workingMinutes: Math.round((await calendarFor(ctx)).workingMinutesBetween(placedAt, now)) };
    case 'resolve':
      return { type: 'resolve', note: input.note, workingMinutes: Math.round((await calendarFor(ctx)).workingMinutesBetween(placedAt, now)) };
    case 'return':
      return { type: 'return', reason: input.reason };
    case 'reassign':
      return { type: 'reassign', handler: await handlerFor(ctx, account, request, input.handler), note: input.note ?? null };
    case 'rate':
      return { type: 'rate', rating: { solved: input.solved, satisfaction: input.satisfaction, comment: input.comment ?? null } };
    case 'reopen':
      return { type: 'reopen', reason: input.reason };
    case 'merge': {
      const main = await findRequest(ctx.db, account, input.intoId);
      if (!main) throw errors.reference('intoId', 'request');
      if (main.id !== request.id && (main.state === 'merged' || main.state === 'cancelled' || main.state === 'closed')) {
        throw errors.field('intoId', `the main request is ${main.state}; merge into an open one`);
      }
      return { type: 'merge', intoId: main.id, selfId: request.id };
    }
    case 'cancel':
      return { type: 'cancel', reason: input.reason ?? null };
    case 'supervise':
      return { type: 'supervise', note: input.note };
    case 'extend':
      return { type: 'extend', days: input.days, reason: input.reason };
    case 'decideExtension': {
      const days = input.granted ? await requestedDays(ctx, request.id) : 0;
      const due = input.granted
        ? (await calendarFor(ctx)).addWorkingDays(new Date(request.dueResolveAt), days).due.toISOString()
        : null;
      return { type: 'decideExtension', granted: input.granted, dueResolveAt: due, note: input.note ?? null };
    }
  }
}

async function requestedDays(ctx: Context, requestId: number): Promise<number> {
  const row = await ctx.db
    .selectFrom('requestEvents')
    .select('data')
    .where('requestId', '=', requestId)
    .where('type', '=', 'request.extension_requested')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as { days: number }).days : 0;
}

/** A reassignment names the new handler; it must exist and lie in the dispatcher's scope. */
async function handlerFor(
  ctx: Context,
  account: Account,
  request: ServiceRequest,
  target: { kind: Handler['kind']; companyId?: number; userId?: number },
): Promise<Handler> {
  switch (target.kind) {
    case 'property_company': {
      if (!target.companyId || !(await findCompany(ctx.db, account, target.companyId))) {
        throw errors.reference('handler.companyId', 'property company');
      }
      return { kind: 'property_company', companyId: target.companyId, userId: null, unitId: null };
    }
    case 'grid_worker': {
      const worker = target.userId ? await findUser(ctx.db, account, target.userId) : undefined;
      if (!worker || worker.role !== 'grid_worker' || worker.disabled) throw errors.reference('handler.userId', 'grid worker');
      return { kind: 'grid_worker', companyId: null, userId: worker.id, unitId: worker.scopeUnitId };
    }
    case 'legal_adviser':
    case 'community_staff':
      return { kind: target.kind, companyId: null, userId: null, unitId: request.communityId };
  }
}

/** The account the background sweeper acts as, per district. */
export function sweeperAccount(districtId: number): Account {
  return { ...systemAccount(districtId), username: 'sweeper', displayName: '超时督办' };
}

export type { Action };
