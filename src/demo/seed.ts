// Builds the demo district (a fictional but faithful Zhanjiang ETDZ) through the real services,
// acting as the district's system account, so every rule the API enforces holds for it too;
// then a year of requests worked through the real request loop (see year.ts and simulate.ts).
import { sql } from 'kysely';
import { COUNTERS, type Figures, figuresOf, zero } from '../core/figures.js';
import type { Role } from '../core/vocabulary.js';
import { optimize } from '../db/connection.js';
import type { Channel, User } from '../db/schema.js';
import type { Context } from '../server/types.js';
import { createUser } from '../modules/accounts/service.js';
import { calendarFor } from '../modules/calendar/service.js';
import { createCategory } from '../modules/requests/categories.js';
import { createCompany } from '../modules/companies/service.js';
import { createBuilding, createCompound, recordRedPropertyStage } from '../modules/compounds/service.js';
import { createDistrict, createOrgUnit } from '../modules/orgs/service.js';
import { addMemberUnit, createPartyOrg } from '../modules/party/service.js';
import { systemAccount } from '../modules/shared/account.js';
import { createUnit } from '../modules/units/service.js';
import { categoryInput, DEMO_CATEGORIES } from './categories.js';
import { buildPlan, DEFAULT_SEED, DEMO_PASSWORD, type OrgRef } from './plan.js';
import { accountOf, runYear, type YearCast } from './simulate.js';
import { planStaff } from './staff.js';
import { DEFAULT_REQUESTS, planYear } from './year.js';

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
    categories: number;
    requests: number;
  };
  /**
   * The year of requests as the district's figures show it; the events written (the sweeper's
   * included), the sweeper's runs and the due-soon reminders they sent; how long it took.
   */
  year: Figures & { byChannel: Record<Channel, number>; events: number; sweeps: number; reminders: number; seconds: number };
  /** The accounts that log in with the demo password `hongyun-demo`. */
  accounts: DemoAccount[];
}

export { DEMO_PASSWORD };

/**
 * The year `serve` seeds into a new embedded database. Worked through the real services a
 * request costs some tens of milliseconds (four to five events of a few milliseconds each),
 * so the full DEFAULT_REQUESTS take minutes; the first start seeds this many and stays short,
 * `hongyun seed --demo` seeds the full year.
 */
export const FIRST_START_REQUESTS = 1_000;

export interface DemoOptions {
  seed?: number;
  /** How many requests the year holds (default 20 000); tests seed a few hundred. */
  requests?: number;
}

/**
 * Seeds the demo district into a database that holds no district yet. Throws if a district
 * exists. The demo's "now" is `ctx.now()` when seeding starts: the requests are placed over the
 * 365 days before it and worked up to it, so a fresh demo always shows a current year. The same
 * seed, request count and "now" (and the same calendar and settings) build exactly the same
 * data; another "now" shifts the year and with it the official calendar the limits count on.
 */
export async function seedDemo(ctx: Context, options: DemoOptions = {}): Promise<DemoSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const requestCount = options.requests ?? DEFAULT_REQUESTS;
  if (!Number.isInteger(requestCount) || requestCount < 0) throw new Error('requests must be a whole number');
  const anchor = ctx.now();
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
  const buildingIds: number[][] = [];
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
    const ids: number[] = [];
    for (const b of c.buildings) {
      ids.push((await createBuilding(ctx, account, { compoundId: row.id, name: b.name, floors: b.floors, households: b.households })).id);
      buildings++;
    }
    buildingIds.push(ids);
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
  const users = new Map<string, User>();
  for (const a of plan.accounts) {
    const user = await createUser(ctx, account, {
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
    users.set(a.username, user);
    if (a.withPassword) accounts.push({ username: a.username, role: a.role, displayName: a.displayName });
  }
  accounts.sort((a, b) => plan.demoUsernames.indexOf(a.username) - plan.demoUsernames.indexOf(b.username));

  // The people who work the requests where no demo account does: property staff, community
  // staff, legal advisers, party secretaries, street staff. None can log in.
  const staff = planStaff(plan);
  for (const a of staff) {
    const user = await createUser(ctx, account, {
      username: a.username,
      displayName: a.displayName,
      password: null,
      role: a.role,
      ...(a.scope && { scopeUnitId: orgUnitId(a.scope) }),
      propertyCompanyId: a.company === undefined ? null : companyIds[a.company]!,
      partyOrgId: a.partyOrg === undefined ? null : partyOrgIds[a.partyOrg]!,
      phone: a.phone,
    });
    users.set(a.username, user);
  }

  for (const [i, c] of DEMO_CATEGORIES.entries()) await createCategory(ctx, account, categoryInput(c, (i + 1) * 10));

  const cast = castOf(plan, staff, users, { gridIds, communityIds, streetIds, companyIds });
  const year = planYear({
    seed,
    anchor,
    requests: requestCount,
    calendar: await calendarFor(ctx),
    autoCloseDays: ctx.config.autoCloseDays,
    sweepSeconds: ctx.config.sweepSeconds,
    workingHours: ctx.config.workingHours,
    plan,
  });
  const run = await runYear(ctx, year, { districtId: district.id, plan, gridIds, communityIds, compoundIds, buildingIds, companyIds, cast });

  await ctx.db
    .insertInto('meta')
    .values({ key: 'demo', value: JSON.stringify({ seed, createdAt: anchor.toISOString(), requests: requestCount }) })
    .execute();
  await optimize(ctx.db, ctx.dialect);

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
      users: plan.accounts.length + staff.length,
      categories: DEMO_CATEGORIES.length,
      requests: run.placed,
    },
    year: {
      ...(await districtFigures(ctx, district.id)),
      events: run.steps + run.placed,
      sweeps: run.sweeps,
      reminders: run.reminders,
      seconds: run.seconds,
    },
    accounts,
  };
}

