// What the demo's residents and staff write: request texts per category with slots (building,
// floor, place, time…), several phrasings each so that duplicates read like real ones, and the
// notes of handlers, dispatchers and supervisors. Pure; randomness comes from the seeded Random.
import type { AttributeValue } from '../core/attributes.js';
import type { Satisfaction } from '../core/lifecycle.js';
import type { Channel } from '../db/schema.js';
import type { Random } from './random.js';

/** Where a category's requests are placed: at a compound (and building) or at a point in a grid. */
export type Where = 'compound' | 'public';

interface CategoryTexts {
  where: Where;
  /** Phrasings; a keyed set picks the phrasings by the value of one list field. */
  say: readonly string[] | { field: string; by: Readonly<Record<string, readonly string[]>> };
  /** Notes the handler writes on resolving. */
  done: readonly string[];
}

/** The slots a phrasing can use; the same slots with another phrasing make a plausible duplicate. */
export interface Slots {
  compound: string;
  building: string;
  floor: number;
  floor2: number;
  place: string;
  road: string;
  /** Who the resident asks: the property company, or the community where there is none. */
  mgr: string;
  days: string;
  time: string;
  timeOfDay: string;
  plate: string;
  n: number;
  m: number;
  age: number;
  childAge: number;
  money: number;
  /** The value of the keyed list field (subject, topic), when the category has one. */
  choice: string | null;
}

/** What the generator knows of the spot: the compound, its building and the roads around it. */
export interface Scene {
  compound: string;
  /** e.g. 3栋; null when the compound's buildings are not named in the request. */
  building: string | null;
  floors: number;
  managed: boolean;
  community: string;
  roads: readonly string[];
  /** Names of compounds nearby, for public places ("XX小区门口"). */
  nearby: readonly string[];
  where: Where;
}

const TIME_PHRASES: Record<string, readonly string[]> = {
  early_morning: ['早上六点多', '清晨五点多', '天刚亮'],
  midday: ['中午午休时间', '中午一两点', '中午十二点多'],
  evening: ['晚上八九点', '傍晚七点多', '晚上九点多'],
  late_night: ['晚上十一点多', '半夜十二点', '凌晨一点多'],
};

