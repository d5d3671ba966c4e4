// Unit tests for the demo plan: the report's figures, geometry that the server accepts, and
// determinism for a seed.
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkIdNumber } from '../core/codes.js';
import { areaWithin, checkArea, overlapArea } from '../core/geo.js';
import { checkStageChange } from '../core/redProperty.js';
import { checkLinks } from '../core/partyOrgs.js';
import { ROLES } from '../core/vocabulary.js';
import { buildPlan, TARGETS } from './plan.js';

const plan = buildPlan(1);

describe('demo plan: counts', () => {
  it('holds the figures of the source report', () => {
    expect(plan.streets).toHaveLength(6);
    expect(plan.communities).toHaveLength(TARGETS.communities);
    expect(plan.grids).toHaveLength(TARGETS.grids);
    expect(plan.compounds).toHaveLength(TARGETS.compounds);
    expect(plan.compounds.filter((c) => c.isOld)).toHaveLength(TARGETS.oldCompounds);
    expect(plan.compounds.filter((c) => c.company === null)).toHaveLength(TARGETS.noPropertyCompounds);
    const branches = plan.partyOrgs.filter((o) => o.type === 'compound_branch' || o.type === 'red_property_branch');
    expect(branches).toHaveLength(TARGETS.compoundBranches);
    expect(plan.units.filter((u) => u.kind === 'agency' || u.kind === 'institution')).toHaveLength(TARGETS.agencies);
    expect(plan.units.filter((u) => u.kind === 'enterprise')).toHaveLength(TARGETS.enterprises);
    expect(plan.units.filter((u) => u.kind === 'office_building').map((u) => u.name)).toEqual(['欢乐家大厦']);
  });

  it('keeps the urban communities in 泉庄街道 and 乐华街道 with codes under their street', () => {
    for (const c of plan.communities) {
      expect(c.street).toBeLessThan(2);
      expect(c.code).toMatch(/^\d{12}$/);
      expect(c.code.startsWith(plan.streets[c.street]!.code)).toBe(true);
    }
    expect(new Set(plan.communities.map((c) => c.code)).size).toBe(14);
    expect(new Set(plan.grids.map((g) => g.code)).size).toBe(89);
  });

  it('places the compounds the report names', () => {
    const byName = (name: string) => plan.compounds.find((c) => c.name === name)!;
    const community = (i: number) => plan.communities[i]!.name;
    expect(plan.streets[byName('机场小区').street]!.name).toBe('泉庄街道');
    expect(byName('机场小区').isOld).toBe(true);
    expect(community(byName('盛和园').community)).toBe('盛和园社区');
    expect(byName('盛和园').company).toBe(0);
    expect(byName('盛和园').redProperty.map((s) => s.stage)).toEqual(['planned', 'branch_formed', 'property_integrated', 'demonstration_site']);
    const donghai = byName('东海置业小区');
    expect(community(donghai.community)).toBe('观海社区');
    expect(donghai.isOld && donghai.hasOwnersCommittee).toBe(true);
    expect(donghai.buildYear).toBeGreaterThanOrEqual(1990);
    expect(donghai.buildYear).toBeLessThan(2000);
  });

  it('gives compounds consistent attributes', () => {
    expect(new Set(plan.compounds.map((c) => c.name)).size).toBe(plan.compounds.length);
    const threeNos = plan.compounds.filter((c) => c.isThreeNos);
    expect(threeNos.length).toBeGreaterThan(0);
    for (const c of plan.compounds) {
      if (c.isThreeNos) expect(c.company).toBeNull();
      if (c.isOld) expect(c.buildYear).toBeLessThan(2000);
      expect(c.households).toBeGreaterThanOrEqual(80);
      expect(c.households).toBeLessThanOrEqual(2500);
      expect(c.buildings.length).toBeGreaterThan(0);
      expect(c.buildings.reduce((s, b) => s + b.households, 0)).toBeLessThanOrEqual(c.households);
      expect(c.address).toMatch(/号$/);
    }
    const buildings = plan.compounds.reduce((s, c) => s + c.buildings.length, 0);
    expect(buildings).toBeGreaterThan(200);
    expect(buildings).toBeLessThan(600);
    // Every company manages something.
    expect(new Set(plan.compounds.map((c) => c.company).filter((c) => c !== null)).size).toBe(plan.companies.length);
  });

  it('records red-property stages that the stage rules accept', () => {
    const stages = plan.compounds.filter((c) => c.redProperty.length > 0);
    const at = (stage: string) => stages.filter((c) => c.redProperty.at(-1)!.stage === stage).length;
    expect(at('planned')).toBeGreaterThanOrEqual(3);
    expect(at('branch_formed')).toBeGreaterThanOrEqual(2);
    expect(at('property_integrated')).toBeGreaterThanOrEqual(2);
    expect(at('demonstration_site')).toBe(1);
    for (const c of stages) {
      expect(c.company).not.toBeNull();
      c.redProperty.forEach((entry, i) => {
        expect(checkStageChange(c.redProperty.slice(0, i), entry, { hasPropertyCompany: true, today: '2024-01-01' })).toBeNull();
        expect(entry.reachedOn >= '2021-01-01' && entry.reachedOn <= '2023-12-31').toBe(true);
      });
    }
  });
});

