// Placing a request (点单): check the category and its fields, locate and route it, number it
// from the day's counter, compute both due times on the official calendar, and write the row,
// its first event, search entry, rollup and photos in one transaction. A retried submission
// with the same Idempotency-Key returns the first request instead of making a second.
import { sql } from 'kysely';
import { type AttributeValue, checkAttributes, type FieldSpec } from '../../core/attributes.js';
import { toShanghaiDate } from '../../core/calendar.js';
import { errors } from '../../core/errors.js';
import { type Crs, toWgs84 } from '../../core/geo.js';
import { apply, submit } from '../../core/lifecycle.js';
import type { Channel, ServiceRequest } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { calendarFor } from '../calendar/service.js';
import type { Account } from '../shared/account.js';
import { findDuplicates, indexForSearch, type PossibleDuplicate } from './duplicates.js';
import { groupWrite } from './groupCommit.js';
import { type StoredPhoto, storePhoto } from './photos.js';
import { type Place, placeOfCompound, placeOfPoint, registerFor, routeFor } from './routing.js';
import { append, columnsOf } from './store.js';

export type IntakeLocation = { lat: number; lng: number; crs?: Crs } | { compoundId: number; buildingId?: number | null };

export interface IntakeInput {
  categoryCode: string;
  description: string;
  location: IntakeLocation;
  attributes?: Record<string, AttributeValue>;
  reporter?: { name: string; phone: string };
  channel?: Channel;
}

export interface IntakeResult {
  request: ServiceRequest;
  created: boolean;
  possibleDuplicates: PossibleDuplicate[];
}

/** Channels a role may record; residents place requests themselves through the app. */
function channelFor(account: Account | null, asked: Channel | undefined): Channel {
  if (!account || account.role === 'resident') {
    if (asked && asked !== 'app') throw errors.field('channel', 'residents place requests through the app');
    return 'app';
  }
  if (account.role === 'grid_worker') return asked ?? 'grid_worker';
  if (!asked) throw errors.field('channel', 'say how the request reached you');
  return asked;
}

export async function placeRequest(
  ctx: Context,
  account: Account | null,
  input: IntakeInput,
  photos: { field: string; data: Buffer }[] = [],
  idempotencyKey: string | null = null,
): Promise<IntakeResult> {
  // Anonymous residents' keys share one space; clients make them unique (UUIDs).
  const owner = account ? `user:${account.id}` : 'anonymous';
  if (idempotencyKey) {
    const earlier = await replayed(ctx, owner, idempotencyKey);
    if (earlier) return { request: earlier, created: false, possibleDuplicates: [] };
  }

  const place = await locate(ctx, account?.districtId ?? null, input.location);
  const districtId = place.districtId;
  const category = (await registerFor(ctx)).categoryCodes.get(`${districtId}:${input.categoryCode}`);
  if (!category?.active) throw errors.reference('categoryCode', 'category');
  const problems = checkAttributes(JSON.parse(category.fields) as FieldSpec[], input.attributes ?? {});
  if (problems.length > 0) throw errors.validation(problems);

  const channel = channelFor(account, input.channel);
  const reporter = reporterOf(account, input);
  const handler = await routeFor(ctx, place, category.handlerKind);

  const placedAt = ctx.now();
  const calendar = await calendarFor(ctx);
  const acceptDue = calendar.due(placedAt, { amount: category.acceptLimit, unit: category.urgent ? 'calendar_hours' : category.acceptUnit });
  const resolveDue = calendar.due(placedAt, { amount: category.resolveLimit, unit: category.urgent ? 'calendar_hours' : category.resolveUnit });
  const first = submit({
    at: placedAt.toISOString(),
    actorId: account?.id || null,
    handler,
    dueAcceptAt: acceptDue.due.toISOString(),
    dueResolveAt: resolveDue.due.toISOString(),
    dueUncertain: acceptDue.uncertain || resolveDue.uncertain,
  });
  const view = apply(undefined, first);

  const possibleDuplicates = await findDuplicates(ctx, { districtId, categoryId: category.id, lat: place.lat, lng: place.lng, description: input.description });
  const stored: StoredPhoto[] = [];
  for (const photo of photos) stored.push(await storePhoto(ctx, photo.field, photo.data));

  const day = toShanghaiDate(placedAt);
  try {
    const request = await groupWrite(ctx, async (trx) => {
      const counter = await trx
        .insertInto('requestCounters')
        .values({ districtId, day, value: 1 })
        .onConflict((oc) => oc.columns(['districtId', 'day']).doUpdateSet({ value: sql`request_counters.value + 1` }))
        .returning('value')
        .executeTakeFirstOrThrow();
      const number = `${ctx.config.requestPrefix}-${day.replaceAll('-', '')}-${String(counter.value).padStart(4, '0')}`;
      const row = await trx
        .insertInto('requests')
        .values({
          ...columnsOf(view),
          districtId,
          streetId: place.streetId,
          communityId: place.communityId,
          gridId: place.gridId,
          compoundId: place.compoundId,
          buildingId: place.buildingId,
          number,
          categoryId: category.id,
          channel,
          description: input.description,
          lng: place.lng,
          lat: place.lat,
          attributes: JSON.stringify(input.attributes ?? {}),
          reporterUserId: reporter.userId,
          reporterName: reporter.name,
          reporterPhone: reporter.phone,
          createdBy: account?.id || null,
          placedDay: day,
          updatedAt: first.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await append(trx, row, undefined, first, view);
      await indexForSearch(trx, ctx.dialect, row.id, input.description);
      if (stored.length > 0) {
        await trx
          .insertInto('requestPhotos')
          .values(stored.map((p) => ({ ...p, districtId, requestId: row.id, stage: 'intake' as const, createdAt: first.at })))
          .execute();
      }
      if (idempotencyKey) {
        await trx.insertInto('idempotencyKeys').values({ owner, key: idempotencyKey, requestId: row.id, createdAt: first.at }).execute();
      }
      return row;
    });
    return { request, created: true, possibleDuplicates };
  } catch (error) {
    // Two retries racing with one key: the loser's transaction rolled back; answer with the winner's.
    if (idempotencyKey) {
      const earlier = await replayed(ctx, owner, idempotencyKey);
      if (earlier) return { request: earlier, created: false, possibleDuplicates: [] };
    }
    throw error;
  }
}

async function replayed(ctx: Context, owner: string, key: string): Promise<ServiceRequest | undefined> {
  return ctx.db
    .selectFrom('idempotencyKeys')
    .innerJoin('requests', 'requests.id', 'idempotencyKeys.requestId')
    .selectAll('requests')
    .where('idempotencyKeys.owner', '=', owner)
    .where('idempotencyKeys.key', '=', key)
    .executeTakeFirst();
}

function reporterOf(account: Account | null, input: IntakeInput) {
  if (account?.role === 'resident') {
    if (input.reporter) throw errors.field('reporter', 'residents report as themselves');
    return { userId: account.id, name: null, phone: null };
  }
  if (!input.reporter) throw errors.field('reporter', 'give the name and phone of the resident who asks');
  return { userId: null, name: input.reporter.name, phone: input.reporter.phone };
}

async function locate(ctx: Context, districtId: number | null, location: IntakeLocation): Promise<Place> {
  if ('compoundId' in location) return placeOfCompound(ctx, districtId, location.compoundId, location.buildingId ?? null);
  const point = toWgs84(location.lng, location.lat, location.crs ?? 'wgs84');
  return placeOfPoint(ctx, districtId, point.lng, point.lat);
}
