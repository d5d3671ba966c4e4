// The plan of the demo district: everything seedDemo will create, worked out in advance as
// plain data from a seed number. Pure and deterministic; the seeder only walks it.
import type { Polygon } from 'geojson';
import type { PartyOrgType, RedPropertyStage, Role, UnitKind } from '../core/vocabulary.js';
import {
  compoundSlots,
  gridCuts,
  latticeQuad,
  latticeVertices,
  placeCompound,
  type Quad,
  sidePoints,
  tileQuad,
} from './geometry.js';
import {
  AGENCIES,
  address,
  COMMUNITIES,
  compoundNames,
  creditCodeSource,
  DISTRICT_NAME,
  ENTERPRISES,
  idNumber,
  landline,
  NAMED_COMPOUNDS,
  nameSource,
  OFFICE_BUILDING,
  PROPERTY_COMPANIES,
  phoneSource,
  STREETS,
} from './names.js';
import { createRandom, type Random } from './random.js';

/** The figures of the source report the demo reproduces. */
export const TARGETS = {
  communities: 14,
  grids: 89,
  compounds: 186,
  oldCompounds: 73,
  noPropertyCompounds: 53,
  compoundBranches: 24,
  agencies: 24,
  enterprises: 39,
} as const;

export const DEFAULT_SEED = 1;
export const DEMO_PASSWORD = 'hongyun-demo';

/** A node of the org tree, by its index in the plan's lists. */
export type OrgRef =
  | { kind: 'district' }
  | { kind: 'street'; index: number }
  | { kind: 'community'; index: number }
  | { kind: 'grid'; index: number };

export interface StreetPlan {
  name: string;
  code: string;
  address: string | null;
  phone: string;
}

export interface CommunityPlan {
  name: string;
  abbr: string;
  code: string;
  street: number;
  quad: Quad;
  boundary: Polygon;
  address: string;
  phone: string;
}

export interface GridPlan {
  community: number;
  /** 1-based number of the grid within its community. */
  number: number;
  name: string;
  code: string;
  boundary: Polygon;
}

export interface AccountPlan {
  username: string;
  displayName: string;
  role: Role;
  /** Absent where the service derives it: residents, party secretaries, property staff, liaisons. */
  scope?: OrgRef;
  /** Demo accounts get the demo password; the rest wait for activation. */
  withPassword: boolean;
  phone: string;
  company?: number;
  compound?: number;
  partyOrg?: number;
  unit?: number;
  idNumber?: string;
}

export interface CompanyPlan {
  name: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  servicePhone: string;
  address: string;
}

export interface UnitPlan {
  name: string;
  kind: UnitKind;
  creditCode: string | null;
  address: string;
  contactName: string;
  contactPhone: string;
}

export interface BuildingPlan {
  name: string;
  floors: number;
  households: number;
}

export interface StagePlan {
  stage: RedPropertyStage;
  reachedOn: string;
  note: string;
}

export interface CompoundPlan {
  grid: number;
  community: number;
  street: number;
  name: string;
  address: string;
  location: { lng: number; lat: number };
  boundary: Polygon | null;
  households: number;
  buildYear: number;
  isOld: boolean;
  isThreeNos: boolean;
  company: number | null;
  hasOwnersCommittee: boolean;
  buildings: BuildingPlan[];
  redProperty: StagePlan[];
}

export interface PartyOrgPlan {
  parent: number | null;
  type: PartyOrgType;
  name: string;
  /** Absent for compound branches, which sit at their compound's grid. */
  orgUnit?: OrgRef;
  compound?: number;
  company?: number;
  unit?: number;
  memberCount: number | null;
  foundedOn: string | null;
}

export interface MemberUnitPlan {
  partyOrg: number;
  unit: number;
  joinedOn: string;
}

export interface DemoPlan {
  seed: number;
  district: { name: string; code: null };
  streets: StreetPlan[];
  communities: CommunityPlan[];
  grids: GridPlan[];
  companies: CompanyPlan[];
  units: UnitPlan[];
  compounds: CompoundPlan[];
  partyOrgs: PartyOrgPlan[];
  memberUnits: MemberUnitPlan[];
  /** Grid workers (one per grid, in grid order) followed by the other demo accounts. */
  accounts: AccountPlan[];
  /** Usernames of the accounts that log in with the demo password. */
  demoUsernames: string[];
}

