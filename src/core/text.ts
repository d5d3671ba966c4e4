// Chinese request text: normalisation, word segmentation and similarity, used at intake to offer
// open requests of the same category nearby as possible duplicates, and to build search terms.
import { createRequire } from 'node:module';
import type { Jieba, TfIdf } from '@node-rs/jieba';

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Chinese digits and the units of a small number (up to the thousands). */
const DIGITS: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Words that follow a number when a request names a place: building (栋, 幢, 座, 号楼), unit (单元),
 * floor (楼, 层), room (室, 号), phase (期), area (区), row (排). A Chinese numeral is converted
 * only right before one of them, where it is an address and not, say, part of 一些 or 十分.
 * Left alone on purpose: 两 (两栋楼 counts buildings, it does not name one) and road names
 * (五一路, 统一路 are names, not numbers).
 */
const PLACE_WORDS = '号楼|单元|栋|幢|座|楼|层|室|号|期|区|排';
const ORDINAL = new RegExp(`第(?=\\d+(?:${PLACE_WORDS}))`, 'gu');
const CHINESE_NUMBER = new RegExp(`(第?)([〇零一二三四五六七八九十百千]+)(?=${PLACE_WORDS})`, 'gu');

/**
 * Value of a Chinese numeral: positional (三〇二 → 302) or with units (十二 → 12, 一百零五 → 105).
 * Returns null when the string is not a well-formed small number.
 */
