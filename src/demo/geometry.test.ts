// Unit tests for the demo geometry: tiling without gaps or overlaps, points strictly inside.
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { areaWithin, checkArea, overlapArea } from '../core/geo.js';
import { compoundSlots, gridCuts, type Quad, placeCompound, sidePoints, tileQuad } from './geometry.js';
import { createRandom } from './random.js';

const QUAD: Quad = { sw: [110.38, 21.18], se: [110.39, 21.181], ne: [110.3912, 21.1895], nw: [110.3795, 21.1888] };

describe('tileQuad', () => {
  it('cuts a quad into pieces that cover it exactly, even when rows are cut differently', () => {
    const tiling = tileQuad(QUAD, { v: [0, 0.3, 0.62, 1], u: [[0, 0.4, 1], [0, 0.25, 0.5, 0.77, 1], [0, 0.6, 1]] });
    expect(tiling.cells).toHaveLength(2 + 4 + 2);
    expect(checkArea(tiling.boundary)).toBeNull();
    const total = tiling.cells.reduce((sum, c) => sum + turfArea(c.polygon), 0);
    expect(Math.abs(total - turfArea(tiling.boundary)) / turfArea(tiling.boundary)).toBeLessThan(1e-6);
    for (const [i, a] of tiling.cells.entries()) {
      expect(checkArea(a.polygon)).toBeNull();
      expect(areaWithin(a.polygon, tiling.boundary)).toBe(true);
      for (const b of tiling.cells.slice(i + 1)) expect(overlapArea(a.polygon, b.polygon)).toBeLessThan(0.01);
    }
  });

  it('puts compounds strictly inside their piece', () => {
    const random = createRandom(7);
    const tiling = tileQuad(QUAD, gridCuts(random, 7));
    for (const cell of tiling.cells) {
      for (const count of [1, 2, 3, 4]) {
        compoundSlots(count).forEach((slot, i) => {
          const { location, footprint } = placeCompound(random, QUAD, cell.box, slot, i / 3);
          expect(booleanPointInPolygon([location.lng, location.lat], cell.polygon, { ignoreBoundary: true })).toBe(true);
          expect(booleanPointInPolygon([location.lng, location.lat], footprint, { ignoreBoundary: true })).toBe(true);
          expect(areaWithin(footprint, cell.polygon)).toBe(true);
        });
      }
    }
  });
});

describe('neighbouring quads', () => {
  it('share the vertices on their common side, so they do not overlap', () => {
    const west: Quad = QUAD;
    const east: Quad = { sw: QUAD.se, se: [110.4003, 21.1801], ne: [110.4011, 21.1902], nw: QUAD.ne };
    const random = createRandom(11);
    const westCuts = gridCuts(random, 5);
    const eastCuts = gridCuts(random, 8);
    const a = tileQuad(west, westCuts, { east: sidePoints(eastCuts).west });
    const b = tileQuad(east, eastCuts, { west: sidePoints(westCuts).east });
    expect(overlapArea(a.boundary, b.boundary)).toBe(0);
    for (const tiling of [a, b]) {
      const total = tiling.cells.reduce((sum, c) => sum + turfArea(c.polygon), 0);
      expect(Math.abs(total - turfArea(tiling.boundary))).toBeLessThan(0.01);
      for (const cell of tiling.cells) expect(areaWithin(cell.polygon, tiling.boundary)).toBe(true);
    }
  });
});

describe('gridCuts', () => {
  it('gives the requested number of pieces', () => {
    const random = createRandom(3);
    for (let n = 1; n <= 9; n++) {
      const cuts = gridCuts(random, n);
      expect(cuts.u.reduce((sum, row) => sum + row.length - 1, 0)).toBe(n);
      for (const row of [cuts.v, ...cuts.u]) {
        expect(row[0]).toBe(0);
        expect(row.at(-1)).toBe(1);
        for (let i = 1; i < row.length; i++) expect(row[i]!).toBeGreaterThan(row[i - 1]!);
      }
    }
  });
});
