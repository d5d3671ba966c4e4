// Table types for Kysely. Columns are snake_case in the database and camelCase here
// (CamelCasePlugin). Timestamps are ISO-8601 UTC text, dates are YYYY-MM-DD text and
// flags are 0/1 integers, so the same rows read back identically on SQLite and PostgreSQL.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PartyOrgType, RedPropertyStage, Role, UnitKind } from '../core/vocabulary.js';

export type Flag = 0 | 1;
type Id = Generated<number>;

/** Ancestry of a row in the org tree; a row of kind K carries its own id in K's column. */
export interface Ancestry {
  districtId: number;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

export interface OrgUnitTable {
  id: Id;
  districtId: ColumnType<number, number, number>;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  kind: 'district' | 'street' | 'community' | 'grid';
  parentId: number | null;
  code: string | null;
  name: string;
  boundary: string | null;
  address: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PropertyCompanyTable {
  id: Id;
  districtId: number;
  name: string;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  servicePhone: string | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CompoundTable extends Ancestry {
  id: Id;
  gridId: number;
  communityId: number;
  streetId: number;
  name: string;
  address: string | null;
  lng: number;
  lat: number;
  boundary: string | null;
  households: number;
  buildYear: number | null;
  isOld: Flag;
  isThreeNos: Flag;
  propertyCompanyId: number | null;
  hasOwnersCommittee: Flag;
  redPropertyStage: RedPropertyStage | null;
  createdAt: string;
  updatedAt: string;
}

export interface BuildingTable extends Ancestry {
  id: Id;
  gridId: number;
  communityId: number;
  streetId: number;
  compoundId: number;
  name: string;
  floors: number | null;
  households: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface RedPropertyHistoryTable {
  id: Id;
  districtId: number;
  compoundId: number;
  stage: RedPropertyStage;
  reachedOn: string;
  note: string | null;
  recordedBy: number | null;
  createdAt: string;
}

export interface PartyOrgTable extends Ancestry {
  id: Id;
  parentId: number | null;
  type: PartyOrgType;
  name: string;
  orgUnitId: number;
  compoundId: number | null;
  propertyCompanyId: number | null;
  unitId: number | null;
  memberCount: number | null;
  foundedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitTable {
  id: Id;
  districtId: number;
  name: string;
  kind: UnitKind;
  creditCode: string | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartyOrgMemberUnitTable {
  id: Id;
  districtId: number;
  partyOrgId: number;
  unitId: number;
  joinedOn: string | null;
  createdAt: string;
}

export interface UserTable extends Ancestry {
  id: Id;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: Role;
  scopeUnitId: number;
  propertyCompanyId: number | null;
  compoundId: number | null;
  partyOrgId: number | null;
  unitId: number | null;
  phone: string | null;
  idNumber: string | null;
  disabled: Flag;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SessionTable {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface ApiTokenTable {
  id: Id;
  userId: number;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface LoginAttemptTable {
  id: Id;
  username: string;
  ip: string;
  succeeded: Flag;
  at: string;
}

export interface PersonalDataAccessTable {
  id: Id;
  districtId: number;
  userId: number;
  subjectType: string;
  subjectId: number;
  fields: string;
  requestId: string | null;
  at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  orgUnits: OrgUnitTable;
  propertyCompanies: PropertyCompanyTable;
  compounds: CompoundTable;
  buildings: BuildingTable;
  redPropertyHistory: RedPropertyHistoryTable;
  partyOrgs: PartyOrgTable;
  units: UnitTable;
  partyOrgMemberUnits: PartyOrgMemberUnitTable;
  users: UserTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
  loginAttempts: LoginAttemptTable;
  personalDataAccess: PersonalDataAccessTable;
  meta: MetaTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type Compound = Selectable<CompoundTable>;
export type Building = Selectable<BuildingTable>;
export type PropertyCompany = Selectable<PropertyCompanyTable>;
export type PartyOrg = Selectable<PartyOrgTable>;
export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

export const toFlag = (value: boolean | undefined): Flag => (value ? 1 : 0);
