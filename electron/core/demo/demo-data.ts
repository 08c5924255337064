import type { CommitteeName } from '../../../shared/domain/committee.js';
import { seededRandom } from '../../../shared/domain/random.js';
import type {
  AgendaKind,
  AttendanceStatus,
  BodyKind,
  MeetingStatus,
  MemberRole,
  MemberStatus,
  TermLevel,
  VoteKind,
} from '../../../shared/domain/labels.js';

/**
 * Demo content for an empty database: one city-level term, its members, the bodies that
 * report to the committee, a meeting in preparation and a closed one. Plain data that
 * refers to members and bodies by index (and name), never by database id; the loader
 * inserts it through the repositories. Pure and deterministic: the same `today` always
 * gives the same data.
 */
export interface DemoData {
  term: DemoTerm;
  /** The committee's name (settings), printed on the demo's documents. */
  committee: CommitteeName;
  /** In seat order: 主任, 副主任, 秘书长, then 委员 by surname strokes (按姓氏笔画为序). */
  members: DemoMember[];
  bodies: DemoBody[];
  /** Oldest first. */
  meetings: DemoMeeting[];
}

export interface DemoTerm {
  name: string;
  level: TermLevel;
  startDate: string;
  endDate: string | null;
}

export interface DemoMember {
  name: string;
  role: MemberRole;
  status: MemberStatus;
  seatOrder: number;
  note: string | null;
}

export interface DemoBody {
  name: string;
  kind: BodyKind;
  sortOrder: number;
  active: boolean;
}

export interface DemoAgendaItem {
  kind: AgendaKind;
  title: string;
  /** Index into `DemoData.bodies`, null when no body presents the item. */
  bodyIndex: number | null;
  bodyName: string | null;
  notes: string | null;
  voteKind: VoteKind | null;
  /**
   * The bodies a satisfaction rating of several departments rates, in sheet order; the item's
   * notes list the same names (测评对象：…), so the agenda and the poll never disagree. Empty
   * when the poll, if any, rates the presenting body.
   */
  rated: string[];
}

export interface DemoAttendance {
  /** Index into `DemoData.members`. */
  memberIndex: number;
  memberName: string;
  status: AttendanceStatus;
}

export interface DemoMeeting {
  number: number;
  date: string;
  place: string;
  status: MeetingStatus;
  /** In agenda order. */
  agenda: DemoAgendaItem[];
  /** One row per serving member for a held meeting; empty before the meeting. */
  attendance: DemoAttendance[];
}

const MEMBER_COUNT = 45;
const SEED = 20220108;
const PLACE = '市人大常委会第一会议室';

/** Common surnames with their stroke counts, for the customary stroke order of 委员. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['丁', 2], ['马', 3], ['于', 3], ['王', 4], ['邓', 4], ['方', 4], ['孔', 4], ['冯', 5],
  ['叶', 5], ['田', 5], ['卢', 5], ['石', 5], ['刘', 6], ['孙', 6], ['朱', 6], ['许', 6],
  ['吕', 6], ['任', 6], ['江', 6], ['李', 7], ['张', 7], ['陈', 7], ['杨', 7], ['吴', 7],
  ['何', 7], ['宋', 7], ['沈', 7], ['苏', 7], ['杜', 7], ['汪', 7], ['陆', 7], ['周', 8],
  ['林', 8], ['罗', 8], ['郑', 8], ['金', 8], ['范', 8], ['赵', 9], ['胡', 9], ['姚', 9],
  ['姜', 9], ['钟', 9], ['徐', 10], ['郭', 10], ['高', 10], ['唐', 10], ['袁', 10], ['黄', 11],
  ['梁', 11], ['曹', 11], ['崔', 11], ['谢', 12], ['韩', 12], ['彭', 12], ['曾', 12], ['董', 12],
  ['蒋', 12], ['程', 12], ['蔡', 14], ['谭', 14], ['潘', 15], ['魏', 17],
];
/** The most frequent surnames come up more often, as they do in any real list. */
const FREQUENT = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];

/** Given-name characters in two pools, so one name does not mix styles ("李霞强"). */
const GIVEN_MALE = [...'伟强磊军勇杰涛明超刚建国文辉力斌宇浩凯健俊峰鹏东海波宁志新春立亮卫兵永庆荣德忠坚彬振宏光毅成晖翔江涌清昊旭睿华平'];
const GIVEN_FEMALE = [...'芳敏静丽艳秀霞英红玲晓雪梅慧颖琳燕萍云岚娜婷洁华平'];


