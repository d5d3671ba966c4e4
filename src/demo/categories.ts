// The demo catalogue of request categories (诉求类别, Open311 services): what a Chinese community
// hears about, with time limits, handler kinds and extra fields, plus how often each comes up.
import type { FieldSpec } from '../core/attributes.js';
import type { HandlerKind } from '../core/lifecycle.js';
import type { LimitUnit } from '../db/schema.js';

export interface DemoGroup {
  code: string;
  nameZh: string;
  nameEn: string;
}

export const DEMO_GROUPS: readonly DemoGroup[] = [
  { code: 'environment', nameZh: '环境卫生', nameEn: 'Environment and sanitation' },
  { code: 'property', nameZh: '物业服务', nameEn: 'Property services' },
  { code: 'facilities', nameZh: '设施设备', nameEn: 'Facilities and elevators' },
  { code: 'safety', nameZh: '公共安全', nameEn: 'Public safety' },
  { code: 'disputes', nameZh: '邻里纠纷', nameEn: 'Neighbour disputes' },
  { code: 'care', nameZh: '一老一小', nameEn: 'Elderly and child care' },
  { code: 'legal', nameZh: '法律咨询', nameEn: 'Legal consultation' },
  { code: 'traffic', nameZh: '停车与交通', nameEn: 'Parking and traffic' },
  { code: 'greening', nameZh: '绿化养护', nameEn: 'Greening' },
  { code: 'water', nameZh: '供水排水', nameEn: 'Water and drainage' },
  { code: 'noise', nameZh: '噪声扰民', nameEn: 'Noise' },
  { code: 'construction', nameZh: '违法建设', nameEn: 'Illegal construction' },
  { code: 'pets', nameZh: '宠物管理', nameEn: 'Pets' },
];

export interface DemoCategory {
  /** Stable ASCII code: the Open311 service code. */
  code: string;
  nameZh: string;
  nameEn: string;
  groupCode: string;
  acceptLimit: { amount: number; unit: LimitUnit };
  resolveLimit: { amount: number; unit: LimitUnit };
  /** Urgent categories count calendar hours, whatever the day. */
  urgent: boolean;
  handlerKind: HandlerKind;
  fields: FieldSpec[];
  /** Relative frequency over a year (not a category setting: the year generator's input). */
  weight: number;
  /** Multipliers by month, January first, where the season matters (rain, typhoons, summer nights). */
  season?: readonly number[];
}

/** Urgent exactly when the limits count calendar hours. */
function category(
  code: string,
  nameZh: string,
  nameEn: string,
  groupCode: string,
  handlerKind: HandlerKind,
  acceptLimit: DemoCategory['acceptLimit'],
  resolveLimit: DemoCategory['resolveLimit'],
  weight: number,
  more: Pick<Partial<DemoCategory>, 'fields' | 'season'> = {},
): DemoCategory {
  const urgent = acceptLimit.unit === 'calendar_hours';
  return {
    code,
    nameZh,
    nameEn,
    groupCode,
    acceptLimit,
    resolveLimit,
    urgent,
    handlerKind,
    fields: more.fields ?? [],
    weight,
    ...(more.season && { season: more.season }),
  };
}

const wh = (amount: number) => ({ amount, unit: 'working_hours' as const });
const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const ch = (amount: number) => ({ amount, unit: 'calendar_hours' as const });

const building: FieldSpec = { key: 'building', labelZh: '楼栋', labelEn: 'Building', type: 'string', required: true };
const optionalBuilding: FieldSpec = { ...building, required: false };
const floor: FieldSpec = { key: 'floor', labelZh: '楼层', labelEn: 'Floor', type: 'number', required: false };
const plate: FieldSpec = { key: 'plate_number', labelZh: '车牌号', labelEn: 'Plate number', type: 'string', required: false };
const timeOfDay: FieldSpec = {
  key: 'time_of_day',
  labelZh: '扰民时段',
  labelEn: 'Time of day',
  type: 'single',
  required: true,
  options: [
    { value: 'early_morning', labelZh: '清晨（7时前）', labelEn: 'Early morning (before 7:00)' },
    { value: 'midday', labelZh: '午休时间', labelEn: 'Midday rest' },
    { value: 'evening', labelZh: '傍晚至22时', labelEn: 'Evening until 22:00' },
    { value: 'late_night', labelZh: '深夜（22时后）', labelEn: 'Late night (after 22:00)' },
  ],
};

