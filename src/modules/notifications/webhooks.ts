// Outgoing webhooks: an org unit's URL receives every request event in its subtree as a JSON
// POST signed with the webhook's secret. A delivery is queued in the event's own transaction
// and sent by a worker that retries with backoff and keeps the outcome of each attempt.
import { createHmac, randomBytes } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { replay } from '../../core/lifecycle.js';
import type { Role } from '../../core/vocabulary.js';
import type { Database, RequestEventRow, ServiceRequest } from '../../db/schema.js';
import type { Kysely } from 'kysely';
import type { Context } from '../../server/types.js';
import { eventOf, onRequestEvent } from '../requests/store.js';
import { type Account, inSubtree } from '../shared/account.js';
import { type Paging, paginate } from '../shared/http.js';
import { isContention } from '../shared/leases.js';

const MANAGERS: readonly Role[] = ['district_admin', 'street_staff', 'community_staff'];

/** Waits after the 1st, 2nd, … failed attempt; after the last of them one more try, then failed. */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const TIMEOUT_MS = 5_000;
// A delivery a server has claimed is left alone by the others this long: far beyond the timeout.
const CLAIM_MS = 60_000;
const BATCH = 50;
const PARALLEL = 8;

export const SIGNATURE_HEADER = 'x-hongyun-signature';
export const EVENT_HEADER = 'x-hongyun-event';

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function mayManage(account: Account): void {
  if (!MANAGERS.includes(account.role)) throw errors.forbidden(`${account.role} may not manage webhooks`);
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw errors.field('url', 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw errors.field('url', 'must be an http:// or https:// URL');
  return url.toString();
}

/** Webhooks whose org unit lies in the account's subtree. */
function visibleWebhooks(ctx: Context, account: Account) {
  return ctx.db
    .selectFrom('webhooks')
    .innerJoin('orgUnits', 'orgUnits.id', 'webhooks.orgUnitId')
    .where('webhooks.districtId', '=', account.districtId)
    .where(inSubtree(account, 'orgUnits'));
}

export async function getWebhook(ctx: Context, account: Account, id: number) {
  mayManage(account);
  const hook = await visibleWebhooks(ctx, account).selectAll('webhooks').where('webhooks.id', '=', id).executeTakeFirst();
  if (!hook) throw errors.notFound('webhook');
  return hook;
}

/** Registers a URL for an org unit in scope; the secret is returned here and never again. */
export async function createWebhook(ctx: Context, account: Account, input: { orgUnitId: number; url: string }) {
  mayManage(account);
  const unit = await ctx.db
    .selectFrom('orgUnits')
    .select('id')
    .where('id', '=', input.orgUnitId)
    .where('districtId', '=', account.districtId)
    .where(inSubtree(account, 'orgUnits'))
    .executeTakeFirst();
  if (!unit) throw errors.reference('orgUnitId', 'org unit');
  const url = checkUrl(input.url);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const at = ctx.now().toISOString();
  const hook = await ctx.db
    .insertInto('webhooks')
    .values({ districtId: account.districtId, orgUnitId: unit.id, url, secret, active: 1, createdAt: at, updatedAt: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { hook, secret };
}

export async function listWebhooks(ctx: Context, account: Account, paging: Paging) {
  mayManage(account);
  return paginate(visibleWebhooks(ctx, account).selectAll('webhooks'), 'webhooks', paging, 'id');
}

/** Removes a webhook and its delivery log; queued deliveries are dropped with it. */
export async function deleteWebhook(ctx: Context, account: Account, id: number): Promise<void> {
  const hook = await getWebhook(ctx, account, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhookDeliveries').where('webhookId', '=', hook.id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', hook.id).execute();
  });
}

/** The delivery log of one webhook, newest first. */
export async function listDeliveries(ctx: Context, account: Account, id: number, paging: Paging) {
  const hook = await getWebhook(ctx, account, id);
  const base = ctx.db
    .selectFrom('webhookDeliveries')
    .innerJoin('requestEvents', 'requestEvents.id', 'webhookDeliveries.eventId')
    .innerJoin('requests', 'requests.id', 'requestEvents.requestId')
    .where('webhookDeliveries.webhookId', '=', hook.id)
    .selectAll('webhookDeliveries')
    .select(['requestEvents.type as eventType', 'requestEvents.requestId', 'requests.number as requestNumber']);
  return paginate(base, 'webhookDeliveries', { ...paging, sort: '-id' }, '-id');
}

/** Queues a delivery of the event to every active webhook on the request's org units. */
async function enqueue(trx: Kysely<Database>, request: ServiceRequest, event: RequestEventRow): Promise<void> {
  const hooks = await trx
    .selectFrom('webhooks')
    .select('id')
    .where('districtId', '=', request.districtId)
    .where('active', '=', 1)
    .where('orgUnitId', 'in', [request.districtId, request.streetId, request.communityId, request.gridId])
    .execute();
  if (hooks.length === 0) return;
  await trx
    .insertInto('webhookDeliveries')
    .values(
      hooks.map((h) => ({
        webhookId: h.id,
        eventId: event.id,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: event.at,
        createdAt: event.at,
      })),
    )
    .execute();
}

onRequestEvent(enqueue);

/**
 * The body of a delivery: the event, and the request as it stood right after it (replayed
 * from the events up to it), so every retry sends the same bytes. The reporter's name and
 * phone never leave.
 */
async function bodyOf(ctx: Context, eventId: number): Promise<{ type: string; body: string }> {
  const row = await ctx.db.selectFrom('requestEvents').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  const request = await ctx.db.selectFrom('requests').selectAll().where('id', '=', row.requestId).executeTakeFirstOrThrow();
  const category = await ctx.db.selectFrom('categories').select('code').where('id', '=', request.categoryId).executeTakeFirstOrThrow();
  const history = await ctx.db
    .selectFrom('requestEvents')
    .select(['type', 'at', 'actorId', 'data'])
    .where('requestId', '=', row.requestId)
    .where('seq', '<=', row.seq)
    .orderBy('seq')
    .execute();
  const view = replay(history.map(eventOf));
  const payload = {
    event: { id: row.id, type: row.type, at: row.at, seq: row.seq, actorId: row.actorId, fromState: row.fromState, toState: row.toState, data: JSON.parse(row.data) as unknown },
    request: {
      id: request.id,
      number: request.number,
      category: category.code,
      channel: request.channel,
      description: request.description,
      location: { lat: request.lat, lng: request.lng },
      districtId: request.districtId,
      streetId: request.streetId,
      communityId: request.communityId,
      gridId: request.gridId,
      compoundId: request.compoundId,
      buildingId: request.buildingId,
      ...view,
    },
  };
  return { type: row.type, body: JSON.stringify(payload) };
}

interface Outcome {
  status: number | null;
  error: string | null;
}

async function post(url: string, secret: string, deliveryId: number, type: string, body: string): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Hongyun-Webhooks/1',
        [SIGNATURE_HEADER]: signature(secret, body),
        [EVENT_HEADER]: type,
        'x-hongyun-delivery': String(deliveryId),
      },
    });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { status: null, error: `no answer within ${TIMEOUT_MS / 1000} s` };
    const cause = e.cause?.code ?? e.cause?.message;
    return { status: null, error: (cause ? `${e.message}: ${cause}` : e.message).slice(0, 500) };
  }
}

