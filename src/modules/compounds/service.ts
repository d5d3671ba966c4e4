// Use cases for compounds (小区), their buildings and their red-property stage history.
import { errors } from '../../core/errors.js';
import { type Area, areaWithin, checkArea, type Crs, parseArea, pointIn, toWgs84 } from '../../core/geo.js';
import { checkStageChange } from '../../core/redProperty.js';
import type { RedPropertyStage } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import { type Building, type Compound, type OrgUnit, toFlag } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { findCompany } from '../companies/service.js';
import { findOrgUnit } from '../orgs/service.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';
import { registerChanged } from '../shared/registerChanges.js';

export interface Location {
  lng: number;
  lat: number;
  crs?: Crs;
}

export interface CompoundInput {
  gridId?: number;
  name?: string;
  address?: string | null;
  location?: Location;
  boundary?: Area | null;
  households?: number;
  buildYear?: number | null;
  isOld?: boolean;
  isThreeNos?: boolean;
  propertyCompanyId?: number | null;
  hasOwnersCommittee?: boolean;
}

export interface CompoundFilter extends Paging {
  streetId?: number;
  communityId?: number;
  gridId?: number;
  propertyCompanyId?: number;
  isOld?: boolean;
  isThreeNos?: boolean;
  noPropertyManagement?: boolean;
  redPropertyStage?: RedPropertyStage;
  q?: string;
}

/** Compounds the account may see: its subtree, narrowed for property staff and residents. */
function visibleCompounds(db: Db, account: Account) {
  let query = db.selectFrom('compounds').selectAll('compounds').where(inSubtree(account, 'compounds'));
  if (account.role === 'property_staff') query = query.where('compounds.propertyCompanyId', '=', account.propertyCompanyId);
  if (account.role === 'resident') query = query.where('compounds.id', '=', account.compoundId);
  return query;
}

export async function findCompound(db: Db, account: Account, id: number): Promise<Compound | undefined> {
  return visibleCompounds(db, account).where('compounds.id', '=', id).executeTakeFirst();
}

export async function getCompound(ctx: Context, account: Account, id: number): Promise<Compound> {
  const compound = await findCompound(ctx.db, account, id);
  if (!compound) throw errors.notFound('compound');
  authorize(account, 'compounds', 'read');
  return compound;
}

export async function listCompounds(ctx: Context, account: Account, filter: CompoundFilter): Promise<PageOf<Compound>> {
  authorize(account, 'compounds', 'read');
  let query = visibleCompounds(ctx.db, account);
  if (filter.streetId !== undefined) query = query.where('compounds.streetId', '=', filter.streetId);
  if (filter.communityId !== undefined) query = query.where('compounds.communityId', '=', filter.communityId);
  if (filter.gridId !== undefined) query = query.where('compounds.gridId', '=', filter.gridId);
  if (filter.propertyCompanyId !== undefined) query = query.where('compounds.propertyCompanyId', '=', filter.propertyCompanyId);
  if (filter.isOld !== undefined) query = query.where('compounds.isOld', '=', filter.isOld ? 1 : 0);
  if (filter.isThreeNos !== undefined) query = query.where('compounds.isThreeNos', '=', filter.isThreeNos ? 1 : 0);
  if (filter.noPropertyManagement !== undefined) {
    query = query.where('compounds.propertyCompanyId', filter.noPropertyManagement ? 'is' : 'is not', null);
  }
  if (filter.redPropertyStage) query = query.where('compounds.redPropertyStage', '=', filter.redPropertyStage);
  if (filter.q) query = query.where('compounds.name', 'like', `%${filter.q.replace(/[%_]/g, '')}%`);
  return paginate(query, 'compounds', filter, 'name');
}