export const TEXTS: Readonly<Record<string, CategoryTexts>> = {
  'env.garbage': {
    where: 'compound',
    say: [
      '{compound}{building}楼下的垃圾桶已经满出来了，{days}没人清运，天气热臭味很大，苍蝇到处飞，请{mgr}尽快清理。',
      '小区垃圾站的垃圾堆了{days}没拉走，路过都要捂鼻子，麻烦安排清运。',
      '{compound}垃圾分类投放点垃圾溢出，周边污水横流，请尽快清运并冲洗地面。',
      '我们{building}门口的垃圾桶{days}没倒了，晚上还有老鼠翻垃圾，希望每天按时清运。',
    ],
    done: [
      '已安排保洁员清运垃圾并冲洗垃圾桶及周边地面，调整为每日早晚两次清运。',
      '垃圾已清运完毕，已对投放点消毒除臭，并提醒保洁班组按时清运。',
      '联系环卫车辆当天清运完毕，已增加垃圾桶{n}个。',
    ],
  },
  'env.public_sanitation': {
    where: 'public',
    say: [
      '{place}地面很脏，到处是烟头和纸屑，{days}没人打扫了。',
      '{place}有人摆摊卖海鲜，收摊后污水和垃圾留在路边，气味很大。',
      '{place}的绿化带里扔满了塑料袋和饮料瓶，影响市容，请安排清扫。',
      '{place}路面油污很多，下雨天容易滑倒，希望尽快清洗。',
    ],
    done: [
      '已通知环卫作业队清扫保洁，并对路面进行冲洗。',
      '已清理现场垃圾，对摊贩进行劝导，后续纳入网格日常巡查。',
      '已协调环卫部门加密该路段清扫频次。',
    ],
  },
  'env.illegal_dumping': {
    where: 'compound',
    say: [
      '{compound}{building}旁边有人乱堆装修垃圾，堆了{days}了，占了半条路。',
      '{place}有人偷倒建筑垃圾，砖头水泥袋一大堆，晚上还有车来倒。',
      '{compound}楼道里堆满了旧家具和纸箱，{building}一楼走廊都过不去了，有消防隐患。',
      '{place}空地被人堆放杂物和废旧轮胎，积水容易滋生蚊子。',
    ],
    done: [
      '已联系当事人限期清理，建筑垃圾已清运完毕。',
      '已组织保洁和志愿者清理楼道杂物，恢复通道畅通。',
      '已清理废旧轮胎和杂物，并在空地设置禁止倾倒提示牌。',
    ],
  },
  'env.pest_control': {
    where: 'compound',
    say: [
      '{compound}最近蚊子特别多，绿化带和下水道口积水，晚上根本不敢开窗，请{mgr}安排消杀。',
      '{building}一楼垃圾房附近老鼠成群，晚上还窜进住户家里，希望尽快灭鼠。',
      '小区化粪池周边蟑螂很多，已经爬到{building}楼道里了，请做一次全面消杀。',
      '{compound}好久没有做蚊虫消杀了，孩子被咬得全身是包，担心登革热，请尽快处理。',
    ],
    done: [
      '已安排专业消杀公司对小区绿化带、下水道口进行灭蚊消杀，清理积水点{m}处。',
      '已在垃圾房及周边投放鼠药、粘鼠板，并张贴安全提示。',
      '已完成全面消杀，后续每两周消杀一次。',
    ],
  },
  'property.corridor_light': {
    where: 'compound',
    say: [
      '{compound}{building}{floor}楼的楼道灯不亮了，晚上上下楼黑乎乎的，老人差点摔倒，请{mgr}尽快维修。',
      '{building}{floor}层楼梯间声控灯坏了{days}，拍手跺脚都不亮。',
      '我住{building}，{floor}楼到{floor2}楼的楼道灯全坏了，晚上回家很不安全。',
      '{compound}{building}楼道照明坏了好久，之前报过一次还没修，麻烦尽快处理。',
    ],
    done: [
      '已更换{building}{floor}层楼道声控灯，现照明正常。',
      '维修人员已到场检修线路并更换灯具，经测试正常。',
      '已更换损坏灯泡{n}个，并对整栋楼道照明进行了排查。',
    ],
  },
  'property.door_access': {
    where: 'compound',
    say: [
      '{compound}{building}单元门的门禁坏了，门一直关不上，外人随便进出，不安全。',
      '{building}的门禁刷卡没反应，老人进不了门，请{mgr}尽快修。',
      '{building}一楼单元门闭门器坏了，关门声音很大，半夜吵得睡不着。',
      '{compound}{building}的可视对讲坏了{days}，快递外卖都上不来。',
    ],
    done: ['已更换门禁控制器，单元门恢复正常。', '已维修闭门器并调整门锁，门可正常关闭。', '已检修对讲系统线路，现已恢复使用。'],
  },
  'property.seepage': {
    where: 'compound',
    say: [
      '{compound}{building}顶楼天面漏水，一下雨{floor}楼家里墙面就渗水发霉，请{mgr}尽快处理。',
      '{building}{floor}楼公共走廊天花板漏水，地面积水很滑。',
      '{building}外墙渗水，{floor}楼室内墙皮都泡起来了，已经{days}了。',
      '{compound}{building}楼顶的排水管破了，雨水顺着外墙流进住户家里。',
    ],
    done: [
      '已对{building}天面进行防水补漏，待雨天复查无渗漏。',
      '已更换破损排水管并清理堵塞，渗漏已止。',
      '已联系防水施工队处理外墙裂缝，涉及维修资金部分已向业主说明。',
    ],
  },
  'property.service': {
    where: 'compound',
    say: [
      '{compound}物业服务越来越差，保洁一周才扫一次，收费却一分不少，希望社区督促整改。',
      '{compound}物业收停车费不开发票，问了也不给解释，请帮忙核实。',
      '{compound}物业公示的公共收益账目不清楚，业主想了解电梯广告费去向。',
      '物业保安经常不在岗，{compound}晚上大门没人看，最近小区发生了电动车被盗。',
    ],
    done: [
      '已约谈物业项目负责人，落实保洁排班并公示服务标准。',
      '物业已向业主说明收费依据并补开发票，公共收益账目在公告栏公示。',
      '已督促物业加强门岗值守和夜间巡逻，增设监控{n}处。',
    ],
  },
  'facility.elevator': {
    where: 'compound',
    say: [
      '{compound}{building}电梯又坏了，停在{floor}楼不动，楼上老人下不了楼，请尽快修。',
      '{building}的电梯运行时异响很大，还会突然顿一下，大家都不敢坐。',
      '{building}电梯按键失灵，{floor}楼按了没反应，已经{days}了。',
      '{compound}{building}电梯停运{days}了，说是在等配件，家里有老人和小孩很不方便。',
    ],
    done: [
      '维保单位已到场检修，更换门机皮带，电梯恢复运行。',
      '已更换损坏按键及控制板，经测试运行正常。',
      '已更换曳引机轴承，电梯经检验合格恢复运行，并张贴维保记录。',
    ],
  },
  'facility.elevator_trapped': {
    where: 'compound',
    say: [
      '紧急！{compound}{building}电梯困人，{n}个人被困在{floor}楼附近，请马上来救援！',
      '{building}电梯突然停住，里面困了{n}人，有一位老人，按警铃没人应。',
      '{compound}{building}电梯关人了，{n}个人被困在里面，请尽快派人。',
      '电梯卡在{building}{floor}楼和{floor2}楼之间，被困{n}人，麻烦快点！',
    ],
    done: [
      '维保人员{m}分钟内到场，被困人员已安全救出，电梯停用检修。',
      '已放人，被困人员身体无碍，电梯已报维保单位全面检查。',
      '救援完毕，现场安抚被困居民，电梯检修后恢复运行。',
    ],
  },
  'facility.street_light': {
    where: 'public',
    say: [
      '{place}的路灯坏了{days}，晚上一片漆黑，行人车辆都很危险。',
      '{road}一排路灯都不亮，晚上下班走那段路很害怕。',
      '{place}路灯白天亮晚上不亮，估计是控制器坏了。',
      '{compound}门口到公交站那段路灯不亮，老人晚上散步看不见路。',
    ],
    done: ['已报路灯管理所维修，更换灯具后恢复照明。', '已更换路灯控制器，开关灯时间恢复正常。', '已检修线路故障，该路段路灯全部恢复。'],
  },
  'facility.manhole': {
    where: 'public',
    say: [
      '{place}有个井盖不见了，晚上很危险，已经有电动车差点掉下去。',
      '{road}路边井盖破裂下沉，车一压就响，怕有人踩空。',
      '{compound}门口的雨水井盖松动，走上去会翻，请尽快处理。',
      '{place}井盖缺了一块，附近是学校，小孩上下学经过很危险。',
    ],
    done: ['已设置警示围挡并协调权属单位更换井盖。', '权属单位已更换新井盖并加装防坠网。', '已对松动井盖进行加固，现场恢复平整。'],
  },
  'facility.fitness': {
    where: 'public',
    say: [
      '{place}的健身器材坏了，扭腰器的转盘卡住，老人用的时候差点摔倒。',
      '{compound}旁边小广场的休闲座椅断了好几块木板，小孩坐上去容易受伤。',
      '{place}健身路径的单杠松动，螺丝都锈掉了，请维修或拆除。',
      '{place}儿童滑梯破了个洞，边缘很锋利，请尽快处理。',
    ],
    done: [
      '已联系器材维保单位更换损坏部件，并张贴安全使用提示。',
      '已拆除损坏器材，新器材已列入采购计划，暂设警示标识。',
      '已修复座椅并对全部器材进行安全检查。',
    ],
  },
  'safety.gas_leak': {
    where: 'compound',
    say: [
      '{compound}{building}楼道里有很浓的煤气味，好像是{floor}楼漏气，请马上来！',
      '{building}{floor}楼住户家里燃气管道漏气，已经关了总阀，请赶快派人。',
      '{place}附近闻到很大的燃气味，怕是管道泄漏，请尽快处置。',
      '紧急：{compound}{building}一楼餐饮店液化气瓶漏气，已经疏散人员。',
    ],
    done: [
      '网格员到场疏散人员并开窗通风，燃气公司已关阀抢修，泄漏已排除。',
      '已联合燃气公司检测，更换老化软管，复检无泄漏。',
      '消防和燃气公司到场处置完毕，对周边住户进行了安全用气宣传。',
    ],
  },
  'safety.fire_lane': {
    where: 'compound',
    say: [
      '{compound}消防通道被私家车堵死了，{building}那边消防车根本进不来。',
      '{place}的消防通道长期堆放杂物，还有人摆摊，存在安全隐患。',
      '{compound}{building}楼下消防通道被电动车占满，请尽快清理。',
      '{compound}消防通道划线的地方天天停满车，万一着火怎么办。',
    ],
    done: [
      '已清理通道杂物，对占道车辆张贴告知书并联系车主挪车。',
      '已联合物业设置隔离桩和禁停标识，纳入日常巡查。',
      '已劝导车主挪车，消防通道恢复畅通。',
    ],
  },
  'safety.ebike_charging': {
    where: 'compound',
    say: [
      '{compound}{building}有人把电动车推进电梯带回家充电，太危险了。',
      '{building}{floor}楼有住户从窗户拉电线下来给电动车充电，飞线充电隐患很大。',
      '{compound}楼道里停了好多电动车在充电，晚上插着不拔，怕起火。',
      '{compound}{building}一楼架空层私拉电线充电，旁边就是燃气管。',
    ],
    done: [
      '已上门劝导住户停止违规充电，拆除飞线，并告知小区集中充电桩位置。',
      '已清理楼道电动车，张贴禁止入户充电告示，并协调增设充电桩{m}个。',
      '已联合物业开展电动车安全检查，违规充电问题已整改。',
    ],
  },
  'safety.falling_hazard': {
    where: 'compound',
    say: [
      '{compound}{building}外墙瓷砖脱落，砸在楼下停车位上，幸好没砸到人。',
      '{building}{floor}楼阳台有花盆放在外沿，台风天很危险。',
      '{compound}{building}外墙空调架锈断了，外机摇摇欲坠。',
      '{place}广告牌松动，风一吹就晃，下面是人行道。',
    ],
    done: ['已拉设警戒线，联系施工单位清除松动瓷砖。', '已上门劝导住户移除阳台外沿花盆。', '已协调业主更换空调支架，隐患已消除。'],
  },
  'dispute.neighbour': {
    where: 'compound',
    say: {
      field: 'subject',
      by: {
        water_leak: [
          '{compound}{building}{floor2}楼住户家漏水，渗到我家天花板，找他们几次都不理，请社区帮忙调解。',
          '楼上卫生间漏水好几个月了，我家{floor}楼墙面发霉，楼上说不是他们的问题。',
        ],
        noise: [
          '{building}楼上邻居每天半夜拖椅子、跳绳，敲过门也没用，严重影响休息。',
          '隔壁住户经常深夜打麻将，声音很大，沟通无果，请社区协调。',
        ],
        shared_space: [
          '{building}{floor}楼邻居把鞋柜杂物堆在公共走廊，还装了铁门占用楼道，我们进出不便。',
          '邻居在{compound}楼下公共绿地私自圈地种菜，还施粪肥，臭味很大。',
        ],
        pets: ['楼上邻居养的狗天天叫，白天晚上都叫，跟他说了也不管。', '邻居的猫经常在{building}楼道大小便，说了好几次没有改。'],
        other: [
          '{compound}{building}两户邻居因为装修和墙体开裂吵起来了，差点动手，请社区调解。',
          '邻居在门口装摄像头对着我家门，感觉隐私受到侵犯，希望社区帮忙协调。',
        ],
      },
    },
    done: [
      '社区人民调解员组织双方面对面调解，达成调解协议。',
      '已上门走访双方，讲清相关规定，双方同意各让一步。',
      '经调解，责任方同意维修并承担费用，已签订调解书。',
    ],
  },
  'care.elderly_alone': {
    where: 'compound',
    say: [
      '{compound}{building}{floor}楼住着一位{age}岁的独居老人，最近几天没见他出门，担心出事，请社区上门看看。',
      '我父亲{age}岁独自住在{compound}，我在外地工作，希望社区能定期探访。',
      '{building}有位{age}岁老人腿脚不便，想申请居家养老上门服务。',
      '{compound}一位{age}岁独居老人家里电线老化，老人不会处理，请帮忙看看。',
    ],
    done: [
      '社区工作人员和楼栋长已上门探访，老人身体状况良好，已纳入每周探访名单。',
      '已为老人申请居家养老服务，安排志愿者每周上门两次。',
      '已联系志愿电工上门更换老化电线并安装烟感报警器。',
    ],
  },
  'care.elderly_meals': {
    where: 'compound',
    say: [
      '想问社区长者饭堂怎么报名，家里老人{age}岁，中午没人做饭。',
      '{compound}附近能不能开个长者助餐点，老人去社区饭堂太远了。',
      '长者饭堂最近菜太咸，老人有高血压，希望能少盐少油。',
      '家里{age}岁老人行动不便，希望长者饭堂能送餐上门。',
    ],
    done: ['已为老人办理长者饭堂用餐登记，享受助餐补贴。', '已将意见反馈饭堂运营方，调整菜品为少盐少油。', '已安排志愿者为行动不便老人送餐上门。'],
  },
  'care.children': {
    where: 'compound',
    say: [
      '{compound}的孩子放学后没人管，社区四点半课堂还能报名吗？孩子{childAge}岁。',
      '希望社区暑假开设托管班，双职工家庭{childAge}岁的孩子没人照看。',
      '四点半课堂人太多，志愿者老师不够，孩子作业辅导不过来。',
      '{compound}附近没有托育点，{childAge}岁孩子没人带，希望社区帮忙协调。',
    ],
    done: ['已为孩子办理四点半课堂报名，每周一至周五开放。', '已联系共建单位志愿者增加辅导老师{n}名。', '已将托育需求汇总上报街道，并推荐附近普惠托育机构。'],
  },
  'legal.consultation': {
    where: 'compound',
    say: {
      field: 'topic',
      by: {
        marriage_family: ['想咨询离婚时房子和孩子抚养权怎么处理。', '家里老人想再婚，子女反对，想了解婚前财产怎么约定。'],
        labour: ['公司没签劳动合同就辞退我，能不能要求赔偿？', '工伤之后单位不给报销医药费，想咨询怎么办。'],
        tenancy: ['房东不退押金，说墙面弄脏了要扣钱，想咨询怎么维权。', '租的房子漏水房东不修，能不能提前退租不赔违约金？'],
        debt: ['朋友借了我{money}元一直不还，只有微信聊天记录，能起诉吗？', '亲戚借钱不还，借条写得不规范，想咨询社区律师。'],
        inheritance: ['父母去世没有遗嘱，兄弟姐妹之间房子怎么分？', '老人想立遗嘱，想知道怎样立才有效。'],
        housing: ['{compound}开发商一直办不了房产证，业主们想了解怎么维权。', '买的二手房过户后发现漏水，想咨询能不能找原房主赔偿。'],
      },
    },
    done: ['社区法律顾问已电话解答，告知维权途径和所需材料。', '法律顾问在接待日当面解答，并协助起草相关文书。', '已解答并引导其申请法律援助。'],
  },
  'legal.wages': {
    where: 'compound',
    say: [
      '我在{road}附近工地干活，老板拖欠工资{money}元，快过年了还不发。',
      '之前在一家餐馆做服务员，老板欠了两个月工资{money}元，现在人找不到了。',
      '装修队老板欠我们几个工人工钱，一共{money}元，请帮忙维权。',
      '公司拖欠工资三个月，想问怎么申请劳动仲裁。',
    ],
    done: [
      '法律顾问已协助整理证据，引导向劳动监察部门投诉，欠薪已追回。',
      '已联系用工方协调，约定分期支付，工人表示认可。',
      '已协助申请劳动仲裁及法律援助。',
    ],
  },
  'traffic.illegal_parking': {
    where: 'public',
    say: [
      '{place}有辆车牌{plate}的小车停在人行道上{days}了，行人只能走机动车道。',
      '{compound}门口天天有车乱停，堵住出入口，救护车都进不来。',
      '{place}路口两边停满了车，早上上学时间经常堵死。',
      '{road}有辆{plate}的货车长期占道停放，挡住了店铺。',
    ],
    done: ['已联系交警对违停车辆贴单处理，并联系车主挪车。', '已在出入口增设禁停标识和隔离桩。', '已劝导车主挪车，纳入网格日常巡查。'],
  },
  'traffic.compound_parking': {
    where: 'compound',
    say: [
      '{compound}车位太少，晚上外来车辆随便进来占位，业主回家没地方停。',
      '{compound}有辆{plate}的车长期占用我的固定车位，{mgr}不管。',
      '{compound}门口道闸坏了，车牌识别不了，进出要排很久。',
      '{compound}把消防通道划成收费车位，要求整改。',
    ],
    done: ['已加强门岗管理，外来车辆登记后临时停放。', '已联系车主挪车，并在车位加装地锁。', '道闸系统已维修，车牌识别恢复正常。'],
  },
  'green.trees': {
    where: 'public',
    say: [
      '{place}的大榕树树枝伸到电线上，刮风时冒火花，很危险。',
      '台风过后{place}有棵树倒在路上，挡住了通道。',
      '{compound}楼前树木太茂密，挡住低层住户采光，还招蚊子，请修剪。',
      '{place}的行道树枯死了，树枝随时可能掉下来。',
    ],
    done: ['已协调园林部门修剪树枝，排除安全隐患。', '倒伏树木已清理，道路恢复通行。', '已对枯死树木进行移除，并列入补种计划。'],
  },
  'water.pipe_burst': {
    where: 'compound',
    say: [
      '紧急！{compound}{building}楼下水管爆了，水喷得到处都是，请马上关阀！',
      '{building}{floor}楼管道井的水管爆裂，水流到楼道和电梯井里。',
      '{compound}{building}总水表那里爆管了，整栋楼都停水了。',
      '{place}地下水管爆裂，路面冒水，已经淹到小区门口。',
    ],
    done: ['维修人员已关闭阀门并更换爆裂管段，恢复供水。', '已抢修完成，清理楼道积水并检查电梯。', '已联系水务集团抢修，路面恢复。'],
  },
  'water.drain_blocked': {
    where: 'compound',
    say: [
      '{compound}{building}下水道堵了，污水从一楼地漏反冒出来，家里全是臭水。',
      '{building}化粪池满了，污水溢到路面，臭得不行。',
      '{compound}雨水井堵塞，一下雨{building}楼前就积水。',
      '{building}公共排污管堵塞{days}，楼上用水就往一楼冒。',
    ],
    done: ['已安排疏通车疏通主管道，清理化粪池。', '已清掏雨水井淤泥，排水恢复通畅。', '已疏通排污管，并对一楼住户地漏加装止逆阀。'],
  },
  'water.outage': {
    where: 'compound',
    say: [
      '{compound}{building}从早上开始停水，没有任何通知，请问什么时候恢复？',
      '{building}{floor}楼以上水压太低，水龙头只有细细一条，热水器都点不着。',
      '{compound}二次供水水箱的水有锈味，想问多久清洗一次。',
      '{compound}又停水了，这个月已经第{n}次了。',
    ],
    done: ['经查为二次供水水泵故障，已更换水泵，恢复正常供水。', '已调整加压泵参数，高层水压恢复正常。', '已清洗消毒二次供水水箱，并公示水质检测报告。'],
  },
  'water.waterlogging': {
    where: 'public',
    say: [
      '{place}一下雨就积水，水深到小腿，电动车都熄火了。',
      '{road}靠近{compound}那段积水严重，雨水口被落叶堵住了。',
      '台风暴雨后{place}积水一直没退，很多垃圾漂着。',
      '{place}的人行道积水，老人小孩过不去。',
    ],
    done: ['已联系市政清掏雨水口，积水已排干。', '已协调排水部门增设雨水口，纳入汛期重点巡查。', '暴雨后已组织人员排水清淤，道路恢复通行。'],
  },
  'noise.construction': {
    where: 'public',
    say: [
      '{place}的工地{time}还在施工，打桩声音震得窗户都响。',
      '{compound}旁边的工地{time}还有渣土车进出，噪声很大，睡不着觉。',
      '{road}修路{time}施工，切割机声音刺耳，已经持续{days}了。',
      '{compound}{building}有住户装修，{time}还在用电钻，违反装修时间规定。',
    ],
    done: [
      '已联系施工单位，要求22时后停止高噪声作业，并公示夜间施工许可。',
      '已联合城管执法对超时施工进行劝止，施工方承诺整改。',
      '已上门告知装修户施工时间规定，对方表示配合。',
    ],
  },
  'noise.neighbourhood': {
    where: 'public',
    say: [
      '{place}广场舞音响开得太大，{time}都还在跳，吵得孩子没法写作业。',
      '{compound}楼下的烧烤店{time}还在营业，喝酒划拳声音很大。',
      '{place}有商铺用大喇叭循环播放促销广告，{time}都不停。',
      '{compound}篮球场{time}还有人打球，拍球声和叫喊声很吵。',
    ],
    done: [
      '已与广场舞队负责人沟通，约定音量和结束时间，并配置定向音响。',
      '已联合执法部门对商铺进行劝导，停止使用高音喇叭。',
      '已劝导经营者控制营业时间和噪声，纳入夜间巡查。',
    ],
  },
  'build.illegal': {
    where: 'compound',
    say: [
      '{compound}{building}顶楼有人在天台加建铁皮房，还在施工。',
      '{compound}一楼住户把花园围起来扩建房间，占用公共绿地。',
      '{place}有人在空地上搭建铁皮棚子做仓库。',
      '{compound}{building}{floor}楼住户在外墙加装防盗网凸出很多，还搭了雨棚。',
    ],
    done: ['已现场核查并下达停工通知，移交综合执法部门依法处理。', '违建已由当事人自行拆除，恢复原状。', '已联合执法部门拆除违建铁皮棚。'],
  },
  'pets.dogs': {
    where: 'compound',
    say: [
      '{compound}有人遛狗不拴绳，大狗追着小孩跑，吓坏了。',
      '{building}有住户养了几条大狗，天天叫，楼道里还有狗粪。',
      '{place}经常有人遛狗不清理狗粪，到处都是。',
      '{compound}出现几只流浪狗，晚上在{building}附近翻垃圾，还追咬路人。',
    ],
    done: ['已上门劝导犬主文明养犬，出门牵绳并清理粪便。', '已联系犬只收容部门对流浪犬进行收容。', '已在小区张贴文明养犬公约，纳入网格巡查。'],
  },
};

