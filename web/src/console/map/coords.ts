// Coordinates are stored in WGS-84. Chinese tile sources draw in GCJ-02, so when one is
// configured every coordinate is converted before drawing and shown in GCJ-02 (DESIGN.md "Geography").
import gcoord from 'gcoord';
import type { MapSettings } from './types';

export type Crs = 'wgs84' | 'gcj02';

/** The system the map draws and shows coordinates in. Without tiles nothing needs shifting. */
export function displayCrs(settings: MapSettings): Crs {
  return settings.tileUrl && settings.tileCrs === 'gcj02' ? 'gcj02' : 'wgs84';
}

/** [lng, lat] in WGS-84 → [lng, lat] in `crs`. */
export function project(crs: Crs, position: readonly number[]): [number, number] {
  const lng = position[0]!;
  const lat = position[1]!;
  if (crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [x, y];
}

export const CRS_LABEL: Record<Crs, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02' };

/** "21.201234, 110.396812" (latitude first, as Chinese map tools show it). */
export function formatPoint(crs: Crs, point: { lng: number; lat: number }): string {
  const [lng, lat] = project(crs, [point.lng, point.lat]);
  return `${lat.toFixed(6)}, ${lng.toFixed(6)}`;
}
