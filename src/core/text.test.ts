// Unit tests for request-text normalisation, segmentation, similarity and search terms, with the
// labelled pairs that fix SIMILAR_THRESHOLD, and for the distance helpers of the 250 m pre-filter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, haversineMetres } from './geo.js';
import {
  chineseNumeral,
  fingerprint,
  FINGERPRINT_VERSION,
  normalize,
  searchTerms,
  segments,
  SIMILAR_THRESHOLD,
  STOP_WORDS,
  similarity,
  similarityOf,
  type Fingerprint,
} from './text.js';

type Pair = readonly [category: string, a: string, b: string];

/**
 * Two reports of one problem, as two residents would write them. Requests are compared only
 * within one category and 250 m, so each pair shares a category.
 */
const DUPLICATES: readonly Pair[] = [
  ['street lights', '3栋楼道灯坏了，晚上很黑', '三栋走廊的灯不亮了'],
  ['sanitation', '小区东门垃圾堆了好几天没人清理，臭味很大', '东门口的垃圾好几天没清了，味道很臭'],
  ['elevators', '5号楼电梯又坏了，停在三楼不动', '五栋电梯故障，卡在3楼了'],
  ['noise', '楼上1202装修每天早上七点就开始打钻，噪音太大', '12楼装修噪音扰民，早上7点就开始电钻'],
  ['leaking pipes', '8栋2单元厨房水管漏水，水渗到楼下了', '八栋二单元楼上漏水，天花板一直在滴水'],
  ['street lights', '海滨路路灯有好几盏不亮，晚上走路不安全', '海滨路上的路灯坏了好几个，晚上太黑了'],
  ['stray dogs', '小区里有流浪狗咬人，小孩都不敢下楼玩', '最近小区流浪狗很多，还追着小孩咬'],
  ['illegal construction', '9栋一楼住户在绿化带私自搭建铁皮房', '9栋楼下有人违章搭建铁皮棚子，占用绿地'],
  ['parking', '消防通道被私家车堵住了，消防车开不进来', '有车长期占用消防通道停车'],
  ['elderly care', '6栋独居老人王阿姨几天没出门了，请社区上门看看', '6栋的独居老人好几天没见出门，担心出事'],
  ['property services', '物业不按时打扫楼道，楼梯间很脏', '楼道卫生没人打扫，物业也不管'],
  ['drainage', '二期地下车库积水严重，车都开不下去', '2期车库被水淹了，积水很深'],
];

/** Different problems of the same category, mostly in the same place: not duplicates. */
const DIFFERENT: readonly Pair[] = [
  ['street lights', '3栋楼道灯坏了，晚上很黑', '5栋楼道灯不亮'],
  ['sanitation', '小区东门垃圾堆了好几天没人清理，臭味很大', '小区西门的垃圾桶坏了，盖子都掉了'],
  ['elevators', '5号楼电梯又坏了，停在三楼不动', '5号楼电梯里的广告屏声音太大'],
  ['noise', '楼上1202装修每天早上七点就开始打钻，噪音太大', '楼下烧烤店晚上噪音很大，吵到半夜'],
  ['leaking pipes', '8栋2单元厨房水管漏水，水渗到楼下了', '8栋2单元顶楼屋面防水层老化，一下雨就漏水'],
  ['street lights', '海滨路路灯有好几盏不亮，晚上走路不安全', '海滨路路灯杆被车撞歪了，有倒下的危险'],
  ['stray dogs', '小区里有流浪狗咬人，小孩都不敢下楼玩', '邻居在楼道里养狗，狗屎没人清理'],
  ['illegal construction', '9栋一楼住户在绿化带私自搭建铁皮房', '12栋楼顶有人加盖违建'],
  ['parking', '消防通道被私家车堵住了，消防车开不进来', '小区停车位不够，晚上回来没地方停车'],
  ['elderly care', '6栋独居老人王阿姨几天没出门了，请社区上门看看', '社区能不能办老年食堂，老人吃饭不方便'],
  ['property services', '物业不按时打扫楼道，楼梯间很脏', '物业费涨价了，没有开业主大会'],
  ['drainage', '二期地下车库积水严重，车都开不下去', '二期地下车库的排水沟盖板坏了'],
];

/**
 * Written before the features were tuned and never used to tune them or the threshold: how the
 * measure does on text it was not fitted to. Misses are expected (燃气灶 / 煤气灶 is a synonym
 * the table does not know), so the test asks for most, not all, and prints the scores.
 */
