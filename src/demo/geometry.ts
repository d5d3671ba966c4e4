// Geometry of the demo district: communities laid out as slightly irregular quadrilaterals
// around 21.2°N 110.4°E, each tiled into grids with no gaps or overlaps, and points and small
// polygons strictly inside a grid for compounds. Pure; coordinates are WGS-84 [lng, lat].
import type { Polygon, Position } from 'geojson';
import type { Random } from './random.js';

export type LngLat = [number, number];

/** A convex quadrilateral, corners counter-clockwise from the south-west. */
export interface Quad {
  sw: LngLat;
  se: LngLat;
  ne: LngLat;
  nw: LngLat;
}

/** A rectangle in the parameter space [0,1]² of a quad. */
export interface ParamBox {
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** Seven decimals of a degree: about a centimetre. */
export function roundCoord(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

/**
 * The bilinear map of the unit square onto a quad. Lines of constant u or of constant v are
 * straight segments, so a parameter rectangle maps onto a quadrilateral with straight edges,
 * and parameter rectangles that tile the square map onto pieces that tile the quad.
 */
export function bilinear(q: Quad, u: number, v: number): LngLat {
  const south = [q.sw[0] + (q.se[0] - q.sw[0]) * u, q.sw[1] + (q.se[1] - q.sw[1]) * u];
  const north = [q.nw[0] + (q.ne[0] - q.nw[0]) * u, q.nw[1] + (q.ne[1] - q.nw[1]) * u];
  return [south[0]! + (north[0]! - south[0]!) * v, south[1]! + (north[1]! - south[1]!) * v];
}

/** A point on the side from `a` to `b`, computed the same way by both quads that share the side. */
function onSide(a: LngLat, b: LngLat, t: number): Position {
  return [roundCoord(a[0] + (b[0] - a[0]) * t), roundCoord(a[1] + (b[1] - a[1]) * t)];
}

function rounded(q: Quad, u: number, v: number): Position {
  if (v === 0) return onSide(q.sw, q.se, u);
  if (v === 1) return onSide(q.nw, q.ne, u);
  if (u === 0) return onSide(q.sw, q.nw, v);
  if (u === 1) return onSide(q.se, q.ne, v);
  const [lng, lat] = bilinear(q, u, v);
  return [roundCoord(lng), roundCoord(lat)];
}

/** The sub-quad of `q` over a parameter box (its corners unrounded). */
export function subQuad(q: Quad, box: ParamBox): Quad {
  return {
    sw: bilinear(q, box.u0, box.v0),
    se: bilinear(q, box.u1, box.v0),
    ne: bilinear(q, box.u1, box.v1),
    nw: bilinear(q, box.u0, box.v1),
  };
}

export function quadPolygon(q: Quad): Polygon {
  const ring = [q.sw, q.se, q.ne, q.nw, q.sw].map(([lng, lat]) => [roundCoord(lng), roundCoord(lat)]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** How a quad is cut: row boundaries in v, and per row the column boundaries in u (each from 0 to 1). */
export interface Cuts {
  v: number[];
  u: number[][];
}

export interface Tiling {
  /** The quad's outline, carrying every vertex the pieces (and the neighbours) put on it. */
  boundary: Polygon;
  /** The pieces, row by row from the south, west to east within a row. */
  cells: { polygon: Polygon; box: ParamBox }[];
}

/**
 * Vertices a neighbouring quad puts on a shared side, as parameters along that side (u for
 * south and north, v for west and east). Both quads then carry the same vertices on the side.
 */
export interface SidePoints {
  south?: number[];
  north?: number[];
  west?: number[];
  east?: number[];
}

/** The parameters where a tiling puts vertices on each side of its quad (corners left out). */
export function sidePoints(cuts: Cuts): Required<SidePoints> {
  const inner = (values: number[]) => values.filter((x) => x > 0 && x < 1);
  return { south: inner(cuts.u[0]!), north: inner(cuts.u.at(-1)!), west: inner(cuts.v), east: inner(cuts.v) };
}

const sorted = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

/**
 * Cuts `q` into pieces. Rows may have different column cuts; where a column cut of one row
 * meets the edge shared with the next row, both pieces along that edge carry the vertex, so
 * neighbours share edges coordinate for coordinate. The outline carries all of them, and the
 * vertices of neighbouring quads on shared sides (`shared`), which the pieces along those sides
 * carry too.
 */
export function tileQuad(q: Quad, cuts: Cuts, shared: SidePoints = {}): Tiling {
  const rows = cuts.v.length - 1;
  if (rows < 1 || cuts.u.length !== rows) throw new Error('cuts need one column list per row');
  // The u values where vertices sit on each row boundary line k (v = cuts.v[k]).
  const lines: number[][] = [];
  for (let k = 0; k <= rows; k++) {
    lines.push(
      sorted([
        ...(k > 0 ? cuts.u[k - 1]! : []),
        ...(k < rows ? cuts.u[k]! : []),
        ...(k === 0 ? (shared.south ?? []) : []),
        ...(k === rows ? (shared.north ?? []) : []),
      ]),
    );
  }
  const west = sorted([...cuts.v, ...(shared.west ?? [])]);
  const east = sorted([...cuts.v, ...(shared.east ?? [])]);
  const cells: Tiling['cells'] = [];
  for (let r = 0; r < rows; r++) {
    const us = cuts.u[r]!;
    const v0 = cuts.v[r]!;
    const v1 = cuts.v[r + 1]!;
    for (let c = 0; c < us.length - 1; c++) {
      const u0 = us[c]!;
      const u1 = us[c + 1]!;
      const ring: Position[] = lines[r]!.filter((u) => u >= u0 && u <= u1).map((u) => rounded(q, u, v0));
      if (u1 === 1) ring.push(...east.filter((v) => v > v0 && v < v1).map((v) => rounded(q, 1, v)));
      ring.push(...lines[r + 1]!.filter((u) => u >= u0 && u <= u1).reverse().map((u) => rounded(q, u, v1)));
      if (u0 === 0) ring.push(...west.filter((v) => v > v0 && v < v1).reverse().map((v) => rounded(q, 0, v)));
      ring.push(ring[0]!);
      cells.push({ polygon: { type: 'Polygon', coordinates: [ring] }, box: { u0, u1, v0, v1 } });
    }
  }
  const ring: Position[] = [];
  for (const u of lines[0]!) ring.push(rounded(q, u, 0));
  for (const v of east.filter((v) => v > 0)) ring.push(rounded(q, 1, v));
  for (const u of [...lines[rows]!].reverse().slice(1)) ring.push(rounded(q, u, 1));
  for (const v of [...west].reverse().filter((v) => v < 1)) ring.push(rounded(q, 0, v));
  return { boundary: { type: 'Polygon', coordinates: [ring] }, cells };
}

/** Cut positions 0 < … < 1 for `parts` parts, evenly spaced, each moved by up to `wobble` of a part. */
export function cutPositions(random: Random, parts: number, wobble = 0.2): number[] {
  const out = [0];
  for (let i = 1; i < parts; i++) out.push(Math.round((i + random.float(-wobble, wobble)) / parts * 1e6) / 1e6);
  out.push(1);
  return out;
}

/** Cuts for `pieces` grids: one row for up to 3, two rows up to 6, two or three rows beyond. */
export function gridCuts(random: Random, pieces: number): Cuts {
  const rows = pieces <= 3 ? 1 : pieces <= 6 ? 2 : random.int(2, 3);
  const perRow = Array.from({ length: rows }, (_, r) => Math.floor(pieces / rows) + (r < pieces % rows ? 1 : 0));
  const order = random.shuffle(perRow);
  return { v: cutPositions(random, rows), u: order.map((n) => cutPositions(random, n)) };
}

/** Where the demo lays out its communities: a lattice of about 1 km cells south-west of 21.2°N 110.4°E. */
export const LATTICE = { lng0: 110.381, lat0: 21.186, dLng: 0.0095, dLat: 0.0088, cols: 4, rows: 4 } as const;

/**
 * The lattice vertices, each moved a little so that communities become irregular
 * quadrilaterals; neighbouring communities share their corners. Indexed [col][row].
 */
export function latticeVertices(random: Random, jitter = 0.12): LngLat[][] {
  const { lng0, lat0, dLng, dLat, cols, rows } = LATTICE;
  const out: LngLat[][] = [];
  for (let i = 0; i <= cols; i++) {
    const column: LngLat[] = [];
    for (let j = 0; j <= rows; j++) {
      column.push([
        roundCoord(lng0 + (i + random.float(-jitter, jitter)) * dLng),
        roundCoord(lat0 + (j + random.float(-jitter, jitter)) * dLat),
      ]);
    }
    out.push(column);
  }
  return out;
}

export function latticeQuad(vertices: LngLat[][], col: number, row: number): Quad {
  return {
    sw: vertices[col]![row]!,
    se: vertices[col + 1]![row]!,
    ne: vertices[col + 1]![row + 1]!,
    nw: vertices[col]![row + 1]!,
  };
}

/**
 * Slots for `count` compounds in a grid, as boxes in the grid's own parameter space: side by
 * side for one or two, a two-by-two layout for three or four.
 */
export function compoundSlots(count: number): ParamBox[] {
  if (count <= 2) {
    return Array.from({ length: count }, (_, i) => ({ u0: i / count, u1: (i + 1) / count, v0: 0, v1: 1 }));
  }
  if (count > 4) throw new Error('at most four compounds per grid');
  const all = [
    { u0: 0, u1: 0.5, v0: 0, v1: 0.5 },
    { u0: 0.5, u1: 1, v0: 0, v1: 0.5 },
    { u0: 0, u1: 0.5, v0: 0.5, v1: 1 },
    { u0: 0.5, u1: 1, v0: 0.5, v1: 1 },
  ];
  return all.slice(0, count);
}

/** Composes a box inside a box: `inner` is relative to `outer`. */
export function nestBox(outer: ParamBox, inner: ParamBox): ParamBox {
  const du = outer.u1 - outer.u0;
  const dv = outer.v1 - outer.v0;
  return { u0: outer.u0 + inner.u0 * du, u1: outer.u0 + inner.u1 * du, v0: outer.v0 + inner.v0 * dv, v1: outer.v0 + inner.v1 * dv };
}

/** Rough distance in metres between two nearby points. */
function metres(a: LngLat, b: LngLat): number {
  const dx = (b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const dy = (b[1] - a[1]) * 110_574;
  return Math.hypot(dx, dy);
}

/**
 * A compound in a slot of a grid: a point near the slot's centre and a roughly square footprint
 * around it, larger for larger `size` (0–1), both well inside the slot and hence the grid.
 */
export function placeCompound(random: Random, community: Quad, grid: ParamBox, slot: ParamBox, size = 0.5) {
  const box = nestBox(grid, slot);
  const s = random.float(0.4, 0.6);
  const t = random.float(0.4, 0.6);
  const [lng, lat] = bilinear(community, box.u0 + s * (box.u1 - box.u0), box.v0 + t * (box.v1 - box.v0));
  const vm = (box.v0 + box.v1) / 2;
  const um = (box.u0 + box.u1) / 2;
  const width = metres(bilinear(community, box.u0, vm), bilinear(community, box.u1, vm));
  const height = metres(bilinear(community, um, box.v0), bilinear(community, um, box.v1));
  const side = Math.min(width, height) * (0.45 + 0.35 * Math.min(1, Math.max(0, size))) * random.float(0.9, 1.05);
  // The footprint as fractions of the slot, kept at least 8% from its edges and around the point.
  const span = (fraction: number, at: number) => {
    const lo = Math.min(Math.max(at - fraction * random.float(0.3, 0.7), 0.08), 0.92 - fraction);
    return [lo, lo + fraction] as const;
  };
  const [u0, u1] = span(side / width, s);
  const [v0, v1] = span(side / height, t);
  const footprint = quadPolygon(subQuad(community, nestBox(box, { u0, u1, v0, v1 })));
  return { location: { lng: roundCoord(lng), lat: roundCoord(lat) }, footprint };
}
