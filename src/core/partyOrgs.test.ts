// Unit tests for the shape rules of the party organisation tree.
import { describe, expect, it } from 'vitest';
import {
  attachesToCompound,
  checkBuildingUnit,
  checkLinks,
  checkOrgUnitKind,
  checkParent,
  checkRedPropertyCompany,
  hasMemberUnits,
  liesWithin,
  onePerOrgUnit,
  placedAt,
  type Placement,
} from './partyOrgs.js';
import { PARTY_ORG_TYPES } from './vocabulary.js';

const none = { compoundId: null, propertyCompanyId: null, unitId: null };

// District 1 › street 10 › community 100 › grid 1000; a second street 20 with community 200.
const district: Placement = { districtId: 1, streetId: null, communityId: null, gridId: null };
const street: Placement = { districtId: 1, streetId: 10, communityId: null, gridId: null };
const community: Placement = { districtId: 1, streetId: 10, communityId: 100, gridId: null };
const grid: Placement = { districtId: 1, streetId: 10, communityId: 100, gridId: 1000 };
const otherStreet: Placement = { districtId: 1, streetId: 20, communityId: null, gridId: null };
const otherCommunity: Placement = { districtId: 1, streetId: 20, communityId: 200, gridId: null };

describe('checkParent', () => {
  it('lets a district committee stand alone and nothing else', () => {
    expect(checkParent('district_committee', null)).toBeNull();
    expect(checkParent('district_committee', 'district_committee')).toMatch(/no parent/);
    for (const type of PARTY_ORG_TYPES.filter((t) => t !== 'district_committee')) {
      expect(checkParent(type, null)).toBe('is required');
    }
  });

  it('follows the tree district › street › community › branches', () => {
    expect(checkParent('street_working_committee', 'district_committee')).toBeNull();
    expect(checkParent('community_big_committee', 'street_working_committee')).toBeNull();
    expect(checkParent('compound_branch', 'community_big_committee')).toBeNull();
    expect(checkParent('red_property_branch', 'community_big_committee')).toBeNull();
  });

  it('refuses skipped or inverted levels with a message naming both', () => {
    expect(checkParent('community_big_committee', 'district_committee')).toMatch(/street working committee.*district committee/);
    expect(checkParent('compound_branch', 'street_working_committee')).not.toBeNull();
    expect(checkParent('street_working_committee', 'community_big_committee')).not.toBeNull();
    expect(checkParent('compound_branch', 'compound_branch')).not.toBeNull();
  });

  it('hangs building joint committees and small-individual branches under a street or a community', () => {
    for (const type of ['building_joint_committee', 'small_individual_professional_branch'] as const) {
      expect(checkParent(type, 'street_working_committee')).toBeNull();
      expect(checkParent(type, 'community_big_committee')).toBeNull();
      expect(checkParent(type, 'district_committee')).not.toBeNull();
      expect(checkParent(type, 'compound_branch')).not.toBeNull();
    }
  });

  it('never lets a type be its own parent, so the tree has no cycles', () => {
    for (const type of PARTY_ORG_TYPES) expect(checkParent(type, type)).not.toBeNull();
  });
});

describe('checkOrgUnitKind', () => {
  it('attaches each committee to its own level', () => {
    expect(checkOrgUnitKind('district_committee', 'district')).toBeNull();
    expect(checkOrgUnitKind('street_working_committee', 'street')).toBeNull();
    expect(checkOrgUnitKind('community_big_committee', 'community')).toBeNull();
    expect(checkOrgUnitKind('community_big_committee', 'street')).toMatch(/attaches to a community, not a street/);
  });

  it('attaches compound branches to a grid, derived from the compound', () => {
    expect(attachesToCompound('compound_branch')).toBe(true);
    expect(attachesToCompound('red_property_branch')).toBe(true);
    expect(attachesToCompound('building_joint_committee')).toBe(false);
    expect(checkOrgUnitKind('compound_branch', 'grid')).toBeNull();
  });

  it('attaches building and small-individual organisations to a street or community', () => {
    expect(checkOrgUnitKind('building_joint_committee', 'street')).toBeNull();
    expect(checkOrgUnitKind('small_individual_professional_branch', 'community')).toBeNull();
    expect(checkOrgUnitKind('building_joint_committee', 'grid')).not.toBeNull();
    expect(checkOrgUnitKind('small_individual_professional_branch', 'district')).not.toBeNull();
  });
});

describe('checkLinks', () => {
  it('requires a compound for compound and red-property branches', () => {
    expect(checkLinks('compound_branch', none)).toEqual([{ field: 'compoundId', message: expect.any(String) }]);
    expect(checkLinks('compound_branch', { ...none, compoundId: 5 })).toEqual([]);
  });

  it('requires the property company for a red-property branch', () => {
    expect(checkLinks('red_property_branch', { ...none, compoundId: 5 }).map((p) => p.field)).toEqual(['propertyCompanyId']);
    expect(checkLinks('red_property_branch', { ...none, compoundId: 5, propertyCompanyId: 3 })).toEqual([]);
  });

  it('refuses links a type does not carry', () => {
    expect(checkLinks('community_big_committee', { compoundId: 1, propertyCompanyId: 2, unitId: 3 }).map((p) => p.field)).toEqual([
      'compoundId',
      'propertyCompanyId',
      'unitId',
    ]);
    expect(checkLinks('compound_branch', { compoundId: 1, propertyCompanyId: 2, unitId: null }).map((p) => p.field)).toEqual([
      'propertyCompanyId',
    ]);
  });

  it('lets a building joint committee name its office building, or not', () => {
    expect(checkLinks('building_joint_committee', none)).toEqual([]);
    expect(checkLinks('building_joint_committee', { ...none, unitId: 9 })).toEqual([]);
    expect(checkBuildingUnit('office_building')).toBeNull();
    expect(checkBuildingUnit('social_organization')).toMatch(/office building, not social organization/);
  });
});

describe('checkRedPropertyCompany', () => {
  it("accepts only the compound's own property company", () => {
    expect(checkRedPropertyCompany(3, 3)).toBeNull();
    expect(checkRedPropertyCompany(3, 4)).toMatch(/compound's property company/);
    expect(checkRedPropertyCompany(null, 4)).toMatch(/no property company/);
  });
});

describe('placement', () => {
  it('reads the org unit from the deepest ancestry column', () => {
    expect(placedAt(district)).toEqual({ kind: 'district', id: 1 });
    expect(placedAt(street)).toEqual({ kind: 'street', id: 10 });
    expect(placedAt(community)).toEqual({ kind: 'community', id: 100 });
    expect(placedAt(grid)).toEqual({ kind: 'grid', id: 1000 });
  });

  it("keeps a child's org unit inside its parent's", () => {
    expect(liesWithin(street, district)).toBe(true);
    expect(liesWithin(community, street)).toBe(true);
    expect(liesWithin(grid, community)).toBe(true);
    expect(liesWithin(grid, street)).toBe(true);
    expect(liesWithin(community, community)).toBe(true);
    expect(liesWithin(otherCommunity, street)).toBe(false);
    expect(liesWithin(community, otherStreet)).toBe(false);
    expect(liesWithin(street, community)).toBe(false);
  });
});

describe('committee rules', () => {
  it('keeps member units and the one-per-unit rule to the committees', () => {
    expect(PARTY_ORG_TYPES.filter(hasMemberUnits)).toEqual(['street_working_committee', 'community_big_committee']);
    expect(PARTY_ORG_TYPES.filter(onePerOrgUnit)).toEqual([
      'district_committee',
      'street_working_committee',
      'community_big_committee',
    ]);
  });
});