function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/**
 * `count` distinct plausible Chinese names (surname + one or two given characters),
 * the same every time for the same seed. Also used by test fixtures.
 */
export function demoMemberNames(count: number, seed = SEED): string[] {
  const rand = seededRandom(seed);
  const names: string[] = [];
  const seen = new Set<string>();
  while (names.length < count) {
    const surname = rand() < 0.5 ? pick(rand, FREQUENT) : pick(rand, SURNAMES)[0];
    const pool = rand() < 0.3 ? GIVEN_FEMALE : GIVEN_MALE;
    const first = pick(rand, pool);
    let given = first;
    if (rand() >= 0.3) {
      const second = pick(rand, pool);
      if (second === first) continue;
      given += second;
    }
    const name = surname + given;
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}

const STROKES = new Map(SURNAMES.map(([s, n], i) => [s, { n, i }]));

function strokeKey(name: string): [number, number] {
  const s = STROKES.get(name[0]!);
  return s ? [s.n, s.i] : [99, 0];
}

const BODIES: readonly DemoBody[] = (
  [
    ['市人民政府', 'government'],
    ['市发展和改革委员会', 'department'],
    ['市教育局', 'department'],
    ['市公安局', 'department'],
    ['市民政局', 'department'],
    ['市财政局', 'department'],
    ['市人力资源和社会保障局', 'department'],
    ['市自然资源和规划局', 'department'],
    ['市生态环境局', 'department'],
    ['市住房和城乡建设局', 'department'],
    ['市交通运输局', 'department'],
    ['市农业农村局', 'department'],
    ['市卫生健康委员会', 'department'],
    ['市应急管理局', 'department'],
    ['市审计局', 'department'],
    ['市市场监督管理局', 'department'],
    ['市中级人民法院', 'court'],
    ['市人民检察院', 'procuratorate'],
    ['市人大常委会财政经济工作委员会', 'committee'],
    ['市人大常委会城乡建设环境与资源保护工作委员会', 'committee'],
  ] as const
).map(([name, kind], i) => ({ name, kind, sortOrder: (i + 1) * 10, active: true }));

/**
 * The departments meeting 28 rates on how they handled the committee's review opinions: the
 * one whose handling report the ledger has waiting for this meeting (人社局), the one told to
 * report again after its 约谈 (交通运输局), and four more.
 */
const RATED_AT_28 = ['市人力资源和社会保障局', '市交通运输局', '市卫生健康委员会', '市自然资源和规划局', '市公安局', '市市场监督管理局'] as const;

function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10);
}