export async function createCompound(ctx: Context, account: Account, input: CompoundInput): Promise<Compound> {
  authorize(account, 'compounds', 'create');
  const grid = await findOrgUnit(ctx.db, account, 'grid', input.gridId!);
  if (!grid) throw errors.reference('gridId', 'grid');
  const point = toWgs84(input.location!.lng, input.location!.lat, input.location!.crs ?? 'wgs84');
  await checkPlacement(ctx, account, grid, point, input);
  const now = ctx.now().toISOString();
  const created = await ctx.db
    .insertInto('compounds')
    .values({
      districtId: grid.districtId,
      streetId: grid.streetId!,
      communityId: grid.communityId!,
      gridId: grid.id,
      name: input.name!,
      address: input.address ?? null,
      lng: point.lng,
      lat: point.lat,
      boundary: input.boundary ? JSON.stringify(input.boundary) : null,
      households: input.households!,
      buildYear: input.buildYear ?? null,
      isOld: toFlag(input.isOld),
      isThreeNos: toFlag(input.isThreeNos),
      propertyCompanyId: input.propertyCompanyId ?? null,
      hasOwnersCommittee: toFlag(input.hasOwnersCommittee),
      redPropertyStage: null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return created;
}

export async function updateCompound(ctx: Context, account: Account, id: number, patch: CompoundInput): Promise<Compound> {
  const compound = await findCompound(ctx.db, account, id);
  if (!compound) throw errors.notFound('compound');
  authorize(account, 'compounds', 'update');
  // Moving into another grid is a write on that grid too: it must lie in the caller's scope.
  const grid =
    patch.gridId === undefined || patch.gridId === compound.gridId
      ? await ctx.db.selectFrom('orgUnits').selectAll().where('id', '=', compound.gridId).executeTakeFirstOrThrow()
      : await findOrgUnit(ctx.db, account, 'grid', patch.gridId);
  if (!grid) throw errors.reference('gridId', 'grid');
  const point = patch.location
    ? toWgs84(patch.location.lng, patch.location.lat, patch.location.crs ?? 'wgs84')
    : { lng: compound.lng, lat: compound.lat };
  const merged: CompoundInput = {
    boundary: patch.boundary === undefined ? (compound.boundary ? parseArea(compound.boundary) : null) : patch.boundary,
    isThreeNos: patch.isThreeNos ?? compound.isThreeNos === 1,
    propertyCompanyId: patch.propertyCompanyId === undefined ? compound.propertyCompanyId : patch.propertyCompanyId,
    buildYear: patch.buildYear,
  };
  await checkPlacement(ctx, account, grid, point, merged, patch.propertyCompanyId !== undefined);
  if (merged.propertyCompanyId === null && compound.redPropertyStage && compound.propertyCompanyId !== null) {
    const branches = await ctx.db
      .selectFrom('partyOrgs')
      .select('name')
      .where('compoundId', '=', id)
      .where('type', '=', 'red_property_branch')
      .executeTakeFirst();
    if (branches) throw errors.field('propertyCompanyId', `the red-property branch ${branches.name} still names this company`);
  }
  const now = ctx.now().toISOString();
  const set = {
    updatedAt: now,
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.address !== undefined && { address: patch.address }),
    ...(patch.location && { lng: point.lng, lat: point.lat }),
    ...(patch.boundary !== undefined && { boundary: patch.boundary ? JSON.stringify(patch.boundary) : null }),
    ...(patch.households !== undefined && { households: patch.households }),
    ...(patch.buildYear !== undefined && { buildYear: patch.buildYear }),
    ...(patch.isOld !== undefined && { isOld: toFlag(patch.isOld) }),
    ...(patch.isThreeNos !== undefined && { isThreeNos: toFlag(patch.isThreeNos) }),
    ...(patch.propertyCompanyId !== undefined && { propertyCompanyId: patch.propertyCompanyId }),
    ...(patch.hasOwnersCommittee !== undefined && { hasOwnersCommittee: toFlag(patch.hasOwnersCommittee) }),
  } as const;
  const ancestry = { districtId: grid.districtId, streetId: grid.streetId!, communityId: grid.communityId!, gridId: grid.id };
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('compounds')
      .set({ ...set, ...ancestry })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (grid.id !== compound.gridId) {
      // Everything that hangs on the compound moves with it.
      await trx.updateTable('buildings').set({ ...ancestry, updatedAt: now }).where('compoundId', '=', id).execute();
      await trx
        .updateTable('partyOrgs')
        .set({ ...ancestry, orgUnitId: grid.id, updatedAt: now })
        .where('compoundId', '=', id)
        .execute();
      await trx
        .updateTable('users')
        .set({ ...ancestry, gridId: null, scopeUnitId: grid.communityId!, updatedAt: now })
        .where('compoundId', '=', id)
        .where('role', '=', 'resident')
        .execute();
    }
    return row;
  });
  registerChanged(ctx);
  return updated;
}