// Zhanjiang: rains from April, typhoons July to October, mosquitoes most of the year but worst in summer.
const RAINY = [0.6, 0.6, 0.8, 1, 1.3, 1.6, 1.8, 1.8, 1.6, 1.1, 0.7, 0.6];
const SUMMER = [0.6, 0.6, 0.8, 1, 1.2, 1.4, 1.5, 1.5, 1.3, 1.1, 0.8, 0.6];
const TYPHOON = [0.5, 0.5, 0.6, 0.8, 1, 1.2, 1.8, 2, 1.9, 1.3, 0.7, 0.5];
const DRY_COLD = [1.3, 1.3, 1.1, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1.1, 1.3];

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  // 环境卫生
  category('env.garbage', '垃圾清运不及时', 'Rubbish not collected', 'environment', 'property_company', wh(4), wd(1), 9, { season: SUMMER }),
  category('env.public_sanitation', '公共区域卫生脏乱', 'Dirty public space', 'environment', 'grid_worker', wh(4), wd(2), 6),
  category('env.illegal_dumping', '乱堆乱放与建筑垃圾', 'Dumped rubbish and building waste', 'environment', 'grid_worker', wh(4), wd(3), 4),
  category('env.pest_control', '蚊虫鼠害消杀', 'Mosquitoes, rats and pest control', 'environment', 'property_company', wd(1), wd(3), 3, { season: SUMMER }),
  // 物业服务
  category('property.corridor_light', '楼道灯损坏', 'Broken stairwell light', 'property', 'property_company', wh(4), wd(2), 6, { fields: [building, floor], season: DRY_COLD }),
  category('property.door_access', '单元门与门禁损坏', 'Broken entrance door or access control', 'property', 'property_company', wh(4), wd(2), 4, { fields: [building] }),
  category('property.seepage', '公共部位渗漏', 'Leaks from roofs and common parts', 'property', 'property_company', wd(1), wd(5), 3, { fields: [building, floor], season: RAINY }),
  category('property.service', '物业服务质量', 'Property service quality and fees', 'property', 'property_company', wd(1), wd(5), 3),
  // 设施设备
  category('facility.elevator', '电梯故障', 'Elevator out of order', 'facilities', 'property_company', wh(2), wd(2), 4, { fields: [building] }),
  category('facility.elevator_trapped', '电梯困人', 'People trapped in an elevator', 'facilities', 'property_company', ch(0.25), ch(1), 0.4, {
    fields: [building, { key: 'trapped_people', labelZh: '被困人数', labelEn: 'People trapped', type: 'number', required: true }],
  }),
  category('facility.street_light', '路灯不亮', 'Street light out', 'facilities', 'grid_worker', wd(1), wd(3), 2.5, { season: DRY_COLD }),
  category('facility.manhole', '井盖缺失破损', 'Missing or broken manhole cover', 'facilities', 'grid_worker', wh(2), wd(1), 1.2),
  category('facility.fitness', '健身器材与休闲设施损坏', 'Broken fitness equipment and benches', 'facilities', 'grid_worker', wd(1), wd(5), 1.2),
  // 公共安全
  category('safety.gas_leak', '燃气泄漏', 'Gas leak', 'safety', 'grid_worker', ch(0.5), ch(4), 0.3),
  category('safety.fire_lane', '消防通道堵塞', 'Blocked fire lane', 'safety', 'grid_worker', wh(2), wd(1), 2.5),
  category('safety.ebike_charging', '电动车违规充电', 'E-bikes charged indoors or on trailing leads', 'safety', 'grid_worker', wh(2), wd(2), 2.5, { fields: [optionalBuilding] }),
  category('safety.falling_hazard', '高空坠物与外墙脱落隐患', 'Falling objects and loose facades', 'safety', 'grid_worker', wh(2), wd(3), 1, { fields: [optionalBuilding], season: TYPHOON }),
  // 邻里纠纷
  category('dispute.neighbour', '邻里纠纷', 'Neighbour dispute', 'disputes', 'community_staff', wd(1), wd(5), 3.5, {
    fields: [{
      key: 'subject', labelZh: '纠纷事由', labelEn: 'Subject', type: 'single', required: true,
      options: [
        { value: 'water_leak', labelZh: '楼上漏水', labelEn: 'Water leaking from upstairs' },
        { value: 'noise', labelZh: '生活噪声', labelEn: 'Household noise' },
        { value: 'shared_space', labelZh: '占用公共空间', labelEn: 'Shared space taken over' },
        { value: 'pets', labelZh: '宠物', labelEn: 'Pets' },
        { value: 'other', labelZh: '其他', labelEn: 'Other' },
      ],
    }],
  }),
  // 一老一小
  category('care.elderly_alone', '独居老人关爱', 'Help for elderly people living alone', 'care', 'community_staff', wh(4), wd(3), 2, {
    fields: [{ key: 'age', labelZh: '老人年龄', labelEn: 'Age', type: 'number', required: false }],
  }),
  category('care.elderly_meals', '长者助餐', 'Meals for the elderly', 'care', 'community_staff', wd(1), wd(5), 1),
  category('care.children', '四点半课堂与托育', 'After-school and child care', 'care', 'community_staff', wd(1), wd(5), 1, {
    fields: [{ key: 'child_age', labelZh: '孩子年龄', labelEn: 'Child age', type: 'number', required: false }],
  }),
  // 法律咨询
  category('legal.consultation', '法律咨询', 'Legal consultation', 'legal', 'legal_adviser', wd(1), wd(5), 2.5, {
    fields: [{
      key: 'topic', labelZh: '咨询事项', labelEn: 'Topic', type: 'single', required: true,
      options: [
        { value: 'marriage_family', labelZh: '婚姻家庭', labelEn: 'Marriage and family' },
        { value: 'labour', labelZh: '劳动争议', labelEn: 'Employment' },
        { value: 'tenancy', labelZh: '房屋租赁', labelEn: 'Tenancy' },
        { value: 'debt', labelZh: '借贷纠纷', labelEn: 'Loans and debts' },
        { value: 'inheritance', labelZh: '继承', labelEn: 'Inheritance' },
        { value: 'housing', labelZh: '房产与物业', labelEn: 'Housing and property management' },
      ],
    }],
  }),
  // Wage arrears peak before the Spring Festival.
  category('legal.wages', '欠薪维权', 'Unpaid wages', 'legal', 'legal_adviser', wd(1), wd(10), 0.8, {
    fields: [{ key: 'amount', labelZh: '欠薪金额（元）', labelEn: 'Amount owed (CNY)', type: 'number', required: false }],
    season: [1.8, 1.6, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 1, 1.5],
  }),
  // 停车与交通
  category('traffic.illegal_parking', '车辆乱停乱放', 'Illegal parking', 'traffic', 'grid_worker', wh(2), wd(1), 4, { fields: [plate] }),
  category('traffic.compound_parking', '小区停车管理', 'Parking inside the compound', 'traffic', 'property_company', wd(1), wd(5), 2, { fields: [plate] }),
  // 绿化养护
  category('green.trees', '树木修剪与倒伏', 'Trees to trim or fallen trees', 'greening', 'grid_worker', wh(4), wd(3), 2.5, { season: TYPHOON }),
  // 供水排水
  category('water.pipe_burst', '水管爆裂', 'Burst water pipe', 'water', 'property_company', ch(1), ch(6), 0.6, { fields: [optionalBuilding] }),
  category('water.drain_blocked', '下水道堵塞', 'Blocked drain or sewer', 'water', 'property_company', wh(4), wd(2), 3.5, { fields: [optionalBuilding], season: RAINY }),
  category('water.outage', '停水与水压不足', 'No water or low pressure', 'water', 'property_company', wh(4), wd(2), 2, { fields: [optionalBuilding], season: SUMMER }),
  category('water.waterlogging', '道路积水', 'Waterlogged road', 'water', 'grid_worker', wh(2), wd(1), 1.5, { season: TYPHOON }),
  // 噪声扰民
  category('noise.construction', '施工噪声', 'Construction noise', 'noise', 'grid_worker', wh(4), wd(2), 2, { fields: [timeOfDay] }),
  category('noise.neighbourhood', '广场舞与商铺噪声', 'Noise from square dancing and shops', 'noise', 'grid_worker', wh(4), wd(3), 3, { fields: [timeOfDay], season: SUMMER }),
  // 违法建设
  category('build.illegal', '违法搭建', 'Illegal construction', 'construction', 'grid_worker', wd(1), wd(10), 1.5),
  // 宠物管理
  category('pets.dogs', '犬只扰民与遛狗不拴绳', 'Noisy or unleashed dogs', 'pets', 'grid_worker', wh(4), wd(3), 2),
];

/** The catalogue entry as createCategory takes it (the year generator's extras left out). */
export function categoryInput(c: DemoCategory, sortOrder: number) {
  return {
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    groupCode: c.groupCode,
    acceptLimit: c.acceptLimit,
    resolveLimit: c.resolveLimit,
    urgent: c.urgent,
    handlerKind: c.handlerKind,
    fields: c.fields,
    sortOrder,
  };
}