export function demoData(today: string): DemoData {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!m || addDays(today, 0) !== today) throw new RangeError(`demoData: today must be a valid YYYY-MM-DD date, got ${today}`);
  const lastYear = Number(m[1]) - 1;

  const members = buildMembers();
  const bodies = BODIES.map((b) => ({ ...b }));
  const item = (
    kind: AgendaKind,
    title: string,
    bodyName: string | null,
    voteKind: VoteKind | null,
    notes: string | null = null,
    rated: string[] = [],
  ): DemoAgendaItem => {
    const bodyIndex = bodyName === null ? null : bodies.findIndex((b) => b.name === bodyName);
    if (bodyIndex === -1) throw new Error(`demoData: unknown body ${bodyName}`);
    for (const name of rated) if (!bodies.some((b) => b.name === name)) throw new Error(`demoData: unknown body ${name}`);
    return { kind, title, bodyIndex, bodyName, notes, voteKind, rated };
  };

  const closed: DemoMeeting = {
    number: 27,
    date: addDays(today, -61),
    place: PLACE,
    status: 'closed',
    agenda: [
      item('budget_audit', `听取和审议市人民政府关于${lastYear}年度市级决算草案的报告`, '市财政局', null),
      item('budget_audit', `听取和审议市人民政府关于${lastYear}年度市级预算执行和其他财政收支的审计工作报告`, '市审计局', null),
      item('decision', `审议批准${lastYear}年度市级决算`, '市人大常委会财政经济工作委员会', 'decision'),
      item('special_report', '听取和审议市中级人民法院关于行政审判工作情况的报告', '市中级人民法院', 'satisfaction'),
      item('appointment', '审议市人民政府提请的人事任免案', '市人民政府', 'appointment', '任命 2 人，免去 1 人'),
    ],
    attendance: buildAttendance(members),
  };

  const preparing: DemoMeeting = {
    number: 28,
    date: addDays(today, 14),
    place: PLACE,
    status: 'preparing',
    agenda: [
      item(
        'special_report',
        `听取和审议市人民政府关于${lastYear}年度环境状况和环境保护目标完成情况的报告`,
        '市人民政府',
        'satisfaction',
        '受市人民政府委托，由市生态环境局局长作报告',
      ),
      item(
        'audit_rectification',
        `听取和审议市人民政府关于${lastYear}年度市级预算执行和其他财政收支审计查出问题整改情况的报告`,
        '市审计局',
        'satisfaction',
        '受市人民政府委托，由市审计局局长作报告',
      ),
      item(
        'enforcement_inspection',
        '听取和审议市人大常委会执法检查组关于检查《中华人民共和国安全生产法》实施情况的报告',
        '市人大常委会财政经济工作委员会',
        null,
      ),
      item('special_inquiry', '围绕安全生产法贯彻实施情况开展专题询问', '市人民政府', null, '应询单位：市应急管理局、市住房和城乡建设局、市交通运输局、市市场监督管理局'),
      item('draft_regulation', '审议《市养老服务条例（草案）》（三审）', '市人民政府', 'decision', '拟提请本次会议表决'),
      item(
        'opinion_handling_report',
        '听取和审议市人民政府有关部门关于常委会审议意见研究处理情况的报告并进行满意度测评',
        '市人民政府',
        'satisfaction',
        `测评对象：${RATED_AT_28.join('、')}`,
        [...RATED_AT_28],
      ),
      item('decision', '审议关于召开市第十七届人民代表大会第五次会议的决定（草案）', null, 'decision'),
      item('appointment', '审议人事任免事项', '市人民政府', 'appointment', '含市人民政府、市中级人民法院、市人民检察院提请的任免案'),
    ],
    attendance: [],
  };

  return {
    term: { name: '第十七届', level: 'city', startDate: '2022-01-08', endDate: null },
    committee: { fullName: '洛阳市人民代表大会常务委员会', shortName: '洛阳市人大常委会', office: '办公厅' },
    members,
    bodies,
    meetings: [closed, preparing],
  };
}

function buildMembers(): DemoMember[] {
  const names = demoMemberNames(MEMBER_COUNT);
  const leaders: { name: string; role: MemberRole }[] = [
    { name: names[0]!, role: 'chair' },
    ...names.slice(1, 6).map((name) => ({ name, role: 'vice_chair' as const })),
    { name: names[6]!, role: 'secretary_general' },
  ];
  const others = names.slice(7).sort((a, b) => {
    const [sa, ia] = strokeKey(a);
    const [sb, ib] = strokeKey(b);
    return sa - sb || ia - ib || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  });
  const members: DemoMember[] = [...leaders, ...others.map((name) => ({ name, role: 'member' as const }))].map((x, i) => ({
    name: x.name,
    role: x.role,
    status: 'serving',
    seatOrder: i + 1,
    note: null,
  }));
  // Two 委员 have left during the term, so serving (43) differs from the total (45).
  const left = [
    { index: 12, note: '因工作变动，2024年6月辞去常委会委员职务' },
    { index: 31, note: '2025年3月因退休辞去常委会委员职务' },
  ];
  for (const { index, note } of left) {
    members[index] = { ...members[index]!, status: 'left', note };
  }
  return members;
}

/** Everyone serving attended except three on leave and one absent, all 委员. */
function buildAttendance(members: DemoMember[]): DemoAttendance[] {
  const rand = seededRandom(SEED + 27);
  const candidates = members.flatMap((m, i) => (m.status === 'serving' && m.role === 'member' ? [i] : []));
  const chosen: number[] = [];
  while (chosen.length < 4) {
    const i = pick(rand, candidates);
    if (!chosen.includes(i)) chosen.push(i);
  }
  const statusOf = new Map<number, AttendanceStatus>([
    [chosen[0]!, 'leave'],
    [chosen[1]!, 'leave'],
    [chosen[2]!, 'leave'],
    [chosen[3]!, 'absent'],
  ]);
  return members.flatMap((m, i) =>
    m.status === 'serving' ? [{ memberIndex: i, memberName: m.name, status: statusOf.get(i) ?? 'present' }] : [],
  );
}