export async function deleteCompound(ctx: Context, account: Account, id: number): Promise<void> {
  const compound = await findCompound(ctx.db, account, id);
  if (!compound) throw errors.notFound('compound');
  authorize(account, 'compounds', 'delete');
  const count = (table: 'buildings' | 'partyOrgs' | 'users') =>
    ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compoundId', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const [buildings, partyOrgs, residents] = await Promise.all([count('buildings'), count('partyOrgs'), count('users')]);
  const left = [
    buildings && `${buildings} buildings`,
    partyOrgs && `${partyOrgs} party organisations`,
    residents && `${residents} resident accounts`,
  ].filter(Boolean);
  if (left.length > 0) throw errors.inUse(`compound ${compound.name} still has ${left.join(', ')}`);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('redPropertyHistory').where('compoundId', '=', id).execute();
    await trx.deleteFrom('compounds').where('id', '=', id).execute();
  });
  registerChanged(ctx);
}

/** The point and outline lie in the grid; the property company is visible; flags agree. */
async function checkPlacement(
  ctx: Context,
  account: Account,
  grid: OrgUnit,
  point: { lng: number; lat: number },
  input: CompoundInput,
  companyChanged = true,
) {
  const gridArea = grid.boundary ? parseArea(grid.boundary) : null;
  if (gridArea && !pointIn(point.lng, point.lat, gridArea)) throw errors.field('location', `lies outside grid ${grid.name}`);
  if (input.boundary) {
    const problem = checkArea(input.boundary);
    if (problem) throw errors.field('boundary', problem);
    if (gridArea && !areaWithin(input.boundary, gridArea)) throw errors.field('boundary', `lies outside grid ${grid.name}`);
  }
  if (input.buildYear !== undefined && input.buildYear !== null && input.buildYear > ctx.now().getUTCFullYear()) {
    throw errors.field('buildYear', 'lies in the future');
  }
  if (input.propertyCompanyId !== undefined && input.propertyCompanyId !== null && companyChanged) {
    if (!(await findCompany(ctx.db, account, input.propertyCompanyId))) throw errors.reference('propertyCompanyId', 'property company');
  }
  if (input.isThreeNos && input.propertyCompanyId) {
    throw errors.field('isThreeNos', 'a three-nos compound has no property company');
  }
}

// ---- buildings -------------------------------------------------------------------------

export interface BuildingInput {
  compoundId?: number;
  name?: string;
  floors?: number | null;
  households?: number | null;
}

function visibleBuildings(db: Db, account: Account) {
  let query = db.selectFrom('buildings').selectAll('buildings').where(inSubtree(account, 'buildings'));
  if (account.role === 'property_staff') {
    query = query.where('buildings.compoundId', 'in', (eb) =>
      eb.selectFrom('compounds').select('id').where('propertyCompanyId', '=', account.propertyCompanyId),
    );
  }
  if (account.role === 'resident') query = query.where('buildings.compoundId', '=', account.compoundId);
  return query;
}

export async function findBuilding(db: Db, account: Account, id: number): Promise<Building | undefined> {
  return visibleBuildings(db, account).where('buildings.id', '=', id).executeTakeFirst();
}

export async function getBuilding(ctx: Context, account: Account, id: number): Promise<Building> {
  const building = await findBuilding(ctx.db, account, id);
  if (!building) throw errors.notFound('building');
  authorize(account, 'buildings', 'read');
  return building;
}

