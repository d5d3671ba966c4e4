// Where a request lies and who handles it. Locations resolve to grid and compound through an
// in-memory spatial index of the register's polygons; the index is rebuilt when the register
// changes (noticed at once on this server, within a few seconds on the others).
import { errors } from '../../core/errors.js';
import { parseArea } from '../../core/geo.js';
import type { Handler, HandlerKind } from '../../core/lifecycle.js';
import { createLocator, type Locator } from '../../core/spatial.js';
import type { Context } from '../../server/types.js';
import { onRegisterChange } from '../shared/registerChanges.js';

const RECHECK_MS = 2_000;

interface Cached {
  locator: Locator;
  stamp: string;
  checkedAt: number;
}

const cache = new WeakMap<Context, Cached>();

// Register writes on this server drop the index at once; other servers notice the stamp.
onRegisterChange((ctx) => cache.delete(ctx));

async function registerStamp(ctx: Context): Promise<string> {
  const [units, compounds] = await Promise.all([
    ctx.db
      .selectFrom('orgUnits')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updatedAt').as('latest')])
      .where('kind', '=', 'grid')
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('compounds')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updatedAt').as('latest')])
      .executeTakeFirstOrThrow(),
  ]);
  return `${units.n}/${units.latest ?? ''}/${compounds.n}/${compounds.latest ?? ''}`;
}

export async function locatorFor(ctx: Context): Promise<Locator> {
  const now = Date.now();
  const cached = cache.get(ctx);
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.locator;
  const stamp = await registerStamp(ctx);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.locator;
  }
  const [grids, compounds] = await Promise.all([
    ctx.db.selectFrom('orgUnits').select(['id', 'boundary']).where('kind', '=', 'grid').execute(),
    ctx.db.selectFrom('compounds').select(['id', 'boundary']).where('boundary', 'is not', null).execute(),
  ]);
  const locator = createLocator({
    grids: grids.map((g) => ({ id: g.id, area: g.boundary ? parseArea(g.boundary) : null })),
    compounds: compounds.map((c) => ({ id: c.id, area: parseArea(c.boundary!) })),
  });
  cache.set(ctx, { locator, stamp, checkedAt: now });
  return locator;
}

export interface Place {
  districtId: number;
  streetId: number;
  communityId: number;
  gridId: number;
  compoundId: number | null;
  buildingId: number | null;
  lng: number;
  lat: number;
  propertyCompanyId: number | null;
}

/**
 * Resolves a WGS-84 point to its grid and compound; outside every grid (of `districtId`, when
 * the caller belongs to one) is an error.
 */
export async function placeOfPoint(ctx: Context, districtId: number | null, lng: number, lat: number): Promise<Place> {
  const hit = (await locatorFor(ctx)).locate(lng, lat);
  const grid = hit
    ? await ctx.db
        .selectFrom('orgUnits')
        .select(['id', 'districtId', 'streetId', 'communityId'])
        .where('id', '=', hit.gridId)
        .executeTakeFirst()
    : undefined;
  if (!hit || !grid || (districtId !== null && grid.districtId !== districtId)) throw errors.field('location', 'lies outside the district');
  const compound = hit.compoundId
    ? await ctx.db.selectFrom('compounds').select(['id', 'propertyCompanyId']).where('id', '=', hit.compoundId).executeTakeFirst()
    : undefined;
  return {
    districtId: grid.districtId,
    streetId: grid.streetId!,
    communityId: grid.communityId!,
    gridId: grid.id,
    compoundId: compound?.id ?? null,
    buildingId: null,
    lng,
    lat,
    propertyCompanyId: compound?.propertyCompanyId ?? null,
  };
}

/** A request placed by naming a compound (and building): located at the compound's point. */
export async function placeOfCompound(
  ctx: Context,
  districtId: number | null,
  compoundId: number,
  buildingId: number | null,
): Promise<Place> {
  let query = ctx.db.selectFrom('compounds').selectAll().where('id', '=', compoundId);
  if (districtId !== null) query = query.where('districtId', '=', districtId);
  const compound = await query.executeTakeFirst();
  if (!compound) throw errors.reference('location.compoundId', 'compound');
  if (buildingId !== null) {
    const building = await ctx.db
      .selectFrom('buildings')
      .select('id')
      .where('id', '=', buildingId)
      .where('compoundId', '=', compoundId)
      .executeTakeFirst();
    if (!building) throw errors.reference('location.buildingId', 'building in that compound');
  }
  return {
    districtId: compound.districtId,
    streetId: compound.streetId,
    communityId: compound.communityId,
    gridId: compound.gridId,
    compoundId: compound.id,
    buildingId,
    lng: compound.lng,
    lat: compound.lat,
    propertyCompanyId: compound.propertyCompanyId,
  };
}

/**
 * DESIGN.md "Routing": a compound with a property company → that company; without one → the
 * grid worker; a category may name another handler kind (the community's legal adviser or staff).
 */
export async function routeFor(ctx: Context, place: Place, kind: HandlerKind): Promise<Handler> {
  if (kind === 'property_company' && place.propertyCompanyId !== null) {
    return { kind, companyId: place.propertyCompanyId, userId: null, unitId: null };
  }
  if (kind === 'property_company' || kind === 'grid_worker') {
    const worker = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'grid_worker')
      .where('scopeUnitId', '=', place.gridId)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    return { kind: 'grid_worker', companyId: null, userId: worker?.id ?? null, unitId: place.gridId };
  }
  return { kind, companyId: null, userId: null, unitId: place.communityId };
}
