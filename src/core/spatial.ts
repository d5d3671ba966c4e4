// Fast point-in-area lookup for routing: which grid (and compound) holds a location. A flatbush
// R-tree over the polygons' bounding boxes, then an exact point-in-polygon test on flat rings.
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { Area } from './geo.js';

export interface AreaEntry<T> {
  id: number;
  area: Area;
  value: T;
}

export interface AreaHit<T> {
  readonly id: number;
  readonly value: T;
}

export interface AreaIndex<T> {
  /** Number of entries indexed. */
  readonly size: number;
  /**
   * The entry whose area contains the point [lng, lat], or undefined. Areas are closed: a point on
   * an edge or vertex is contained. When several areas contain the point (a shared edge, or areas
   * that overlap) the one with the smallest id wins. Holes are respected; a MultiPolygon contains
   * the point when any of its polygons does. Returns the same object for the same entry every time.
   */
  find(lng: number, lat: number): AreaHit<T> | undefined;
}

/*
 * Why a hand-written loop rather than turf's booleanPointInPolygon or point-in-polygon-hao (the
 * well-kept library turf itself calls): both walk nested GeoJSON arrays and run the orientation
 * predicate on every edge that crosses the point's latitude. With 10,000 cells of ~15 vertices
 * (bench/spatial.ts, this 2-core machine, shared with other work) the R-tree walk already takes
 * most of a microsecond, and hao on top of it gave 0.6–0.8 M lookups/s against 1.1–1.4 M for this
 * loop. The loop reads the rings from one Float64Array, settles most edges with two comparisons
 * (wholly east or west of the point) and calls the exact predicate (robust-predicates' orient2d,
 * the one hao uses) only for edges whose box holds the point, so its answers are turf's.
 * Likewise the R-tree is walked here over flatbush's packed arrays with a reusable stack, not with
 * search(), which allocates two arrays per query (0.9–1.0 M/s against 1.1–1.25 M/s in the same
 * runs). spatial.test.ts checks find() against a brute-force turf scan, so a change in flatbush's
 * internal layout on an upgrade would fail there.
 */

// Children per R-tree node. Point queries read every child box of each node they visit; with 4
// (flatbush's default is 16) a lookup among 10,000 cells reads ~40 boxes instead of ~70, and the
// benchmark ran 10–25 % faster; building 10,000 takes about the same 15–20 ms.
const NODE_SIZE = 4;

const EMPTY: AreaIndex<never> = Object.freeze({ size: 0, find: () => undefined });

