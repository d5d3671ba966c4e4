// Use cases for the administrative tree: streets, communities and grids. A district is the
// root and is created by the CLI or the demo; the rest hangs below it.
import { checkAdminCode } from '../../core/codes.js';
import { errors } from '../../core/errors.js';
import { type Area, areaWithin, checkArea, overlapArea, parseArea, pointIn } from '../../core/geo.js';
import type { Resource } from '../../core/permissions.js';
import type { Db } from '../../db/connection.js';
import type { OrgUnit } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';
import { registerChanged } from '../shared/registerChanges.js';

export type ChildKind = 'street' | 'community' | 'grid';

export const RESOURCE_OF: Record<ChildKind, Resource> = { street: 'streets', community: 'communities', grid: 'grids' };
const PARENT_KIND = { street: 'district', community: 'street', grid: 'community' } as const;
const PARENT_FIELD = { street: null, community: 'streetId', grid: 'communityId' } as const;

/** Two grids may share edges but not area; this much shared area (m²) is taken as drawing noise. */
const OVERLAP_TOLERANCE_M2 = 1;

export interface OrgInput {
  name?: string;
  code?: string | null;
  boundary?: Area | null;
  address?: string | null;
  phone?: string | null;
  streetId?: number;
  communityId?: number;
}

export interface OrgFilter extends Paging {
  streetId?: number;
  communityId?: number;
  q?: string;
}

function visible(db: Db, account: Account) {
  return db.selectFrom('orgUnits').selectAll('orgUnits').where(inSubtree(account, 'orgUnits'));
}

/** Finds a unit of `kind` inside the account's scope; missing and out of scope read the same. */
export async function findOrgUnit(db: Db, account: Account, kind: OrgUnit['kind'], id: number): Promise<OrgUnit | undefined> {
  return visible(db, account).where('orgUnits.kind', '=', kind).where('orgUnits.id', '=', id).executeTakeFirst();
}

export async function getOrgUnit(ctx: Context, account: Account, kind: ChildKind, id: number): Promise<OrgUnit> {
  const unit = await findOrgUnit(ctx.db, account, kind, id);
  if (!unit) throw errors.notFound(kind);
  authorize(account, RESOURCE_OF[kind], 'read');
  return unit;
}

export async function listOrgUnits(ctx: Context, account: Account, kind: ChildKind, filter: OrgFilter): Promise<PageOf<OrgUnit>> {
  authorize(account, RESOURCE_OF[kind], 'read');
  let query = visible(ctx.db, account).where('orgUnits.kind', '=', kind);
  if (filter.streetId !== undefined) query = query.where('orgUnits.streetId', '=', filter.streetId);
  if (filter.communityId !== undefined) query = query.where('orgUnits.communityId', '=', filter.communityId);
  if (filter.q) query = query.where('orgUnits.name', 'like', `%${filter.q.replace(/[%_]/g, '')}%`);
  return paginate(query, 'orgUnits', filter, 'name');
}

