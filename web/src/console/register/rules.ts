// Register rules the forms need before they ask the API, so that they offer only sensible
// choices: which party organisation hangs under which and attaches where, and which roles an
// account may manage — the server's own rules (src/core/partyOrgs.ts, permissions.ts), so the
// pickers and the API never disagree.
import { allowedParentTypes, attachKinds } from '../../shared/domain';
import type { Role } from '../../shared/types';
import type { OrgKind, PartyOrgType } from './types';

export { attachesToCompound, hasMemberUnits, manageableRoles, ROLES } from '../../shared/domain';

/** The types a party organisation of `type` may hang under (none: it is the root). */
export const parentTypes = (type: PartyOrgType) => allowedParentTypes(type);

/** Where each type attaches in the org tree; compound branches follow their compound instead. */
export const attachKindsOf = (type: PartyOrgType): readonly OrgKind[] => attachKinds(type);

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