describe('demo plan: geometry', () => {
  it('tiles every community with its grids: equal area, no overlaps, each inside', () => {
    plan.communities.forEach((community, index) => {
      expect(checkArea(community.boundary)).toBeNull();
      const grids = plan.grids.filter((g) => g.community === index);
      expect(grids.length).toBeGreaterThanOrEqual(5);
      const total = grids.reduce((sum, g) => sum + turfArea(g.boundary), 0);
      const area = turfArea(community.boundary);
      expect(Math.abs(total - area) / area).toBeLessThan(0.001);
      // Community size: roughly 0.6–1.2 km across.
      expect(Math.sqrt(area)).toBeGreaterThan(600);
      expect(Math.sqrt(area)).toBeLessThan(1200);
      for (const [i, a] of grids.entries()) {
        expect(checkArea(a.boundary)).toBeNull();
        expect(areaWithin(a.boundary, community.boundary)).toBe(true);
        for (const b of grids.slice(i + 1)) expect(overlapArea(a.boundary, b.boundary)).toBeLessThan(1);
      }
    });
  });

  it('keeps communities apart from each other', () => {
    for (const [i, a] of plan.communities.entries()) {
      for (const b of plan.communities.slice(i + 1)) expect(overlapArea(a.boundary, b.boundary)).toBeLessThan(1);
    }
  });

  it('puts each compound strictly inside its grid, with its footprint inside too', () => {
    for (const c of plan.compounds) {
      const grid = plan.grids[c.grid]!;
      expect(grid.community).toBe(c.community);
      expect(booleanPointInPolygon([c.location.lng, c.location.lat], grid.boundary, { ignoreBoundary: true })).toBe(true);
      expect(c.location.lat).toBeGreaterThan(21.17);
      expect(c.location.lat).toBeLessThan(21.24);
      expect(c.location.lng).toBeGreaterThan(110.37);
      expect(c.location.lng).toBeLessThan(110.43);
      if (c.boundary) {
        expect(checkArea(c.boundary)).toBeNull();
        expect(areaWithin(c.boundary, grid.boundary)).toBe(true);
      }
    }
    // Footprints in one grid do not overlap.
    for (const [i, a] of plan.compounds.entries()) {
      for (const b of plan.compounds.slice(i + 1)) {
        if (a.grid === b.grid && a.boundary && b.boundary) expect(overlapArea(a.boundary, b.boundary)).toBe(0);
      }
    }
  });
});

