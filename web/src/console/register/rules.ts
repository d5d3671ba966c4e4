// Register rules the forms need before they ask the API, so that they offer only sensible
// choices: which party organisation hangs under which and attaches where, and which roles an
// account may manage. The API stays the judge (src/core/partyOrgs.ts, src/core/permissions.ts);
// these copies only narrow the pickers.
import type { Role } from '../../shared/types';
import type { OrgKind, PartyOrgType } from './types';

export const PARENT_TYPES: Record<PartyOrgType, readonly PartyOrgType[]> = {
  district_committee: [],
  street_working_committee: ['district_committee'],
  community_big_committee: ['street_working_committee'],
  compound_branch: ['community_big_committee'],
  red_property_branch: ['community_big_committee'],
  building_joint_committee: ['street_working_committee', 'community_big_committee'],
  small_individual_professional_branch: ['street_working_committee', 'community_big_committee'],
};

/** Where each type attaches in the org tree; compound branches follow their compound instead. */
export const ATTACH_KINDS: Record<PartyOrgType, readonly OrgKind[]> = {
  district_committee: ['district'],
  street_working_committee: ['street'],
  community_big_committee: ['community'],
  compound_branch: [],
  red_property_branch: [],
  building_joint_committee: ['street', 'community'],
  small_individual_professional_branch: ['street', 'community'],
};

export const attachesToCompound = (type: PartyOrgType) => type === 'compound_branch' || type === 'red_property_branch';

/** Street working committees and community big party committees take member units. */
export const hasMemberUnits = (type: PartyOrgType) => type === 'street_working_committee' || type === 'community_big_committee';

/** Widest role first; a role manages the ones after it (src/core/permissions.ts manageableRoles). */
export const ROLES: readonly Role[] = [
  'district_admin',
  'street_staff',
  'community_staff',
  'grid_worker',
  'property_staff',
  'party_secretary',
  'in_service_member',
  'unit_liaison',
  'resident',
];

export function manageableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'district_admin':
      return ROLES;
    case 'street_staff':
      return ROLES.slice(1);
    case 'community_staff':
      return ROLES.slice(2);
    default:
      return [];
  }
}

/** The kind of org unit an account of each role acts in, where the role fixes it. */
export const SCOPE_KIND: Partial<Record<Role, OrgKind>> = {
  district_admin: 'district',
  street_staff: 'street',
  community_staff: 'community',
  grid_worker: 'grid',
  in_service_member: 'community',
};

/** Roles whose scope follows from the record they name (compound, party organisation). */
export const DERIVED_SCOPE: readonly Role[] = ['resident', 'party_secretary'];