/** How the text starts when someone writes it down for the resident. */
const CHANNEL_OPENINGS: Record<Channel, readonly string[]> = {
  app: [''],
  grid_worker: ['网格员巡查发现：', '居民向网格员反映：', '入户走访时居民反映：'],
  reception_day: ['书记接待日居民反映：', '接待日来访：'],
  suggestion_box: ['意见箱来信：'],
  hotline: ['12345热线转办：市民来电反映，', '12345热线转办：'],
  discussion_group: ['小区议事群居民反映：', '红色议事会群内反映：'],
};

const DAYS = ['两天', '三天', '好几天', '一个星期', '半个月'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

function publicPlace(random: Random, scene: Scene): string {
  const road = random.pick(scene.roads);
  const other = random.pick(scene.roads.filter((r) => r !== road));
  const near = random.pick(scene.nearby);
  const short = scene.community.replace(/社区$/, '');
  if (scene.where === 'compound' && random.chance(0.7)) {
    return `${scene.compound}${random.pick(['东门', '南门', '北门', '小广场', '停车场', '后巷', '架空层'])}`;
  }
  return random.pick([
    `${road}${random.int(1, 168)}号附近`,
    `${near}门口`,
    `${near}对面空地`,
    `${road}与${other}交叉口`,
    `${road}公交站旁`,
    `${short}文化广场`,
    `${short}农贸市场旁`,
    `${road}人行道`,
  ]);
}

/** Fresh slot values for one request at `scene`. */
export function slotsFor(random: Random, code: string, scene: Scene): Slots {
  const texts = textsOf(code);
  const floor = random.int(1, Math.max(1, scene.floors - 1));
  const timeOfDay = random.pick(Object.keys(TIME_PHRASES));
  const keyed = Array.isArray(texts.say) ? null : (texts.say as { by: Record<string, readonly string[]> }).by;
  return {
    compound: scene.compound,
    building: scene.building ?? '',
    floor,
    floor2: floor + 1,
    place: publicPlace(random, scene),
    road: random.pick(scene.roads),
    mgr: scene.managed ? '物业' : '社区',
    days: random.pick(DAYS),
    time: random.pick(TIME_PHRASES[timeOfDay]!),
    timeOfDay,
    plate: `粤G${PLATE_LETTERS[random.int(0, PLATE_LETTERS.length - 1)]}${String(random.int(0, 99_999)).padStart(5, '0')}`,
    n: random.int(1, 4),
    m: random.int(5, 25),
    age: random.int(68, 95),
    childAge: random.int(3, 12),
    money: random.int(15, 480) * 100,
    choice: keyed ? random.pick(Object.keys(keyed)) : null,
  };
}

function fill(template: string, slots: Slots): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(slots[key as keyof Slots] ?? ''));
}

