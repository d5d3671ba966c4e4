// Builds the demo district (a fictional but faithful Zhanjiang ETDZ) through the real services,
// acting as the district's system account, so every rule the API enforces holds for it too.
import type { Role } from '../core/vocabulary.js';
import type { Context } from '../server/types.js';
import { createUser } from '../modules/accounts/service.js';
import { createCompany } from '../modules/companies/service.js';
import { createBuilding, createCompound, recordRedPropertyStage } from '../modules/compounds/service.js';
import { createDistrict, createOrgUnit } from '../modules/orgs/service.js';
import { addMemberUnit, createPartyOrg } from '../modules/party/service.js';
import { systemAccount } from '../modules/shared/account.js';
import { createUnit } from '../modules/units/service.js';
import { buildPlan, DEFAULT_SEED, DEMO_PASSWORD, type OrgRef } from './plan.js';

export interface DemoAccount {
  username: string;
  role: Role;
  displayName: string;
}

export interface DemoSummary {
  seed: number;
  districtId: number;
  counts: {
    streets: number;
    communities: number;
    grids: number;
    compounds: number;
    oldCompounds: number;
    noPropertyCompounds: number;
    threeNosCompounds: number;
    buildings: number;
    propertyCompanies: number;
    units: number;
    partyOrgs: number;
    compoundBranches: number;
    memberUnits: number;
    redPropertyCompounds: number;
    users: number;
  };
  /** The accounts that log in with the demo password `hongyun-demo`. */
  accounts: DemoAccount[];
}

export { DEMO_PASSWORD };

/**
 * Seeds the demo district into a database that holds no district yet. The same seed builds
 * the same district. Throws if a district exists.
 */