export interface DeliveryReport {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * One pass of the delivery worker: claims due deliveries one by one (an UPDATE that only the
 * first server matches, moving the next attempt ahead by CLAIM_MS), posts them, and records
 * the outcome: delivered, another attempt after the next backoff delay, or failed.
 */
export async function deliverWebhooks(ctx: Context): Promise<DeliveryReport> {
  const report: DeliveryReport = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const now = ctx.now();
  const due = await ctx.db
    .selectFrom('webhookDeliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhookDeliveries.webhookId')
    .select([
      'webhookDeliveries.id',
      'webhookDeliveries.eventId',
      'webhookDeliveries.attempts',
      'webhookDeliveries.nextAttemptAt',
      'webhooks.url',
      'webhooks.secret',
    ])
    .where('webhookDeliveries.status', '=', 'pending')
    .where('webhookDeliveries.nextAttemptAt', '<=', now.toISOString())
    .where('webhooks.active', '=', 1)
    .orderBy('webhookDeliveries.nextAttemptAt')
    .orderBy('webhookDeliveries.id')
    .limit(BATCH)
    .execute();

  const one = async (d: (typeof due)[number]) => {
    const claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
    const claim = await ctx.db
      .updateTable('webhookDeliveries')
      .set({ nextAttemptAt: claimedUntil })
      .where('id', '=', d.id)
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '=', d.nextAttemptAt)
      .executeTakeFirst()
      .catch((error: unknown) => {
        if (isContention(error)) return { numUpdatedRows: 0n };
        throw error;
      });
    if (Number(claim.numUpdatedRows) !== 1) return;
    const { type, body } = await bodyOf(ctx, d.eventId);
    const outcome = await post(d.url, d.secret, d.id, type, body);
    const attempts = d.attempts + 1;
    const at = ctx.now();
    const delivered = outcome.error === null;
    const failed = !delivered && attempts >= MAX_ATTEMPTS;
    await ctx.db
      .updateTable('webhookDeliveries')
      .set({
        attempts,
        status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
        lastStatus: outcome.status,
        lastError: outcome.error,
        deliveredAt: delivered ? at.toISOString() : null,
        nextAttemptAt: delivered || failed ? at.toISOString() : new Date(at.getTime() + RETRY_DELAYS_MS[attempts - 1]!).toISOString(),
      })
      .where('id', '=', d.id)
      .where('nextAttemptAt', '=', claimedUntil)
      .execute();
    report.attempted++;
    if (delivered) report.delivered++;
    else if (failed) report.failed++;
    else report.retrying++;
  };

  for (let i = 0; i < due.length; i += PARALLEL) await Promise.all(due.slice(i, i + PARALLEL).map(one));
  return report;
}