function textsOf(code: string): CategoryTexts {
  const texts = TEXTS[code];
  if (!texts) throw new Error(`no demo texts for category ${code}`);
  return texts;
}

export function whereOf(code: string): Where {
  return textsOf(code).where;
}

/** The phrasings a category offers for these slots (keyed sets: those of the chosen value). */
export function phrasingsOf(code: string, slots: Slots): readonly string[] {
  const say = textsOf(code).say;
  return Array.isArray(say) ? say : (say as { by: Record<string, readonly string[]> }).by[slots.choice!]!;
}

export interface Wording {
  description: string;
  attributes: Record<string, AttributeValue>;
}

// What a second resident adds when reporting a problem somebody already reported.
const ECHO_OPENINGS = ['邻居也反映过，', '又来反映：', '同一个问题，', ''];
const ECHO_CLOSINGS = ['麻烦尽快处理！', '好几户都有意见。', '已经不是第一次了。', '希望早点解决。'];

/**
 * The request's text and extra fields. `phrasing` picks the phrasing; the attributes repeat
 * what the text says. A duplicate (`echo`) tells the same problem over the same slots in the
 * words of another resident.
 */
export function wordRequest(random: Random, code: string, slots: Slots, channel: Channel, phrasing: number, echo = false): Wording {
  const phrasings = phrasingsOf(code, slots);
  const template = phrasings[phrasing % phrasings.length]!;
  const opening = random.pick(CHANNEL_OPENINGS[channel]);
  let text = fill(template, slots);
  if (echo) text = (opening ? '' : random.pick(ECHO_OPENINGS)) + text + random.pick(ECHO_CLOSINGS);
  return { description: opening + text, attributes: attributesFor(code, slots, template) };
}