export function chineseNumeral(text: string): number | null {
  if (text.length === 0) return null;
  const chars = [...text];
  if (chars.every((c) => c in DIGITS)) {
    // Positional, as in room numbers read digit by digit: 三〇二 → 302. A single 零 alone is 0.
    return Number(chars.map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let pending: number | null = null;
  let lastUnit = Infinity;
  for (const c of chars) {
    if (c in DIGITS) {
      if (pending !== null && pending !== 0) return null; // two digits in a row inside a unit form
      pending = DIGITS[c]!;
    } else {
      const unit = UNITS[c];
      if (unit === undefined || unit >= lastUnit) return null; // not a numeral, or 十百, 百百
      total += (pending ?? (unit === 10 && total === 0 ? 1 : NaN)) * unit; // 十二 = 12, but 百 alone is not
      if (Number.isNaN(total)) return null;
      pending = null;
      lastUnit = unit;
    }
  }
  return total + (pending ?? 0);
}

/** A Latin letter or digit, next to which a removed gap leaves a space. */
const LATIN = /^[0-9a-z]$/;

/**
 * Canonical form of a request text for comparison and search: NFKC (which also turns full-width
 * letters, digits and signs into half-width ones), lower case, Chinese numerals before place words
 * as Arabic digits (三栋 → 3栋, 十二楼 → 12楼, 第三栋 → 3栋), and no punctuation, symbols or spaces,
 * except one space where removing them would run two numbers or Latin words together
 * (1202，三〇二室 becomes 1202 302室, not 1202302室).
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(CHINESE_NUMBER, (whole, _ordinal: string, numeral: string) => {
      const value = chineseNumeral(numeral);
      return value === null ? whole : String(value);
    })
    .replace(/[^\p{L}\p{N}]+/gu, (gap: string, at: number, all: string) =>
      at > 0 && LATIN.test(all[at - 1]!) && LATIN.test(all[at + gap.length] ?? '') ? ' ' : '',
    )
    .replace(ORDINAL, '');
}

// ---------------------------------------------------------------------------------------------
// Segmentation

/**
 * Words that say nothing about what is wrong or where: particles, pronouns, politeness and the
 * stock phrases of a complaint. Negations (不, 没, 没有) stay: 不亮 and 亮 are different reports.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '着', '过', '地', '得', '很', '太', '非常', '特别', '比较', '在', '有', '是', '也', '都',
  '就', '又', '还', '再', '和', '与', '及', '或', '被', '把', '给', '让', '对', '这', '那', '这个', '那个',
  '这里', '那里', '我', '我们', '我家', '你们', '他们', '大家', '请', '麻烦', '一下', '希望', '能', '能否',
  '能不能', '可以', '帮忙', '尽快', '赶紧', '谢谢', '处理', '解决', '问题', '反映', '呢', '吧', '啊', '呀',
  '吗', '嘛', '哦', '啦', '一直', '总是', '经常', '老是', '最近', '已经', '好像', '有点', '真的',
]);

const require = createRequire(import.meta.url);
let jieba: Jieba | undefined;

/** The segmenter, built on first use: loading its 5 MB dictionary takes about 0.2 s. */
function segmenter(): Jieba {
  if (jieba === undefined) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

/**
 * Median IDF of jieba's table (idf.txt of @node-rs/jieba 2.0.3), the weight jieba itself gives a
 * word it does not list; such words are rare by definition (盛和园, most guesses of the HMM).
 */
const MEDIAN_IDF = 11.95;

let tfIdf: TfIdf | undefined;
/** IDF of words seen so far; request vocabulary is small, and the map is emptied if it grows. */
const idfCache = new Map<string, number>();
const IDF_CACHE_LIMIT = 100_000;

/**
 * Inverse document frequency of a word in jieba's general corpus: rare words (消防栓 12.8) say more
 * about a report than common ones (坏 7.0, 小区 7.5). Jieba's native TfIdf holds the table (loading
 * it costs about 0.13 s, once); asked for the keywords of the word alone, it answers with the word
 * and its IDF when the word is listed, with its parts when not.
 */
function idfOf(word: string): number {
  const cached = idfCache.get(word);
  if (cached !== undefined) return cached;
  if (tfIdf === undefined) {
    const { TfIdf: TfIdfClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { idf } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    tfIdf = TfIdfClass.withDict(idf);
    tfIdf.setConfig({ stopWords: new Set(), minKeywordLength: 1, useHmm: false });
  }
  const keywords = tfIdf.extractKeywords(segmenter(), word, 2);
  const value = keywords.length === 1 && keywords[0]!.keyword === word ? keywords[0]!.weight : MEDIAN_IDF;
  if (idfCache.size >= IDF_CACHE_LIMIT) idfCache.clear();
  idfCache.set(word, value);
  return value;
}

/** An address in normalised text: a number and its place word, 3栋, 5号楼, 2单元, 12楼. */
const ADDRESS = new RegExp(`\\d+(?:${PLACE_WORDS})`, 'gu');

/**
 * Jieba's cut of a run of text without addresses, stop words dropped. With HMM on, jieba guesses
 * words from runs of single characters (tag "x"): right for names (盛和园, 东海置业), wrong as
 * often for the loose phrasing of a complaint (灯坏, 坏卡, 楼不动). `splitGuesses` re-cuts such
 * guesses with the dictionary alone.
 */
function cutRun(run: string, splitGuesses: boolean, out: string[]): void {
  const cutter = segmenter();
  for (const { word, tag } of cutter.tag(run, true)) {
    if (splitGuesses && tag === 'x' && word.length > 1 && /\p{Script=Han}/u.test(word)) {
      for (const part of cutter.cut(word, false)) if (!STOP_WORDS.has(part)) out.push(part);
    } else if (!STOP_WORDS.has(word) && word.trim() !== '') {
      out.push(word);
    }
  }
}

function wordsOf(normal: string, splitGuesses: boolean): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of normal.matchAll(ADDRESS)) {
    if (m.index > from) cutRun(normal.slice(from, m.index), splitGuesses, out);
    out.push(m[0]);
    from = m.index + m[0].length;
  }
  if (from < normal.length) cutRun(normal.slice(from), splitGuesses, out);
  return out;
}

/**
 * The words of a text, in order, without stop words: jieba with HMM over the normalised text,
 * an address (3栋, 5号楼, 2单元, 12楼) kept as one word.
 */
export function segments(text: string): string[] {
  const normal = normalize(text);
  return normal.length === 0 ? [] : wordsOf(normal, false);
}

// ---------------------------------------------------------------------------------------------
// Similarity

/**
 * How residents name the same thing in different words, mapped to one form before comparing
 * (longest variant first, on the normalised text). Only the vocabulary of community requests
 * that often differs between two reports of one problem; not a general thesaurus.
 */
const SYNONYMS: ReadonlyArray<readonly [canonical: string, variants: readonly string[]]> = [
  ['楼道', ['走廊', '过道', '楼梯间']],
  ['坏', ['坏了', '不亮', '坏掉', '损坏', '失灵', '故障', '不能用', '用不了', '不好使', '不工作']],
  ['路灯', ['街灯']],
  ['电梯', ['升降梯', '升降机']],
  ['流浪狗', ['流浪犬', '野狗']],
  ['流浪猫', ['野猫']],
  ['漏水', ['渗水', '滴水', '渗漏', '渗到', '渗进', '渗下']],
  ['噪音', ['噪声']],
  ['违建', ['违章搭建', '违章建筑', '违法搭建', '违法建筑', '私搭乱建', '乱搭乱建', '私自搭建', '私搭']],
  ['垃圾', ['垃圾堆']],
  ['没清理', ['没人清理', '无人清理', '没有清理', '没人清', '没清']],
  ['臭', ['臭味', '异味', '臭气']],
  ['占用', ['堵住', '堵塞', '堵着', '占着', '挡住']],
  ['车', ['私家车', '车辆', '汽车', '小车']],
  ['老人', ['老年人', '长者']],
  ['几天', ['好几天', '多天', '很多天']],
  ['物业', ['物业公司', '物管']],
  ['打扫', ['清扫', '保洁']],
  ['积水', ['被水淹', '水淹', '淹水', '内涝']],
  ['绿地', ['绿化带', '草地', '草坪']],
  ['电钻', ['打钻', '钻孔']],
  ['小孩', ['孩子', '小朋友', '儿童']],
  ['咬', ['咬人', '咬伤']],
];

// Canonical forms map to themselves so that a longer canonical form is never rewritten through a
// shorter variant inside it (没清理 must not become 没清理理 through 没清).
const VARIANT_TO_CANONICAL = new Map<string, string>(
  SYNONYMS.flatMap(([canonical, variants]) => [canonical, ...variants].map((v) => [v, canonical] as const)),
);
const SYNONYM_GROUPS = new Map<string, readonly string[]>(SYNONYMS);
const VARIANT_PATTERN = new RegExp(
  [...VARIANT_TO_CANONICAL.keys()].sort((a, b) => b.length - a.length).join('|'),
  'gu',
);

/**
 * Addresses whose disagreement means two reports are about different things: 3栋 and 5栋, 2单元
 * and 3单元, 301室 and 502室, 一期 and 二期. Floors are left out: an elevator stuck on 3楼 is
 * reported stuck on 5楼 a minute later, and neighbours put a noisy flat a floor off.
 */
const PLACE_KINDS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  ['building', /^(\d+)(?:号楼|栋|幢|座)$/u],
  ['unit', /^(\d+)单元$/u],
  ['room', /^(\d+)(?:室|号)$/u],
  ['phase', /^(\d+)(?:期|区)$/u],
];

/** The other ways to name a building, written N栋 in fingerprints: 3号楼, 3幢, 3座 are 3栋. */
const BUILDING_FORMS = /^(\d+)(?:号楼|幢|座)$/u;

/** Any address word, floors included, e.g. 3栋, 12楼. */
const ADDRESS_WORD = new RegExp(`^\\d+(?:${PLACE_WORDS})$`, 'u');

/**
 * Weight of an address word in the word overlap: about that of a common noun. Jieba's table does
 * not list 3栋, and its default (the median, ≈ 12, a rare word) would let a shared building number
 * outweigh what is wrong there; within the 250 m of the pre-filter a shared building is likely.
 */
const ADDRESS_WEIGHT = 6;

/**
 * Factor applied when the addresses disagree: below the threshold even for otherwise identical
 * words (3栋楼道灯坏了 against 5栋楼道灯坏了 are two lamps).
 */
const PLACE_CONFLICT_FACTOR = 0.3;

/** Share of the character-bigram Dice in the score; the rest is the weighted word Jaccard. */
const DICE_SHARE = 0.3;

/**
 * Bump when `fingerprint` or `similarityOf` change meaning: fingerprints stored with another
 * version must be recomputed.
 */
export const FINGERPRINT_VERSION = 1;

/**
 * What `similarityOf` needs of a text, computed once per text. Plain arrays, so it can be cached
 * or stored as JSON. All arrays sorted and free of repeats.
 */
export interface Fingerprint {
  /** Character bigrams of the text's words run together, each as c1 × 0x110000 + c2 (code points). */
  readonly bigrams: readonly number[];
  /** The words after synonyms, sorted by code unit. */
  readonly words: readonly string[];
  /** Weight of each word (its IDF), parallel to `words`. */
  readonly weights: readonly number[];
  /** Sum of `weights`. */
  readonly weight: number;
  /** Addresses as "kind:number" (building:3, unit:2), sorted. */
  readonly places: readonly string[];
}

const CODE_POINTS = 0x110000;

export function fingerprint(text: string): Fingerprint {
  const canonical = normalize(text).replace(VARIANT_PATTERN, (v) => VARIANT_TO_CANONICAL.get(v) ?? v);
  const words = (canonical.length === 0 ? [] : wordsOf(canonical, true)).map((w) => w.replace(BUILDING_FORMS, '$1栋'));

  const chars = [...words.join('')].map((c) => c.codePointAt(0)!);
  const bigramSet = new Set<number>();
  if (chars.length === 1) bigramSet.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) bigramSet.add(chars[i]! * CODE_POINTS + chars[i + 1]!);
  const bigrams = [...bigramSet].sort((a, b) => a - b);

  const unique = [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const weights = unique.map((w) => (ADDRESS_WORD.test(w) ? ADDRESS_WEIGHT : idfOf(w)));
  const weight = weights.reduce((sum, w) => sum + w, 0);

  const places = new Set<string>();
  for (const word of unique) {
    for (const [kind, pattern] of PLACE_KINDS) {
      const m = pattern.exec(word);
      if (m) places.add(`${kind}:${Number(m[1])}`);
    }
  }
  return { bigrams, words: unique, weights, weight, places: [...places].sort() };
}

/** Size of the intersection of two sorted, repeat-free arrays. */
function sharedCount(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Weight of the words two sorted word lists share. */
function sharedWeight(a: Fingerprint, b: Fingerprint): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.words.length && j < b.words.length) {
    const x = a.words[i]!;
    const y = b.words[j]!;
    if (x === y) {
      sum += a.weights[i]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** True when both name an address of the same kind and none of that kind agrees. */
function placesConflict(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  for (const place of a) {
    const kind = place.slice(0, place.indexOf(':') + 1);
    if (b.some((p) => p.startsWith(kind)) && !b.some((p) => a.includes(p) && p.startsWith(kind))) return true;
  }
  return false;
}

/**
 * Similarity of two fingerprinted texts, in [0, 1].
 *
 * Two measures, because they fail differently:
 * - Dice over character bigrams (2|A∩B| / (|A|+|B|)) does not care how jieba cut the text:
 *   东门口 cut as 东门/口 in one report and 东/门口 in the other still shares 东门 and 门口. But it
 *   counts every bigram alike, so the place words that fill a short text (2期地下车库) make two
 *   different problems in one place look alike.
 * - Jaccard over words weighted by IDF (Σ shared / Σ union) lets the rare words that say what is
 *   wrong (消防栓, 排水沟, 流浪狗) count for more than the common ones (坏, 地下, 小区); on the
 *   labelled pairs in text.test.ts it tells duplicates from the rest far better than Dice.
 * So the score is 0.3 × Dice + 0.7 × weighted Jaccard, times 0.3 when the texts name different
 * buildings, units, rooms or phases. Synonyms (走廊 → 楼道, 不亮 → 坏) are merged before both.
 */
export function similarityOf(a: Fingerprint, b: Fingerprint): number {
  if (a.bigrams.length === 0 || b.bigrams.length === 0) return 0;
  const dice = (2 * sharedCount(a.bigrams, b.bigrams)) / (a.bigrams.length + b.bigrams.length);
  const shared = sharedWeight(a, b);
  const union = a.weight + b.weight - shared;
  const jaccard = union > 0 ? shared / union : 0;
  const score = DICE_SHARE * dice + (1 - DICE_SHARE) * jaccard;
  return Math.min(1, placesConflict(a.places, b.places) ? score * PLACE_CONFLICT_FACTOR : score);
}

/** Similarity of two texts, in [0, 1]; to compare one text with many, fingerprint them once. */
export function similarity(a: string, b: string): number {
  return similarityOf(fingerprint(a), fingerprint(b));
}

/**
 * Score from which an open request is offered as a possible duplicate of a new one (same category,
 * within 250 m). Chosen on the labelled pairs in text.test.ts: duplicates there score 0.335 and
 * up, different requests 0.304 and below; 0.32 sits between.
 */
export const SIMILAR_THRESHOLD = 0.32;

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchTerms {
  /** Words of 3 characters or more: each can be a quoted phrase in an FTS5 trigram MATCH. */
  readonly trigram: readonly string[];
  /** Words of 2 characters, which a trigram index cannot find: search them with LIKE. */
  readonly like: readonly string[];
}

/**
 * What a full-text search for requests like `text` should look for, in normalised form (so the
 * indexed column should hold `normalize(description)`): the words of the text without stop words,
 * plus the other members of their synonym groups (楼道 also finds 走廊), in order of appearance.
 *
 * SQLite's trigram tokenizer indexes 3-character substrings, so a MATCH term needs at least 3
 * characters; most Chinese words have 2 (电梯, 漏水, 路灯), and those go to `like`. A caller ORs
 * `description LIKE '%' || ? || '%'` for them: a scan, but over the rows left by the cheap filters
 * (category, open, the 250 m bounding box), which at intake are a handful. Single characters are
 * dropped (they match nearly everything). pg_trgm on PostgreSQL has the same 3-character floor.
 */
export function searchTerms(text: string): SearchTerms {
  const seen = new Set<string>();
  const trigram: string[] = [];
  const like: string[] = [];
  const add = (word: string) => {
    if (seen.has(word)) return;
    seen.add(word);
    const length = [...word].length;
    if (length >= 3) trigram.push(word);
    else if (length === 2) like.push(word);
  };
  for (const word of segments(text)) {
    add(word);
    const canonical = VARIANT_TO_CANONICAL.get(word);
    if (canonical !== undefined) {
      add(canonical);
      for (const variant of SYNONYM_GROUPS.get(canonical) ?? []) add(variant);
    }
  }
  return { trigram, like };
}
