// Loads everything the map draws, within the account's scope: the tile settings and grids from
// /map, community outlines and compounds from the register, the most recent open requests.
import { api } from '../../shared/api';
import { may } from '../../shared/auth';
import type { Me, Page, RequestSummary } from '../../shared/types';
import type { CommunityOutline, CompoundOnMap, GridLayer, MapSettings, NumberedPage } from './types';

/** Request markers drawn at most: the newest open ones (the list API's largest page). */
export const REQUEST_LIMIT = 200;

export interface MapData {
  settings: MapSettings;
  grids: GridLayer;
  communities: CommunityOutline[];
  compounds: CompoundOnMap[];
  requests: RequestSummary[];
  /** More open requests exist than are drawn. */
  requestsCapped: boolean;
}

/** Every item of a paged register list (500 a page, the API's largest). */
async function everything<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get<NumberedPage<T>>(path, { page, pageSize: 500 });
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= answer.total) return items;
  }
}

export async function loadMap(me: Me | null): Promise<MapData> {
  const [settings, { grids, requests }, communities, compounds] = await Promise.all([
    api.get<MapSettings>('/map/settings'),
    api.get<GridLayer>('/map/grids').then(async (grids) => ({
      grids,
      requests: await api.get<Page<RequestSummary>>('/requests', { state: grids.openStates.join(','), limit: REQUEST_LIMIT }),
    })),
    may(me, 'communities') ? everything<CommunityOutline>('/communities') : Promise.resolve([]),
    may(me, 'compounds') ? everything<CompoundOnMap>('/compounds') : Promise.resolve([]),
  ]);
  return { settings, grids, communities, compounds, requests: requests.items, requestsCapped: requests.nextCursor !== null };
}