const HELD_OUT: readonly (readonly [duplicate: boolean, a: string, b: string])[] = [
  [true, '12栋电梯按钮失灵，按了没反应', '十二栋电梯按键坏了'],
  [true, '小区门口的下水道堵了，污水漫到路上', '门口下水道堵塞，污水流得满地都是'],
  [true, '晚上十一点多还有人在广场跳舞，音响很吵', '广场舞音响太吵了，晚上11点还没停'],
  [true, '4栋3单元楼顶水箱漏水', '四栋三单元楼顶水箱一直在漏'],
  [true, '人民路口的路灯坏了一个星期了', '人民路路口路灯不亮好久了'],
  [true, '独居老人李大爷家里燃气灶坏了，没法做饭', '李大爷一个人住，煤气灶不能用了，需要帮忙'],
  [false, '12栋电梯按钮失灵，按了没反应', '12栋电梯里有人抽烟，味道很大'],
  [false, '小区门口的下水道堵了，污水漫到路上', '小区门口井盖松动，车压过去哐哐响'],
  [false, '晚上十一点多还有人在广场跳舞，音响很吵', '7栋楼下空调外机噪音很大，晚上睡不着'],
  [false, '4栋3单元楼顶水箱漏水', '4栋3单元302住户家里水龙头漏水'],
  [false, '人民路口的路灯坏了一个星期了', '人民路口红绿灯时间太短，老人过马路来不及'],
  [false, '独居老人李大爷家里燃气灶坏了，没法做饭', '社区组织老人免费体检，想报名'],
];

describe('normalize', () => {
  it('folds width and case and strips punctuation and spaces', () => {
    expect(normalize('３栋 ２单元，ＡＢＣ！')).toBe('3栋2单元abc');
    expect(normalize('  电梯坏了！！！……  ')).toBe('电梯坏了');
    expect(normalize('“楼道灯”（不亮）')).toBe('楼道灯不亮');
  });

  it('keeps numbers apart that punctuation kept apart', () => {
    expect(normalize('1202，三〇二室')).toBe('1202 302室');
    expect(normalize('wifi 密码 abc 123')).toBe('wifi密码abc 123');
  });

  it('writes Chinese numerals before place words as digits', () => {
    expect(normalize('三栋')).toBe('3栋');
    expect(normalize('十二楼')).toBe('12楼');
    expect(normalize('第三栋二单元')).toBe('3栋2单元');
    expect(normalize('第3栋')).toBe('3栋');
    expect(normalize('五号楼')).toBe('5号楼');
    expect(normalize('三〇二室')).toBe('302室');
    expect(normalize('一百零五号')).toBe('105号');
    expect(normalize('二十三单元')).toBe('23单元');
    expect(normalize('二期')).toBe('2期');
  });

  it('leaves numerals alone where they are not addresses', () => {
    expect(normalize('十分严重')).toBe('十分严重');
    expect(normalize('一些垃圾')).toBe('一些垃圾');
    expect(normalize('两栋楼之间')).toBe('两栋楼之间');
    expect(normalize('五一路')).toBe('五一路');
    expect(normalize('好几天')).toBe('好几天');
  });

  it('reads Chinese numerals', () => {
    expect(chineseNumeral('十')).toBe(10);
    expect(chineseNumeral('十二')).toBe(12);
    expect(chineseNumeral('二十')).toBe(20);
    expect(chineseNumeral('一百零五')).toBe(105);
    expect(chineseNumeral('一千二百三十四')).toBe(1234);
    expect(chineseNumeral('三〇二')).toBe(302);
    expect(chineseNumeral('十十')).toBeNull();
    expect(chineseNumeral('百')).toBeNull();
    expect(chineseNumeral('')).toBeNull();
    expect(chineseNumeral('三a')).toBeNull();
  });
});

describe('segments', () => {
  it('cuts words, keeps an address whole and drops stop words', () => {
    expect(segments('3栋楼道的灯坏了，晚上很黑')).toEqual(['3栋', '楼道', '灯坏', '晚上', '黑']);
    expect(segments('请帮忙处理一下我们小区的问题')).toEqual(['小区']);
    expect(segments('五号楼电梯困人')).toEqual(['5号楼', '电梯', '困', '人']);
    expect(segments('')).toEqual([]);
    expect(segments('，。！')).toEqual([]);
  });

  it('keeps negations', () => {
    expect(segments('水龙头关不紧')).toEqual(['水龙头', '关不紧']);
    expect(segments('车开不进来')).toContain('不');
    expect(STOP_WORDS.has('不') || STOP_WORDS.has('没') || STOP_WORDS.has('没有')).toBe(false);
  });
});

