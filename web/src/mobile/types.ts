// Shapes the phone pages read beyond the shared ones: categories, compounds, areas, events.
import type { FieldSpec } from '../shared/domain';
import type { Named, RequestDetail } from '../shared/types';

export type { FieldSpec, FieldType } from '../shared/domain';

export interface Limit {
  amount: number;
  unit: 'working_days' | 'working_hours' | 'calendar_hours';
}

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  groupCode: string;
  acceptLimit: Limit;
  resolveLimit: Limit;
  urgent: boolean;
  handlerKind: string;
  fields: FieldSpec[];
}

export interface Polygonal {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
}

export interface Compound {
  id: number;
  name: string;
  address: string | null;
  location: { lng: number; lat: number } | null;
  boundary: Polygonal | null;
  hasPropertyManagement: boolean;
  community: Named;
  grid: Named | null;
}

/** A community or grid as the register lists it: only the outline is drawn. */
export interface Area {
  id: number;
  name: string;
  boundary: Polygonal | null;
}

export interface RequestEvent {
  seq: number;
  type: string;
  at: string;
  actor: { id: number; displayName: string | null } | null;
  from: string | null;
  to: string;
  data: Record<string, unknown>;
}

export interface PossibleDuplicate {
  id: number;
  number: string;
  state: string;
  description: string;
  distanceMetres: number;
}

export type Placed = RequestDetail & { possibleDuplicates: PossibleDuplicate[] };

/** Where a request is: a point (GPS or a tap on the map) or a compound from the list. */
export type Place =
  | { kind: 'point'; source: 'gps' | 'map'; lat: number; lng: number; accuracy?: number }
  | { kind: 'compound'; compoundId: number };

export interface RegisterPage<T> {
  items: T[];
  total: number;
}
