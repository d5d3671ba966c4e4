// A small, fully known world for integration tests, built through the real services: two
// districts; in district A two streets, communities, grids, compounds, companies, units and
// party organisations, and one account per role whose scope holds the "inside" records.
import type { Polygon } from 'geojson';
import type { Role } from '../../src/core/vocabulary.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { createCompany } from '../../src/modules/companies/service.js';
import { createBuilding, createCompound, recordRedPropertyStage } from '../../src/modules/compounds/service.js';
import { createDistrict, createOrgUnit } from '../../src/modules/orgs/service.js';
import { addMemberUnit, createPartyOrg } from '../../src/modules/party/service.js';
import { systemAccount } from '../../src/modules/shared/account.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { Context } from '../../src/server/types.js';

export const PASSWORD = 'test-password';

export function rect(west: number, south: number, east: number, north: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** One district's records; `inner` is the street › community › grid › compound line the accounts live on. */
export interface Tree {
  district: number;
  street: number;
  community: number;
  grid: number;
  /** A second grid in the same community (outside a grid worker's scope). */
  siblingGrid: number;
  compound: number;
  building: number;
  company: number;
  unit: number;
  streetCommittee: number;
  bigCommittee: number;
  branch: number;
  /** The same kinds of records under a second street, outside every sub-district scope. */
  other: { street: number; community: number; grid: number; compound: number; building: number; company: number; unit: number; branch: number };
}

export interface World {
  a: Tree;
  b: Tree;
  /** Username per role, all in district A, scoped to a.street / a.community / a.grid / a.compound. */
  users: Record<Role, string>;
  userIds: Record<Role, number>;
  /** An account outside every sub-district scope (a resident of a.other.compound). */
  outsideUser: number;
  /** The admin of district B. */
  adminB: string;
}

async function buildTree(ctx: Context, name: string, west: number): Promise<Tree> {
  const district = await createDistrict(ctx, { name });
  const sys = systemAccount(district.id);
  const mk = async (tag: string, x: number) => {
    const street = await createOrgUnit(ctx, sys, 'street', { name: `${tag}街道` });
    const community = await createOrgUnit(ctx, sys, 'community', {
      name: `${tag}社区`,
      streetId: street.id,
      boundary: rect(x, 21.2, x + 0.01, 21.21),
    });
    const grid = await createOrgUnit(ctx, sys, 'grid', {
      name: `${tag}第1网格`,
      communityId: community.id,
      boundary: rect(x, 21.2, x + 0.005, 21.21),
    });
    const siblingGrid = await createOrgUnit(ctx, sys, 'grid', {
      name: `${tag}第2网格`,
      communityId: community.id,
      boundary: rect(x + 0.005, 21.2, x + 0.01, 21.21),
    });
    const company = await createCompany(ctx, sys, { name: `${name}${tag}物业服务有限公司`, contactPhone: '13800138000' });
    const unit = await createUnit(ctx, sys, { name: `${name}${tag}科技有限公司`, kind: 'enterprise' });
    const compound = await createCompound(ctx, sys, {
      gridId: grid.id,
      name: `${tag}花园`,
      location: { lng: x + 0.002, lat: 21.205 },
      households: 300,
      buildYear: 1995,
      isOld: true,
      isThreeNos: false,
      propertyCompanyId: company.id,
      hasOwnersCommittee: true,
    });
    await recordRedPropertyStage(ctx, sys, compound.id, { stage: 'planned', reachedOn: '2022-03-01' });
    const building = await createBuilding(ctx, sys, { compoundId: compound.id, name: '1栋', floors: 7, households: 42 });
    return { street, community, grid, siblingGrid, company, unit, compound, building };
  };
  const inner = await mk(`${name}甲`, west);
  const other = await mk(`${name}乙`, west + 0.02);

  const districtCommittee = await createPartyOrg(ctx, sys, { type: 'district_committee', name: `${name}党工委`, orgUnitId: district.id });
  const committee = async (line: typeof inner, tag: string) => {
    const streetCommittee = await createPartyOrg(ctx, sys, {
      type: 'street_working_committee',
      name: `${tag}大工委`,
      parentId: districtCommittee.id,
      orgUnitId: line.street.id,
    });
    const bigCommittee = await createPartyOrg(ctx, sys, {
      type: 'community_big_committee',
      name: `${tag}大党委`,
      parentId: streetCommittee.id,
      orgUnitId: line.community.id,
    });
    await addMemberUnit(ctx, sys, bigCommittee.id, { unitId: line.unit.id });
    const branch = await createPartyOrg(ctx, sys, {
      type: 'compound_branch',
      name: `${tag}花园党支部`,
      parentId: bigCommittee.id,
      compoundId: line.compound.id,
    });
    return { streetCommittee, bigCommittee, branch };
  };
  const innerParty = await committee(inner, `${name}甲`);
  const otherParty = await committee(other, `${name}乙`);
  return {
    district: district.id,
    street: inner.street.id,
    community: inner.community.id,
    grid: inner.grid.id,
    siblingGrid: inner.siblingGrid.id,
    compound: inner.compound.id,
    building: inner.building.id,
    company: inner.company.id,
    unit: inner.unit.id,
    streetCommittee: innerParty.streetCommittee.id,
    bigCommittee: innerParty.bigCommittee.id,
    branch: innerParty.branch.id,
    other: {
      street: other.street.id,
      community: other.community.id,
      grid: other.grid.id,
      compound: other.compound.id,
      building: other.building.id,
      company: other.company.id,
      unit: other.unit.id,
      branch: otherParty.branch.id,
    },
  };
}

export async function buildWorld(ctx: Context): Promise<World> {
  const a = await buildTree(ctx, '甲区', 110.4);
  const b = await buildTree(ctx, '乙区', 110.5);
  const sys = systemAccount(a.district);
  const specs: Record<Role, Parameters<typeof createUser>[2]> = {
    district_admin: { scopeUnitId: a.district },
    street_staff: { scopeUnitId: a.street },
    community_staff: { scopeUnitId: a.community },
    grid_worker: { scopeUnitId: a.grid },
    property_staff: { propertyCompanyId: a.company },
    party_secretary: { partyOrgId: a.bigCommittee },
    in_service_member: { scopeUnitId: a.community },
    unit_liaison: { unitId: a.unit },
    resident: { compoundId: a.compound, phone: '13912345678', idNumber: '440803199001011234' },
  };
  const users = {} as Record<Role, string>;
  const userIds = {} as Record<Role, number>;
  for (const [role, spec] of Object.entries(specs) as [Role, (typeof specs)[Role]][]) {
    const username = `a_${role}`;
    const user = await createUser(ctx, sys, { username, displayName: role, password: PASSWORD, role, ...spec });
    users[role] = username;
    userIds[role] = user.id;
  }
  const outside = await createUser(ctx, sys, {
    username: 'a_outside_resident',
    displayName: '外部居民',
    role: 'resident',
    compoundId: a.other.compound,
    phone: '13700000000',
  });
  await createUser(ctx, systemAccount(b.district), {
    username: 'b_admin',
    displayName: 'B admin',
    password: PASSWORD,
    role: 'district_admin',
    scopeUnitId: b.district,
  });
  return { a, b, users, userIds, outsideUser: outside.id, adminB: 'b_admin' };
}
