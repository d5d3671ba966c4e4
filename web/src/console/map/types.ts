// What the map reads from the API: /map/settings, /map/grids, /communities, /compounds, /requests.
import type { Area, Named } from '../../shared/types';
import type { Compound } from '../register/types';

export type { Area };
export type { NumberedPage } from '../register/types';

export interface MapSettings {
  tileUrl: string | null;
  tileCrs: 'wgs84' | 'gcj02';
  tileAttribution: string | null;
  tileSubdomains: string;
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

/** A compound as GET /compounds answers it, with its flags. */
export type CompoundOnMap = Compound;

export type Selection = { kind: 'grid' | 'compound' | 'request'; id: number } | null;
