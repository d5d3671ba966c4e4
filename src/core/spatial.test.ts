// Tests of the point-in-area index and the grid/compound locator: agreement with turf on generated
// tilings, holes, multipolygons, points on shared edges and vertices, and the empty cases.
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { generateTiling, seededRandom } from '../../test/helpers/tiling.js';
import { checkArea, type Area } from './geo.js';
import { createAreaIndex, createLocator, type AreaEntry } from './spatial.js';

const square = (x: number, y: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

/** The answer by definition: the smallest id among the areas turf says contain the point (edges included). */
function bruteForce<T>(entries: readonly AreaEntry<T>[], lng: number, lat: number): number | undefined {
  let best: number | undefined;
  for (const { id, area } of entries) {
    if ((best === undefined || id < best) && booleanPointInPolygon([lng, lat], area)) best = id;
  }
  return best;
}

/** A tiling whose ids are shuffled, so id order is unrelated to position or tree order. */
function tilingEntries(seed: number, cols: number, rows: number) {
  const tiling = generateTiling({ seed, cols, rows });
  const random = seededRandom(seed + 1000);
  const ids = tiling.polygons.map((_, k) => 3 + 7 * k);
  for (let k = ids.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [ids[k], ids[j]] = [ids[j]!, ids[k]!];
  }
  const entries = tiling.polygons.map((area, k) => ({ id: ids[k]!, area: area as Area, value: `cell ${k}` }));
  return { tiling, entries };
}

describe('generated tilings', () => {
  it('are valid polygons with 8–20 vertices that cover their rectangle', () => {
    const { polygons, bbox } = generateTiling({ seed: 5, cols: 12, rows: 9 });
    expect(polygons).toHaveLength(108);
    for (const polygon of polygons) {
      expect(checkArea(polygon)).toBeNull();
      const vertices = polygon.coordinates[0]!.length - 1;
      expect(vertices).toBeGreaterThanOrEqual(8);
      expect(vertices).toBeLessThanOrEqual(20);
    }
    const [west, south, east, north] = bbox;
    const index = createAreaIndex(polygons.map((area, id) => ({ id, area, value: id })));
    const random = seededRandom(9);
    for (let k = 0; k < 2000; k++) {
      expect(index.find(west + random() * (east - west), south + random() * (north - south))).toBeDefined();
    }
  });
});

describe('createAreaIndex', () => {
  const { tiling, entries } = tilingEntries(11, 24, 18);
  const index = createAreaIndex(entries);
  const [west, south, east, north] = tiling.bbox;
  const marginX = (east - west) * 0.05;
  const marginY = (north - south) * 0.05;

  it('agrees with turf on random points over a tiling', () => {
    expect(index.size).toBe(entries.length);
    fc.assert(
      fc.property(
        fc.double({ min: west - marginX, max: east + marginX, noNaN: true }),
        fc.double({ min: south - marginY, max: north + marginY, noNaN: true }),
        (lng, lat) => {
          const hit = index.find(lng, lat);
          expect(hit?.id).toBe(bruteForce(entries, lng, lat));
          if (hit) expect(hit.value).toBe(entries.find((entry) => entry.id === hit.id)!.value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with turf on other tilings, whatever the order the entries come in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 50 }), (seed, points) => {
        const { tiling: other, entries: cells } = tilingEntries(seed, 6, 5);
        const shuffled = [...cells].reverse();
        const otherIndex = createAreaIndex(shuffled);
        const [w, s, e, n] = other.bbox;
        for (const [u, v] of points) {
          const lng = w + (u * 1.1 - 0.05) * (e - w);
          const lat = s + (v * 1.1 - 0.05) * (n - s);
          expect(otherIndex.find(lng, lat)?.id).toBe(bruteForce(cells, lng, lat));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives every vertex and point on a shared edge to exactly the smallest id that holds it', () => {
    const points: Position[] = [];
    for (const { area } of entries) {
      const ring = (area as Polygon).coordinates[0]!;
      for (let k = 0; k + 1 < ring.length; k++) {
        const [x1, y1] = ring[k]!;
        const [x2, y2] = ring[k + 1]!;
        points.push([x1!, y1!], [(x1! + x2!) / 2, (y1! + y2!) / 2]);
      }
    }
    for (const [lng, lat] of points) {
      const expected = bruteForce(entries, lng!, lat!);
      expect(expected).toBeDefined();
      expect(index.find(lng!, lat!)?.id).toBe(expected);
    }
  });

  it('finds nothing outside every area, for NaN, or in an empty index', () => {
    expect(index.find(east + 0.001, (south + north) / 2)).toBeUndefined();
    expect(index.find(west, north + 1e-9)).toBeUndefined();
    expect(index.find(0, 0)).toBeUndefined();
    expect(index.find(Number.NaN, south)).toBeUndefined();
    const empty = createAreaIndex([]);
    expect(empty.size).toBe(0);
    expect(empty.find(110.4, 21.2)).toBeUndefined();
  });

  it('respects holes, and an island in the hole wins there', () => {
    const ring = square(0, 0, 10).coordinates[0]!;
    const hole = [...square(3, 3, 4).coordinates[0]!].reverse();
    const donut: Polygon = { type: 'Polygon', coordinates: [ring, hole] };
    const alone = createAreaIndex([{ id: 5, area: donut, value: 'donut' }]);
    expect(alone.find(1, 1)?.id).toBe(5);
    expect(alone.find(5, 5)).toBeUndefined();
    expect(alone.find(3, 5)?.id).toBe(5); // on the hole's edge: the donut is closed
    expect(alone.find(3, 3)?.id).toBe(5); // on the hole's corner

    const withIsland = createAreaIndex([
      { id: 5, area: donut, value: 'donut' },
      { id: 9, area: square(3, 3, 4), value: 'island' },
    ]);
    expect(withIsland.find(5, 5)?.value).toBe('island');
    expect(withIsland.find(1, 9)?.value).toBe('donut');
    expect(withIsland.find(7, 4)?.value).toBe('donut'); // shared edge: smallest id
    expect(withIsland.find(11, 5)).toBeUndefined();
  });

  it('handles multipolygons, holes in their parts included', () => {
    const multi: Area = {
      type: 'MultiPolygon',
      coordinates: [square(0, 0, 2).coordinates, [square(5, 0, 4).coordinates[0]!, [...square(6, 1, 2).coordinates[0]!].reverse()]],
    };
    const multiIndex = createAreaIndex([{ id: 1, area: multi, value: null }]);
    expect(multiIndex.find(1, 1)?.id).toBe(1);
    expect(multiIndex.find(5.5, 0.5)?.id).toBe(1);
    expect(multiIndex.find(3, 1)).toBeUndefined(); // between the parts, inside the bounding box
    expect(multiIndex.find(7, 2)).toBeUndefined(); // in the second part's hole
    expect(multiIndex.find(2, 2)?.id).toBe(1); // a corner of the first part
    for (const [lng, lat] of [[1, 1], [5.5, 0.5], [3, 1], [7, 2], [2, 2], [6, 2], [9, 4]] as const) {
      expect(multiIndex.find(lng, lat)?.id).toBe(bruteForce([{ id: 1, area: multi, value: null }], lng, lat));
    }
  });

  it('breaks ties on shared edges and vertices by the smallest id, whatever the input order', () => {
    // Four unit squares around (1, 1) and two triangles splitting the square above them.
    const cells = [
      { id: 40, area: square(0, 0, 1), value: 'sw' },
      { id: 30, area: square(1, 0, 1), value: 'se' },
      { id: 20, area: square(0, 1, 1), value: 'nw' },
      { id: 10, area: square(1, 1, 1), value: 'ne' },
      { id: 7, area: { type: 'Polygon', coordinates: [[[0, 2], [2, 2], [0, 5], [0, 2]]] } as Polygon, value: 'left' },
      { id: 6, area: { type: 'Polygon', coordinates: [[[2, 2], [2, 5], [0, 5], [2, 2]]] } as Polygon, value: 'right' },
    ];
    for (const order of [cells, [...cells].reverse(), [cells[2]!, cells[0]!, cells[5]!, cells[3]!, cells[1]!, cells[4]!]]) {
      const tie = createAreaIndex(order);
      expect(tie.find(1, 1)?.id).toBe(10); // the vertex of all four squares
      expect(tie.find(1, 0.5)?.id).toBe(30); // sw | se
      expect(tie.find(0.5, 1)?.id).toBe(20); // sw | nw
      expect(tie.find(1.5, 1)?.id).toBe(10); // se | ne
      expect(tie.find(1, 2)?.id).toBe(7); // the top edge of nw/ne and the left triangle's base
      expect(tie.find(2, 2)?.id).toBe(6); // a corner of ne and of both triangles
      expect(tie.find(0, 2)?.id).toBe(7); // a corner of nw and of the left triangle
      expect(tie.find(1, 3.5)?.id).toBe(6); // the diagonal both triangles share
      expect(tie.find(0.25, 0.25)?.id).toBe(40);
      expect(tie.find(0.5, 4)?.id).toBe(7);
      expect(tie.find(1.5, 4)?.id).toBe(6);
      expect(tie.find(2.5, 1)).toBeUndefined();
    }
  });

  it('picks the smallest id among thousands of overlapping areas', () => {
    const many = Array.from({ length: 5000 }, (_, k) => ({ id: 10_000 + k, area: square(-k * 1e-3, -k * 1e-3, 1 + 2 * k * 1e-3), value: k }));
    const overlapping = createAreaIndex(many);
    expect(overlapping.find(0.5, 0.5)?.id).toBe(10_000);
    expect(overlapping.find(-1, -1)?.id).toBe(11_000); // only squares with k ≥ 1000 reach it
    expect(overlapping.find(-1.0005, 0)?.id).toBe(11_001);
    expect(overlapping.find(-6, 0)).toBeUndefined();
  });

  it('accepts rings that are not closed, and refuses duplicate ids', () => {
    const open: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4]]] };
    const openIndex = createAreaIndex([{ id: 1, area: open, value: null }]);
    expect(openIndex.find(2, 2)?.id).toBe(1);
    expect(openIndex.find(0, 2)?.id).toBe(1); // the closing edge exists
    expect(openIndex.find(5, 2)).toBeUndefined();
    expect(() => createAreaIndex([{ id: 1, area: open, value: null }, { id: 1, area: square(9, 9, 1), value: null }])).toThrow(/duplicate/);
  });

  it('skips areas without positions', () => {
    const hollow: Area = { type: 'MultiPolygon', coordinates: [] };
    const withHollow = createAreaIndex([
      { id: 1, area: hollow, value: null },
      { id: 2, area: square(0, 0, 1), value: null },
    ]);
    expect(withHollow.size).toBe(2);
    expect(withHollow.find(0.5, 0.5)?.id).toBe(2);
    expect(createAreaIndex([{ id: 1, area: hollow, value: null }]).find(0, 0)).toBeUndefined();
  });

  it('returns the same hit object for the same entry', () => {
    const hit = index.find((west + east) / 2, (south + north) / 2);
    expect(hit).toBeDefined();
    expect(index.find((west + east) / 2, (south + north) / 2)).toBe(hit);
  });
});

describe('createLocator', () => {
  const grids = [
    { id: 1, area: square(0, 0, 10) },
    { id: 2, area: square(10, 0, 10) },
    { id: 3, area: null },
  ];
  const compounds = [
    { id: 100, area: square(1, 1, 3) },
    { id: 101, area: square(8, 1, 4) }, // straddles grids 1 and 2
    { id: 102, area: null }, // known only by a point: never matched by area
  ];
  const locator = createLocator({ grids, compounds });

  it('resolves a point to its grid and compound', () => {
    expect(locator.locate(2, 2)).toEqual({ gridId: 1, compoundId: 100 });
    expect(locator.locate(9, 2)).toEqual({ gridId: 1, compoundId: 101 });
    expect(locator.locate(11, 2)).toEqual({ gridId: 2, compoundId: 101 });
    expect(locator.locate(15, 8)).toEqual({ gridId: 2, compoundId: null });
    expect(locator.locate(10, 8)).toEqual({ gridId: 1, compoundId: null }); // shared edge: smallest id
  });

  it('finds nothing outside every grid, even inside a compound', () => {
    expect(locator.locate(25, 5)).toBeUndefined();
    expect(createLocator({ grids: [], compounds }).locate(2, 2)).toBeUndefined();
    expect(createLocator({ grids, compounds: [] }).locate(2, 2)).toEqual({ gridId: 1, compoundId: null });
  });
});
