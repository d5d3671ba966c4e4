// Table types for Kysely. Columns are snake_case in the database and camelCase here
// (CamelCasePlugin). Timestamps are ISO-8601 UTC text, dates are YYYY-MM-DD text and
// flags are 0/1 integers, so the same rows read back identically on SQLite and PostgreSQL.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { HandlerKind, RequestState, Satisfaction } from '../core/lifecycle.js';
import type { Channel, PartyOrgType, RedPropertyStage, Role, UnitKind } from '../core/vocabulary.js';

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

export type { Channel };
export type LimitUnit = 'working_days' | 'working_hours' | 'calendar_hours';

export interface CategoryTable {
  id: Id;
  districtId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  groupCode: string;
  acceptLimit: number;
  acceptUnit: LimitUnit;
  resolveLimit: number;
  resolveUnit: LimitUnit;
  urgent: Flag;
  handlerKind: HandlerKind;
  /** JSON: the category's extra fields (see src/core/attributes.ts). */
  fields: string;
  active: Flag;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface RequestTable extends Ancestry {
  id: Id;
  gridId: number;
  communityId: number;
  streetId: number;
  number: string;
  compoundId: number | null;
  buildingId: number | null;
  categoryId: number;
  channel: Channel;
  description: string;
  lng: number;
  lat: number;
  attributes: string;
  reporterUserId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  createdBy: number | null;
  state: RequestState;
  version: number;
  handlerKind: HandlerKind;
  handlerCompanyId: number | null;
  handlerUserId: number | null;
  handlerUnitId: number | null;
  placedAt: string;
  placedDay: string;
  dueAcceptAt: string;
  dueResolveAt: string;
  dueUncertain: Flag;
  acceptedAt: string | null;
  acceptMinutes: number | null;
  acceptedInTime: Flag | null;
  resolvedAt: string | null;
  resolveMinutes: number | null;
  closedAt: string | null;
  ratingSolved: Flag | null;
  ratingSatisfaction: Satisfaction | null;
  ratingComment: string | null;
  overdueAccept: Flag;
  overdueResolve: Flag;
  escalationLevel: number;
  mergedIntoId: number | null;
  reopenCount: number;
  extensionPending: Flag;
  updatedAt: string;
}

export interface RequestEventTable {
  id: Id;
  districtId: number;
  requestId: number;
  seq: number;
  type: string;
  actorId: number | null;
  fromState: RequestState | null;
  toState: RequestState;
  at: string;
  data: string;
}

export interface RequestCounterTable {
  districtId: number;
  day: string;
  value: number;
}

export interface IdempotencyKeyTable {
  owner: string;
  key: string;
  requestId: number;
  createdAt: string;
}

export interface RequestPhotoTable {
  id: Id;
  districtId: number;
  requestId: number;
  stage: 'intake' | 'resolution';
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
  createdAt: string;
}

/** Sums of figure contributions (src/core/figures.ts) per grid, compound (0 = none), day, category, channel. */
export interface RequestRollupTable {
  districtId: number;
  streetId: number;
  communityId: number;
  gridId: number;
  compoundId: number;
  day: string;
  categoryId: number;
  channel: Channel;
  placed: number;
  counted: number;
  stateSubmitted: number;
  stateAccepted: number;
  stateReturned: number;
  stateResolved: number;
  stateReopened: number;
  stateClosed: number;
  stateMerged: number;
  stateCancelled: number;
  acceptedInTime: number;
  acceptDenominator: number;
  rated: number;
  solved: number;
  satisfied: number;
  overdue: number;
  accepted: number;
  acceptMinutes: number;
  resolved: number;
  resolveMinutes: number;
}

export interface CalendarDayTable {
  day: string;
  year: number;
  kind: 'workday' | 'holiday';
  note: string | null;
  createdBy: number | null;
  createdAt: string;
}

export interface NotificationTable {
  id: Id;
  districtId: number;
  userId: number;
  requestId: number | null;
  type: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export interface WebhookTable {
  id: Id;
  districtId: number;
  orgUnitId: number;
  url: string;
  secret: string;
  active: Flag;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryTable {
  id: Id;
  webhookId: number;
  eventId: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface JobLeaseTable {
  name: string;
  holder: string;
  expiresAt: string;
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
  categories: CategoryTable;
  requests: RequestTable;
  requestEvents: RequestEventTable;
  requestCounters: RequestCounterTable;
  idempotencyKeys: IdempotencyKeyTable;
  requestPhotos: RequestPhotoTable;
  requestRollups: RequestRollupTable;
  calendarDays: CalendarDayTable;
  notifications: NotificationTable;
  webhooks: WebhookTable;
  webhookDeliveries: WebhookDeliveryTable;
  jobLeases: JobLeaseTable;
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
export type Category = Selectable<CategoryTable>;
export type ServiceRequest = Selectable<RequestTable>;
export type RequestEventRow = Selectable<RequestEventTable>;
