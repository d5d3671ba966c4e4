// Use cases for party organisations (党组织) as a tree over the org tree, and the member units
// that register with the big party committees (dual registration). Shape rules: src/core/partyOrgs.ts.
import type { Updateable } from 'kysely';
import { errors } from '../../core/errors.js';
import {
  attachesToCompound,
  checkBuildingUnit,
  checkLinks,
  checkOrgUnitKind,
  checkParent,
  checkRedPropertyCompany,
  hasMemberUnits,
  liesWithin,
  type Links,
  onePerOrgUnit,
  partyOrgLabel,
  type Placement,
} from '../../core/partyOrgs.js';
import type { PartyOrgType } from '../../core/vocabulary.js';
import type { Db } from '../../db/connection.js';
import type { PartyOrg, PartyOrgTable } from '../../db/schema.js';
import type { Context } from '../../server/types.js';
import { findCompany } from '../companies/service.js';
import { findCompound } from '../compounds/service.js';
import { findOrgUnit } from '../orgs/service.js';
import { refuseIfUsed } from '../shared/dependants.js';
import { type Account, inSubtree } from '../shared/account.js';
import { authorize, type PageOf, type Paging, paginate } from '../shared/http.js';
import { findUnit } from '../units/service.js';

export interface PartyOrgInput {
  type?: PartyOrgType;
  name?: string;
  parentId?: number | null;
  orgUnitId?: number | null;
  compoundId?: number | null;
  propertyCompanyId?: number | null;
  unitId?: number | null;
  memberCount?: number | null;
  foundedOn?: string | null;
}

export interface PartyOrgFilter extends Paging {
  type?: PartyOrgType;
  parentId?: number;
  streetId?: number;
  communityId?: number;
  q?: string;
}

export interface MemberUnit {
  unitId: number;
  name: string;
  kind: string;
  joinedOn: string | null;
}

/** The fields that decide where an organisation sits; changing any of them re-checks the whole placement. */
const STRUCTURAL = ['parentId', 'orgUnitId', 'compoundId', 'propertyCompanyId', 'unitId'] as const;

function visible(db: Db, account: Account) {
  return db.selectFrom('partyOrgs').selectAll('partyOrgs').where(inSubtree(account, 'partyOrgs'));
}

/** Finds a party organisation inside the account's scope; missing and out of scope read the same. */
export async function findPartyOrg(db: Db, account: Account, id: number): Promise<PartyOrg | undefined> {
  return visible(db, account).where('partyOrgs.id', '=', id).executeTakeFirst();
}

export async function getPartyOrg(ctx: Context, account: Account, id: number): Promise<PartyOrg> {
  const org = await findPartyOrg(ctx.db, account, id);
  if (!org) throw errors.notFound('party organisation');
  authorize(account, 'partyOrgs', 'read');
  return org;
}

export async function listPartyOrgs(ctx: Context, account: Account, filter: PartyOrgFilter): Promise<PageOf<PartyOrg>> {
  authorize(account, 'partyOrgs', 'read');
  let query = visible(ctx.db, account);
  if (filter.type !== undefined) query = query.where('partyOrgs.type', '=', filter.type);
  if (filter.parentId !== undefined) query = query.where('partyOrgs.parentId', '=', filter.parentId);
  if (filter.streetId !== undefined) query = query.where('partyOrgs.streetId', '=', filter.streetId);
  if (filter.communityId !== undefined) query = query.where('partyOrgs.communityId', '=', filter.communityId);
  if (filter.q) query = query.where('partyOrgs.name', 'like', `%${filter.q.replace(/[%_]/g, '')}%`);
  return paginate(query, 'partyOrgs', filter, 'name');
}