function attributesFor(code: string, slots: Slots, template: string): Record<string, AttributeValue> {
  const mentions = (slot: string) => template.includes(`{${slot}}`);
  const out: Record<string, AttributeValue> = {};
  const say = textsOf(code).say;
  if (!Array.isArray(say)) out[(say as { field: string }).field] = slots.choice!;
  switch (code) {
    case 'property.corridor_light':
    case 'property.seepage':
      out.building = slots.building;
      if (mentions('floor')) out.floor = slots.floor;
      break;
    case 'property.door_access':
    case 'facility.elevator':
      out.building = slots.building;
      break;
    case 'facility.elevator_trapped':
      out.building = slots.building;
      out.trapped_people = slots.n;
      break;
    case 'safety.ebike_charging':
    case 'safety.falling_hazard':
    case 'water.pipe_burst':
    case 'water.drain_blocked':
    case 'water.outage':
      if (mentions('building')) out.building = slots.building;
      break;
    case 'noise.construction':
    case 'noise.neighbourhood':
      out.time_of_day = slots.timeOfDay;
      break;
    case 'traffic.illegal_parking':
    case 'traffic.compound_parking':
      if (mentions('plate')) out.plate_number = slots.plate;
      break;
    case 'care.elderly_alone':
      if (mentions('age')) out.age = slots.age;
      break;
    case 'care.children':
      if (mentions('childAge')) out.child_age = slots.childAge;
      break;
    case 'legal.wages':
      if (mentions('money')) out.amount = slots.money;
      break;
  }
  return out;
}