export async function seedDemo(ctx: Context, options: { seed?: number } = {}): Promise<DemoSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const existing = await ctx.db
    .selectFrom('orgUnits')
    .select(['name'])
    .where('kind', '=', 'district')
    .executeTakeFirst();
  if (existing) {
    throw new Error(`the database already holds a district (${existing.name}); the demo is seeded only into an empty database`);
  }
  const plan = buildPlan(seed);

  const district = await createDistrict(ctx, { name: plan.district.name, code: plan.district.code });
  const account = systemAccount(district.id);

  const streetIds: number[] = [];
  for (const s of plan.streets) {
    const row = await createOrgUnit(ctx, account, 'street', { name: s.name, code: s.code, address: s.address, phone: s.phone });
    streetIds.push(row.id);
  }
  const communityIds: number[] = [];
  for (const c of plan.communities) {
    const row = await createOrgUnit(ctx, account, 'community', {
      name: c.name,
      code: c.code,
      boundary: c.boundary,
      address: c.address,
      phone: c.phone,
      streetId: streetIds[c.street]!,
    });
    communityIds.push(row.id);
  }
  const gridIds: number[] = [];
  for (const g of plan.grids) {
    const row = await createOrgUnit(ctx, account, 'grid', {
      name: g.name,
      code: g.code,
      boundary: g.boundary,
      communityId: communityIds[g.community]!,
    });
    gridIds.push(row.id);
  }
  const orgUnitId = (ref: OrgRef): number => {
    switch (ref.kind) {
      case 'district':
        return district.id;
      case 'street':
        return streetIds[ref.index]!;
      case 'community':
        return communityIds[ref.index]!;
      case 'grid':
        return gridIds[ref.index]!;
    }
  };

  const companyIds: number[] = [];
  for (const c of plan.companies) companyIds.push((await createCompany(ctx, account, c)).id);
  const unitIds: number[] = [];
  for (const u of plan.units) unitIds.push((await createUnit(ctx, account, u)).id);

  const compoundIds: number[] = [];
  let buildings = 0;
  for (const c of plan.compounds) {
    const row = await createCompound(ctx, account, {
      gridId: gridIds[c.grid]!,
      name: c.name,
      address: c.address,
      location: c.location,
      boundary: c.boundary,
      households: c.households,
      buildYear: c.buildYear,
      isOld: c.isOld,
      isThreeNos: c.isThreeNos,
      propertyCompanyId: c.company === null ? null : companyIds[c.company]!,
      hasOwnersCommittee: c.hasOwnersCommittee,
    });
    compoundIds.push(row.id);
    for (const b of c.buildings) {
      await createBuilding(ctx, account, { compoundId: row.id, name: b.name, floors: b.floors, households: b.households });
      buildings++;
    }
  }

  const partyOrgIds: number[] = [];
  for (const o of plan.partyOrgs) {
    const row = await createPartyOrg(ctx, account, {
      parentId: o.parent === null ? null : partyOrgIds[o.parent]!,
      type: o.type,
      name: o.name,
      orgUnitId: o.orgUnit ? orgUnitId(o.orgUnit) : null,
      compoundId: o.compound === undefined ? null : compoundIds[o.compound]!,
      propertyCompanyId: o.company === undefined ? null : companyIds[o.company]!,
      unitId: o.unit === undefined ? null : unitIds[o.unit]!,
      memberCount: o.memberCount,
      foundedOn: o.foundedOn,
    });
    partyOrgIds.push(row.id);
  }
  for (const m of plan.memberUnits) {
    await addMemberUnit(ctx, account, partyOrgIds[m.partyOrg]!, { unitId: unitIds[m.unit]!, joinedOn: m.joinedOn });
  }

  // Stages come after the branches so that a branch exists by the time its compound reaches branch_formed.
  let redPropertyCompounds = 0;
  for (const [i, c] of plan.compounds.entries()) {
    if (c.redProperty.length === 0) continue;
    redPropertyCompounds++;
    for (const stage of c.redProperty) await recordRedPropertyStage(ctx, account, compoundIds[i]!, stage);
  }

  const accounts: DemoAccount[] = [];
  for (const a of plan.accounts) {
    await createUser(ctx, account, {
      username: a.username,
      displayName: a.displayName,
      password: a.withPassword ? DEMO_PASSWORD : null,
      role: a.role,
      ...(a.scope && { scopeUnitId: orgUnitId(a.scope) }),
      propertyCompanyId: a.company === undefined ? null : companyIds[a.company]!,
      compoundId: a.compound === undefined ? null : compoundIds[a.compound]!,
      partyOrgId: a.partyOrg === undefined ? null : partyOrgIds[a.partyOrg]!,
      unitId: a.unit === undefined ? null : unitIds[a.unit]!,
      phone: a.phone,
      idNumber: a.idNumber ?? null,
    });
    if (a.withPassword) accounts.push({ username: a.username, role: a.role, displayName: a.displayName });
  }
  accounts.sort((a, b) => plan.demoUsernames.indexOf(a.username) - plan.demoUsernames.indexOf(b.username));

  await ctx.db
    .insertInto('meta')
    .values({ key: 'demo', value: JSON.stringify({ seed, createdAt: ctx.now().toISOString() }) })
    .execute();

  const branchTypes = new Set(['compound_branch', 'red_property_branch']);
  return {
    seed,
    districtId: district.id,
    counts: {
      streets: streetIds.length,
      communities: communityIds.length,
      grids: gridIds.length,
      compounds: compoundIds.length,
      oldCompounds: plan.compounds.filter((c) => c.isOld).length,
      noPropertyCompounds: plan.compounds.filter((c) => c.company === null).length,
      threeNosCompounds: plan.compounds.filter((c) => c.isThreeNos).length,
      buildings,
      propertyCompanies: companyIds.length,
      units: unitIds.length,
      partyOrgs: partyOrgIds.length,
      compoundBranches: plan.partyOrgs.filter((o) => branchTypes.has(o.type)).length,
      memberUnits: plan.memberUnits.length,
      redPropertyCompounds,
      users: plan.accounts.length,
    },
    accounts,
  };
}

/** The seed and time of the demo in this database, if one was seeded. */
export async function demoInfo(ctx: Context): Promise<{ seed: number; createdAt: string } | null> {
  const row = await ctx.db.selectFrom('meta').select('value').where('key', '=', 'demo').executeTakeFirst();
  return row ? (JSON.parse(row.value) as { seed: number; createdAt: string }) : null;
}