describe('demo plan: party organisations and accounts', () => {
  it('builds the tree the shape rules allow', () => {
    const count = (type: string) => plan.partyOrgs.filter((o) => o.type === type).length;
    expect(count('district_committee')).toBe(1);
    expect(count('street_working_committee')).toBe(6);
    expect(count('community_big_committee')).toBe(14);
    expect(count('red_property_branch')).toBeGreaterThanOrEqual(4);
    expect(count('building_joint_committee')).toBe(1);
    expect(count('small_individual_professional_branch')).toBe(2);
    expect(new Set(plan.partyOrgs.map((o) => o.name)).size).toBe(plan.partyOrgs.length);
    plan.partyOrgs.forEach((org, i) => {
      if (org.parent !== null) expect(org.parent).toBeLessThan(i);
      const links = { compoundId: org.compound ?? null, propertyCompanyId: org.company ?? null, unitId: org.unit ?? null };
      expect(checkLinks(org.type, links)).toEqual([]);
      if (org.type === 'red_property_branch') expect(org.company).toBe(plan.compounds[org.compound!]!.company);
    });
    const shengheyuan = plan.partyOrgs.find((o) => o.type === 'red_property_branch' && plan.compounds[o.compound!]!.name === '盛和园');
    expect(shengheyuan?.name).toBe('盛和园红色物业党支部');
  });

  it('gives every big party committee member units from the agencies and enterprises', () => {
    const bigs = plan.partyOrgs.flatMap((o, i) => (o.type === 'community_big_committee' ? [i] : []));
    for (const big of bigs) {
      const kinds = plan.memberUnits.filter((m) => m.partyOrg === big).map((m) => plan.units[m.unit]!.kind);
      expect(kinds.some((k) => k === 'agency' || k === 'institution')).toBe(true);
      expect(kinds).toContain('enterprise');
    }
    const members = new Set(plan.memberUnits.map((m) => m.unit));
    expect(members.size).toBe(plan.units.length);
    expect(new Set(plan.memberUnits.map((m) => `${m.partyOrg}:${m.unit}`)).size).toBe(plan.memberUnits.length);
  });

  it('has one grid worker per grid and one demo account per role', () => {
    const workers = plan.accounts.filter((a) => a.role === 'grid_worker');
    expect(workers).toHaveLength(89);
    expect(new Set(workers.map((w) => w.scope && w.scope.kind === 'grid' && w.scope.index)).size).toBe(89);
    expect(workers.filter((w) => w.withPassword).map((w) => w.username)).toEqual(['grid']);
    expect(plan.grids[0]!.name).toBe('霞海社区第1网格');
    const demo = plan.accounts.filter((a) => a.withPassword);
    expect(demo.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    expect(demo.map((a) => a.username).sort()).toEqual([...plan.demoUsernames].sort());
    expect(new Set(plan.accounts.map((a) => a.username)).size).toBe(plan.accounts.length);
    expect(new Set(plan.accounts.map((a) => a.displayName)).size).toBe(plan.accounts.length);
    for (const a of plan.accounts) expect(a.phone).toMatch(/^1\d{10}$/);
    const resident = plan.accounts.find((a) => a.role === 'resident')!;
    expect(plan.communities[plan.compounds[resident.compound!]!.community]!.name).toBe('霞海社区');
    expect(checkIdNumber(resident.idNumber!)).toBeNull();
  });

  it('uses valid credit codes and Zhanjiang phone numbers', () => {
    const codes = [...plan.companies.map((c) => c.creditCode), ...plan.units.flatMap((u) => (u.creditCode ? [u.creditCode] : []))];
    for (const code of codes) {
      expect(checkCreditCode(code)).toBeNull();
      expect(code.slice(2, 8)).toBe('440800');
    }
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of plan.companies) {
      expect(c.name).toMatch(/^湛江市.+物业服务有限公司$/);
      expect(c.servicePhone).toMatch(/^0759-\d{7}$/);
    }
  });
});

describe('demo plan: determinism', () => {
  it('builds the same plan for the same seed and another for another seed', () => {
    expect(JSON.stringify(buildPlan(1))).toBe(JSON.stringify(plan));
    const other = buildPlan(2);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(plan));
    expect(other.compounds.filter((c) => c.isOld)).toHaveLength(73);
    expect(other.compounds.filter((c) => c.company === null)).toHaveLength(53);
  });

  it('holds the figures for many seeds', () => {
    for (let seed = 3; seed < 23; seed++) {
      const p = buildPlan(seed);
      expect(p.grids).toHaveLength(89);
      expect(p.compounds).toHaveLength(186);
      expect(p.compounds.filter((c) => c.isOld)).toHaveLength(73);
      expect(p.compounds.filter((c) => c.company === null)).toHaveLength(53);
      expect(p.partyOrgs.filter((o) => o.type === 'compound_branch' || o.type === 'red_property_branch')).toHaveLength(24);
      for (const c of p.compounds) {
        const grid = p.grids[c.grid]!.boundary;
        expect(booleanPointInPolygon([c.location.lng, c.location.lat], grid, { ignoreBoundary: true })).toBe(true);
        if (c.boundary) {
          expect(booleanPointInPolygon([c.location.lng, c.location.lat], c.boundary, { ignoreBoundary: true })).toBe(true);
          expect(areaWithin(c.boundary, grid)).toBe(true);
        }
      }
    }
  });
});
