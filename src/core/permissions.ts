// What each role may do with each kind of register record, inside its scope. Where a record
// lies (inside or outside the scope) is decided by each area's policy; this table only says
// which actions a role has. Outside the scope everything answers "not found".
import { ROLES, type Role } from './vocabulary.js';

export const RESOURCES = [
  'streets',
  'communities',
  'grids',
  'compounds',
  'buildings',
  'redPropertyStages',
  'propertyCompanies',
  'partyOrgs',
  'units',
  'users',
  'stats',
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Action = 'read' | 'create' | 'update' | 'delete';

type Grants = Partial<Record<Resource, string>>;

// r = read, c = create, u = update, d = delete
const GRANTS: Record<Role, Grants> = {
  district_admin: {
    streets: 'rcud',
    communities: 'rcud',
    grids: 'rcud',
    compounds: 'rcud',
    buildings: 'rcud',
    redPropertyStages: 'rc',
    propertyCompanies: 'rcud',
    partyOrgs: 'rcud',
    units: 'rcud',
    users: 'rcud',
    stats: 'r',
  },
  street_staff: {
    streets: 'r',
    communities: 'rcud',
    grids: 'rcud',
    compounds: 'rcud',
    buildings: 'rcud',
    redPropertyStages: 'rc',
    propertyCompanies: 'r',
    partyOrgs: 'rcud',
    units: 'rcu',
    users: 'rcud',
    stats: 'r',
  },
  community_staff: {
    streets: 'r',
    communities: 'ru',
    grids: 'rcud',
    compounds: 'rcud',
    buildings: 'rcud',
    redPropertyStages: 'rc',
    propertyCompanies: 'r',
    partyOrgs: 'rcud',
    units: 'rcu',
    users: 'rcud',
    stats: 'r',
  },
  grid_worker: {
    communities: 'r',
    grids: 'r',
    compounds: 'ru',
    buildings: 'rcud',
    redPropertyStages: 'r',
    propertyCompanies: 'r',
    partyOrgs: 'r',
    stats: 'r',
  },
  property_staff: {
    compounds: 'r',
    buildings: 'ru',
    redPropertyStages: 'r',
    propertyCompanies: 'r',
  },
  party_secretary: {
    streets: 'r',
    communities: 'r',
    grids: 'r',
    compounds: 'r',
    buildings: 'r',
    redPropertyStages: 'rc',
    propertyCompanies: 'r',
    partyOrgs: 'rcud',
    units: 'r',
    stats: 'r',
  },
  in_service_member: {
    communities: 'r',
    grids: 'r',
    compounds: 'r',
    partyOrgs: 'r',
  },
  unit_liaison: {
    units: 'r',
  },
  resident: {
    communities: 'r',
    compounds: 'r',
    buildings: 'r',
    redPropertyStages: 'r',
  },
};

const LETTER: Record<Action, string> = { read: 'r', create: 'c', update: 'u', delete: 'd' };

export function can(role: Role, resource: Resource, action: Action): boolean {
  return GRANTS[role][resource]?.includes(LETTER[action]) ?? false;
}

/** The role's grants as letters per resource, for clients that show only what a role may use. */
export function grantsOf(role: Role): Partial<Record<Resource, string>> {
  return { ...GRANTS[role] };
}

/** The roles an account of `role` may create or manage (never one above its own). */
export function manageableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'district_admin':
      return ROLE_ORDER;
    case 'street_staff':
      return ROLE_ORDER.slice(1);
    case 'community_staff':
      return ROLE_ORDER.slice(2);
    default:
      return [];
  }
}

/** ROLES runs from the widest role down, so a role manages the ones after it. */
const ROLE_ORDER: readonly Role[] = ROLES;

/** Roles that must call residents and so may read their phone and ID numbers unmasked. */
export function seesPersonalData(role: Role): boolean {
  return role === 'district_admin' || role === 'community_staff' || role === 'grid_worker';
}
