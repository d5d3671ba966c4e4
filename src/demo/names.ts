// Names for the demo district: streets and communities (public names from DESIGN.md), invented
// compounds, property companies, units and people, and the identifiers that go with them.
// Pure data and generators; all randomness comes from the seeded Random.
import { withCreditCheck } from '../core/codes.js';
import type { Random } from './random.js';

export const DISTRICT_NAME = '湛江经济技术开发区';

/** Streets with their national statistical codes; only the first two hold urban communities. */
export const STREETS = [
  { name: '泉庄街道', code: '440803070', urban: true },
  { name: '乐华街道', code: '440803071', urban: true },
  { name: '东山街道', code: '440811070', urban: false },
  { name: '东简街道', code: '440811071', urban: false },
  { name: '民安街道', code: '440811072', urban: false },
  { name: '硇洲镇', code: '440811173', urban: false },
] as const;

/**
 * The 14 urban communities: the nine named in public sources and five invented ones, with the
 * letters their grid codes start with. `street` indexes STREETS.
 */
export const COMMUNITIES = [
  { name: '霞海社区', abbr: 'XH', street: 0 },
  { name: '观海社区', abbr: 'GH', street: 0 },
  { name: '人民社区', abbr: 'RM', street: 0 },
  { name: '海滨北社区', abbr: 'HBB', street: 0 },
  { name: '海滨东社区', abbr: 'HBD', street: 0 },
  { name: '明哲社区', abbr: 'MZ', street: 0 },
  { name: '海昌社区', abbr: 'HC', street: 0 },
  { name: '盛和园社区', abbr: 'SHY', street: 1 },
  { name: '平乐下村社区', abbr: 'PLXC', street: 1 },
  { name: '园岭社区', abbr: 'YL', street: 1 },
  { name: '金港社区', abbr: 'JG', street: 1 },
  { name: '南柳社区', abbr: 'NL', street: 1 },
  { name: '绿塘社区', abbr: 'LT', street: 1 },
  { name: '新兴社区', abbr: 'XX', street: 1 },
] as const;

/** Roads for addresses, per street index (the urban core's streets). */
export const ROADS: readonly (readonly string[])[] = [
  ['人民大道南', '海滨大道南', '乐山路', '观海路', '霞海路', '文化路', '海昌路', '明哲路', '海宁路'],
  ['人民大道中', '海滨大道中', '乐华路', '椹川大道', '平乐路', '园岭路', '金港大道', '南柳路', '绿塘路', '龙潮路'],
];

export function address(random: Random, street: number): string {
  return `${random.pick(ROADS[street] ?? ROADS[0]!)}${random.int(1, 168)}号`;
}

export const PROPERTY_COMPANIES = [
  '湛江市盛和物业服务有限公司',
  '湛江市海景物业服务有限公司',
  '湛江市椹川物业服务有限公司',
  '湛江市港城物业服务有限公司',
  '湛江市金沙湾物业服务有限公司',
  '湛江市南珠物业服务有限公司',
  '湛江市鸿景物业服务有限公司',
  '湛江市怡海物业服务有限公司',
  '湛江市观澜物业服务有限公司',
  '湛江市华府物业服务有限公司',
  '湛江市宝满物业服务有限公司',
  '湛江市蓝湾物业服务有限公司',
  '湛江市嘉和物业服务有限公司',
  '湛江市安居物业服务有限公司',
  '湛江市绿洲物业服务有限公司',
] as const;

/** 24 agencies and public institutions of the zone. */
export const AGENCIES: readonly { name: string; kind: 'agency' | 'institution' }[] = [
  { name: '湛江经开区党政办公室', kind: 'agency' },
  { name: '湛江经开区党群工作部', kind: 'agency' },
  { name: '湛江经开区住房和城乡建设局', kind: 'agency' },
  { name: '湛江经开区城市综合管理局', kind: 'agency' },
  { name: '湛江经开区社会事务局', kind: 'agency' },
  { name: '湛江经开区财政局', kind: 'agency' },
  { name: '湛江经开区经济发展局', kind: 'agency' },
  { name: '湛江经开区教育局', kind: 'agency' },
  { name: '湛江经开区卫生健康局', kind: 'agency' },
  { name: '湛江经开区应急管理局', kind: 'agency' },
  { name: '湛江经开区人力资源和社会保障局', kind: 'agency' },
  { name: '湛江经开区交通运输局', kind: 'agency' },
  { name: '湛江经开区司法局', kind: 'agency' },
  { name: '湛江经开区统计局', kind: 'agency' },
  { name: '湛江市公安局经济技术开发区分局', kind: 'agency' },
  { name: '湛江市市场监督管理局经济技术开发区分局', kind: 'agency' },
  { name: '湛江市生态环境局经济技术开发区分局', kind: 'agency' },
  { name: '湛江经开区消防救援大队', kind: 'agency' },
  { name: '湛江经开区疾病预防控制中心', kind: 'institution' },
  { name: '湛江经开区社区卫生服务中心', kind: 'institution' },
  { name: '湛江经开区第一中学', kind: 'institution' },
  { name: '湛江经开区实验小学', kind: 'institution' },
  { name: '湛江经开区公共资源交易中心', kind: 'institution' },
  { name: '湛江经开区退役军人服务站', kind: 'institution' },
];