export function resolutionNote(random: Random, code: string, slots: Slots): string {
  return fill(random.pick(textsOf(code).done), slots);
}

export function returnReason(random: Random, handler: 'property_company' | 'grid_worker' | 'community_staff' | 'legal_adviser'): string {
  return random.pick(
    {
      property_company: [
        '该处为市政道路，不属于物业管理范围，请重新派单。',
        '经核实为业主户内问题，应由业主自行维修。',
        '涉及相邻住户纠纷，建议由社区调解。',
      ],
      grid_worker: ['该事项属于物业服务范围，请派物业处理。', '需专业部门处置，请社区协调。', '经现场核实，需由社区统筹处理。'],
      community_staff: ['该事项需网格员现场核实处理。', '属于物业服务事项，请改派物业。'],
      legal_adviser: ['该事项不属于法律咨询，请改派社区工作人员。'],
    }[handler],
  );
}

export function reassignNote(random: Random): string {
  return random.pick(['经核实，重新派单办理。', '退回后改派，请按时限办理。', '根据现场情况调整承办主体。']);
}

export function superviseNote(random: Random, late: boolean): string {
  return late
    ? random.pick([
        '该诉求已超时，请承办方抓紧办理并及时反馈居民。',
        '党组织督办：请限期办结，办结情况报社区大党委。',
        '居民多次催办，请今日内联系居民说明进展。',
      ])
    : random.pick(['请关注办理进度，按时限办结。', '该事项群众关注度高，请优先处理。', '请承办方现场核实后尽快处置。']);
}

