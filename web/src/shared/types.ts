// The shapes the API answers with, as far as the pages read them.

import type { Role } from './domain';

export type { Role };

export type Resource =
  | 'streets'
  | 'communities'
  | 'grids'
  | 'compounds'
  | 'buildings'
  | 'redPropertyStages'
  | 'propertyCompanies'
  | 'partyOrgs'
  | 'units'
  | 'users'
  | 'stats';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  districtId: number;
  scope: { kind: 'district' | 'street' | 'community' | 'grid'; id: number; name: string };
  propertyCompanyId: number | null;
  compoundId: number | null;
  partyOrgId: number | null;
  unitId: number | null;
  csrfToken: string | null;
  /** What the role may do with each kind of register record: letters of "rcud". */
  grants: Partial<Record<Resource, string>>;
}

export type RequestState = 'submitted' | 'accepted' | 'returned' | 'resolved' | 'reopened' | 'closed' | 'merged' | 'cancelled';

export interface Named {
  id: number;
  name: string;
}

/** GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat], as the register stores boundaries. */
export interface Area {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface RequestSummary {
  id: number;
  number: string;
  state: RequestState;
  version: number;
  category: { code: string; nameZh: string; nameEn: string; urgent: boolean };
  channel: string;
  description: string;
  location: { lat: number; lng: number };
  attributes: Record<string, unknown>;
  street: Named;
  community: Named;
  grid: Named;
  compound: Named | null;
  buildingId: number | null;
  handler: { kind: string; company: Named | null; user: { id: number; displayName: string } | null; unitId: number | null };
  reporter: { self: boolean; name: string | null; phone: string | null };
  placedAt: string;
  dueAcceptAt: string;
  dueResolveAt: string;
  dueUncertain: boolean;
  acceptedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rating: { solved: boolean; satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; comment: string | null } | null;
  overdueAccept: boolean;
  overdueResolve: boolean;
  escalationLevel: number;
  mergedIntoId: number | null;
  reopenCount: number;
  extensionPending: boolean;
}

export interface RequestDetail extends RequestSummary {
  photos: { id: number; stage: string; url: string }[];
  actions: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