/** 39 enterprises based in the zone. */
export const ENTERPRISES: readonly string[] = [
  '中国移动湛江分公司',
  '中国电信湛江分公司',
  '中国联通湛江分公司',
  '广东电网湛江供电局',
  '湛江水务集团有限公司',
  '湛江港集团',
  '中国银行湛江分行',
  '中国工商银行湛江分行',
  '中国建设银行湛江分行',
  '中国农业银行湛江分行',
  '湛江农村商业银行',
  '中国邮政集团湛江市分公司',
  '中国人寿湛江分公司',
  '中国平安湛江中心支公司',
  '湛江市港城燃气有限公司',
  '湛江市公共汽车有限公司',
  '湛江市南珠建设工程有限公司',
  '湛江海湾商贸有限公司',
  '湛江市椹川建筑工程有限公司',
  '湛江市海鲜坊餐饮管理有限公司',
  '湛江市港湾物流有限公司',
  '湛江市蓝海科技有限公司',
  '湛江市红土地农业发展有限公司',
  '湛江市宝满置业有限公司',
  '湛江市金海岸酒店管理有限公司',
  '湛江市鹏程汽车服务有限公司',
  '湛江市海洋装备制造有限公司',
  '湛江市雷州湾水产有限公司',
  '湛江市明珠医药连锁有限公司',
  '湛江市新港城建设投资有限公司',
  '湛江市绿源环境服务有限公司',
  '湛江市佳和超市有限公司',
  '湛江市粤西电子商务有限公司',
  '湛江市兴海船务有限公司',
  '湛江市广海建材有限公司',
  '湛江市晨光印务有限公司',
  '湛江市华都汇商业管理有限公司',
  '湛江开发区万达广场商业管理有限公司',
  '湛江市南方建设监理有限公司',
];

export const OFFICE_BUILDING = '欢乐家大厦';

/** The compounds the source report names. */
export const NAMED_COMPOUNDS = {
  airport: '机场小区',
  shengheyuan: '盛和园',
  donghai: '东海置业小区',
} as const;

const OLD_PREFIXES = [
  '港务', '航运', '水产', '糖业', '电业', '粮食', '供销', '海洋', '农垦', '机务', '二轻', '纺织',
  '化工', '建工', '邮电', '商业', '气象', '外贸', '水电', '渔业', '冷冻厂', '罐头厂', '印刷厂', '海运',
  '石油', '港监', '电厂', '民政', '物资', '交通', '粮油', '轮船', '船厂', '橡胶', '海员', '乐山',
  '海滨', '友谊', '跃进', '红旗', '建设', '光明',
];
const OLD_SUFFIXES = ['宿舍', '小区', '新村', '生活区'];
const NEW_PREFIXES = [
  '海景', '椹川', '金沙湾', '碧海', '银滩', '南珠', '观澜', '海悦', '御景', '汇景', '鸿景', '怡海',
  '逸翠', '明珠', '龙腾', '锦绣', '丽景', '蓝湾', '海逸', '云帆', '绿洲', '金域', '华府', '嘉和',
  '富润', '宝盛', '聚福', '海天', '星河', '翠湖', '君悦', '世纪', '南国', '凯旋', '帝景', '天成',
  '泰和', '康乐', '海韵', '清华', '东方', '滨江', '金湾', '港湾', '阳光',
];
const NEW_SUFFIXES = ['花园', '小区', '苑', '华庭', '名苑', '家园', '公馆', '豪庭', '雅居', '新城'];

/**
 * `count` distinct names from the product of prefixes and suffixes, each prefix used at most
 * `perPrefix` times, none of them in `exclude`.
 */