export async function listBuildings(
  ctx: Context,
  account: Account,
  filter: Paging & { compoundId?: number; gridId?: number; q?: string },
): Promise<PageOf<Building>> {
  authorize(account, 'buildings', 'read');
  let query = visibleBuildings(ctx.db, account);
  if (filter.compoundId !== undefined) query = query.where('buildings.compoundId', '=', filter.compoundId);
  if (filter.gridId !== undefined) query = query.where('buildings.gridId', '=', filter.gridId);
  if (filter.q) query = query.where('buildings.name', 'like', `%${filter.q.replace(/[%_]/g, '')}%`);
  return paginate(query, 'buildings', filter, 'name');
}

export async function createBuilding(ctx: Context, account: Account, input: BuildingInput): Promise<Building> {
  authorize(account, 'buildings', 'create');
  const compound = await findCompound(ctx.db, account, input.compoundId!);
  if (!compound) throw errors.reference('compoundId', 'compound');
  const now = ctx.now().toISOString();
  const created = await ctx.db
    .insertInto('buildings')
    .values({
      districtId: compound.districtId,
      streetId: compound.streetId,
      communityId: compound.communityId,
      gridId: compound.gridId,
      compoundId: compound.id,
      name: input.name!,
      floors: input.floors ?? null,
      households: input.households ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return created;
}

export async function updateBuilding(ctx: Context, account: Account, id: number, patch: BuildingInput): Promise<Building> {
  const building = await findBuilding(ctx.db, account, id);
  if (!building) throw errors.notFound('building');
  authorize(account, 'buildings', 'update');
  const updated = await ctx.db
    .updateTable('buildings')
    .set({
      updatedAt: ctx.now().toISOString(),
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.floors !== undefined && { floors: patch.floors }),
      ...(patch.households !== undefined && { households: patch.households }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  registerChanged(ctx);
  return updated;
}

export async function deleteBuilding(ctx: Context, account: Account, id: number): Promise<void> {
  const building = await findBuilding(ctx.db, account, id);
  if (!building) throw errors.notFound('building');
  authorize(account, 'buildings', 'delete');
  await ctx.db.deleteFrom('buildings').where('id', '=', id).execute();
  registerChanged(ctx);
}

// ---- red-property stages ---------------------------------------------------------------

export async function redPropertyHistory(ctx: Context, account: Account, compoundId: number) {
  const compound = await findCompound(ctx.db, account, compoundId);
  if (!compound) throw errors.notFound('compound');
  authorize(account, 'redPropertyStages', 'read');
  return ctx.db
    .selectFrom('redPropertyHistory')
    .select(['id', 'stage', 'reachedOn', 'note', 'createdAt'])
    .where('compoundId', '=', compoundId)
    .orderBy('reachedOn')
    .orderBy('id')
    .execute();
}

export async function recordRedPropertyStage(
  ctx: Context,
  account: Account,
  compoundId: number,
  input: { stage: RedPropertyStage; reachedOn: string; note?: string | null },
) {
  const compound = await findCompound(ctx.db, account, compoundId);
  if (!compound) throw errors.notFound('compound');
  authorize(account, 'redPropertyStages', 'create');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const history = await trx
      .selectFrom('redPropertyHistory')
      .select(['stage', 'reachedOn'])
      .where('compoundId', '=', compoundId)
      .orderBy('reachedOn')
      .orderBy('id')
      .execute();
    const problem = checkStageChange(history, input, {
      hasPropertyCompany: compound.propertyCompanyId !== null,
      today: shanghaiDate(now),
    });
    if (problem) throw errors.field(problem.field, problem.message);
    const entry = await trx
      .insertInto('redPropertyHistory')
      .values({
        districtId: compound.districtId,
        compoundId,
        stage: input.stage,
        reachedOn: input.reachedOn,
        note: input.note ?? null,
        recordedBy: account.id || null,
        createdAt: now.toISOString(),
      })
      .returning(['id', 'stage', 'reachedOn', 'note', 'createdAt'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('compounds')
      .set({ redPropertyStage: input.stage, updatedAt: now.toISOString() })
      .where('id', '=', compoundId)
      .execute();
    return entry;
  });
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving). */
function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