export async function createOrgUnit(ctx: Context, account: Account, kind: ChildKind, input: OrgInput): Promise<OrgUnit> {
  authorize(account, RESOURCE_OF[kind], 'create');
  const parentField = PARENT_FIELD[kind];
  const parent =
    parentField === null
      ? await findOrgUnit(ctx.db, account, 'district', account.districtId)
      : await findOrgUnit(ctx.db, account, PARENT_KIND[kind], input[parentField]!);
  if (!parent) {
    if (parentField === null) throw errors.forbidden('only district-wide accounts add streets');
    throw errors.reference(parentField, PARENT_KIND[kind]);
  }
  const now = ctx.now().toISOString();
  const boundary = input.boundary ?? null;
  await checkShape(ctx.db, kind, parent, null, input);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('orgUnits')
      .values({
        kind,
        parentId: parent.id,
        districtId: parent.districtId,
        streetId: kind === 'street' ? null : parent.streetId,
        communityId: kind === 'grid' ? parent.communityId : null,
        gridId: null,
        name: input.name!,
        code: input.code ?? null,
        boundary: boundary ? JSON.stringify(boundary) : null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A row carries its own id in the ancestry column of its kind.
    return trx
      .updateTable('orgUnits')
      .set({ [`${kind}Id`]: row.id })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  registerChanged(ctx);
  return created;
}

export async function updateOrgUnit(
  ctx: Context,
  account: Account,
  kind: ChildKind,
  id: number,
  patch: OrgInput,
): Promise<OrgUnit> {
  const unit = await findOrgUnit(ctx.db, account, kind, id);
  if (!unit) throw errors.notFound(kind);
  authorize(account, RESOURCE_OF[kind], 'update');
  const parent = await ctx.db.selectFrom('orgUnits').selectAll().where('id', '=', unit.parentId!).executeTakeFirstOrThrow();
  await checkShape(ctx.db, kind, parent, unit, patch);
  const set: Partial<OrgUnit> = { updatedAt: ctx.now().toISOString() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.code !== undefined) set.code = patch.code;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.boundary !== undefined) set.boundary = patch.boundary ? JSON.stringify(patch.boundary) : null;
  const updated = await ctx.db.updateTable('orgUnits').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  registerChanged(ctx);
  return updated;
}

export async function deleteOrgUnit(ctx: Context, account: Account, kind: ChildKind, id: number): Promise<void> {
  const unit = await findOrgUnit(ctx.db, account, kind, id);
  if (!unit) throw errors.notFound(kind);
  authorize(account, RESOURCE_OF[kind], 'delete');
  const dependants = await countDependants(ctx.db, id);
  const named = Object.entries(dependants).filter(([, n]) => n > 0);
  if (named.length > 0) {
    throw errors.inUse(`${kind} ${unit.name} still has ${named.map(([what, n]) => `${n} ${what}`).join(', ')}`);
  }
  await ctx.db.deleteFrom('orgUnits').where('id', '=', id).execute();
  registerChanged(ctx);
}

async function countDependants(db: Db, id: number) {
  const count = async (query: Promise<{ n: number } | undefined>) => Number((await query)?.n ?? 0);
  const [children, compounds, accounts, partyOrgs] = await Promise.all([
    count(db.selectFrom('orgUnits').select((eb) => eb.fn.countAll<number>().as('n')).where('parentId', '=', id).executeTakeFirst()),
    count(
      db
        .selectFrom('compounds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('gridId', '=', id), eb('communityId', '=', id), eb('streetId', '=', id)]))
        .executeTakeFirst(),
    ),
    count(db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('scopeUnitId', '=', id).executeTakeFirst()),
    count(db.selectFrom('partyOrgs').select((eb) => eb.fn.countAll<number>().as('n')).where('orgUnitId', '=', id).executeTakeFirst()),
  ]);
  return { 'child units': children, compounds, accounts, 'party organisations': partyOrgs };
}

/** Codes and boundaries: format, nesting in the parent, no overlap with sibling grids. */
async function checkShape(db: Db, kind: ChildKind, parent: OrgUnit, current: OrgUnit | null, input: OrgInput) {
  if (input.code) {
    if (kind !== 'grid') {
      const problem = checkAdminCode(kind, input.code);
      if (problem) throw errors.field('code', problem);
      if (kind === 'community' && parent.code && !input.code.startsWith(parent.code)) {
        throw errors.field('code', `must start with the street's code ${parent.code}`);
      }
      if (kind === 'street' && current) {
        const stray = await db
          .selectFrom('orgUnits')
          .select(['name', 'code'])
          .where('parentId', '=', current.id)
          .where('code', 'is not', null)
          .execute();
        const misfit = stray.find((c) => !c.code!.startsWith(input.code!));
        if (misfit) throw errors.field('code', `community ${misfit.name} has code ${misfit.code}, which must start with the street's`);
      }
    } else if (!/^[\w-]{1,32}$/.test(input.code)) {
      throw errors.field('code', 'use up to 32 letters, digits, - or _');
    }
  }
  if (kind === 'grid' && current === null && !input.boundary) throw errors.field('boundary', 'a grid needs its boundary');
  if (input.boundary === undefined) return;
  if (input.boundary === null) {
    if (kind === 'grid') throw errors.field('boundary', 'a grid needs its boundary');
    return;
  }
  const problem = checkArea(input.boundary);
  if (problem) throw errors.field('boundary', problem);
  const boundary = input.boundary;
  if (kind === 'grid' && parent.boundary && !areaWithin(boundary, parseArea(parent.boundary))) {
    throw errors.field('boundary', `lies outside its community ${parent.name}`);
  }
  if (kind === 'grid') {
    const siblings = await db
      .selectFrom('orgUnits')
      .select(['id', 'name', 'boundary'])
      .where('parentId', '=', parent.id)
      .where('kind', '=', 'grid')
      .execute();
    for (const sibling of siblings) {
      if (sibling.id === current?.id || !sibling.boundary) continue;
      if (overlapArea(boundary, parseArea(sibling.boundary)) > OVERLAP_TOLERANCE_M2) {
        throw errors.field('boundary', `overlaps grid ${sibling.name}`);
      }
    }
    if (current) {
      const compounds = await db.selectFrom('compounds').select(['name', 'lng', 'lat']).where('gridId', '=', current.id).execute();
      const outside = compounds.find((c) => !pointIn(c.lng, c.lat, boundary));
      if (outside) throw errors.field('boundary', `would leave compound ${outside.name} outside the grid`);
    }
  }
  if (kind === 'community' && current) {
    const grids = await db.selectFrom('orgUnits').select(['name', 'boundary']).where('parentId', '=', current.id).execute();
    const outside = grids.find((g) => g.boundary && !areaWithin(parseArea(g.boundary), boundary));
    if (outside) throw errors.field('boundary', `would leave grid ${outside.name} outside the community`);
  }
}

/** Creates the root of a new tree: a district (by the CLI or the demo seeder, not over HTTP). */
export async function createDistrict(ctx: Context, input: { name: string; code?: string | null }): Promise<OrgUnit> {
  if (input.code) {
    const problem = checkAdminCode('district', input.code);
    if (problem) throw errors.field('code', problem);
  }
  const now = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    // The district names itself as its district; the deferred foreign key allows the placeholder.
    const row = await trx
      .insertInto('orgUnits')
      .values({ kind: 'district', parentId: null, districtId: 0, name: input.name, code: input.code ?? null, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return trx.updateTable('orgUnits').set({ districtId: row.id }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  });
}
