// Seeded generator of a realistic grid tiling (jittered cells with wiggly shared edges, 8–20
// vertices each) for the spatial index tests and bench/spatial.ts. Pure: same seed, same polygons.
import type { Polygon, Position } from 'geojson';

/** A small fast seeded generator (mulberry32); returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TilingOptions {
  cols: number;
  rows: number;
  seed?: number;
  /** South-west corner of the region, [lng, lat]; defaults to the demo district near 21.2°N 110.4°E. */
  origin?: [number, number];
  /** Cell size in degrees, [dLng, dLat]; defaults to about 200 m × 200 m. */
  cell?: [number, number];
}

export interface Tiling {
  /** Row-major: cell (col, row) is polygons[row * cols + col]. */
  polygons: Polygon[];
  /** The rectangle the cells tile exactly: [west, south, east, north]. */
  bbox: [number, number, number, number];
}

/**
 * Tiles a rectangle with cols × rows cells. Lattice corners are jittered by up to ±20 % of a cell
 * (corners on the border only along it, so the union stays the rectangle); every cell side gets
 * 1–4 intermediate points offset sideways by up to ±5 %. Neighbours share the very same positions,
 * so the cells cover the rectangle without gaps or overlaps.
 */
export function generateTiling(options: TilingOptions): Tiling {
  const { cols, rows } = options;
  const random = seededRandom(options.seed ?? 1);
  const [lng0, lat0] = options.origin ?? [110.3, 21.1];
  const [dx, dy] = options.cell ?? [0.002, 0.0018];

  const corner: Position[] = [];
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const jx = i === 0 || i === cols ? 0 : (random() - 0.5) * 0.4;
      const jy = j === 0 || j === rows ? 0 : (random() - 0.5) * 0.4;
      corner.push([lng0 + (i + jx) * dx, lat0 + (j + jy) * dy]);
    }
  }
  const at = (i: number, j: number): Position => corner[j * (cols + 1) + i]!;

  // Intermediate points of the side from a to b, in that direction; border sides stay straight.
  const side = (a: Position, b: Position, border: boolean): Position[] => {
    const count = 1 + Math.floor(random() * 4);
    const ts = Array.from({ length: count }, () => 0.15 + random() * 0.7).sort((p, q) => p - q);
    const ex = b[0]! - a[0]!;
    const ey = b[1]! - a[1]!;
    return ts.map((t) => {
      const off = border ? 0 : (random() - 0.5) * 0.1;
      // Sideways in cell units, so the offset is relative to the cell, not to degrees.
      return [a[0]! + t * ex - off * (ey / dy) * dx, a[1]! + t * ey + off * (ex / dx) * dy];
    });
  };
  const horizontal: Position[][] = []; // side (i, j) → (i + 1, j)
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i < cols; i++) horizontal.push(side(at(i, j), at(i + 1, j), j === 0 || j === rows));
  }
  const vertical: Position[][] = []; // side (i, j) → (i, j + 1)
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i <= cols; i++) vertical.push(side(at(i, j), at(i, j + 1), i === 0 || i === cols));
  }

  const polygons: Polygon[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const ring: Position[] = [
        at(i, j),
        ...horizontal[j * cols + i]!,
        at(i + 1, j),
        ...vertical[j * (cols + 1) + i + 1]!,
        at(i + 1, j + 1),
        ...[...horizontal[(j + 1) * cols + i]!].reverse(),
        at(i, j + 1),
        ...[...vertical[j * (cols + 1) + i]!].reverse(),
        at(i, j),
      ];
      polygons.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return { polygons, bbox: [lng0, lat0, lng0 + cols * dx, lat0 + rows * dy] };
}