describe('similarity', () => {
  it('is 1 for the same text, 0 for nothing in common or an empty text, and symmetric', () => {
    expect(similarity('电梯坏了', '电梯坏了')).toBe(1);
    expect(similarity('电梯坏了！', '电梯 坏了')).toBe(1);
    expect(similarity('电梯坏了', '流浪狗咬人')).toBe(0);
    expect(similarity('', '电梯坏了')).toBe(0);
    expect(similarity('的了', '的了')).toBe(0);
    for (const [, a, b] of [...DUPLICATES, ...DIFFERENT]) {
      expect(similarity(a, b)).toBeCloseTo(similarity(b, a), 12);
    }
  });

  it('treats synonyms and Chinese numerals as the same', () => {
    expect(similarity('3栋走廊灯不亮', '三栋楼道灯坏了')).toBe(1);
  });

  it('keeps reports about different buildings or units apart however alike their words', () => {
    expect(similarity('3栋楼道灯坏了', '5栋楼道灯坏了')).toBeLessThan(SIMILAR_THRESHOLD);
    expect(similarity('3栋2单元楼道灯坏了', '3栋4单元楼道灯坏了')).toBeLessThan(SIMILAR_THRESHOLD);
    expect(similarity('3号楼楼道灯坏了', '3栋楼道灯坏了')).toBe(1);
    // A floor does not count against: an elevator moves.
    expect(similarity('5栋电梯坏了停在3楼', '5栋电梯坏了停在6楼')).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
  });

  it('separates the labelled duplicates from the rest at SIMILAR_THRESHOLD', () => {
    expect(DUPLICATES.length + DIFFERENT.length).toBeGreaterThanOrEqual(15);
    const score = ([, a, b]: Pair) => similarity(a, b);
    const duplicates = DUPLICATES.map(score);
    const different = DIFFERENT.map(score);
    for (const [i, s] of duplicates.entries()) {
      expect(s, `duplicate ${DUPLICATES[i]!.join(' | ')}`).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
    }
    for (const [i, s] of different.entries()) {
      expect(s, `different ${DIFFERENT[i]!.join(' | ')}`).toBeLessThan(SIMILAR_THRESHOLD);
    }
    // The threshold sits inside the gap, not on one of its edges.
    expect(Math.min(...duplicates) - SIMILAR_THRESHOLD).toBeGreaterThan(0.01);
    expect(SIMILAR_THRESHOLD - Math.max(...different)).toBeGreaterThan(0.01);
  });

  it('gets most held-out pairs right', () => {
    const results = HELD_OUT.map(([duplicate, a, b]) => {
      const s = similarity(a, b);
      return { duplicate, s: Number(s.toFixed(3)), right: s >= SIMILAR_THRESHOLD === duplicate, a, b };
    });
    const right = results.filter((r) => r.right).length;
    expect(right, JSON.stringify(results.filter((r) => !r.right))).toBeGreaterThanOrEqual(10);
  });
});

describe('fingerprint', () => {
  it('gives similarityOf the same answer as similarity, also after a JSON round trip', () => {
    const texts = [...DUPLICATES, ...DIFFERENT].flatMap(([, a, b]) => [a, b]);
    const prints = texts.map((t) => JSON.parse(JSON.stringify(fingerprint(t))) as Fingerprint);
    for (let i = 0; i < texts.length; i += 3) {
      for (let j = 0; j < texts.length; j += 5) {
        expect(similarityOf(prints[i]!, prints[j]!)).toBe(similarity(texts[i]!, texts[j]!));
      }
    }
    expect(FINGERPRINT_VERSION).toBeGreaterThanOrEqual(1);
  });

  it('holds sorted, repeat-free bigrams and words, and the addresses', () => {
    const f = fingerprint('3号楼2单元的灯坏了，3号楼的灯');
    expect(f.places).toEqual(['building:3', 'unit:2']);
    expect([...f.bigrams].sort((a, b) => a - b)).toEqual(f.bigrams);
    expect(new Set(f.bigrams).size).toBe(f.bigrams.length);
    expect(new Set(f.words).size).toBe(f.words.length);
    expect(f.weights).toHaveLength(f.words.length);
    expect(f.weight).toBeCloseTo(f.weights.reduce((a, b) => a + b, 0), 9);
    expect(fingerprint('灯').bigrams).toHaveLength(1);
  });

  it('stays in [0, 1] for any texts', () => {
    const chars = [...'3栋楼道灯坏了不亮电梯漏水垃圾的很二十一期单元室号 ，！ab'];
    const text = fc.array(fc.constantFrom(...chars), { maxLength: 20 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = similarity(a, b);
        return s >= 0 && s <= 1 && Math.abs(s - similarity(b, a)) < 1e-12;
      }),
      { numRuns: 300 },
    );
  });
});

