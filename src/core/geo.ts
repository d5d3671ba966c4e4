// Geometry of the register: GeoJSON polygons for communities, grids and compounds, checked
// for shape and containment with turf. Coordinates are WGS-84 [lng, lat].
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import booleanWithin from '@turf/boolean-within';
import { feature, featureCollection } from '@turf/helpers';
import turfIntersect from '@turf/intersect';
import turfKinks from '@turf/kinks';
import gcoordModule from 'gcoord';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type Area = Polygon | MultiPolygon;

/** Validates a GeoJSON Polygon or MultiPolygon; returns the problem, or null if it is sound. */
export function checkArea(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'must be a GeoJSON Polygon or MultiPolygon';
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') return 'type must be "Polygon" or "MultiPolygon"';
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'coordinates must be a non-empty array';
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'each polygon needs at least one ring';
    for (const ring of polygon) {
      const problem = checkRing(ring);
      if (problem) return problem;
    }
  }
  const kinks = turfKinks(feature(value as Area) as never);
  if (kinks.features.length > 0) return 'edges cross each other';
  return null;
}

function checkRing(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return 'a ring needs at least 4 positions';
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2 || position.length > 3) return 'a position is [lng, lat]';
    const [lng, lat] = position as unknown[];
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      return 'a position must hold two numbers';
    }
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return 'a position lies outside [-180, 180] × [-90, 90]';
  }
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'a ring must end where it starts';
  return null;
}

export function parseArea(text: string): Area {
  return JSON.parse(text) as Area;
}

/** True when `inner` lies inside `outer` (touching its boundary is allowed). */
export function areaWithin(inner: Area, outer: Area): boolean {
  if (inner.type === 'MultiPolygon') {
    return inner.coordinates.every((coordinates) => areaWithin({ type: 'Polygon', coordinates }, outer));
  }
  if (outer.type === 'Polygon') return booleanWithin(feature(inner), feature(outer));
  // A polygon inside a multipolygon lies inside one of its parts.
  return outer.coordinates.some((coordinates) => booleanWithin(feature(inner), feature({ type: 'Polygon', coordinates })));
}

export function pointIn(lng: number, lat: number, area: Area): boolean {
  return booleanPointInPolygon([lng, lat], area);
}

/** Area in square metres shared by two areas (0 when they only touch). */
export function overlapArea(a: Area, b: Area): number {
  const shared = turfIntersect(featureCollection([feature(a), feature(b)]));
  return shared ? turfArea(shared) : 0;
}

export type Crs = 'wgs84' | 'gcj02';

// gcoord ships CommonJS whose typings describe the default export under NodeNext as a namespace.
const gcoord = gcoordModule as unknown as {
  transform(input: [number, number], from: string, to: string): [number, number];
  WGS84: string;
  GCJ02: string;
};

/** Converts a point given in `crs` to WGS-84, the system every coordinate is stored in. */
export function toWgs84(lng: number, lat: number, crs: Crs): { lng: number; lat: number } {
  if (crs === 'wgs84') return { lng, lat };
  const [x, y] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return { lng: x, lat: y };
}

/** Converts a stored WGS-84 point to `crs` for output. */
export function fromWgs84(lng: number, lat: number, crs: Crs): { lng: number; lat: number } {
  if (crs === 'wgs84') return { lng, lat };
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lng: x, lat: y };
}

/** Mean Earth radius in metres (IUGG), the usual choice for haversine distances. */
const EARTH_RADIUS_M = 6_371_008.8;
const RADIANS = Math.PI / 180;

/** Great-circle distance in metres between two WGS-84 points (haversine; error < 0.5 %). */
export function haversineMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RADIANS;
  const dLng = (lng2 - lng1) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RADIANS) * Math.cos(lat2 * RADIANS) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/**
 * A latitude/longitude box holding every point within `metres` of (lat, lng): the cheap pre-filter
 * (`lat BETWEEN minLat AND maxLat AND lng BETWEEN minLng AND maxLng`, on an index) before the exact
 * haversine test. Slightly generous, never too small. Near a pole the box spans every longitude;
 * boxes are not split at the antimeridian (nothing Hongyun serves lies near it), only clamped.
 */
export function boundingBox(lat: number, lng: number, metres: number): BoundingBox {
  metres += 0.001; // a millimetre of slack, so rounding never leaves a point at exactly `metres` out
  const dLat = metres / EARTH_RADIUS_M / RADIANS;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  // The widest longitude span of the circle is at its latitude nearest the pole, where a degree of
  // longitude is shortest; widening there keeps the box a superset.
  const cosLat = Math.cos(Math.max(Math.abs(minLat), Math.abs(maxLat)) * RADIANS);
  if (cosLat < 1e-9 || maxLat === 90 || minLat === -90) return { minLat, maxLat, minLng: -180, maxLng: 180 };
  const ratio = Math.sin(metres / EARTH_RADIUS_M) / cosLat;
  const dLng = ratio >= 1 ? 180 : Math.asin(ratio) / RADIANS;
  return { minLat, maxLat, minLng: Math.max(-180, lng - dLng), maxLng: Math.min(180, lng + dLng) };
}
