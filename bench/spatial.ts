// Benchmark of the point-in-area index (src/core/spatial.ts): 10,000 generated grid cells, millions
// of random lookups, and a naive turf linear scan over 100 cells for reference. `npx tsx bench/spatial.ts`
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createAreaIndex } from '../src/core/spatial.js';
import { generateTiling, seededRandom } from '../test/helpers/tiling.js';

export interface SpatialBenchOptions {
  /** Cells per side of the square tiling; 100 gives 10,000 polygons. */
  side?: number;
  lookups?: number;
  naiveLookups?: number;
  /** Timed passes over each set of lookups; medians are reported. */
  passes?: number;
  seed?: number;
}

export interface SpatialBenchResult {
  bench: 'spatial';
  node: string;
  cpu: string;
  polygons: number;
  avgVertices: number;
  /** Median time to build the index over all polygons. */
  buildMs: number;
  lookups: number;
  /** Share of the random points that fell inside some polygon. */
  insideShare: number;
  /** Median over the passes, single thread, wall-clock. */
  lookupsPerSecond: number;
  passesLookupsPerSecond: number[];
  /** Median over the passes per second of CPU time (differs from the above when the machine is busy). */
  lookupsPerCpuSecond: number;
  /** Load average over the last minute when the run ended, to judge how busy the machine was. */
  loadAverage: number;
  naive: {
    method: string;
    polygons: number;
    lookups: number;
    lookupsPerSecond: number;
    /** The index over the same 100 polygons and points, for an equal comparison. */
    indexLookupsPerSecond: number;
  };
  /** lookupsPerSecond (10,000 polygons, index) ÷ naive.lookupsPerSecond (100 polygons, scan). */
  speedupOverNaive: number;
}

/** Random points over the tiling's rectangle widened by 2 % on each side, so most fall inside. */
function randomPoints(bbox: [number, number, number, number], count: number, seed: number): Float64Array {
  const [west, south, east, north] = bbox;
  const mx = (east - west) * 0.02;
  const my = (north - south) * 0.02;
  const random = seededRandom(seed);
  const points = new Float64Array(count * 2);
  for (let k = 0; k < count; k++) {
    points[2 * k] = west - mx + random() * (east - west + 2 * mx);
    points[2 * k + 1] = south - my + random() * (north - south + 2 * my);
  }
  return points;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Timing {
  /** Lookups per second of wall-clock time. */
  perSecond: number;
  /** Lookups per second of this process's CPU time: steadier when other work shares the machine. */
  perCpuSecond: number;
  found: number;
}

/** Times `lookup` over all points, and counts how many found something. */
function timeLookups(points: Float64Array, lookup: (lng: number, lat: number) => unknown): Timing {
  const count = points.length / 2;
  let found = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let k = 0; k < count; k++) {
    if (lookup(points[2 * k]!, points[2 * k + 1]!) !== undefined) found++;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { perSecond: count / seconds, perCpuSecond: count / cpuSeconds, found };
}

export function run(options: SpatialBenchOptions = {}): SpatialBenchResult {
  const side = options.side ?? 100;
  const lookups = options.lookups ?? 5_000_000;
  const naiveLookups = options.naiveLookups ?? 100_000;
  const passes = options.passes ?? 3;
  const seed = options.seed ?? 42;

  const tiling = generateTiling({ cols: side, rows: side, seed });
  const entries = tiling.polygons.map((area, id) => ({ id: id + 1, area, value: id + 1 }));
  const vertices = tiling.polygons.reduce((sum, polygon) => sum + polygon.coordinates[0]!.length - 1, 0);

  const buildTimes: number[] = [];
  let index = createAreaIndex(entries);
  for (let k = 0; k < 5; k++) {
    const start = performance.now();
    index = createAreaIndex(entries);
    buildTimes.push(performance.now() - start);
  }

  const points = randomPoints(tiling.bbox, lookups, seed + 1);
  timeLookups(points.subarray(0, Math.min(points.length, 400_000)), index.find); // warm-up
  const runs = Array.from({ length: passes }, () => timeLookups(points, index.find));
  const insideShare = runs[0]!.found / lookups;

  // Reference: the obvious implementation, turf over every polygon in id order, on 100 cells.
  const small = generateTiling({ cols: 10, rows: 10, seed });
  const smallEntries = small.polygons.map((area, id) => ({ id: id + 1, area, value: id + 1 }));
  const naiveFind = (lng: number, lat: number): number | undefined => {
    for (const { id, area } of smallEntries) if (booleanPointInPolygon([lng, lat], area as Polygon)) return id;
    return undefined;
  };
  const smallIndex = createAreaIndex(smallEntries);
  const naivePoints = randomPoints(small.bbox, naiveLookups, seed + 2);
  timeLookups(naivePoints.subarray(0, 20_000), naiveFind); // warm-up
  const naiveRuns = Array.from({ length: passes }, () => timeLookups(naivePoints, naiveFind));
  timeLookups(naivePoints, smallIndex.find); // warm-up
  const smallRuns = Array.from({ length: passes }, () => timeLookups(naivePoints, smallIndex.find));
  const naiveFound = naiveRuns[0]!.found;
  const indexFound = smallRuns[0]!.found;
  if (naiveFound !== indexFound) throw new Error(`index and scan disagree: ${indexFound} ≠ ${naiveFound}`);
  const naivePerSecond = median(naiveRuns.map((r) => r.perSecond));

  const perSecond = median(runs.map((r) => r.perSecond));
  return {
    bench: 'spatial',
    node: process.version,
    cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    polygons: entries.length,
    avgVertices: Math.round((vertices / entries.length) * 10) / 10,
    buildMs: Math.round(median(buildTimes) * 10) / 10,
    lookups,
    insideShare: Math.round(insideShare * 1000) / 1000,
    lookupsPerSecond: Math.round(perSecond),
    passesLookupsPerSecond: runs.map((r) => Math.round(r.perSecond)),
    lookupsPerCpuSecond: Math.round(median(runs.map((r) => r.perCpuSecond))),
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    naive: {
      method: 'turf booleanPointInPolygon over every polygon',
      polygons: smallEntries.length,
      lookups: naiveLookups,
      lookupsPerSecond: Math.round(naivePerSecond),
      indexLookupsPerSecond: Math.round(median(smallRuns.map((r) => r.perSecond))),
    },
    speedupOverNaive: Math.round((perSecond / naivePerSecond) * 10) / 10,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = run();
  const m = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
  console.log(`polygons: ${result.polygons} (avg ${result.avgVertices} vertices), build ${result.buildMs} ms`);
  console.log(`index: ${m(result.lookupsPerSecond)} median of ${result.passesLookupsPerSecond.map(m).join(', ')} over ${result.lookups} lookups, ${(result.insideShare * 100).toFixed(1)} % inside; ${m(result.lookupsPerCpuSecond)} per CPU second; load ${result.loadAverage}`);
  console.log(`naive scan, ${result.naive.polygons} polygons: ${m(result.naive.lookupsPerSecond)} (index on the same: ${m(result.naive.indexLookupsPerSecond)}); index on ${result.polygons} is ${result.speedupOverNaive}× the scan`);
  console.log(JSON.stringify(result));
}