describe('searchTerms', () => {
  it('puts words of 3+ characters in trigram terms, 2-character words in LIKE terms, in normal form', () => {
    const terms = searchTerms('盛和园小区五号楼电梯困人');
    expect(terms.trigram).toEqual(expect.arrayContaining(['盛和园', '5号楼']));
    expect(terms.like).toEqual(expect.arrayContaining(['小区', '电梯']));
    for (const t of terms.trigram) expect([...t].length).toBeGreaterThanOrEqual(3);
    for (const t of terms.like) expect([...t]).toHaveLength(2);
    expect([...terms.trigram, ...terms.like]).not.toContain('困');
  });

  it('adds the other members of a synonym group and no stop words or repeats', () => {
    const terms = searchTerms('三栋走廊的灯，走廊很黑');
    expect(terms.like).toEqual(expect.arrayContaining(['3栋', '走廊', '楼道', '过道']));
    expect(terms.trigram).toContain('楼梯间');
    const all = [...terms.trigram, ...terms.like];
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain('的');
    expect(searchTerms('，')).toEqual({ trigram: [], like: [] });
  });
});

describe('distance for the 250 m pre-filter', () => {
  it('measures great-circle distances', () => {
    expect(haversineMetres(21.2, 110.4, 21.2, 110.4)).toBe(0);
    // A degree of latitude is about 111.2 km on the mean sphere.
    expect(haversineMetres(21, 110.4, 22, 110.4)).toBeCloseTo(111_195, -1);
    // A degree of longitude shrinks with the cosine of the latitude.
    expect(haversineMetres(21.2, 110, 21.2, 111)).toBeCloseTo(111_195 * Math.cos((21.2 * Math.PI) / 180), -1);
    // Zhanjiang to Guangzhou, about 350 km.
    expect(haversineMetres(21.27, 110.36, 23.13, 113.26) / 1000).toBeGreaterThan(350);
    expect(haversineMetres(21.27, 110.36, 23.13, 113.26) / 1000).toBeLessThan(380);
  });

  /** The point `metres` away from (lat, lng) on `bearing` (degrees), on the same sphere. */
  const destination = (lat: number, lng: number, bearing: number, metres: number) => {
    const r = Math.PI / 180;
    const d = metres / 6_371_008.8;
    const φ1 = lat * r;
    const θ = bearing * r;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = lng * r + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    return { lat: φ2 / r, lng: λ2 / r };
  };

  it('boxes every point within the distance, and not much more', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -170, max: 170, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 250, noNaN: true }),
        (lat, lng, bearing, metres) => {
          const box = boundingBox(lat, lng, 250);
          const p = destination(lat, lng, bearing, metres);
          expect(haversineMetres(lat, lng, p.lat, p.lng)).toBeCloseTo(metres, 3);
          return p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng;
        },
      ),
      { numRuns: 2000 },
    );
    const box = boundingBox(21.2, 110.4, 250);
    expect(haversineMetres(box.minLat, 110.4, box.maxLat, 110.4)).toBeCloseTo(500, 2);
    expect(haversineMetres(21.2, box.minLng, 21.2, box.maxLng)).toBeGreaterThan(499.9);
    expect(haversineMetres(21.2, box.minLng, 21.2, box.maxLng)).toBeLessThan(501);
  });

  it('spans every longitude at a pole', () => {
    expect(boundingBox(89.999, 0, 250)).toMatchObject({ minLng: -180, maxLng: 180, maxLat: 90 });
  });
});
