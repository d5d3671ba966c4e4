import { describe, expect, it } from 'vitest';
import { areaWithin, checkArea, fromWgs84, overlapArea, pointIn, toWgs84 } from './geo.js';

const square = (x: number, y: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

describe('area checks', () => {
  it('accepts a closed polygon and names the problem of a broken one', () => {
    expect(checkArea(square(110.4, 21.2, 0.01))).toBeNull();
    expect(checkArea({ type: 'Point', coordinates: [110.4, 21.2] })).toMatch(/Polygon/);
    expect(checkArea({ type: 'Polygon', coordinates: [[[110.4, 21.2], [110.41, 21.2], [110.41, 21.21], [110.4, 21.21]]] })).toMatch(/end where it starts/);
    expect(checkArea({ type: 'Polygon', coordinates: [[[110.4, 21.2], [110.41, 21.2], [110.4, 21.2]]] })).toMatch(/4 positions/);
    expect(checkArea({ type: 'Polygon', coordinates: [[[190, 21.2], [110.41, 21.2], [110.41, 21.21], [190, 21.2]]] })).toMatch(/outside/);
    expect(checkArea({ type: 'Polygon', coordinates: [[[110.4, 21.2], [110.41, 21.21], [110.41, 21.2], [110.4, 21.21], [110.4, 21.2]]] })).toMatch(/cross/);
  });

  it('tells containment, shared area and point membership', () => {
    const community = square(110.4, 21.2, 0.01);
    expect(areaWithin(square(110.4, 21.2, 0.005), community)).toBe(true);
    expect(areaWithin(square(110.408, 21.2, 0.005), community)).toBe(false);
    expect(overlapArea(square(110.4, 21.2, 0.005), square(110.405, 21.2, 0.005))).toBeLessThan(1);
    expect(overlapArea(square(110.4, 21.2, 0.005), square(110.404, 21.2, 0.005))).toBeGreaterThan(50_000);
    expect(pointIn(110.401, 21.201, community)).toBe(true);
    expect(pointIn(110.42, 21.201, community)).toBe(false);
  });
});

describe('coordinate systems', () => {
  it('round-trips GCJ-02 through WGS-84 within a metre', () => {
    const gcj = fromWgs84(110.4, 21.2, 'gcj02');
    expect(Math.abs(gcj.lng - 110.4)).toBeGreaterThan(0.001); // the offset is hundreds of metres
    const back = toWgs84(gcj.lng, gcj.lat, 'gcj02');
    expect(Math.abs(back.lng - 110.4)).toBeLessThan(1e-5);
    expect(Math.abs(back.lat - 21.2)).toBeLessThan(1e-5);
    expect(toWgs84(110.4, 21.2, 'wgs84')).toEqual({ lng: 110.4, lat: 21.2 });
  });
});
