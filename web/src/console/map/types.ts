// What the map reads from the API: /map/settings, /map/grids, /communities, /compounds, /requests.
import type { Named } from '../../shared/types';

export interface MapSettings {
  tileUrl: string | null;
  tileCrs: 'wgs84' | 'gcj02';
  tileAttribution: string | null;
  tileSubdomains: string;
}

/** GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat]. */
export interface Area {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface GridOnMap {
  id: number;
  name: string;
  code: string | null;
  community: Named;
  gridWorker: { id: number; displayName: string } | null;
  boundary: Area | null;
  openRequests: number;
  overdueRequests: number;
}

export interface GridLayer {
  /** The states counted as open, for the request markers and the list links. */
  openStates: string[];
  items: GridOnMap[];
}

export interface CommunityOutline {
  id: number;
  name: string;
  boundary: Area | null;
}

export interface CompoundOnMap {
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
  propertyCompany: Named | null;
  redPropertyStage: string | null;
  community: Named;
  grid: Named;
}

export interface NumberedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Selection = { kind: 'grid' | 'compound' | 'request'; id: number } | null;
