// The shape rules of the party organisation tree: which type hangs under which, which part of
// the org tree each type attaches to, and which links (compound, company, unit) each carries.
import type { FieldProblem } from './errors.js';
import type { PartyOrgType, UnitKind } from './vocabulary.js';

export type OrgUnitKind = 'district' | 'street' | 'community' | 'grid';

/** Where a row sits in the org tree: its ancestry columns (see src/db/schema.ts Ancestry). */
export interface Placement {
  districtId: number;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

export interface Links {
  compoundId: number | null;
  propertyCompanyId: number | null;
  unitId: number | null;
}

const PARENT_TYPES: Record<PartyOrgType, readonly PartyOrgType[]> = {
  district_committee: [],
  street_working_committee: ['district_committee'],
  community_big_committee: ['street_working_committee'],
  compound_branch: ['community_big_committee'],
  red_property_branch: ['community_big_committee'],
  building_joint_committee: ['street_working_committee', 'community_big_committee'],
  small_individual_professional_branch: ['street_working_committee', 'community_big_committee'],
};

// Branches of a compound attach to the compound's grid; that grid is derived, never given.
const ATTACH_KINDS: Record<PartyOrgType, readonly OrgUnitKind[]> = {
  district_committee: ['district'],
  street_working_committee: ['street'],
  community_big_committee: ['community'],
  compound_branch: ['grid'],
  red_property_branch: ['grid'],
  building_joint_committee: ['street', 'community'],
  small_individual_professional_branch: ['street', 'community'],
};

const LABEL: Record<PartyOrgType, string> = {
  district_committee: 'a district committee',
  street_working_committee: 'a street working committee',
  community_big_committee: 'a community big party committee',
  compound_branch: 'a compound branch',
  red_property_branch: 'a red-property branch',
  building_joint_committee: 'a building joint committee',
  small_individual_professional_branch: 'a small-individual-professional branch',
};

export function partyOrgLabel(type: PartyOrgType): string {
  return LABEL[type];
}

export function allowedParentTypes(type: PartyOrgType): readonly PartyOrgType[] {
  return PARENT_TYPES[type];
}

/** Null when an org of `type` may hang under a parent of `parentType` (null: no parent). */
export function checkParent(type: PartyOrgType, parentType: PartyOrgType | null): string | null {
  const allowed = PARENT_TYPES[type];
  if (allowed.length === 0) return parentType === null ? null : `${LABEL[type]} has no parent`;
  if (parentType === null) return 'is required';
  if (allowed.includes(parentType)) return null;
  return `${LABEL[type]} belongs under ${allowed.map((t) => LABEL[t]).join(' or ')}, not ${LABEL[parentType]}`;
}

export function attachKinds(type: PartyOrgType): readonly OrgUnitKind[] {
  return ATTACH_KINDS[type];
}

/** Types whose org unit is the grid of their compound rather than a unit the caller names. */
export function attachesToCompound(type: PartyOrgType): boolean {
  return type === 'compound_branch' || type === 'red_property_branch';
}

/** Null when an org of `type` may attach to an org unit of `kind`. */
export function checkOrgUnitKind(type: PartyOrgType, kind: OrgUnitKind): string | null {
  const allowed = ATTACH_KINDS[type];
  return allowed.includes(kind) ? null : `${LABEL[type]} attaches to a ${allowed.join(' or ')}, not a ${kind}`;
}

/** Committees are one per org unit: one street working committee per street, and so on. */
export function onePerOrgUnit(type: PartyOrgType): boolean {
  return type === 'district_committee' || type === 'street_working_committee' || type === 'community_big_committee';
}

/** Member units (dual registration of agencies and enterprises) join the big committees only. */
export function hasMemberUnits(type: PartyOrgType): boolean {
  return type === 'community_big_committee' || type === 'street_working_committee';
}

/** Which links each type needs, may have, or must not have. */
export function checkLinks(type: PartyOrgType, links: Links): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const needsCompound = attachesToCompound(type);
  if (needsCompound && links.compoundId === null) {
    problems.push({ field: 'compoundId', message: `${LABEL[type]} needs its compound` });
  }
  if (!needsCompound && links.compoundId !== null) {
    problems.push({ field: 'compoundId', message: `${LABEL[type]} does not name a compound` });
  }
  if (type === 'red_property_branch' && links.propertyCompanyId === null) {
    problems.push({ field: 'propertyCompanyId', message: 'a red-property branch needs its property company' });
  }
  if (type !== 'red_property_branch' && links.propertyCompanyId !== null) {
    problems.push({ field: 'propertyCompanyId', message: `${LABEL[type]} does not name a property company` });
  }
  if (type !== 'building_joint_committee' && links.unitId !== null) {
    problems.push({ field: 'unitId', message: `${LABEL[type]} does not name a unit` });
  }
  return problems;
}

/** A red-property branch is the party branch inside the company that manages its compound. */
export function checkRedPropertyCompany(compoundCompanyId: number | null, propertyCompanyId: number): string | null {
  if (compoundCompanyId === null) return 'the compound has no property company';
  return compoundCompanyId === propertyCompanyId ? null : "must be the compound's property company";
}

/** The unit a building joint committee names is its office building. */
export function checkBuildingUnit(kind: UnitKind): string | null {
  return kind === 'office_building' ? null : `must be an office building, not ${kind.replace(/_/g, ' ')}`;
}

/** The org unit a placement stands for: the deepest level its ancestry names. */
export function placedAt(placement: Placement): { kind: OrgUnitKind; id: number } {
  if (placement.gridId !== null) return { kind: 'grid', id: placement.gridId };
  if (placement.communityId !== null) return { kind: 'community', id: placement.communityId };
  if (placement.streetId !== null) return { kind: 'street', id: placement.streetId };
  return { kind: 'district', id: placement.districtId };
}

const COLUMN = { district: 'districtId', street: 'streetId', community: 'communityId', grid: 'gridId' } as const;

/** Whether `inner` lies in the subtree of the org unit `outer` stands for (a unit lies in itself). */
export function liesWithin(inner: Placement, outer: Placement): boolean {
  const at = placedAt(outer);
  return inner[COLUMN[at.kind]] === at.id;
}