export function extensionReason(random: Random): string {
  return random.pick([
    '需等待配件到货，申请延期。',
    '涉及维修资金使用，需业主表决，申请延期。',
    '需协调多个部门联合处置，申请延期。',
    '施工受天气影响，申请延期。',
  ]);
}

export function extensionNote(random: Random, granted: boolean): string {
  return granted
    ? random.pick(['同意延期，请按新时限办结。', '理由充分，同意延期，请做好居民解释工作。'])
    : random.pick(['不同意延期，请按原时限办理。', '该事项影响群众生活，请按原时限办结。']);
}

export function cancelReason(random: Random): string {
  return random.pick(['问题已自行解决。', '重复提交，撤回。', '居民表示不再需要处理。', '已与邻居协商解决。']);
}

export function reopenReason(random: Random): string {
  return random.pick([
    '问题没有彻底解决，又坏了。',
    '处理后没几天又出现同样问题。',
    '回复的情况和实际不符，现场还是老样子。',
    '只是临时处理，希望彻底整改。',
  ]);
}

/** Most ratings come without a comment; the ones that do say what residents say. */
export function ratingComment(random: Random, satisfaction: Satisfaction): string | null {
  if (satisfaction === 'satisfied' && random.chance(0.6)) return null;
  if (satisfaction === 'basically_satisfied' && random.chance(0.3)) return null;
  return random.pick(
    {
      satisfied: ['处理很及时，感谢！', '师傅态度很好，点赞。', '问题解决了，谢谢社区。', '速度很快，满意。', '网格员很负责，谢谢。'],
      basically_satisfied: ['解决了，但是等的时间有点长。', '基本解决，希望以后多巡查。', '还行，沟通可以再及时一点。'],
      unsatisfied: ['说解决了其实没有。', '拖了很久，态度也不好。', '只是敷衍应付，问题依旧。'],
    }[satisfaction],
  );
}
