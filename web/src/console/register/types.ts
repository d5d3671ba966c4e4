// The register records as the API answers them (src/modules/{orgs,compounds,companies,party,
// accounts,units}/routes.ts), as far as the register pages read them.
import type { PartyOrgType, RedPropertyStage, UnitKind } from '../../shared/domain';
import type { Area, Named, Role } from '../../shared/types';

/** A numbered page, as every register list answers (src/modules/shared/http.ts). */
export interface NumberedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A record named by id and name. */
export type Ref = Named;

export type { Area };

export type OrgKind = 'district' | 'street' | 'community' | 'grid';

export interface OrgUnit {
  id: number;
  kind: OrgKind;
  name: string;
  code: string | null;
  parentId: number | null;
  streetId: number | null;
  communityId: number | null;
  boundary: Area | null;
  address: string | null;
  phone: string | null;
  gridWorker?: { id: number; displayName: string } | null;
  createdAt: string;
  updatedAt: string;
}

export { RED_PROPERTY_STAGES, type RedPropertyStage } from '../../shared/domain';

export interface Compound {
  id: number;
  name: string;
  address: string | null;
  location: { lng: number; lat: number };
  boundary: Area | null;
  households: number;
  buildYear: number | null;
  isOld: boolean;
  isThreeNos: boolean;
  hasPropertyManagement: boolean;
  propertyCompany: Ref | null;
  hasOwnersCommittee: boolean;
  redPropertyStage: RedPropertyStage | null;
  street: Ref;
  community: Ref;
  grid: Ref;
  createdAt: string;
  updatedAt: string;
}

export interface Building {
  id: number;
  compoundId: number;
  name: string;
  floors: number | null;
  households: number | null;
}

export interface StageEntry {
  id: number;
  stage: RedPropertyStage;
  reachedOn: string;
  note: string | null;
  createdAt: string;
}

export interface Company {
  id: number;
  name: string;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  servicePhone: string | null;
  address: string | null;
  compoundCount: number;
}

export { PARTY_ORG_TYPES, type PartyOrgType } from '../../shared/domain';

export interface PartyOrg {
  id: number;
  parentId: number | null;
  type: PartyOrgType;
  name: string;
  orgUnitId: number;
  orgUnitName: string;
  streetId: number | null;
  communityId: number | null;
  compoundId: number | null;
  compoundName: string | null;
  propertyCompanyId: number | null;
  unitId: number | null;
  memberCount: number | null;
  memberUnitCount: number;
  foundedOn: string | null;
}

export { UNIT_KINDS, type UnitKind } from '../../shared/domain';

export interface Unit {
  id: number;
  name: string;
  kind: UnitKind;
}

export interface MemberUnit {
  unitId: number;
  name: string;
  kind: UnitKind;
  joinedOn: string | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scopeUnitId: number;
  propertyCompanyId: number | null;
  compoundId: number | null;
  partyOrgId: number | null;
  unitId: number | null;
  phone: string | null;
  idNumber: string | null;
  hasPassword: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}