function combine(random: Random, prefixes: string[], suffixes: string[], count: number, perPrefix: number, exclude: Set<string>) {
  const used = new Map<string, number>();
  const out: string[] = [];
  const candidates = random.shuffle(prefixes.flatMap((p) => suffixes.map((s) => [p, s] as const)));
  for (const [prefix, suffix] of candidates) {
    if (out.length === count) break;
    const name = prefix + suffix;
    if (exclude.has(name) || (used.get(prefix) ?? 0) >= perPrefix) continue;
    used.set(prefix, (used.get(prefix) ?? 0) + 1);
    exclude.add(name);
    out.push(name);
  }
  if (out.length < count) throw new Error(`only ${out.length} of ${count} compound names available`);
  return out;
}

/** Invented compound names: old-style (work-unit housing) and newer estates, all distinct. */
export function compoundNames(random: Random, oldCount: number, newCount: number): { old: string[]; new: string[] } {
  const exclude = new Set<string>(Object.values(NAMED_COMPOUNDS));
  return {
    old: combine(random, OLD_PREFIXES, OLD_SUFFIXES, oldCount, 2, exclude),
    new: combine(random, NEW_PREFIXES, NEW_SUFFIXES, newCount, 3, exclude),
  };
}

const SURNAMES = [
  '陈', '李', '黄', '林', '吴', '梁', '杨', '王', '张', '莫', '庞', '邓', '何', '许', '钟', '冯',
  '柯', '麦', '符', '谢', '蔡', '叶', '洪', '郑', '周', '罗', '全', '詹', '揭', '郭',
];
const GIVEN_NAMES = [
  '建华', '海燕', '志强', '丽娟', '国强', '晓玲', '伟明', '秀英', '俊杰', '美玲', '振华', '少芳',
  '文杰', '玉梅', '家豪', '小红', '德明', '春燕', '永康', '桂芳', '耀辉', '雪梅', '锦松', '惠珍',
  '广林', '小娟', '志华', '月娥', '海龙', '静怡', '子豪', '诗琪', '宇航', '梓涵', '浩然', '嘉欣',
  '明辉', '思颖', '泽宇', '雅婷', '国栋', '秀兰', '冠华', '丽霞', '达明', '少华', '晓东', '艳芬',
  '红梅', '伟强', '金凤', '汉文', '宝珠', '健', '敏', '芳', '勇', '丹',
];

/** A source of distinct fictional personal names. */
export function nameSource(random: Random): () => string {
  const all = random.shuffle(SURNAMES.flatMap((s) => GIVEN_NAMES.map((g) => s + g)));
  let next = 0;
  return () => {
    const name = all[next++];
    if (!name) throw new Error('ran out of personal names');
    return name;
  };
}

const MOBILE_PREFIXES = ['134', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '182', '187', '188', '130', '131', '132', '155', '156', '186', '133', '153', '180', '181', '189', '177', '199'];

/** A source of distinct mobile numbers (11 digits starting with 1). */
export function phoneSource(random: Random): () => string {
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const phone = random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
      if (!seen.has(phone)) {
        seen.add(phone);
        return phone;
      }
    }
  };
}

/** A Zhanjiang landline in the 0759 area: 0759-2xxxxxx or 0759-3xxxxxx. */
export function landline(random: Random): string {
  return `0759-${random.pick(['2', '3'])}${String(random.int(0, 999_999)).padStart(6, '0')}`;
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** An organisation code (GB 11714): eight digits and their check character. */
export function orgCode(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * ORG_CODE_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/** Registration authority and type: 11 agency, 12 public institution, 91 enterprise. */
export type CreditPrefix = '11' | '12' | '91';

/** A source of distinct unified social credit codes registered in Zhanjiang (440800). */
export function creditCodeSource(random: Random): (prefix: CreditPrefix) => string {
  const seen = new Set<string>();
  return (prefix) => {
    for (;;) {
      const body = String(random.int(10_000_000, 99_999_999));
      const code = withCreditCheck(`${prefix}440800${orgCode(body)}`);
      if (!seen.has(code)) {
        seen.add(code);
        return code;
      }
    }
  };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number (GB 11643) for a person registered in 霞山区 (440803), with its check digit. */
export function idNumber(random: Random, birthYear: number): string {
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const body = `440803${birthYear}${month}${day}${String(random.int(0, 999)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i]!;
  return body + ID_CHECK[sum % 11];
}