export async function createPartyOrg(ctx: Context, account: Account, input: PartyOrgInput): Promise<PartyOrg> {
  authorize(account, 'partyOrgs', 'create');
  const type = input.type!;
  const draft: Draft = {
    type,
    parentId: input.parentId ?? null,
    orgUnitId: input.orgUnitId ?? null,
    compoundId: input.compoundId ?? null,
    propertyCompanyId: input.propertyCompanyId ?? null,
    unitId: input.unitId ?? null,
  };
  const placed = await place(ctx.db, account, draft, null);
  const now = ctx.now().toISOString();
  return ctx.db
    .insertInto('partyOrgs')
    .values({
      ...placed,
      type,
      name: input.name!,
      memberCount: input.memberCount ?? null,
      foundedOn: input.foundedOn ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePartyOrg(ctx: Context, account: Account, id: number, patch: PartyOrgInput): Promise<PartyOrg> {
  const org = await findPartyOrg(ctx.db, account, id);
  if (!org) throw errors.notFound('party organisation');
  authorize(account, 'partyOrgs', 'update');
  let set: Updateable<PartyOrgTable> = { updatedAt: ctx.now().toISOString() };
  // Renaming must not require seeing the parent, so the placement is checked only when it changes.
  if (STRUCTURAL.some((field) => patch[field] !== undefined)) {
    const pick = <K extends (typeof STRUCTURAL)[number]>(field: K) => (patch[field] === undefined ? org[field] : patch[field]);
    const derived = attachesToCompound(org.type) && patch.orgUnitId === undefined;
    const placed = await place(
      ctx.db,
      account,
      {
        type: org.type,
        parentId: pick('parentId'),
        orgUnitId: derived ? null : pick('orgUnitId'),
        compoundId: pick('compoundId'),
        propertyCompanyId: pick('propertyCompanyId'),
        unitId: pick('unitId'),
      },
      org,
    );
    set = { ...set, ...placed };
  }
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.memberCount !== undefined) set.memberCount = patch.memberCount;
  if (patch.foundedOn !== undefined) set.foundedOn = patch.foundedOn;
  return ctx.db.updateTable('partyOrgs').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deletePartyOrg(ctx: Context, account: Account, id: number): Promise<void> {
  const org = await findPartyOrg(ctx.db, account, id);
  if (!org) throw errors.notFound('party organisation');
  authorize(account, 'partyOrgs', 'delete');
  await refuseIfUsed(ctx.db, `party organisation ${org.name}`, id, [
    { label: 'child organisations', table: 'partyOrgs', column: 'parentId' },
    { label: 'member units', table: 'partyOrgMemberUnits', column: 'partyOrgId' },
    { label: 'accounts', table: 'users', column: 'partyOrgId' },
  ]);
  await ctx.db.deleteFrom('partyOrgs').where('id', '=', id).execute();
}

export async function listMemberUnits(ctx: Context, account: Account, id: number, paging: Paging): Promise<PageOf<MemberUnit>> {
  await getPartyOrg(ctx, account, id);
  const query = ctx.db
    .selectFrom('partyOrgMemberUnits')
    .innerJoin('units', 'units.id', 'partyOrgMemberUnits.unitId')
    .select(['units.id as unitId', 'units.name', 'units.kind', 'partyOrgMemberUnits.joinedOn'])
    .where('partyOrgMemberUnits.partyOrgId', '=', id);
  return paginate(query, 'units', { ...paging, sort: undefined }, 'name');
}

export async function addMemberUnit(
  ctx: Context,
  account: Account,
  id: number,
  input: { unitId: number; joinedOn?: string | null },
): Promise<MemberUnit> {
  const org = await findPartyOrg(ctx.db, account, id);
  if (!org) throw errors.notFound('party organisation');
  authorize(account, 'partyOrgs', 'update');
  if (!hasMemberUnits(org.type)) {
    throw errors.conflict(`${org.name} is ${partyOrgLabel(org.type)}; only street working and community big party committees take member units`);
  }
  const unit = await findUnit(ctx.db, account, input.unitId);
  if (!unit) throw errors.reference('unitId', 'unit');
  const row = await ctx.db
    .insertInto('partyOrgMemberUnits')
    .values({
      districtId: org.districtId,
      partyOrgId: org.id,
      unitId: unit.id,
      joinedOn: input.joinedOn ?? null,
      createdAt: ctx.now().toISOString(),
    })
    .returning(['joinedOn'])
    .executeTakeFirstOrThrow();
  return { unitId: unit.id, name: unit.name, kind: unit.kind, joinedOn: row.joinedOn };
}

export async function removeMemberUnit(ctx: Context, account: Account, id: number, unitId: number): Promise<void> {
  const org = await findPartyOrg(ctx.db, account, id);
  if (!org) throw errors.notFound('party organisation');
  authorize(account, 'partyOrgs', 'update');
  const result = await ctx.db
    .deleteFrom('partyOrgMemberUnits')
    .where('partyOrgId', '=', id)
    .where('unitId', '=', unitId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw errors.notFound('member unit');
}

interface Draft extends Links {
  type: PartyOrgType;
  parentId: number | null;
  orgUnitId: number | null;
}

interface Site extends Placement {
  orgUnitId: number;
  /** What the organisation attaches to, for messages: the org unit or the compound. */
  label: string;
}

/**
 * Checks where an organisation would sit (type of parent, org unit, links, nesting inside the
 * parent, one committee per unit, children still nested) and returns the columns to write.
 * Every record it names must be visible to the caller; `current` is the row being changed.
 */
async function place(db: Db, account: Account, draft: Draft, current: PartyOrg | null) {
  const problems = checkLinks(draft.type, draft);
  if (problems.length > 0) throw errors.validation(problems);
  const parent = await parentOf(db, account, draft.parentId, current);
  const parentProblem = checkParent(draft.type, parent?.type ?? null);
  if (parentProblem) throw errors.field('parentId', parentProblem);
  const site = attachesToCompound(draft.type) ? await compoundSite(db, account, draft) : await orgUnitSite(db, account, draft);
  const siteField = attachesToCompound(draft.type) ? 'compoundId' : 'orgUnitId';
  if (draft.unitId !== null) {
    const unit = await findUnit(db, account, draft.unitId);
    if (!unit) throw errors.reference('unitId', 'unit');
    const problem = checkBuildingUnit(unit.kind);
    if (problem) throw errors.field('unitId', problem);
  }
  if (parent && !liesWithin(site, parent)) throw errors.field(siteField, `${site.label} lies outside the area of ${parent.name}`);
  if (onePerOrgUnit(draft.type)) {
    const other = await db
      .selectFrom('partyOrgs')
      .select('name')
      .where('type', '=', draft.type)
      .where('orgUnitId', '=', site.orgUnitId)
      .where('id', '<>', current?.id ?? 0)
      .executeTakeFirst();
    if (other) throw errors.conflict(`${site.label} already has ${partyOrgLabel(draft.type)}: ${other.name}`, [{ field: siteField, message: 'already has one' }]);
  }
  if (current && site.orgUnitId !== current.orgUnitId) {
    const children = await db
      .selectFrom('partyOrgs')
      .select(['name', 'districtId', 'streetId', 'communityId', 'gridId'])
      .where('parentId', '=', current.id)
      .execute();
    const outside = children.find((child) => !liesWithin(child, site));
    if (outside) throw errors.field(siteField, `would leave ${outside.name} outside the area of ${current.name}`);
  }
  return {
    parentId: parent?.id ?? null,
    orgUnitId: site.orgUnitId,
    districtId: site.districtId,
    streetId: site.streetId,
    communityId: site.communityId,
    gridId: site.gridId,
    compoundId: draft.compoundId,
    propertyCompanyId: draft.propertyCompanyId,
    unitId: draft.unitId,
  };
}

/** A new parent must be visible; the parent an organisation already has is kept even if it is not. */
async function parentOf(db: Db, account: Account, parentId: number | null, current: PartyOrg | null) {
  if (parentId === null) return undefined;
  if (current && current.parentId === parentId) {
    return db.selectFrom('partyOrgs').selectAll().where('id', '=', parentId).executeTakeFirstOrThrow();
  }
  const parent = await findPartyOrg(db, account, parentId);
  if (!parent) throw errors.reference('parentId', 'party organisation');
  return parent;
}

async function orgUnitSite(db: Db, account: Account, draft: Draft): Promise<Site> {
  // The district committee can only sit at the caller's district, so it need not be named.
  const id = draft.orgUnitId ?? (draft.type === 'district_committee' ? account.districtId : null);
  if (id === null) throw errors.field('orgUnitId', 'is required');
  // The kind is read unscoped only to pick the scoped look-up; an invisible unit still reads as missing.
  const kind = (await db.selectFrom('orgUnits').select('kind').where('id', '=', id).executeTakeFirst())?.kind;
  const unit = kind === undefined ? undefined : await findOrgUnit(db, account, kind, id);
  if (!unit) throw errors.reference('orgUnitId', 'org unit');
  const problem = checkOrgUnitKind(draft.type, unit.kind);
  if (problem) throw errors.field('orgUnitId', problem);
  const { districtId, streetId, communityId, gridId } = unit;
  return { orgUnitId: unit.id, districtId, streetId, communityId, gridId, label: `${unit.kind} ${unit.name}` };
}

async function compoundSite(db: Db, account: Account, draft: Draft): Promise<Site> {
  const compound = await findCompound(db, account, draft.compoundId!);
  if (!compound) throw errors.reference('compoundId', 'compound');
  if (draft.orgUnitId !== null && draft.orgUnitId !== compound.gridId) {
    throw errors.field('orgUnitId', "follows from the compound (its grid); leave it out");
  }
  if (draft.type === 'red_property_branch') {
    const company = await findCompany(db, account, draft.propertyCompanyId!);
    if (!company) throw errors.reference('propertyCompanyId', 'property company');
    const problem = checkRedPropertyCompany(compound.propertyCompanyId, company.id);
    if (problem) throw errors.field('propertyCompanyId', problem);
  }
  const { districtId, streetId, communityId, gridId } = compound;
  return { orgUnitId: gridId, districtId, streetId, communityId, gridId, label: `compound ${compound.name}` };
}