/** A date in [from, to] (YYYY-MM-DD, both included). */
function dateBetween(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const day = random.int(0, Math.round((end - start) / 86_400_000));
  return new Date(start + day * 86_400_000).toISOString().slice(0, 10);
}

/** Spreads `extra` units over `slots` bins holding `base` each, none above `cap`. */
function spread(random: Random, slots: number, base: number, extra: number, cap: number): number[] {
  const counts = Array.from({ length: slots }, () => base);
  for (let left = extra; left > 0; ) {
    const i = random.int(0, slots - 1);
    if (counts[i]! < cap) {
      counts[i]!++;
      left--;
    }
  }
  return counts;
}

/** Community lattice cells (col, row) in the order of COMMUNITIES: 泉庄 in the west, 乐华 in the east. */
const CELLS: readonly (readonly [number, number])[] = [
  [0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [1, 2], [1, 3],
  [2, 0], [2, 1], [3, 1], [2, 2], [3, 2], [2, 3], [3, 3],
];

function branchName(compound: string, red: boolean): string {
  return `${compound}${red ? '红色物业' : ''}党支部`;
}

export function buildPlan(seed: number = DEFAULT_SEED): DemoPlan {
  const random = createRandom(seed);
  const nextName = nameSource(random);
  const nextPhone = phoneSource(random);
  const nextCreditCode = creditCodeSource(random);

  const streets: StreetPlan[] = STREETS.map((s, i) => ({
    name: s.name,
    code: s.code,
    address: s.urban ? address(random, i) : null,
    phone: landline(random),
  }));

  // Communities and their grids.
  const vertices = latticeVertices(random);
  const gridCounts = spread(random, TARGETS.communities, 5, TARGETS.grids - 5 * TARGETS.communities, 8);
  const communities: CommunityPlan[] = [];
  const grids: GridPlan[] = [];
  const gridBoxes: { community: number; box: { u0: number; u1: number; v0: number; v1: number } }[] = [];
  const perStreet = new Map<number, number>();
  const cuts = COMMUNITIES.map((c, index) => gridCuts(random, gridCounts[index]!));
  // Neighbours carry each other's vertices on the sides they share, so communities do not overlap either.
  const at = (col: number, row: number) => CELLS.findIndex(([c, r]) => c === col && r === row);
  const neighbour = (col: number, row: number) => {
    const i = at(col, row);
    return i < 0 ? undefined : sidePoints(cuts[i]!);
  };
  COMMUNITIES.forEach((c, index) => {
    const [col, row] = CELLS[index]!;
    const quad = latticeQuad(vertices, col, row);
    const tiling = tileQuad(quad, cuts[index]!, {
      south: neighbour(col, row - 1)?.north,
      north: neighbour(col, row + 1)?.south,
      west: neighbour(col - 1, row)?.east,
      east: neighbour(col + 1, row)?.west,
    });
    const serial = (perStreet.get(c.street) ?? 0) + 1;
    perStreet.set(c.street, serial);
    communities.push({
      name: c.name,
      abbr: c.abbr,
      code: `${STREETS[c.street]!.code}${String(serial).padStart(3, '0')}`,
      street: c.street,
      quad,
      boundary: tiling.boundary,
      address: address(random, c.street),
      phone: landline(random),
    });
    tiling.cells.forEach((cell, k) => {
      grids.push({
        community: index,
        number: k + 1,
        name: `${c.name}第${k + 1}网格`,
        code: `${c.abbr}-${String(k + 1).padStart(2, '0')}`,
        boundary: cell.polygon,
      });
      gridBoxes.push({ community: index, box: cell.box });
    });
  });

  const companies: CompanyPlan[] = PROPERTY_COMPANIES.map((name) => ({
    name,
    creditCode: nextCreditCode('91'),
    contactName: nextName(),
    contactPhone: nextPhone(),
    servicePhone: landline(random),
    address: address(random, random.int(0, 1)),
  }));

  const units: UnitPlan[] = [
    ...AGENCIES.map((a) => ({ name: a.name, kind: a.kind as UnitKind, prefix: a.kind === 'agency' ? ('11' as const) : ('12' as const) })),
    ...ENTERPRISES.map((name) => ({ name, kind: 'enterprise' as UnitKind, prefix: '91' as const })),
  ].map((u) => ({
    name: u.name,
    kind: u.kind,
    creditCode: nextCreditCode(u.prefix),
    address: address(random, random.int(0, 1)),
    contactName: nextName(),
    contactPhone: nextPhone(),
  }));
  const officeBuilding = units.length;
  units.push({
    name: OFFICE_BUILDING,
    kind: 'office_building',
    creditCode: null,
    address: `人民大道南${random.int(50, 120)}号`,
    contactName: nextName(),
    contactPhone: nextPhone(),
  });

  // Compounds: where they sit (slots in grids), then who they are.
  const perGrid = spread(random, grids.length, 1, TARGETS.compounds - grids.length, 4);
  const slots: { grid: number; slot: number; count: number }[] = [];
  perGrid.forEach((count, grid) => {
    for (let slot = 0; slot < count; slot++) slots.push({ grid, slot, count });
  });
  const communityIndex = (name: string) => COMMUNITIES.findIndex((c) => c.name === name);
  const takeSlot = (free: typeof slots, where: (grid: number) => boolean) => {
    const candidates = free.filter((s) => where(s.grid));
    const chosen = random.pick(candidates);
    free.splice(free.indexOf(chosen), 1);
    return chosen;
  };
  const free = [...slots];
  const shengheyuanSlot = takeSlot(free, (g) => grids[g]!.community === communityIndex('盛和园社区'));
  const donghaiSlot = takeSlot(free, (g) => grids[g]!.community === communityIndex('观海社区'));
  const airportSlot = takeSlot(free, (g) => COMMUNITIES[grids[g]!.community]!.street === 0 && grids[g]!.community !== communityIndex('观海社区'));

  const invented = compoundNames(random, TARGETS.oldCompounds - 2, TARGETS.compounds - TARGETS.oldCompounds - 1);
  // Old compounds mostly lack property management; a few newer ones (work-unit blocks, self-built) too.
  const oldNoProperty = 41;
  const newNoProperty = TARGETS.noPropertyCompounds - 2 - oldNoProperty;
  const threeNos = random.int(18, 26);

  interface Draft {
    name: string;
    isOld: boolean;
    hasCompany: boolean;
    isThreeNos: boolean;
    named?: 'airport' | 'shengheyuan' | 'donghai';
  }
  const oldDrafts: Draft[] = invented.old.map((name, i) => ({
    name,
    isOld: true,
    hasCompany: i >= oldNoProperty,
    isThreeNos: i < threeNos,
  }));
  const newDrafts: Draft[] = invented.new.map((name, i) => ({ name, isOld: false, hasCompany: i >= newNoProperty, isThreeNos: false }));
  const drafts = random.shuffle([...oldDrafts, ...newDrafts]);
  const placed: { draft: Draft; at: (typeof slots)[number] }[] = [
    { draft: { name: NAMED_COMPOUNDS.shengheyuan, isOld: false, hasCompany: true, isThreeNos: false, named: 'shengheyuan' }, at: shengheyuanSlot },
    { draft: { name: NAMED_COMPOUNDS.donghai, isOld: true, hasCompany: false, isThreeNos: false, named: 'donghai' }, at: donghaiSlot },
    { draft: { name: NAMED_COMPOUNDS.airport, isOld: true, hasCompany: false, isThreeNos: false, named: 'airport' }, at: airportSlot },
    ...drafts.map((draft, i) => ({ draft, at: free[i]! })),
  ];
  // Create in grid order so that ids follow the map.
  placed.sort((a, b) => a.at.grid - b.at.grid || a.at.slot - b.at.slot);

  // Every company manages at least one compound; 盛和园's is the first company.
  const managed = placed.filter((p) => p.draft.hasCompany && p.draft.named !== 'shengheyuan');
  const companyOf = new Map<Draft, number>();
  random.shuffle(managed).forEach((p, i) => {
    companyOf.set(p.draft, i < companies.length - 1 ? i + 1 : random.int(0, companies.length - 1));
  });

  const compounds: CompoundPlan[] = placed.map(({ draft, at }) => {
    const grid = grids[at.grid]!;
    const community = communities[grid.community]!;
    let households = draft.isOld ? random.int(80, 600) : random.int(200, 2500);
    let buildYear = draft.isOld ? random.int(1978, 1999) : random.int(2000, 2022);
    let hasOwnersCommittee = draft.isThreeNos
      ? false
      : random.chance(draft.hasCompany ? (draft.isOld ? 0.3 : 0.55) : 0.25);
    if (draft.named === 'shengheyuan') {
      households = random.int(1200, 1800);
      buildYear = random.int(2008, 2012);
      hasOwnersCommittee = true;
    } else if (draft.named === 'donghai') {
      households = random.int(260, 420);
      buildYear = random.int(1992, 1998);
      hasOwnersCommittee = true;
    } else if (draft.named === 'airport') {
      households = random.int(300, 520);
      buildYear = random.int(1984, 1994);
      hasOwnersCommittee = false;
    }
    const size = households / 2500;
    const { location, footprint } = placeCompound(random, community.quad, gridBoxes[at.grid]!.box, compoundSlots(at.count)[at.slot]!, size);
    const count = random.int(1, 3);
    const buildings: BuildingPlan[] = [];
    for (let b = 1; b <= count; b++) {
      const floors = draft.isOld ? random.int(5, 7) : random.pick([11, 18, 18, 26, 32, 33]);
      const perFloor = draft.isOld ? random.pick([2, 4, 6]) : random.pick([2, 4]);
      buildings.push({ name: `${b}栋`, floors, households: Math.max(1, Math.min(floors * perFloor, Math.floor(households / count))) });
    }
    return {
      grid: at.grid,
      community: grid.community,
      street: community.street,
      name: draft.name,
      address: address(random, community.street),
      location,
      boundary: draft.named || random.chance(0.7) ? footprint : null,
      households,
      buildYear,
      isOld: draft.isOld,
      isThreeNos: draft.isThreeNos,
      company: draft.named === 'shengheyuan' ? 0 : draft.hasCompany ? companyOf.get(draft)! : null,
      hasOwnersCommittee,
      buildings,
      redProperty: [],
    };
  });
  const compoundIndex = (name: string) => compounds.findIndex((c) => c.name === name);
  const shengheyuan = compoundIndex(NAMED_COMPOUNDS.shengheyuan);

  // Red property: 盛和园 is the demonstration site; others are on their way.
  compounds[shengheyuan]!.redProperty = [
    { stage: 'planned', reachedOn: dateBetween(random, '2021-02-01', '2021-04-30'), note: '列入经开区首批红色物业创建计划' },
    { stage: 'branch_formed', reachedOn: '2021-07-01', note: '盛和园红色物业党支部成立' },
    { stage: 'property_integrated', reachedOn: dateBetween(random, '2022-03-01', '2022-08-31'), note: '物业项目负责人与党支部委员交叉任职,物业服务纳入小区党支部统筹' },
    { stage: 'demonstration_site', reachedOn: dateBetween(random, '2023-03-01', '2023-05-31'), note: '被评为广东省物业管理行业协会首家住宅类红色物业示范点' },
  ];
  const candidates = random.shuffle(
    compounds.map((c, i) => i).filter((i) => i !== shengheyuan && compounds[i]!.company !== null),
  );
  // Well-run newer compounds go first.
  candidates.sort((a, b) => Number(compounds[a]!.isOld) - Number(compounds[b]!.isOld));
  const integrated = random.int(2, 4);
  const formed = random.int(3, 5);
  const planned = random.int(7, 10);
  const redBranches = [shengheyuan];
  candidates.slice(0, integrated + formed + planned).forEach((i, k) => {
    const stages: StagePlan[] = [{ stage: 'planned', reachedOn: dateBetween(random, '2021-03-01', '2022-06-30'), note: '列入红色物业创建计划' }];
    if (k < integrated + formed) {
      stages.push({ stage: 'branch_formed', reachedOn: dateBetween(random, '2022-07-01', '2022-12-31'), note: '成立红色物业党支部' });
      redBranches.push(i);
    }
    if (k < integrated) {
      stages.push({ stage: 'property_integrated', reachedOn: dateBetween(random, '2023-01-01', '2023-06-30'), note: '物业服务纳入党建引领,建立红色议事会' });
    }
    compounds[i]!.redProperty = stages;
  });

  // Party organisations, top down.
  const partyOrgs: PartyOrgPlan[] = [
    {
      parent: null,
      type: 'district_committee',
      name: '中共湛江经济技术开发区工作委员会',
      orgUnit: { kind: 'district' },
      memberCount: null,
      foundedOn: '1984-11-29',
    },
  ];
  const streetOrg = streets.map((s, index) => {
    partyOrgs.push({
      parent: 0,
      type: 'street_working_committee',
      name: `${s.name}大工委`,
      orgUnit: { kind: 'street', index },
      memberCount: null,
      foundedOn: dateBetween(random, '2019-03-01', '2019-12-31'),
    });
    return partyOrgs.length - 1;
  });
  const communityOrg = communities.map((c, index) => {
    partyOrgs.push({
      parent: streetOrg[c.street]!,
      type: 'community_big_committee',
      name: `${c.name}大党委`,
      orgUnit: { kind: 'community', index },
      memberCount: random.int(60, 220),
      foundedOn: dateBetween(random, '2020-01-01', '2020-12-31'),
    });
    return partyOrgs.length - 1;
  });
  const named = new Set<string>([NAMED_COMPOUNDS.airport, NAMED_COMPOUNDS.donghai]);
  const branchOf = (i: number, red: boolean) => {
    const c = compounds[i]!;
    // Branches the report tells of were at work by 2022; others formed over 2021–2023.
    const formed = c.redProperty.find((s) => s.stage === 'branch_formed')?.reachedOn ?? (named.has(c.name) ? dateBetween(random, '2021-03-01', '2022-06-30') : undefined);
    partyOrgs.push({
      parent: communityOrg[c.community]!,
      type: red ? 'red_property_branch' : 'compound_branch',
      name: branchName(c.name, red),
      compound: i,
      ...(red ? { company: c.company! } : {}),
      memberCount: random.int(6, 45),
      foundedOn: formed ?? dateBetween(random, '2021-01-01', '2023-06-30'),
    });
  };
  const plain = TARGETS.compoundBranches - redBranches.length;
  const others = random.shuffle(
    compounds
      .map((c, i) => i)
      .filter((i) => compounds[i]!.redProperty.length === 0 && !named.has(compounds[i]!.name)),
  );
  const oldOnes = others.filter((i) => compounds[i]!.isOld);
  const newOnes = others.filter((i) => !compounds[i]!.isOld);
  const half = Math.ceil((plain - 2) / 2);
  const plainBranches = [
    compoundIndex(NAMED_COMPOUNDS.airport),
    compoundIndex(NAMED_COMPOUNDS.donghai),
    ...oldOnes.slice(0, half),
    ...newOnes.slice(0, plain - 2 - half),
  ];
  for (const i of [...redBranches, ...plainBranches].sort((a, b) => a - b)) branchOf(i, redBranches.includes(i));

  const renmin = communityIndex('人民社区');
  partyOrgs.push({
    parent: communityOrg[renmin]!,
    type: 'building_joint_committee',
    name: `${OFFICE_BUILDING}楼宇联合党委`,
    orgUnit: { kind: 'community', index: renmin },
    unit: officeBuilding,
    memberCount: random.int(40, 90),
    foundedOn: dateBetween(random, '2021-05-01', '2021-10-31'),
  });
  for (const [place, community] of [
    ['华都汇', '海滨北社区'],
    ['万达商圈', '金港社区'],
  ] as const) {
    const index = communityIndex(community);
    partyOrgs.push({
      parent: communityOrg[index]!,
      type: 'small_individual_professional_branch',
      name: `${place}小个专党支部`,
      orgUnit: { kind: 'community', index },
      memberCount: random.int(8, 30),
      foundedOn: dateBetween(random, '2022-01-01', '2022-12-31'),
    });
  }

  // Member units of the community big party committees: every agency and enterprise joins one,
  // some a second; 欢乐家大厦 joins 人民社区's.
  const membership = new Set<string>();
  const memberUnits: MemberUnitPlan[] = [];
  const join = (community: number, unit: number) => {
    const key = `${community}:${unit}`;
    if (membership.has(key)) return;
    membership.add(key);
    memberUnits.push({ partyOrg: communityOrg[community]!, unit, joinedOn: dateBetween(random, '2021-01-01', '2023-06-30') });
  };
  const agencyUnits = random.shuffle(units.map((u, i) => i).filter((i) => units[i]!.kind === 'agency' || units[i]!.kind === 'institution'));
  const enterpriseUnits = random.shuffle(units.map((u, i) => i).filter((i) => units[i]!.kind === 'enterprise'));
  agencyUnits.forEach((unit, k) => join(k % communities.length, unit));
  enterpriseUnits.forEach((unit, k) => join((k + 5) % communities.length, unit));
  for (let k = random.int(8, 14); k > 0; k--) join(random.int(0, communities.length - 1), random.pick([...agencyUnits, ...enterpriseUnits]));
  const liaisonUnit = units.findIndex((u) => u.name === '中国移动湛江分公司');
  join(0, liaisonUnit);
  join(renmin, officeBuilding);
  memberUnits.sort((a, b) => a.partyOrg - b.partyOrg || a.unit - b.unit);

  // Accounts: a grid worker per grid (霞海社区第1网格's is the demo account `grid`), then one demo account per role.
  const accounts: AccountPlan[] = grids.map((g, index) => ({
    username: index === 0 ? 'grid' : `grid-${g.code.toLowerCase()}`,
    displayName: nextName(),
    role: 'grid_worker',
    scope: { kind: 'grid', index },
    withPassword: index === 0,
    phone: nextPhone(),
  }));
  const xiahai = 0;
  const residentCompound = random.pick(compounds.map((c, i) => i).filter((i) => compounds[i]!.community === xiahai && compounds[i]!.company !== null));
  const demo = (plan: Omit<AccountPlan, 'displayName' | 'withPassword' | 'phone'>): AccountPlan => ({
    ...plan,
    displayName: nextName(),
    withPassword: true,
    phone: nextPhone(),
  });
  accounts.push(
    demo({ username: 'admin', role: 'district_admin', scope: { kind: 'district' } }),
    demo({ username: 'street', role: 'street_staff', scope: { kind: 'street', index: 0 } }),
    demo({ username: 'community', role: 'community_staff', scope: { kind: 'community', index: xiahai } }),
    demo({ username: 'property', role: 'property_staff', company: 0 }),
    demo({ username: 'secretary', role: 'party_secretary', partyOrg: communityOrg[xiahai]! }),
    demo({ username: 'member', role: 'in_service_member', scope: { kind: 'community', index: xiahai } }),
    demo({ username: 'liaison', role: 'unit_liaison', unit: liaisonUnit }),
    demo({
      username: 'resident',
      role: 'resident',
      compound: residentCompound,
      idNumber: idNumber(random, random.int(1965, 1995)),
    }),
  );
  const demoUsernames = ['admin', 'street', 'community', 'grid', 'property', 'secretary', 'member', 'liaison', 'resident'];

  return {
    seed,
    district: { name: DISTRICT_NAME, code: null },
    streets,
    communities,
    grids,
    companies,
    units,
    compounds,
    partyOrgs,
    memberUnits,
    accounts,
    demoUsernames,
  };
}
