// Benchmark of request-text similarity (src/core/text.ts): the one-off jieba and IDF load, the cost
// of a fingerprint, and similarityOf comparisons per second. `npx tsx bench/text.ts`
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { fingerprint, SIMILAR_THRESHOLD, similarity, similarityOf, type Fingerprint } from '../src/core/text.js';

export interface TextBenchOptions {
  /** Generated request texts to fingerprint and compare against. */
  texts?: number;
  /** New requests each compared with every text. */
  probes?: number;
  /** Timed passes; the median is reported. */
  passes?: number;
  seed?: number;
}

export interface TextBenchResult {
  bench: 'text';
  node: string;
  cpu: string;
  /** First fingerprint in the process: loads jieba's dictionary and IDF table. */
  initMs: number;
  /** Resident memory grown by that load (jieba keeps its tables in native memory). */
  initRssMb: number;
  texts: number;
  avgChars: number;
  /** Median microseconds to fingerprint one text. */
  fingerprintMicros: number;
  fingerprintsPerSecond: number;
  /** similarityOf on precomputed fingerprints, single thread, median over passes. */
  comparisonsPerSecond: number;
  passesComparisonsPerSecond: number[];
  /** similarity(a, b) on two strings, fingerprinting both each time, for contrast. */
  stringComparisonsPerSecond: number;
  /** Share of the generated pairs at or above SIMILAR_THRESHOLD (a sanity figure, not a quality one). */
  similarShare: number;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHINESE = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const PLACES = ['楼道', '走廊', '电梯', '地下车库', '东门口', '小区门口', '绿化带', '楼顶', '厨房', '单元门口', '健身广场', '楼下'];
const PROBLEMS = [
  '灯坏了', '灯不亮', '垃圾堆了好几天没人清理', '电梯困人', '电梯故障停在半路', '水管漏水',
  '天花板一直在滴水', '有流浪狗咬人', '有人私自搭建铁皮房', '私家车堵住消防通道', '装修噪音太大',
  '积水严重', '下水道堵塞污水漫出来', '井盖松动', '有人乱扔垃圾', '独居老人几天没出门',
];
const TAILS = [
  '晚上很黑，老人小孩容易摔倒', '味道很臭，请尽快处理', '已经反映过好几次了', '麻烦物业来看一下',
  '希望社区帮忙协调', '', '', '严重影响休息', '存在安全隐患', '谢谢',
];

function generateTexts(count: number, seed: number): string[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const building = Math.floor(r() * 12);
    const address =
      r() < 0.5 ? `${building + 1}栋` : r() < 0.5 ? `${CHINESE[building]}栋` : `${building + 1}号楼${pick(CHINESE.slice(0, 6))}单元`;
    const tail = pick(TAILS);
    texts.push(`${r() < 0.8 ? address : ''}${pick(PLACES)}${pick(PROBLEMS)}${tail ? `，${tail}` : ''}`);
  }
  return texts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function run(options: TextBenchOptions = {}): TextBenchResult {
  const count = options.texts ?? 5_000;
  const probes = options.probes ?? 200;
  const passes = options.passes ?? 5;
  const seed = options.seed ?? 42;
  const texts = generateTexts(count, seed);

  // The first call pays for the lazy load (only if nothing in this process used text.ts before).
  const rssBefore = process.memoryUsage().rss;
  const initStart = performance.now();
  fingerprint('3栋楼道灯坏了');
  const initMs = performance.now() - initStart;
  const initRssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

  let prints: Fingerprint[] = texts.map(fingerprint); // warm-up
  const fingerprintTimes: number[] = [];
  for (let p = 0; p < passes; p++) {
    const start = performance.now();
    prints = texts.map(fingerprint);
    fingerprintTimes.push(((performance.now() - start) * 1000) / count);
  }

  // One new request against every candidate, as at intake; `probes` of them per pass.
  const probePrints = generateTexts(probes, seed + 1).map(fingerprint);
  let similar = 0;
  let sink = 0;
  for (const probe of probePrints) for (const candidate of prints) sink += similarityOf(probe, candidate); // warm-up
  const comparisonRates: number[] = [];
  for (let p = 0; p < passes; p++) {
    similar = 0;
    const start = performance.now();
    for (const probe of probePrints) {
      for (const candidate of prints) {
        const s = similarityOf(probe, candidate);
        if (s >= SIMILAR_THRESHOLD) similar++;
        sink += s;
      }
    }
    comparisonRates.push((probes * count) / ((performance.now() - start) / 1000));
  }

  const stringPairs = Math.min(2_000, count - 1);
  const stringStart = performance.now();
  for (let i = 0; i < stringPairs; i++) sink += similarity(texts[i]!, texts[i + 1]!);
  const stringRate = stringPairs / ((performance.now() - stringStart) / 1000);
  if (Number.isNaN(sink)) throw new Error('similarity returned NaN');

  const fingerprintMicros = median(fingerprintTimes);
  return {
    bench: 'text',
    node: process.version,
    cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    initMs: Math.round(initMs),
    initRssMb: Math.round(initRssMb),
    texts: count,
    avgChars: Math.round((texts.reduce((sum, t) => sum + [...t].length, 0) / count) * 10) / 10,
    fingerprintMicros: Math.round(fingerprintMicros * 10) / 10,
    fingerprintsPerSecond: Math.round(1e6 / fingerprintMicros),
    comparisonsPerSecond: Math.round(median(comparisonRates)),
    passesComparisonsPerSecond: comparisonRates.map(Math.round),
    stringComparisonsPerSecond: Math.round(stringRate),
    similarShare: Math.round((similar / (probes * count)) * 1000) / 1000,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(run()));
}
