// Where a request lies and who handles it. Locations resolve to grid and compound through an
// in-memory spatial index of the register's polygons, kept with the rest of the register the
// request loop reads; the copy is read again when the register changes (noticed at once on
// this server, within a few seconds on the others).
import { errors } from '../../core/errors.js';
import { parseArea } from '../../core/geo.js';
import type { Handler, HandlerKind } from '../../core/lifecycle.js';
import { createLocator, type Locator } from '../../core/spatial.js';
import type { Category, Compound, OrgUnit } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { onRegisterChange } from '../shared/registerChanges.js';

const RECHECK_MS = 2_000;

type UnitRow = Pick<OrgUnit, 'id' | 'kind' | 'name' | 'districtId' | 'streetId' | 'communityId'>;
type CompoundRow = Pick<Compound, 'id' | 'name' | 'districtId' | 'streetId' | 'communityId' | 'gridId' | 'lng' | 'lat' | 'propertyCompanyId'>;

/**
 * The register as the request loop reads it on every intake and every page of requests: the
 * spatial index, and units, compounds, buildings, categories and property companies by id. It
 * is small (a district has thousands of rows, a city tens of thousands) and changes rarely, so
 * it is read whole and kept, instead of a dozen queries per request.
 */
export interface RegisterSnapshot {
  locator: Locator;
  units: Map<number, UnitRow>;
  compounds: Map<number, CompoundRow>;
  /** Building id → its compound's id. */
  buildings: Map<number, number>;
  categories: Map<number, Category>;
  /** `${districtId}:${code}` → category. */
  categoryCodes: Map<string, Category>;
  companies: Map<number, string>;
}

interface Cached {
  snapshot: RegisterSnapshot;
  stamp: string;
  checkedAt: number;
}

const cache = new WeakMap<Context, Cached>();

// Register writes on this server drop the snapshot at once; other servers notice the stamp.
onRegisterChange((ctx) => cache.delete(ctx));

const STAMPED = ['orgUnits', 'compounds', 'buildings', 'categories', 'propertyCompanies'] as const;

/** Row count and latest change of every table the snapshot holds: any write moves one of them. */
async function registerStamp(ctx: Context): Promise<string> {
  const parts = await Promise.all(
    STAMPED.map((table) =>
      ctx.db
        .selectFrom(table)
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updatedAt').as('latest')])
        .executeTakeFirstOrThrow(),
    ),
  );
  return parts.map((p) => `${p.n}/${p.latest ?? ''}`).join('|');
}

async function readRegister(ctx: Context): Promise<RegisterSnapshot> {
  const [units, compounds, buildings, categories, companies] = await Promise.all([
    ctx.db.selectFrom('orgUnits').select(['id', 'kind', 'name', 'districtId', 'streetId', 'communityId', 'boundary']).execute(),
    ctx.db
      .selectFrom('compounds')
      .select(['id', 'name', 'districtId', 'streetId', 'communityId', 'gridId', 'lng', 'lat', 'propertyCompanyId', 'boundary'])
      .execute(),
    ctx.db.selectFrom('buildings').select(['id', 'compoundId']).execute(),
    ctx.db.selectFrom('categories').selectAll().execute(),
    ctx.db.selectFrom('propertyCompanies').select(['id', 'name']).execute(),
  ]);
  const locator = createLocator({
    grids: units.filter((u) => u.kind === 'grid').map((g) => ({ id: g.id, area: g.boundary ? parseArea(g.boundary) : null })),
    compounds: compounds.filter((c) => c.boundary !== null).map((c) => ({ id: c.id, area: parseArea(c.boundary!) })),
  });
  return {
    locator,
    units: new Map(units.map(({ boundary: _b, ...u }) => [u.id, u])),
    compounds: new Map(compounds.map(({ boundary: _b, ...c }) => [c.id, c])),
    buildings: new Map(buildings.map((b) => [b.id, b.compoundId])),
    categories: new Map(categories.map((c) => [c.id, c])),
    categoryCodes: new Map(categories.map((c) => [`${c.districtId}:${c.code}`, c])),
    companies: new Map(companies.map((c) => [c.id, c.name])),
  };
}

export async function registerFor(ctx: Context): Promise<RegisterSnapshot> {
  const now = Date.now();
  const cached = cache.get(ctx);
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.snapshot;
  const stamp = await registerStamp(ctx);
  if (cached && cached.stamp === stamp) {
    cached.checkedAt = now;
    return cached.snapshot;
  }
  const snapshot = await readRegister(ctx);
  cache.set(ctx, { snapshot, stamp, checkedAt: now });
  return snapshot;
}

export async function locatorFor(ctx: Context): Promise<Locator> {
  return (await registerFor(ctx)).locator;
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
  const register = await registerFor(ctx);
  const hit = register.locator.locate(lng, lat);
  const grid = hit ? register.units.get(hit.gridId) : undefined;
  if (!hit || !grid || (districtId !== null && grid.districtId !== districtId)) throw errors.field('location', 'lies outside the district');
  const compound = hit.compoundId ? register.compounds.get(hit.compoundId) : undefined;
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
  const register = await registerFor(ctx);
  const compound = register.compounds.get(compoundId);
  if (!compound || (districtId !== null && compound.districtId !== districtId)) throw errors.reference('location.compoundId', 'compound');
  if (buildingId !== null && register.buildings.get(buildingId) !== compoundId) {
    throw errors.reference('location.buildingId', 'building in that compound');
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