export function createAreaIndex<T>(entries: readonly AreaEntry<T>[]): AreaIndex<T> {
  // Entries sorted by id, so that tree item k is the k-th smallest id: the first candidate (in
  // item order) that contains the point is the one with the smallest id.
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.id === sorted[k - 1]!.id) throw new Error(`duplicate area id ${sorted[k]!.id}`);
  }
  const size = sorted.length;
  if (size === 0) return EMPTY;

  // Flat layout: item k has polygons itemPart[k] .. itemPart[k + 1] - 1; polygon p has rings
  // partRing[p] .. partRing[p + 1] - 1; ring r has positions ringStart[r] .. ringStart[r + 1] - 2
  // as x, y pairs in coords (each ring stored closed, so its last position repeats the first).
  const hits: AreaHit<T>[] = [];
  const itemPart: number[] = [0];
  const partRing: number[] = [0];
  const ringStart: number[] = [0];
  const xy: number[] = [];
  const tree = new Flatbush(size, NODE_SIZE);
  for (const { id, area, value } of sorted) {
    hits.push(Object.freeze({ id, value }));
    let west = Infinity;
    let south = Infinity;
    let east = -Infinity;
    let north = -Infinity;
    const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
    for (const rings of polygons) {
      for (const ring of rings) {
        if (ring.length === 0) continue;
        for (const position of ring) {
          const x = position[0]!;
          const y = position[1]!;
          xy.push(x, y);
          if (x < west) west = x;
          if (x > east) east = x;
          if (y < south) south = y;
          if (y > north) north = y;
        }
        const first = ring[0]!;
        const last = ring[ring.length - 1]!;
        if (first[0] !== last[0] || first[1] !== last[1]) xy.push(first[0]!, first[1]!);
        ringStart.push(xy.length);
      }
      partRing.push(ringStart.length - 1);
    }
    itemPart.push(partRing.length - 1);
    // An area without positions gets an empty box that no point falls in.
    if (west > east) tree.add(Infinity, Infinity, -Infinity, -Infinity);
    else tree.add(west, south, east, north);
  }
  tree.finish();

  const coords = Float64Array.from(xy);
  const rings = Int32Array.from(ringStart);
  const parts = Int32Array.from(partRing);
  const items = Int32Array.from(itemPart);
  const boxes = tree._boxes as Float64Array;
  const indices = tree._indices;
  const levelBounds = Int32Array.from(tree._levelBounds);
  const nodeSize = tree.nodeSize;
  const size4 = size * 4;
  const root = boxes.length - 4;
  const rootLevel = levelBounds.length - 1;
  // Scratch space reused by every find(): the traversal stack and the candidate list.
  let stack: Int32Array = new Int32Array(64);
  let candidates: Int32Array = new Int32Array(16);

  /** True when the closed polygon `part` contains (x, y): even-odd ray casting towards +x. */
  function partContains(part: number, x: number, y: number): boolean {
    let inside = false;
    const lastRing = parts[part + 1]!;
    for (let r = parts[part]!; r < lastRing; r++) {
      const end = rings[r + 1]!;
      let i = rings[r]!;
      let x1 = coords[i]!;
      let y1 = coords[i + 1]!;
      for (i += 2; i < end; i += 2) {
        const x2 = coords[i]!;
        const y2 = coords[i + 1]!;
        const above = y1 > y;
        if (above !== y2 > y) {
          // The edge crosses the point's latitude (half-open, so a vertex on it counts once).
          if (x1 > x && x2 > x) {
            inside = !inside; // wholly east: the ray crosses it
          } else if (x1 >= x || x2 >= x) {
            // Neither wholly east nor wholly west: ask the exact predicate which side the point is
            // on. robust-predicates' orient2d is negative when the point is left of x1,y1 → x2,y2.
            const o = orient2d(x1, y1, x2, y2, x, y);
            if (o === 0) return true; // on the edge
            if ((o < 0) === (y2 > y1)) inside = !inside;
          }
        } else if (!above && y1 === y) {
          // Both ends at or below the latitude and this one on it: a vertex or a horizontal edge.
          if (x1 === x) return true;
          if (y2 === y && (x1 < x) !== (x2 < x)) return true;
        }
        x1 = x2;
        y1 = y2;
      }
    }
    return inside;
  }

  function itemContains(item: number, x: number, y: number): boolean {
    const lastPart = items[item + 1]!;
    for (let p = items[item]!; p < lastPart; p++) if (partContains(p, x, y)) return true;
    return false;
  }

  function find(lng: number, lat: number): AreaHit<T> | undefined {
    const x = +lng;
    const y = +lat;
    // NaN fails every comparison, so it would pass every box test below: answer it here.
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    // Walk the packed R-tree (the layout flatbush's own search() walks) collecting leaf items
    // whose box holds the point.
    let count = 0;
    let top = 0;
    let node = root;
    let level = rootLevel;
    for (;;) {
      const end = Math.min(node + nodeSize * 4, levelBounds[level]!);
      const leaf = node < size4;
      for (let pos = node; pos < end; pos += 4) {
        if (x < boxes[pos]! || y < boxes[pos + 1]! || x > boxes[pos + 2]! || y > boxes[pos + 3]!) continue;
        const index = indices[pos >> 2]!;
        if (leaf) {
          if (count === candidates.length) candidates = grow(candidates);
          candidates[count++] = index;
        } else {
          if (top + 2 > stack.length) stack = grow(stack);
          stack[top++] = index;
          stack[top++] = level - 1;
        }
      }
      if (top === 0) break;
      level = stack[--top]!;
      node = stack[--top]!;
    }
    if (count === 1) {
      const item = candidates[0]!;
      return itemContains(item, x, y) ? hits[item] : undefined;
    }
    // Several boxes hold the point: test in item (= id) order; insertion sort, as count is small.
    for (let a = 1; a < count; a++) {
      const item = candidates[a]!;
      let b = a - 1;
      while (b >= 0 && candidates[b]! > item) {
        candidates[b + 1] = candidates[b]!;
        b--;
      }
      candidates[b + 1] = item;
    }
    for (let c = 0; c < count; c++) {
      const item = candidates[c]!;
      if (itemContains(item, x, y)) return hits[item];
    }
    return undefined;
  }

  return { size, find };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

export interface LocatorInput {
  grids: readonly { id: number; area: Area | null | undefined }[];
  compounds: readonly { id: number; area: Area | null | undefined }[];
}

export interface Location {
  gridId: number;
  compoundId: number | null;
}

export interface Locator {
  /**
   * The grid whose area contains [lng, lat] and the compound whose area contains it, if any;
   * undefined when no grid does. Records without an area are never matched (a compound known
   * only by a point has no area to contain anything). Ties go to the smallest id, as in find().
   */
  locate(lng: number, lat: number): Location | undefined;
}

export function createLocator({ grids, compounds }: LocatorInput): Locator {
  const withArea = (records: LocatorInput['grids']): AreaEntry<null>[] =>
    records.flatMap(({ id, area }) => (area ? [{ id, area, value: null }] : []));
  const gridIndex = createAreaIndex(withArea(grids));
  const compoundIndex = createAreaIndex(withArea(compounds));
  return {
    locate(lng, lat) {
      const grid = gridIndex.find(lng, lat);
      if (!grid) return undefined;
      return { gridId: grid.id, compoundId: compoundIndex.find(lng, lat)?.id ?? null };
    },
  };
}
