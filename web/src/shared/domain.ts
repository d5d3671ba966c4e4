// The domain's vocabulary and pure rules, shared with the server from src/core (no I/O there),
// so that the web offers exactly the choices the API accepts instead of keeping copies.
export { allowedParentTypes, attachesToCompound, attachKinds, hasMemberUnits } from '../../../src/core/partyOrgs.js';
export { manageableRoles } from '../../../src/core/permissions.js';
export type { FieldSpec, FieldType } from '../../../src/core/attributes.js';
export type { Figures } from '../../../src/core/figures.js';
export { ALLOWED_FROM, REQUEST_STATES, type RequestState } from '../../../src/core/lifecycle.js';
export {
  CHANNELS,
  type Channel,
  PARTY_ORG_TYPES,
  type PartyOrgType,
  RED_PROPERTY_STAGES,
  type RedPropertyStage,
  ROLES,
  type Role,
  UNIT_KINDS,
  type UnitKind,
} from '../../../src/core/vocabulary.js';