/** Who acts for each duty in the year: the demo accounts where they cover it, the staff otherwise. */
function castOf(
  plan: ReturnType<typeof buildPlan>,
  staff: ReturnType<typeof planStaff>,
  users: Map<string, User>,
  ids: { gridIds: number[]; communityIds: number[]; streetIds: number[]; companyIds: number[] },
): YearCast {
  const user = (username: string) => {
    const found = users.get(username);
    if (!found) throw new Error(`demo: no account ${username}`);
    return found;
  };
  const cast: YearCast = {
    resident: accountOf(user('resident'), 'community'),
    gridWorkers: new Map(),
    dispatchers: new Map([[ids.communityIds[0]!, accountOf(user('community'), 'community')]]),
    legalAdvisers: new Map(),
    secretaries: new Map([[ids.communityIds[0]!, accountOf(user('secretary'), 'community')]]),
    streets: new Map([[ids.streetIds[0]!, accountOf(user('street'), 'street')]]),
    property: new Map([[ids.companyIds[0]!, accountOf(user('property'), 'district')]]),
  };
  for (const a of plan.accounts) {
    if (a.role === 'grid_worker' && a.scope?.kind === 'grid') cast.gridWorkers.set(ids.gridIds[a.scope.index]!, accountOf(user(a.username), 'grid'));
  }
  for (const s of staff) {
    const u = user(s.username);
    switch (s.duty) {
      case 'property':
        cast.property.set(ids.companyIds[s.of]!, accountOf(u, 'district'));
        break;
      case 'dispatch':
        cast.dispatchers.set(ids.communityIds[s.of]!, accountOf(u, 'community'));
        break;
      case 'legal':
        cast.legalAdvisers.set(ids.communityIds[s.of]!, accountOf(u, 'community'));
        break;
      case 'supervise':
        cast.secretaries.set(ids.communityIds[s.of]!, accountOf(u, 'community'));
        break;
      case 'street':
        cast.streets.set(ids.streetIds[s.of]!, accountOf(u, 'street'));
        break;
    }
  }
  return cast;
}

/** The district's figures from the rollups the request loop kept, and the counts by channel. */
async function districtFigures(ctx: Context, districtId: number): Promise<Figures & { byChannel: Record<Channel, number> }> {
  const sums = await ctx.db
    .selectFrom('requestRollups')
    .select((eb) => COUNTERS.map((c) => eb.fn.coalesce(eb.fn.sum<number>(c), sql<number>`0`).as(c)))
    .where('districtId', '=', districtId)
    .executeTakeFirstOrThrow();
  const counters = zero();
  for (const c of COUNTERS) counters[c] = Number(sums[c]);
  const channels = await ctx.db
    .selectFrom('requestRollups')
    .select(['channel', (eb) => eb.fn.sum<number>('placed').as('n')])
    .where('districtId', '=', districtId)
    .groupBy('channel')
    .execute();
  const byChannel = { app: 0, grid_worker: 0, reception_day: 0, suggestion_box: 0, hotline: 0, discussion_group: 0 } as Record<Channel, number>;
  for (const row of channels) byChannel[row.channel] = Number(row.n);
  return { ...figuresOf(counters), byChannel };
}

/** The seed and time of the demo in this database, if one was seeded. */
export async function demoInfo(ctx: Context): Promise<{ seed: number; createdAt: string } | null> {
  const row = await ctx.db.selectFrom('meta').select('value').where('key', '=', 'demo').executeTakeFirst();
  return row ? (JSON.parse(row.value) as { seed: number; createdAt: string }) : null;
}

