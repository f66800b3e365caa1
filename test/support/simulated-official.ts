// The simulated official (issue 13): a seeded random target report, from a sparse township to a
// county department with 100+ applications, and an official who fills it through the real engine,
// answering what the bot asks (read from the conversation state after each turn) in phrasings drawn
// at random from a bank of forms written from how officials type — not from the bot's grammar.
// After every turn nothing stored may differ from the target except a wrong value the official
// typed on purpose just before correcting it.
import type { DataSource } from 'typeorm';
import { Conversation } from '../../entities/conversation.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { stepsOf } from '../../handlers/flow/steps.ts';
import type { Engine } from '../../src/bot/engine.ts';
import { readReport } from '../../src/bot/store.ts';
import { applicantColumns, formats, type ReportFormat } from '../../src/report/formats.ts';
import type { FormatId, Report } from '../../src/report/report.ts';

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32)

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  /** Split `total` into `parts` non-negative integers, roughly by the weights. */
  split(total: number, weights: number[]): number[] {
    const sum = weights.reduce((a, b) => a + b, 0);
    const out = weights.map((w) => Math.floor((total * w) / sum));
    let rest = total - out.reduce((a, b) => a + b, 0);
    while (rest > 0) {
      out[this.int(0, out.length - 1)]++;
      rest--;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The target report

export type UnitProfile = 'sparse' | 'middle' | 'county';

export interface Target {
  format: FormatId;
  year: number;
  unit: string;
  profile: UnitProfile;
  /** Every cell of the format (inputs and totals). */
  values: Record<string, number>;
  /** The texts as paragraphs; `texts` joins them. */
  paragraphs: { overview: string[]; problems: string[]; other: string[] };
  lastYear: Report;
}

const townNames = ['青山', '王店', '新塍', '洪合', '油车港', '杨舍', '塘桥', '凤凰', '南丰', '乐余', '锦丰', '大新', '常阴沙', '金港', '后塍', '德积', '西张', '港口', '三兴', '晨阳', '妙桥', '鹿苑', '东莱', '兆丰', '南沙', '合兴', '泗港', '中兴', '石桥', '白马'];
const countyNames = ['秀洲区', '南湖区', '海盐县', '平湖市', '嘉善县', '桐乡市', '海宁市', '张家港市', '常熟市', '太仓市'];
const departments = ['市场监督管理局', '自然资源和规划局', '住房和城乡建设局', '生态环境局', '交通运输局', '公安局', '人力资源和社会保障局', '卫生健康委员会', '教育局', '农业农村局', '应急管理局', '民政局'];

/** `count` distinct unit names for one database: townships, 街道 and county departments by profile. */
export function unitNames(rng: Rng, profiles: UnitProfile[]): string[] {
  const used = new Set<string>();
  return profiles.map((profile) => {
    for (;;) {
      const name = profile === 'county'
        ? `${rng.pick(countyNames)}${rng.pick(departments)}`
        : rng.chance(0.8) ? `${rng.pick(townNames)}镇人民政府` : `${rng.pick(townNames)}街道办事处`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  });
}

export function pickProfile(rng: Rng): UnitProfile {
  const r = rng.next();
  return r < 0.5 ? 'sparse' : r < 0.72 ? 'middle' : 'county';
}

const outcomeRowsOf = (format: ReportFormat) => format.requestRows.filter((r) => r.role === 'outcome').map((r) => r.id);

/** A random target report that satisfies the report's identities. */
export function makeTarget(rng: Rng, format: FormatId, unit: string, profile: UnitProfile): Target {
  const f = formats[format];
  const year = format === '2021' ? 2025 : 2020;
  const v: Record<string, number> = {};
  for (const cell of f.cells) v[cell.id] = 0;
  const county = profile === 'county';
  const set = (id: string, n: number) => {
    if (!(id in v)) throw new Error(`unknown cell ${id}`);
    v[id] = n;
  };

  // Section 二
  if (format === '2021') {
    if (county && rng.chance(0.12)) {
      const issued = rng.int(0, 2), repealed = rng.int(0, 1);
      set('active.rules.issued', issued); set('active.rules.repealed', repealed); set('active.rules.inForce', rng.int(issued, issued + 8));
    }
    if (county ? rng.chance(0.9) : rng.chance(0.4)) {
      const issued = rng.int(0, county ? 8 : 3), repealed = rng.int(0, county ? 3 : 1);
      set('active.norms.issued', issued); set('active.norms.repealed', repealed); set('active.norms.inForce', rng.int(Math.max(issued, 1), issued + (county ? 50 : 12)));
    }
    set('active.licensing.decisions', county ? rng.int(40, 4800) : rng.chance(0.3) ? 0 : rng.int(1, 300));
    set('active.penalty.decisions', county ? rng.int(5, 1500) : rng.chance(0.4) ? 0 : rng.int(1, 90));
    set('active.coercion.decisions', county ? (rng.chance(0.3) ? 0 : rng.int(1, 150)) : rng.chance(0.7) ? 0 : rng.int(1, 9));
    // money in 元 with at most 2 decimals; printed in 万元 (2 decimals) → multiples of 100 元
    set('active.fees.amountYuan', county ? (rng.chance(0.4) ? 0 : rng.int(100, 80000) * 100) : rng.chance(0.6) ? 0 : rng.int(1, 99) * 100);
  } else {
    if (county && rng.chance(0.1)) {
      const made = rng.int(0, 2);
      set('active.rules.made', made); set('active.rules.published', made); set('active.rules.total', rng.int(made, made + 6));
    }
    if (county ? rng.chance(0.9) : rng.chance(0.4)) {
      const made = rng.int(0, county ? 8 : 3);
      set('active.norms.made', made); set('active.norms.published', made); set('active.norms.total', rng.int(Math.max(made, 1), made + (county ? 50 : 12)));
    }
    for (const row of ['licensing', 'otherServices', 'penalty', 'coercion']) {
      if (!county && row === 'coercion' && rng.chance(0.7)) continue;
      const prev = county ? rng.int(5, 200) : rng.int(0, 30);
      set(`active.${row}.prevItems`, prev);
      set(`active.${row}.itemsDelta`, rng.chance(0.6) ? 0 : Math.max(-prev, rng.int(-5, 6)));
      set(`active.${row}.decisions`, prev === 0 ? 0 : county ? rng.int(0, 3000) : rng.int(0, 200));
    }
    if (county || rng.chance(0.3)) {
      const prev = rng.int(0, county ? 12 : 3);
      set('active.fees.prevItems', prev);
      set('active.fees.itemsDelta', rng.chance(0.7) ? 0 : Math.max(-prev, rng.int(-2, 2)));
    }
    if (county ? rng.chance(0.8) : rng.chance(0.3)) {
      set('active.procurement.projects', rng.int(1, county ? 40 : 5));
      set('active.procurement.amountYuan', rng.int(county ? 500 : 5, county ? 200000 : 3000) * 100);
    }
  }

  // Section 三: per applicant column, new + carried over = outcomes + carried forward
  const received: Record<string, number> = {}, carriedOver: Record<string, number> = {}, carriedForward: Record<string, number> = {};
  for (const c of applicantColumns) received[c] = carriedOver[c] = carriedForward[c] = 0;
  if (profile === 'sparse') {
    received.natural = rng.chance(0.35) ? 0 : rng.int(1, 3);
    if (rng.chance(0.15)) carriedOver.natural = 1;
  } else if (profile === 'middle') {
    received.natural = rng.int(1, 12);
    if (rng.chance(0.4)) received.business = rng.int(1, 3);
    if (rng.chance(0.15)) received.legalService = 1;
    if (rng.chance(0.4)) carriedOver.natural = rng.int(1, 2);
    if (rng.chance(0.3)) carriedForward.natural = 1;
  } else {
    const big = rng.chance(0.65);
    const total = big ? rng.int(100, 260) : rng.int(5, 60);
    const columns = ['natural', ...rng.shuffle(['business', 'legalService', 'otherOrg', 'research', 'publicInterest']).slice(0, rng.int(1, 5))];
    const weights = columns.map((c) => (c === 'natural' ? 12 : c === 'business' ? 4 : c === 'legalService' ? 2 : 1) * (0.5 + rng.next()));
    rng.split(total, weights).forEach((n, i) => (received[columns[i]] = n));
    for (const c of columns) {
      if (rng.chance(0.5)) carriedOver[c] = rng.int(0, c === 'natural' ? 8 : 3);
      if (rng.chance(0.5)) carriedForward[c] = rng.int(0, Math.min(c === 'natural' ? 9 : 3, received[c] + carriedOver[c]));
    }
  }
  const rows = outcomeRowsOf(f);
  const rowWeight = (id: string): number => (id === 'granted' ? 10 : id === 'partlyGranted' ? 3 : id === 'unavailable.notHeld' ? 4 : id.startsWith('otherHandling') ? 1.5 : 1);
  for (const c of applicantColumns) {
    set(`requests.received.${c}`, received[c]);
    set(`requests.carriedOver.${c}`, carriedOver[c]);
    set(`requests.carriedForward.${c}`, carriedForward[c]);
    const placed = received[c] + carriedOver[c] - carriedForward[c];
    if (placed <= 0) continue;
    let chosen: string[];
    if (profile === 'sparse') chosen = rng.chance(0.7) ? ['granted'] : rng.shuffle([...new Set(['granted', 'unavailable.notHeld', 'partlyGranted', rng.pick(rows)])]).slice(0, 2);
    else chosen = [...new Set(['granted', ...rng.shuffle(rows).slice(0, Math.min(rows.length, rng.int(1, county ? 8 : 3)))])];
    rng.split(placed, chosen.map(rowWeight)).forEach((n, i) => set(`requests.${chosen[i]}.${c}`, n));
  }

  // Section 四
  const appeal = (g: string, p: number, max: number) => {
    if (!rng.chance(p)) return;
    const n = [rng.int(0, max), rng.int(0, 2), rng.int(0, 1), rng.int(0, 2)];
    if (n[0] + n[1] + n[2] + n[3] === 0) n[0] = 1;
    ['upheld', 'corrected', 'other', 'pending'].forEach((o, i) => set(`appeals.${g}.${o}`, n[i]));
  };
  if (county) { appeal('review', 0.6, 5); appeal('directSuit', 0.4, 3); appeal('suitAfterReview', 0.25, 2); }
  else if (profile === 'middle') { appeal('review', 0.12, 1); appeal('directSuit', 0.05, 1); }

  computeTotals(f, v);
  for (const c of applicantColumns) {
    if (v[`requests.received.${c}`] + v[`requests.carriedOver.${c}`] !== v[`requests.total.${c}`] + v[`requests.carriedForward.${c}`]) throw new Error(`target ${unit}: column ${c} does not balance`);
  }
  const lastValues: Record<string, number> = {};
  for (const c of applicantColumns) lastValues[`requests.carriedForward.${c}`] = carriedOver[c];
  const we = weOf(unit);
  const overview = rng.shuffle(overviewBank).slice(0, rng.int(2, 4)).map((p) => fill(p, we, rng));
  const problems = rng.shuffle(problemsBank).slice(0, rng.int(2, 4)).map((p) => fill(p, we, rng));
  const other = rng.chance(0.5) ? ['无'] : [fill(rng.pick(otherBank), we, rng)];
  return {
    format, year, unit, profile, values: v, paragraphs: { overview, problems, other },
    lastYear: { format, year: year - 1, unit, values: lastValues, texts: {} },
  };
}

/** Fill in the computed totals of a report's values (the 总计 column, （七）总计, 四 总计). */
export function computeTotals(f: ReportFormat, v: Record<string, number>): void {
  const rows = f.requestRows.filter((r) => r.role !== 'total').map((r) => r.id);
  const outcomes = outcomeRowsOf(f);
  for (const c of applicantColumns) v[`requests.total.${c}`] = outcomes.reduce((s, r) => s + v[`requests.${r}.${c}`], 0);
  for (const r of [...rows, 'total']) v[`requests.${r}.total`] = applicantColumns.reduce((s, c) => s + v[`requests.${r}.${c}`], 0);
  for (const g of f.appealGroups) v[`appeals.${g.key}.total`] = ['upheld', 'corrected', 'other', 'pending'].reduce((s, o) => s + v[`appeals.${g.key}.${o}`], 0);
}

export const joinParagraphs = (paragraphs: string[]): string => paragraphs.join('\n');

/** The texts as the report stores them. */
export function targetTexts(target: Target): Record<'overview' | 'problems' | 'other', string> {
  return {
    overview: joinParagraphs(target.paragraphs.overview),
    problems: joinParagraphs(target.paragraphs.problems),
    other: joinParagraphs(target.paragraphs.other),
  };
}

function weOf(unit: string): string {
  if (/镇/.test(unit)) return '我镇';
  if (/街道/.test(unit)) return '我街道';
  if (/委员会$/.test(unit)) return '我委';
  return '我局';
}

function fill(p: string, we: string, rng: Rng): string {
  return p.replaceAll('{we}', we).replaceAll('{n}', () => String(rng.int(12, 480)));
}

const overviewBank = [
  '{year}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，不断深化政务公开，切实保障人民群众的知情权、参与权和监督权。',
  '主动公开方面，{we}通过政府门户网站、政务新媒体和公开栏等渠道，全年主动公开各类政府信息{n}条，其中政策文件、财政预决算、重点项目等信息均按要求及时发布。',
  '依申请公开方面，{we}严格按照法定程序和时限办理政府信息公开申请，规范受理、审查、答复等环节，答复文书格式统一，全年所有申请均在法定期限内答复。',
  '政府信息管理方面，{we}建立健全信息发布前保密审查机制，落实“先审查、后公开”和“一事一审”制度，全年未发生泄密事件，公开内容准确规范。',
  '平台建设方面，{we}持续优化政府信息公开专栏，及时更新栏目内容，整合政务新媒体资源，进一步提升了政府信息公开的权威性和便捷性。',
  '监督保障方面，{we}成立了以主要负责同志为组长的政务公开工作领导小组，明确专人负责政务公开日常工作，并将政务公开纳入年度考核，定期开展自查整改。',
  '在政策解读方面，{we}坚持政策文件与解读材料同步起草、同步审签、同步发布，全年发布政策解读{n}篇，采用图文、视频等多种形式，便于群众理解。',
  '在回应关切方面，{we}通过12345热线、领导信箱等渠道及时回应群众关切，办理群众来信来电{n}件，办结率达到百分之百，群众满意度不断提高。',
  '{we}高度重视政务公开工作，年初即制定年度政务公开工作要点，细化任务分工，明确责任科室和完成时限，确保各项工作有序推进、落到实处。',
  '在基层政务公开标准化规范化建设方面，{we}对照有关领域标准目录，梳理公开事项清单，完善公开流程，推动公开内容覆盖权力运行全过程。',
  '在会议开放方面，{we}邀请人大代表、政协委员和群众代表列席有关会议，听取意见建议，进一步增强了决策的透明度和公众参与度。',
  '在教育培训方面，{we}组织开展政务公开业务培训，邀请上级业务部门同志授课，参训人员{n}人次，工作人员的业务能力和公开意识明显增强。',
].map((p) => p.replace('{year}', '本'));

const problemsBank = [
  '一是公开内容的深度和广度还不够，部分领域信息更新不够及时。下一步，{we}将进一步梳理公开事项，加强动态更新，确保信息公开及时、准确、全面。',
  '二是政策解读形式较为单一，解读质量有待提高，群众获得感不强。下一步，{we}将丰富解读形式，更多采用图解、视频等方式，提升解读的针对性和可读性。',
  '三是工作人员业务能力有待提升，对条例的理解和把握还不够深入。下一步，{we}将加强业务培训，组织工作人员深入学习条例，提高依法公开的能力水平。',
  '存在的问题主要是依申请公开答复文书还不够规范，个别答复说理不够充分。改进措施：{we}将对照有关规定完善答复模板，加强法制审核，提高答复质量。',
  '政务新媒体运维管理还不够规范，部分账号更新频率较低、互动回应不够及时。{we}将加强对政务新媒体的统筹管理，明确专人负责，定期检查通报。',
  '公众参与的渠道还不够丰富，政民互动的实效有待增强。下一步，{we}将拓展意见征集渠道，及时反馈采纳情况，切实提升公众参与的积极性。',
  '基层政务公开专栏内容与群众需求的契合度还不高，部分栏目信息较少。{we}将围绕群众关注的热点问题，优化栏目设置，充实公开内容，提升服务水平。',
].map((p) => p);

const otherBank = [
  '本年度{we}未收取政府信息公开信息处理费。根据《政府信息公开信息处理费管理办法》，{we}对依申请公开未发出收费通知，无需要说明的收费事项。',
  '{we}认真落实人大代表建议和政协提案办理工作，全年承办建议提案{n}件，均按时办结，办理结果已按规定主动公开，代表委员满意度较高。',
  '本年度{we}无其他需要报告的事项。政务公开工作年度报告按规定时限在政府门户网站公开，接受社会监督，欢迎社会各界提出意见建议。',
];

// ---------------------------------------------------------------------------------------------
// Number forms

const fullWidth = (s: string) => s.replace(/[0-9.]/g, (d) => (d === '.' ? '．' : String.fromCharCode(0xff10 + Number(d))));
const cnDigits = '零一二三四五六七八九';

/** Chinese numerals for 0 ≤ n < 100000 (十二, 一百零五, 两千三百). */
export function chinese(n: number, liang = false): string {
  if (n === 0) return '零';
  if (n === 2 && liang) return '两';
  const units = ['', '十', '百', '千', '万'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && i === 0 ? '' : cnDigits[d]) + unit;
  });
  return out;
}

type NumStyle = 'digit' | 'full' | 'cn' | 'cnLiang';
function num(n: number, style: NumStyle): string {
  if (style === 'full') return fullWidth(String(n));
  if ((style === 'cn' || style === 'cnLiang') && n < 1000) return chinese(n, style === 'cnLiang');
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// The official

/** What the official says in one message. */
export interface Say {
  text: string;
  /** The bank entry used (for the refusal table). */
  form: string;
  /** A cell typed wrong on purpose: corrected in the next message. */
  wrong?: { cell: string; value: number };
  kind?: 'answer' | 'smalltalk' | 'paragraph' | 'question' | 'pending' | 'command';
}

export interface Refusal {
  form: string;
  step: string;
  text: string;
  reply: string;
}

export interface Misread {
  kind: string;
  form: string;
  detail: string;
}

export interface OfficialResult {
  messages: number;
  refusals: Refusal[];
  /** Answers to the bot's own question that it took as information and did not act on (not counted as refusals). */
  unheeded: Refusal[];
  misreads: Misread[];
  /** Form → times used. */
  used: Map<string, number>;
  problem?: string;
  transcript: string[];
}

/** What a turn left in the database. */
export interface Observed {
  flow: { step: string; last: string; pending?: Record<string, unknown> & { kind: string } };
  values: Record<string, number | null>;
  texts: Record<string, string>;
  status: string;
}

/** The engine and database the official talks to, and the clock they share. */
export interface Office {
  db: DataSource;
  engine: Engine;
  clock: { now: Date };
}

const TEXTS = ['overview', 'problems', 'other'] as const;

/** The conversation's state and the stored report after a turn; the texts are read only when `texts` is set (they change only while collected). */
export async function observe(db: DataSource, memberId: number, unitId: number, unit: string, year: number, texts = true): Promise<Observed> {
  const conversation = await db.manager.findOneBy(Conversation, { memberId });
  const state = conversation ? (JSON.parse(conversation.state) as { flow?: Observed['flow'] }) : {};
  const record = await db.manager.findOneBy(ReportRecord, { unitId, year });
  const report = record && texts ? await readReport(db.manager, record, unit) : undefined;
  return {
    flow: state.flow ?? { step: '', last: 'start' },
    values: (report?.values ?? (record ? JSON.parse(record.values) : {})) as Record<string, number | null>,
    texts: (report?.texts ?? {}) as Record<string, string>,
    status: record?.status ?? 'none',
  };
}

// Column names officials use; the first is the plain one a retry uses.
const COLUMN_NAMES: Record<string, string[]> = {
  natural: ['自然人', '自然人', '个人'],
  business: ['商业企业', '企业', '企业'],
  research: ['科研机构'],
  publicInterest: ['社会公益组织', '公益组织'],
  legalService: ['法律服务机构', '律所', '律师事务所'],
  otherOrg: ['其他组织', '其他法人或其他组织'],
};

// Outcome rows: short names officials use; the first is the plain one a retry uses.
const OUTCOME_NAMES: Record<string, string[]> = {
  granted: ['予以公开', '公开', '予以公开'],
  partlyGranted: ['部分公开'],
  'refused.stateSecret': ['国家秘密', '属于国家秘密'],
  'refused.prohibitedByLaw': ['其他法律行政法规禁止公开', '法律法规禁止公开'],
  'refused.threeSecurities': ['三安全一稳定', '危及三安全一稳定'],
  'refused.thirdParty': ['第三方权益', '保护第三方合法权益'],
  'refused.internalAffairs': ['内部事务信息', '三类内部事务'],
  'refused.processInfo': ['过程性信息', '四类过程性信息'],
  'refused.enforcementFile': ['执法案卷', '行政执法案卷'],
  'refused.queryMatter': ['行政查询事项'],
  'unavailable.notHeld': ['不掌握', '本机关不掌握', '不掌握相关信息'],
  'unavailable.needsCreation': ['需要另行制作', '没有现成信息需要另行制作'],
  'unavailable.stillUnclear': ['补正后仍不明确', '补正后申请内容仍不明确'],
  'notProcessed.petition': ['信访举报投诉', '信访举报投诉类申请'],
  'notProcessed.duplicate': ['重复申请'],
  'notProcessed.publication': ['公开出版物', '要求提供公开出版物'],
  'notProcessed.excessive': ['大量反复申请', '无正当理由大量反复申请'],
  'notProcessed.confirmation': ['要求确认', '要求确认或重新出具已获取信息', '要求行政机关确认或重新出具'],
  otherHandling: ['其他处理'],
  'otherHandling.noCorrection': ['逾期不补正'],
  'otherHandling.unpaidFee': ['逾期未缴费', '逾期未缴纳费用'],
  // 2021: 「其他处理」 alone is asked about (three rows under （六）); 「申请人撤回」 is （六）3 itself.
  'otherHandling.other': ['其他处理', '其他处理', '申请人撤回'],
};

const APPEAL_WORDS: Record<string, string[]> = {
  review: ['复议', '行政复议'],
  directSuit: ['直接起诉', '直接起诉的行政诉讼'],
  suitAfterReview: ['复议后起诉', '复议后又起诉的'],
};

/** One simulated official filing one report. */
export class Official {
  private readonly f: ReportFormat;
  private readonly steps: Map<string, string[]>;
  private readonly result: OfficialResult = { messages: 0, refusals: [], unheeded: [], misreads: [], used: new Map(), transcript: [] };
  private memberId = 0;
  private unitId = 0;
  // plans for this report
  private readonly skipStep: string | undefined;
  private skipped = false;
  private readonly questionStep: string | undefined;
  private questioned = false;
  private readonly progressAt: number;
  private readonly pauseAt: number;
  private readonly wrongStep: string | undefined;
  private wrongDone = false;
  private readonly smalltalkIn: string | undefined;
  private smalltalkDone = false;
  /** A wrong value stored on purpose, to correct in the next message. */
  private wrong: { cell: string; value: number } | undefined;
  private lastSay: Say | undefined;
  private lastStep: string | undefined;
  private paused = false;
  /** A paragraph sent on purpose to the wrong text, then deleted with 删除最后一段. */
  private readonly wrongParagraphIn: string | undefined;
  private textWrong: { id: string; paragraph: string } | undefined;
  private textWrongDone = false;
  private previewed = false;
  private readBack = false;
  private askedAfterSubmit = false;
  private plain = 0;
  private rejectedInRow = 0;
  /** Misreads already counted (a cell and the value it wrongly holds), so that each is reported once. */
  private readonly misreadSeen = new Set<string>();

  constructor(private readonly office: Office, private readonly userId: string, private readonly target: Target, private readonly rng: Rng) {
    this.f = formats[target.format];
    this.steps = new Map(stepsOf(this.f).map((s) => [s.id, s.cells]));
    const ids = stepsOf(this.f).map((s) => s.id);
    const activeIds = ids.filter((s) => s.startsWith('active.'));
    this.skipStep = rng.chance(0.3) ? rng.pick([...activeIds, 'appeals.review']) : undefined;
    this.questionStep = rng.chance(0.35) ? rng.pick([...activeIds, 'requests.carriedOver', 'requests.carriedForward', 'requests.outcomes', 'appeals.review', 'appeals.directSuit', 'texts.overview']) : undefined;
    this.progressAt = rng.chance(0.25) ? rng.int(2, 20) : -1;
    this.pauseAt = rng.chance(0.35) ? rng.int(2, 25) : -1;
    const wrongCandidates = target.format === '2021'
      ? ['active.licensing', 'active.penalty', 'active.coercion', 'requests.received']
      : ['requests.received'];
    if (['upheld', 'corrected', 'other', 'pending'].some((o) => target.values[`appeals.review.${o}`] > 0)) wrongCandidates.push('appeals.review', 'appeals.review');
    this.wrongStep = rng.chance(0.3) ? rng.pick(wrongCandidates) : undefined;
    this.wrongParagraphIn = rng.chance(0.15) ? rng.pick(['overview', 'problems']) : undefined;
    this.smalltalkIn = rng.chance(0.4) ? rng.pick(['texts.overview', 'texts.problems', 'texts.other']) : undefined;
  }

  private get values() {
    return this.target.values;
  }

  async run(maxMessages = 220): Promise<OfficialResult> {
    const { db } = this.office;
    const member = await db.manager.findOneByOrFail(Member, { userId: this.userId });
    this.memberId = member.id;
    this.unitId = member.unitId;
    let seen = await this.send({ text: this.rng.pick(['你好', '您好', '开始填报', '开始', '在吗']), form: 'greeting', kind: 'command' });
    for (;;) {
      if (seen.status === 'submitted') break;
      if (this.result.messages >= maxMessages) {
        this.result.problem = `gave up after ${maxMessages} messages at ${seen.flow.step}`;
        break;
      }
      if (this.rejectedInRow >= 4) {
        this.result.problem = `stuck at ${seen.flow.step}: ${this.rejectedInRow} refusals in a row`;
        break;
      }
      const say = this.decide(seen);
      if (!say) {
        this.result.problem = `nothing to say at ${seen.flow.step} (pending ${JSON.stringify(seen.flow.pending)})`;
        break;
      }
      if (this.result.messages === this.pauseAt && !this.paused) {
        // A pause to the next day, said or not; the next morning the official goes on (or says 继续 first).
        this.paused = true;
        if (this.rng.chance(0.5) && !seen.flow.pending) seen = await this.send({ text: this.rng.pick(['明天再填', '今天先到这，明天再填', '明天再弄吧']), form: 'later', kind: 'command' });
        this.office.clock.now = new Date(this.office.clock.now.getTime() + 24 * 3600_000);
        if (this.rng.chance(0.4)) {
          seen = await this.send({ text: this.rng.pick(['继续', '我们继续', '继续填报', '你好，接着填']), form: 'resume', kind: 'command' });
        }
        continue;
      }
      seen = await this.send(say);
    }
    return this.result;
  }

  private async send(say: Say): Promise<Observed> {
    const { engine, clock } = this.office;
    clock.now = new Date(clock.now.getTime() + this.rng.int(20, 300) * 1000);
    const n = this.result.messages++;
    this.result.used.set(say.form, (this.result.used.get(say.form) ?? 0) + 1);
    const outcome = await engine.handle({ key: `${this.userId}-${n}`, userId: this.userId, text: say.text, receivedAt: clock.now });
    const collecting = (step: string | undefined) => !step || step.startsWith('texts.') || step === 'review';
    let seen = await observe(this.office.db, this.memberId, this.unitId, this.target.unit, this.target.year, collecting(this.lastStep));
    if (!collecting(this.lastStep) && collecting(seen.flow.step)) seen = await observe(this.office.db, this.memberId, this.unitId, this.target.unit, this.target.year);
    this.lastStep = seen.flow.step;
    const reply = outcome.replies.join('\n‖ ');
    this.result.transcript.push(`> ${say.text.replaceAll('\n', '⏎')}  [${say.form}]`, `< ${reply.replaceAll('\n', ' ⏎ ')}  [${seen.flow.step} ${seen.flow.last}${seen.flow.pending ? ` pending=${JSON.stringify(seen.flow.pending)}` : ''}]`);
    if (seen.flow.last === 'rejected') {
      this.result.refusals.push({ form: say.form, step: seen.flow.step, text: say.text, reply });
      this.rejectedInRow++;
      this.plain++;
    } else {
      this.rejectedInRow = 0;
      if (say.kind === 'answer' || say.kind === 'pending') this.plain = 0;
    }
    // A yes (or 确认提交) to the bot's own question that it then did not act on.
    if (say.kind === 'pending' && /\.(yes|word)$|^pending\.submit/.test(say.form) && seen.flow.last === 'info' && !seen.flow.pending && seen.status !== 'submitted') {
      this.result.unheeded.push({ form: say.form, step: seen.flow.step, text: say.text, reply });
    }
    // A wrong value typed on purpose stays allowed until it is corrected.
    if (say.wrong) this.wrong = say.wrong;
    this.checkMisreads(seen, say);
    this.lastSay = say;
    return seen;
  }

  private checkMisreads(seen: Observed, say: Say): void {
    for (const cell of this.f.cells) {
      if (cell.total) continue;
      const stored = seen.values[cell.id];
      if (stored === undefined || stored === null) continue;
      if (stored === this.values[cell.id]) continue;
      if (this.wrong && this.wrong.cell === cell.id && stored === this.wrong.value) continue;
      const key = `${cell.id}=${stored}`;
      if (this.misreadSeen.has(key)) continue;
      this.misreadSeen.add(key);
      const early = stored === 0 && cell.row !== 'received' && cell.row !== 'carriedOver' && cell.row !== 'carriedForward' && cell.section === '三';
      this.result.misreads.push({
        kind: early ? 'outcome row set to 0 though never said (applications still unplaced)' : 'value stored that was not meant',
        form: say.form,
        detail: `${cell.id} = ${stored} (meant ${this.values[cell.id]}) after 「${say.text.replaceAll('\n', '⏎')}」 at ${seen.flow.step}`,
      });
    }
    for (const id of TEXTS) {
      const stored = seen.texts[id];
      if (!stored) continue;
      const paragraphs = this.target.paragraphs[id];
      const prefixes = paragraphs.map((_, i) => joinParagraphs(paragraphs.slice(0, i + 1)));
      if (this.textWrong?.id === id) prefixes.push(...paragraphs.map((_, i) => joinParagraphs([...paragraphs.slice(0, i), this.textWrong!.paragraph])));
      if (!prefixes.includes(stored)) {
        this.result.misreads.push({ kind: 'text stored that was not meant', form: say.form, detail: `texts.${id} = 「${stored.slice(0, 80)}…」 after 「${say.text.slice(0, 40)}」` });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // What to say next

  private decide(seen: Observed): Say | undefined {
    const { flow } = seen;
    const wrongStored = this.wrong && seen.values[this.wrong.cell] === this.wrong.value;
    if (this.wrong && !wrongStored && seen.values[this.wrong.cell] === this.values[this.wrong.cell]) this.wrong = undefined;
    // A correction said back and asked about (a restatement) is answered before anything else.
    if (this.wrong && wrongStored && flow.pending?.kind !== 'submit' && flow.pending?.kind !== 'confirm') return this.correction(this.wrong.cell);
    if (flow.pending) {
      const answer = this.answerPending(flow.pending, seen);
      if (answer) return answer;
    }
    if (this.progressAt >= 0 && this.result.messages >= this.progressAt && !this.progressDone) {
      this.progressDone = true;
      return { text: this.rng.pick(['进度', '进度', '还差什么', '还有哪些没填', '我填到哪了']), form: 'progress', kind: 'command' };
    }
    const step = flow.step;
    if (step === this.questionStep && !this.questioned) {
      this.questioned = true;
      return this.question(step);
    }
    if (step === this.skipStep && !this.skipped) {
      this.skipped = true;
      return { text: this.rng.pick(['先跳过', '下一个', '这个先跳过', '不知道，等我问一下再填', '这个我要问一下财政所', '这个我不清楚，先放着']), form: 'skip', kind: 'command' };
    }
    if (step.startsWith('active.')) return this.active(step, seen);
    if (step === 'requests.carriedOver') return this.carriedOver(seen);
    if (step === 'requests.received' || step === 'requests.carriedForward') return this.requestRow(step.slice('requests.'.length), seen);
    if (step === 'requests.outcomes') return this.outcomes(seen);
    if (step.startsWith('appeals.')) return this.appeal(step.slice('appeals.'.length));
    if (step.startsWith('texts.')) return this.text(step.slice('texts.'.length) as (typeof TEXTS)[number], seen);
    if (step === 'review') return this.review(seen);
    return undefined;
  }

  private progressDone = false;

  private answerPending(pending: NonNullable<Observed['flow']['pending']>, seen: Observed): Say | undefined {
    const yes = (form: string) => ({ text: this.rng.pick(['是', '是的', '对', '对的', '确认', '好的']), form, kind: 'pending' as const });
    const no = (form: string) => {
      this.plain = Math.max(this.plain, 1);
      return { text: this.rng.pick(['不是', '不对', '否']), form, kind: 'pending' as const };
    };
    const meant = (values: Record<string, number>) => Object.entries(values).every(([cell, value]) =>
      value === this.values[cell] || (this.wrong?.cell === cell && this.wrong.value === value) || (this.lastSay?.wrong?.cell === cell && this.lastSay.wrong.value === value));
    switch (pending.kind) {
      case 'confirm':
      case 'fix':
        return meant(pending.values as Record<string, number>) ? yes(`pending.${pending.kind}.yes`) : no(`pending.${pending.kind}.no`);
      case 'unit': {
        const cell = pending.cell as string;
        const amount = pending.amount as number;
        const others = (pending.values ?? {}) as Record<string, number>;
        const meantUnit = amount === this.values[cell] ? '元' : Math.round(amount * 10000) === this.values[cell] ? '万元' : undefined;
        if (!meantUnit || !meant(others)) return no('pending.unit.no');
        if (pending.likely === meantUnit && this.rng.chance(0.7)) return yes('pending.unit.yes');
        return { text: this.rng.pick([meantUnit, `是${meantUnit}`, `单位是${meantUnit}`]), form: 'pending.unit.word', kind: 'pending' };
      }
      case 'submit':
        return this.plain >= 1 ? { text: '确认提交', form: 'pending.submit.plain', kind: 'pending' } : { text: this.rng.pick(['确认提交', '确认提交', '确认提交', '确认', '好的，确认提交', '是的，提交']), form: 'pending.submit', kind: 'pending' };
      case 'text': {
        const prose = this.lastSay?.kind === 'paragraph';
        return prose ? { text: this.rng.pick(['是', '是的，写进去']), form: 'pending.text.yes', kind: 'pending' } : { text: this.rng.pick(['不是', '不用', '不要写']), form: 'pending.text.no', kind: 'pending' };
      }
      case 'group': {
        // Which 法人 columns: the nonzero ones by name (「企业2 律所1」, or 「都是企业」 for one).
        const row = String(pending.row);
        const orgs = applicantColumns.filter((c) => c !== 'natural' && this.values[`requests.${row}.${c}`] > 0);
        if (orgs.length === 1 && this.rng.chance(0.4)) return { text: `都是${COLUMN_NAMES[orgs[0]][0]}`, form: 'pending.group.all', kind: 'pending' };
        return { text: orgs.map((c) => `${this.rng.pick(COLUMN_NAMES[c])}${this.values[`requests.${row}.${c}`]}`).join(' '), form: 'pending.group.named', kind: 'pending' };
      }
      case 'column':
      case 'total':
        // Which column? Answer again plainly, in order.
        this.plain = Math.max(this.plain, 1);
        return undefined;
      default:
        return undefined;
    }
    void seen;
  }

  private question(step: string): Say {
    const label = step.startsWith('active.') ? this.f.active.flatMap((t) => t.rows).find((r) => `active.${r.key}` === step)?.label ?? '' : '';
    const bank: string[] = ['这一项什么意思', '这个是什么意思？', '这一项填什么'];
    if (label) bank.push(`${label}是指什么？`, `${label}包括哪些`);
    if (step === 'active.licensing') bank.push('行政许可是指什么？我们镇便民服务中心办的算不算');
    if (step === 'active.fees') bank.push('收费是填元还是万元？');
    if (step === 'requests.carriedOver' || step === 'requests.carriedForward') bank.push('结转是什么', '结转是什么意思？');
    if (step === 'requests.carriedForward') bank.push('结转下年度包不包括年底正在办的？');
    if (step === 'requests.outcomes') bank.push('不掌握是什么意思', '部分公开算哪种情况？');
    if (step.startsWith('appeals.')) bank.push('复议后起诉是什么意思', '尚未审结是什么意思');
    if (step === 'texts.overview') bank.push('总体情况要写些什么？');
    const text = this.rng.pick(bank);
    return { text, form: `question:${text}`, kind: 'question' };
  }

  private correction(cell: string): Say {
    const value = this.values[cell];
    const name = cellName(cell, this.rng);
    const forms: [string, string][] = [
      ['correction.shouldBe', `${name}应该是${value}，刚才打错了`],
      ['correction.gai', `改 ${name} ${value}`],
      ['correction.buDui', `不对，${name}是${value}`],
      ['correction.gaiCheng', `${name}改成${value}`],
      ['correction.cuoLe', `${name}错了，应该是${value}`],
    ];
    // 「上面那个填错了，今年收的是8件」: 本年新收 restated without its name (said back and asked; 是 when meant).
    const receivedNaturalOnly = cell === 'requests.received.natural' && applicantColumns.every((c) => c === 'natural' || this.values[`requests.received.${c}`] === 0);
    if (receivedNaturalOnly) forms.push(['correction.restated', this.rng.pick([`上面那个填错了，今年收的是${value}件`, `搞错了，今年新收的应该是${value}件`])]);
    if (cell.startsWith('appeals.')) {
      const outcome = ({ upheld: '维持', corrected: '纠正', other: '其他结果', pending: '尚未审结' } as Record<string, string>)[cell.split('.')[2]];
      forms.push(['correction.appeal.de', `复议的${outcome}改成${value}`], ['correction.appeal.shouldBe', `复议${outcome}的应该是${value}件`]);
    }
    const [form, text] = this.plain >= 1 ? forms[1] : this.rng.pick(forms);
    return { text, form, kind: 'answer' };
  }

  // Section 二 -------------------------------------------------------------------------------

  private active(step: string, seen: Observed): Say {
    const cells = this.steps.get(step)!;
    const row = step.slice('active.'.length);
    const label = this.f.active.flatMap((t) => t.rows).find((r) => r.key === row)!.label;
    const vals = cells.map((c) => this.values[c]);
    const plainRow = { text: vals.map((x, i) => this.moneyPlain(cells[i], x)).join(' '), form: 'row.plain', kind: 'answer' as const };
    if (this.plain >= 1) return plainRow;
    void seen;
    const forms: [string, () => Say | undefined][] = [];
    const allZero = vals.every((x) => x === 0);
    const short = label.replace(/^行政/, label === '行政规范性文件' ? '' : '行政');
    if (cells.length === 1) {
      const cell = cells[0];
      const n = vals[0];
      if (cell.endsWith('amountYuan')) return this.fees(cell);
      let wrong: Say['wrong'];
      let said = n;
      if (step === this.wrongStep && !this.wrongDone) {
        this.wrongDone = true;
        said = n + this.rng.pick([1, 2, 10, -1].filter((d) => n + d >= 0));
        wrong = { cell, value: said };
      }
      if (said === 0) {
        forms.push(['single.zero.0', () => ({ text: '0', form: '', kind: 'answer' })]);
        forms.push(['single.zero.wu', () => ({ text: this.rng.pick(['无', '没有']), form: '', kind: 'answer' })]);
        forms.push(['single.zero.sentence', () => ({ text: this.rng.pick([`我们没有${label}`, `${label}没有`, `今年没有${label}`, `${label}今年是0`]), form: '', kind: 'answer' })]);
      } else {
        forms.push(['single.digit', () => ({ text: String(said), form: '', kind: 'answer' })]);
        forms.push(['single.fullwidth', () => ({ text: num(said, 'full'), form: '', kind: 'answer' })]);
        if (said < 1000) forms.push(['single.chinese', () => ({ text: `${chinese(said, this.rng.chance(0.5))}件`, form: '', kind: 'answer' })]);
        forms.push(['single.jian', () => ({ text: `${said}件`, form: '', kind: 'answer' })]);
        forms.push(['single.sentence', () => ({ text: this.rng.pick([`全年办理了${said}件`, `今年一共${said}件`, `${label}${said}件`, `今年作出处理决定${said}个`, `共${said}个`, `全年共办理${label}${said}件`, `${label.replace('行政', '')}决定${said}件`]), form: '', kind: 'answer' })]);
        forms.push(['single.paste', () => ({ text: `${label}\t${said}`, form: '', kind: 'answer' })]);
        if (said >= 1000) forms.push(['single.thousands', () => ({ text: said.toLocaleString('en-US'), form: '', kind: 'answer' })]);
      }
      const [form, make] = this.rng.pick(forms);
      const say = make()!;
      return { ...say, form: `active.${form}`, wrong };
    }
    const sep = () => this.rng.pick([' ', '，', '、', ',', '  ']);
    if (allZero) {
      forms.push(['row.zero.wu', () => ({ text: this.rng.pick(['无', '没有', '0', '都没有', '都是0']), form: '', kind: 'answer' })]);
      forms.push(['row.zero.digits', () => ({ text: vals.map(() => '0').join(sep()), form: '', kind: 'answer' })]);
      forms.push(['row.zero.sentence', () => ({ text: this.rng.pick([`${short}我们${this.we()}没有`.replace('我们我', '我'), `我们没有${short}`, `${short}都是0`, `今年没有${short}`]), form: '', kind: 'answer' })]);
    } else {
      forms.push(['row.ordered', () => ({ text: vals.map(String).join(sep()), form: '', kind: 'answer' })]);
      if (cells.some((c, i) => c.endsWith('itemsDelta') && vals[i] > 0)) forms.push(['row.ordered.plusSign', () => ({ text: vals.map((x, i) => (cells[i].endsWith('itemsDelta') && x > 0 ? `+${x}` : String(x))).join(' '), form: '', kind: 'answer' })]);
      forms.push(['row.fullwidth', () => ({ text: vals.map((x) => num(x, 'full')).join(this.rng.pick([' ', '，'])), form: '', kind: 'answer' })]);
      forms.push(['row.paste.label', () => ({ text: `${label}\t${vals.join('\t')}`, form: '', kind: 'answer' })]);
      forms.push(['row.paste', () => ({ text: vals.join('\t'), form: '', kind: 'answer' })]);
      const named = this.namedActive(row, cells, vals);
      if (named) forms.push(['row.named', () => ({ text: named, form: '', kind: 'answer' })]);
      const sentence = this.sentenceActive(row, cells, vals);
      if (sentence) forms.push(['row.sentence', () => ({ text: sentence, form: '', kind: 'answer' })]);
      if (row === 'procurement' && this.rng.chance(0.5)) return this.procurement(cells, vals);
    }
    const [form, make] = this.rng.pick(forms);
    return { ...make()!, form: `active.${cells.length}col.${form}` };
  }

  private we(): string {
    return weOf(this.target.unit);
  }

  private moneyPlain(cell: string, x: number): string {
    if (!cell.endsWith('amountYuan')) return String(x);
    return x === 0 ? '0' : `${x}元`;
  }

  private namedActive(row: string, cells: string[], vals: number[]): string | undefined {
    const names: Record<string, string[]> = {
      issued: ['制发', '本年制发'], repealed: ['废止', '本年废止'], inForce: ['有效', '现行有效'],
      made: ['新制作', '本年新制作'], published: ['新公开', '本年新公开'], total: ['公开总数', '对外公开总数'],
      prevItems: ['上一年', '上年项目'], itemsDelta: ['增减', '本年增减'], decisions: ['处理决定', '办件'],
      projects: ['项目', '采购项目'],
    };
    if (row === 'procurement') return undefined;
    return cells.map((c, i) => {
      const key = c.split('.').pop()!;
      const v = key === 'itemsDelta' && vals[i] > 0 ? `+${vals[i]}` : String(vals[i]);
      return `${this.rng.pick(names[key])}${v}`;
    }).join(this.rng.pick([' ', '，']));
  }

  private sentenceActive(row: string, cells: string[], vals: number[]): string | undefined {
    const keys = cells.map((c) => c.split('.').pop()!);
    const val = (k: string) => vals[keys.indexOf(k)];
    if (keys[0] === 'issued') {
      const [i, r, f] = [val('issued'), val('repealed'), val('inForce')];
      return this.rng.pick([
        `今年发了${i}个，${r === 0 ? '没有废止的' : `废止了${r}个`}，现在有效的${f}个`,
        `本年制发${i}件，废止${r}件，现行有效${f}件`,
      ]);
    }
    if (keys[0] === 'made') return `今年新制作${val('made')}件，新公开${val('published')}件，对外公开总数${val('total')}件`;
    if (keys[0] === 'prevItems') {
      const d = val('itemsDelta');
      const delta = d === 0 ? '今年没有增减' : d > 0 ? `今年增加${d}项` : `今年减少${-d}项`;
      const decisions = keys.includes('decisions') ? `，处理决定${val('decisions')}件` : '';
      return `上一年${val('prevItems')}项，${delta}${decisions}`;
    }
    return undefined;
  }

  private procurement(cells: string[], vals: number[]): Say {
    const [projects, yuan] = vals;
    const wan = yuanToWan(yuan);
    const text = this.rng.pick([
      `${projects} ${wan}万元`, `${projects}个，${wan}万元`, `${projects} ${wan}`, `采购项目${projects}个，总金额${wan}万元`, `${projects} ${yuan}元`, `${projects}个项目 ${wan}万`,
    ]);
    void cells;
    return { text, form: 'active.procurement.withUnit', kind: 'answer' };
  }

  private fees(cell: string): Say {
    const yuan = this.values[cell];
    if (this.plain >= 1) return { text: yuan === 0 ? '0' : `${yuan}元`, form: 'fees.plain', kind: 'answer' };
    if (yuan === 0) {
      const text = this.rng.pick(['0', '无', '没有', '没有收费', '我们没有收费项目', '今年没收费']);
      return { text, form: `fees.zero.${text}`, kind: 'answer' };
    }
    const wan = yuanToWan(yuan);
    const forms: [string, string][] = [
      ['fees.bareWan', wan],
      ['fees.wan', `${wan}万元`],
      ['fees.wanShort', `${wan}万`],
      ['fees.yuan', `${yuan}元`],
      ['fees.bareYuan', String(yuan)],
      ['fees.sentence.yuan', `今年收了${yuan}元`],
      ['fees.sentence.wan', `收费${wan}万元`],
      ['fees.kuai', `${yuan}块`],
      ['fees.yuan.thousands', `收费${yuan.toLocaleString('en-US')}元`],
    ];
    if (yuan < 100000 && yuan % 100 === 0) forms.push(['fees.chinese.yuan', `${chinese(yuan)}元`]);
    const [form, text] = this.rng.pick(forms);
    return { text, form, kind: 'answer' };
  }

  // Section 三 -------------------------------------------------------------------------------

  private carriedOver(seen: Observed): Say {
    // 上年结转 is prefilled from last year's report and equals it: confirm.
    const zero = applicantColumns.every((c) => this.values[`requests.carriedOver.${c}`] === 0);
    const bank = ['是', '对', '对的', '正确', '是的，没错'];
    if (zero) bank.push('对，去年的都办完了', '是，没有结转');
    const naturalOnly = applicantColumns.every((c) => c === 'natural' || this.values[`requests.carriedOver.${c}`] === 0);
    const n = this.values['requests.carriedOver.natural'];
    // 「上年结转2件」: said back as stored (上年结转 自然人2件).
    if (naturalOnly && n > 0 && this.plain === 0 && this.rng.chance(0.25)) return { text: `上年结转${n}件`, form: 'carriedOver.named', kind: 'answer' };
    if (this.plain >= 1) return { text: applicantColumns.map((c) => this.values[`requests.carriedOver.${c}`]).join(' '), form: 'carriedOver.plain', kind: 'answer' };
    const text = this.rng.pick(bank);
    void seen;
    return { text, form: `carriedOver.confirm:${text}`, kind: 'answer' };
  }

  private requestRow(row: string, seen: Observed): Say {
    const cells = applicantColumns.map((c) => `requests.${row}.${c}`);
    let vals = cells.map((c) => this.values[c]);
    let wrong: Say['wrong'];
    if (row === 'received' && this.wrongStep === 'requests.received' && !this.wrongDone && vals[0] > 0) {
      this.wrongDone = true;
      const said = vals[0] + this.rng.pick([1, 2, 10, vals[0] > 1 ? -1 : 3]);
      wrong = { cell: cells[0], value: said };
      vals = [said, ...vals.slice(1)];
    }
    void seen;
    const total = vals.reduce((a, b) => a + b, 0);
    const nonzero = applicantColumns.filter((_, i) => vals[i] > 0);
    const naturalOnly = nonzero.length === 1 && nonzero[0] === 'natural';
    const sep = () => this.rng.pick([' ', '，', '、', ',']);
    const forms: [string, () => string][] = [];
    const ordered = () => vals.join(sep());
    if (this.plain >= 1) return { text: vals.join(' '), form: `${row}.plain`, kind: 'answer', wrong };
    if (total === 0) {
      if (row === 'received') forms.push(['received.none', () => this.rng.pick(['没有申请', '今年没有收到申请', '本年没有收到申请', '无', '今年没人申请'])]);
      else forms.push(['carriedForward.none', () => this.rng.pick(['无', '没有', '0', '都办完了，没有结转', '年底都办结了'])]);
    } else if (naturalOnly) {
      const n = vals[0];
      forms.push([`${row}.natural.digit`, () => String(n)]);
      forms.push([`${row}.natural.fullwidth`, () => num(n, 'full')]);
      if (n < 100) forms.push([`${row}.natural.chinese`, () => `${chinese(n, true)}件`]);
      forms.push([`${row}.natural.named`, () => `自然人${n}`]);
      forms.push([`${row}.ordered`, ordered]);
      if (row === 'received') {
        forms.push(['received.natural.sentence', () => this.rng.pick([`今年一共收到了${num(n, this.rng.pick(['digit', 'full', 'cn']))}件申请，都是自然人`, `${n}件，都是个人申请的`, `收到${n}件，全是自然人`])]);
      } else {
        forms.push(['carriedForward.natural.sentence', () => this.rng.pick([`还有${n}件没办完`, `有${n}件结转到明年`])]);
      }
    } else {
      forms.push([`${row}.ordered`, ordered]);
      forms.push([`${row}.ordered.fullwidth`, () => vals.map((x) => num(x, 'full')).join(' ')]);
      forms.push([`${row}.ordered.total`, () => [...vals, total].join(' ')]);
      forms.push([`${row}.named`, () => this.namedColumns(row === 'received' ? 'received' : 'carriedForward', cells, vals)]);
      forms.push([`${row}.paste.label.total`, () => `${row === 'received' ? '一、本年新收政府信息公开申请数量' : '四、结转下年度继续办理'}\t${vals.join('\t')}\t${total}`]);
      forms.push([`${row}.paste.total`, () => `${vals.join('\t')}\t${total}`]);
      forms.push([`${row}.paste`, () => vals.join('\t')]);
      if (row === 'received') forms.push(['received.sentence', () => `今年一共收到了${total}件申请，其中${this.namedList(cells, vals, '件', '、')}`]);
      const others = applicantColumns.map((c, i) => [c, vals[i]] as const).filter(([c, v]) => v > 0 && c !== 'natural');
      // 「本年新收20件，其中自然人17件，法人3件」: the bot asks which of the five 法人 columns (answerPending 'group').
      if (row === 'received' && vals[0] > 0 && others.length) {
        forms.push(['received.sentence.faren', () => `本年新收${total}件，其中自然人${vals[0]}件，${this.rng.pick(['法人', '法人或其他组织'])}${total - vals[0]}件`]);
      }
      if (row === 'received' && vals[0] > 0 && others.length === 1) {
        forms.push(['received.sentence.rest', () => `个人申请${vals[0]}件，还有${others[0][1]}件是${this.rng.pick(COLUMN_NAMES[others[0][0]])}的`]);
      }
    }
    const [form, make] = this.rng.pick(forms);
    return { text: make(), form, kind: 'answer', wrong };
  }

  /** 「自然人3 企业1」: the nonzero columns by name. */
  private namedColumns(_row: string, cells: string[], vals: number[]): string {
    return this.namedList(cells, vals, this.rng.pick(['', '件']), this.rng.pick([' ', '，', '、']));
  }

  private namedList(cells: string[], vals: number[], unit: string, sep: string, plain = false): string {
    return cells.map((c, i) => [c.split('.').pop()!, vals[i]] as const).filter(([, v]) => v > 0)
      .map(([col, v]) => `${plain ? COLUMN_NAMES[col][0] : this.rng.pick(COLUMN_NAMES[col])}${v}${unit}`).join(sep);
  }

  private outcomes(seen: Observed): Say {
    const rows = outcomeRowsOf(this.f);
    const remaining = rows.filter((r) => applicantColumns.some((c) => this.values[`requests.${r}.${c}`] > 0 && seen.values[`requests.${r}.${c}`] !== this.values[`requests.${r}.${c}`]));
    const columnsUsed = applicantColumns.filter((c) => rows.some((r) => this.values[`requests.${r}.${c}`] > 0));
    const naturalOnly = columnsUsed.length === 1 && columnsUsed[0] === 'natural';
    if (remaining.length === 0) {
      // Everything placed but the bot still asks: rows not mentioned are 0.
      return { text: this.rng.pick(['其他都没有', '没有了', '就这些']), form: 'outcomes.restNone', kind: 'answer' };
    }
    const take = this.plain >= 1 ? remaining.slice(0, 1) : remaining.slice(0, Math.min(remaining.length, this.rng.int(1, naturalOnly ? remaining.length : 4)));
    const everything = take.length === remaining.length;
    const cellsOf = (r: string) => applicantColumns.map((c) => this.values[`requests.${r}.${c}`]);
    const plain = this.plain >= 1;
    const name = (r: string) => (plain ? OUTCOME_NAMES[r][0] : this.rng.pick(OUTCOME_NAMES[r]));
    const line = (r: string) => `${name(r)} ${this.namedList(applicantColumns.map((c) => `x.${c}`), cellsOf(r), '', ' ', plain)}`;
    if (plain) return { text: take.map(line).join('\n'), form: 'outcomes.plain', kind: 'answer' };
    const forms: [string, () => string][] = [];
    if (naturalOnly) {
      const n = (r: string) => this.values[`requests.${r}.natural`];
      forms.push(['outcomes.list', () => take.map((r) => `${name(r)}${n(r)}`).join(this.rng.pick([' ', '，', '、']))]);
      forms.push(['outcomes.list.jian', () => take.map((r) => `${name(r)}${n(r)}件`).join('，')]);
      if (everything && take.length === 1 && take[0] === 'granted') forms.push(['outcomes.allGranted', () => this.rng.pick(['都公开了', '全部予以公开', '全部公开了'])]);
      if (everything && take.length === 2 && n(take[1]) === 1) forms.push(['outcomes.sentence.another', () => `${take[0] === 'granted' ? `公开了${n(take[0])}件` : `${name(take[0])}${n(take[0])}件`}，另一件${name(take[1])}`]);
      if (take.length <= 2) forms.push(['outcomes.sentence', () => take.map((r) => (r === 'granted' ? `公开了${num(n(r), 'cnLiang')}件` : `${name(r)}的${n(r)}件`)).join('，')]);
    }
    forms.push(['outcomes.columns', () => take.map(line).join(this.rng.pick(['\n', '；', '\n']))]);
    if (!naturalOnly) {
      // Column first, as read down the sheet applicant by applicant: 「自然人：予以公开5，不掌握1；企业：予以公开2」.
      forms.push(['outcomes.byColumn', () => applicantColumns.map((c) => [c, take.filter((r) => this.values[`requests.${r}.${c}`] > 0)] as const).filter(([, rs]) => rs.length)
        .map(([c, rs]) => `${this.rng.pick(COLUMN_NAMES[c])}：${rs.map((r) => `${name(r)}${this.values[`requests.${r}.${c}`]}`).join('，')}`).join('；')]);
    }
    forms.push(['outcomes.paste.label', () => take.map((r) => `${this.f.requestRows.find((x) => x.id === r)!.label}\t${cellsOf(r).join('\t')}`).join('\n')]);
    forms.push(['outcomes.paste.label.total', () => take.map((r) => `${this.f.requestRows.find((x) => x.id === r)!.short}\t${cellsOf(r).join('\t')}\t${cellsOf(r).reduce((a, b) => a + b, 0)}`).join('\n')]);
    const [form, make] = this.rng.pick(forms);
    return { text: make(), form, kind: 'answer' };
  }

  // Section 四 -------------------------------------------------------------------------------

  private groupZero(g: string): boolean {
    return ['upheld', 'corrected', 'other', 'pending'].every((o) => this.values[`appeals.${g}.${o}`] === 0);
  }

  private appeal(g: string): Say {
    const outcomes = ['upheld', 'corrected', 'other', 'pending'];
    const vals = outcomes.map((o) => this.values[`appeals.${g}.${o}`]);
    let wrong: Say['wrong'];
    if (g === 'review' && this.wrongStep === 'appeals.review' && !this.wrongDone) {
      this.wrongDone = true;
      const i = this.rng.pick([0, 3]);
      vals[i] += 1;
      wrong = { cell: `appeals.review.${outcomes[i]}`, value: vals[i] };
    }
    const said = this.appealSay(g, vals, outcomes);
    return { ...said, wrong };
  }

  private appealSay(g: string, vals: number[], outcomes: string[]): Say {
    if (this.plain >= 1) return { text: vals.join(' '), form: 'appeal.plain', kind: 'answer' };
    const forms: [string, () => string][] = [];
    const groups = this.f.appealGroups.map((x) => x.key);
    const word = this.rng.pick(APPEAL_WORDS[g]);
    if (g === 'review' && this.plain === 0 && this.rng.chance(0.12)) {
      // Section 四 is one row of 15 cells on the sheet: pasted whole, with the three 总计.
      const row = groups.flatMap((x) => {
        const v = x === 'review' ? vals : outcomes.map((o) => this.values[`appeals.${x}.${o}`]);
        return [...v, v.reduce((a, b) => a + b, 0)];
      });
      return { text: row.join('\t'), form: 'appeals.paste.wholeRow', kind: 'answer' };
    }
    if (vals.every((x) => x === 0)) {
      if (g === 'review' && groups.every((x) => this.groupZero(x))) forms.push(['appeals.none', () => this.rng.pick(['没有复议诉讼', '今年没有复议和诉讼', '复议诉讼都没有'])]);
      if (g === 'directSuit' && this.groupZero('suitAfterReview')) forms.push(['appeals.noSuits', () => this.rng.pick(['诉讼都没有', '行政诉讼没有', '没有诉讼'])]);
      forms.push(['appeal.zero', () => this.rng.pick(['无', '没有', '0', `${word}没有`])]);
      forms.push(['appeal.zero.digits', () => '0 0 0 0']);
    } else {
      const total = vals.reduce((a, b) => a + b, 0);
      const short = ['维持', '纠正', '其他', '未审结'];
      forms.push(['appeal.ordered', () => vals.join(this.rng.pick([' ', '，', '、']))]);
      forms.push(['appeal.fullwidth', () => vals.map((x) => num(x, 'full')).join(' ')]);
      forms.push(['appeal.named', () => vals.map((x, i) => [short[i], x] as const).filter(([, x]) => x > 0).map(([s, x]) => `${s}${x}`).join(' ')]);
      forms.push(['appeal.named.all', () => vals.map((x, i) => `${this.rng.pick([short[i], ['结果维持', '结果纠正', '其他结果', '尚未审结'][i]])}${x}`).join(' ')]);
      forms.push(['appeal.paste.total', () => `${vals.join('\t')}\t${total}`]);
      forms.push(['appeal.paste.label', () => `${({ review: '行政复议', directSuit: '未经复议直接起诉', suitAfterReview: '复议后起诉' } as Record<string, string>)[g]}\t${vals.join('\t')}\t${total}`]);
      const single = vals.filter((x) => x > 0).length === 1;
      if (single && total === 1) {
        const i = vals.findIndex((x) => x > 0);
        forms.push(['appeal.sentence.one', () => `${word}1件，${['结果是维持', '结果被纠正了', '申请人撤回了', '还没有审结'][i]}`]);
      }
      if (single && total === 1 && vals[3] === 1) forms.push(['appeal.sentence.stillPending', () => `有1个${word}，还在审`]);
      // Hedged: the bot says back what it understood and asks; 是 stores it.
      if (single && total === 1 && vals[3] === 1) forms.push(['appeal.sentence.hedged', () => this.rng.pick([`好像有1件${word}，还没出结果`, `${word}大概1件吧，还在审`])]);
      if (g === 'review' && this.groupZero('directSuit') && this.groupZero('suitAfterReview') && single) {
        const i = vals.findIndex((x) => x > 0);
        forms.push(['appeals.sentence.reviewNoSuits', () => `复议${vals[i]}件${['维持', '纠正', '撤回', '未审结'][i]}，诉讼没有`]);
      }
      forms.push(['appeal.sentence', () => `${word}${total}件，${vals.map((x, i) => [x, i] as const).filter(([x]) => x > 0).map(([x, i]) => [`${x}件维持`, `${x}件被纠正`, `${x}件其他结果`, `${x}件还没审结`][i]).join('，')}`]);
    }
    const [form, make] = this.rng.pick(forms);
    return { text: make(), form, kind: 'answer' };
  }

  // Texts ------------------------------------------------------------------------------------

  private text(id: (typeof TEXTS)[number], seen: Observed): Say {
    const paragraphs = this.target.paragraphs[id];
    const stored = seen.texts[id] ?? '';
    if (this.textWrong?.id === id && stored.endsWith(this.textWrong.paragraph)) {
      const text = this.plain >= 1 ? '删除最后一段' : this.rng.pick(['删除最后一段', '最后一段删掉', '刚才那段发错了，删掉', '把最后一段删了']);
      return { text, form: `texts.deleteLast:${text}`, kind: 'answer' };
    }
    const sent = stored ? paragraphs.findIndex((_, i) => joinParagraphs(paragraphs.slice(0, i + 1)) === stored) + 1 : 0;
    if (id === this.wrongParagraphIn && !this.textWrongDone && sent >= 1 && sent < paragraphs.length) {
      this.textWrongDone = true;
      const bank = (id === 'overview' ? overviewBank : problemsBank).map((p) => fill(p, this.we(), this.rng)).filter((p) => !paragraphs.includes(p));
      const paragraph = this.rng.pick(bank);
      this.textWrong = { id, paragraph };
      return { text: paragraph, form: 'texts.wrongParagraph', kind: 'paragraph' };
    }
    if (`texts.${id}` === this.smalltalkIn && !this.smalltalkDone && this.rng.chance(0.6)) {
      this.smalltalkDone = true;
      const text = this.rng.pick(['稍等，我找一下材料', '稍等', '好的，我看看', '我复制一下去年的', '等一下，我问问办公室', '收到，马上发']);
      return { text, form: `texts.smalltalk:${text}`, kind: 'smalltalk' };
    }
    if (sent < paragraphs.length) {
      const p = paragraphs[sent];
      if (p === '无') return { text: '无', form: 'texts.other.none', kind: 'paragraph' };
      if (sent === 0 && paragraphs.length > 1 && this.rng.chance(0.25)) {
        return { text: joinParagraphs(paragraphs), form: 'texts.pasteAll', kind: 'paragraph' };
      }
      return { text: p, form: `texts.paragraph`, kind: 'paragraph' };
    }
    const text = this.rng.pick(['完成', '完成', '好了', '就这些', '写完了', '好了，就这些', '这部分写完了']);
    return { text, form: `texts.done:${text}`, kind: 'command' };
  }

  private review(seen: Observed): Say {
    const off = this.f.cells.filter((c) => !c.total && seen.values[c.id] !== this.values[c.id]);
    if (off.length) {
      // An item left open or wrong at review: name it and its value.
      const cell = off[0].id;
      return { text: `改 ${cellName(cell, this.rng)} ${this.values[cell]}`, form: 'review.fixOpen', kind: 'answer' };
    }
    if (!this.previewed && this.rng.chance(0.3)) {
      this.previewed = true;
      return { text: this.rng.pick(['预览', '预览一下', '我看看整个报告']), form: 'review.preview', kind: 'command' };
    }
    if (!this.readBack && this.rng.chance(0.25)) {
      this.readBack = true;
      const text = this.rng.pick(['看一下总体情况', '看一下总体情况写的什么', '把存在的问题发我看看', '总体情况写了什么']);
      return { text, form: `review.showText:${text}`, kind: 'command' };
    }
    if (!this.askedAfterSubmit && this.rng.chance(0.15)) {
      this.askedAfterSubmit = true;
      const text = this.rng.pick(['这个报告提交以后还能改吗', '提交了还能撤回吗？', '交上去以后发现错了还能改吗']);
      return { text, form: `review.afterSubmit:${text}`, kind: 'question' };
    }
    const text = this.rng.pick(['提交', '提交', '提交', '没问题，提交吧', '提交吧', '可以提交了']);
    return { text, form: `review.submit:${text}`, kind: 'command' };
  }
}

/** 万元 with at most 2 decimals, as written (3500 → 0.35). */
export function yuanToWan(yuan: number): string {
  return String(Number((yuan / 10000).toFixed(2)));
}

/** How an official names a cell in a correction. */
function cellName(cell: string, rng: Rng): string {
  const parts = cell.split('.');
  if (parts[0] === 'active') {
    const row = ({ licensing: '行政许可', penalty: '行政处罚', coercion: '行政强制', rules: '规章', norms: '规范性文件', fees: '行政事业性收费', otherServices: '其他对外管理服务事项', procurement: '政府集中采购' } as Record<string, string>)[parts[1]];
    const column = ({ decisions: '', issued: '制发', repealed: '废止', inForce: '现行有效', amountYuan: '', made: '新制作', published: '新公开', total: '对外公开总数', prevItems: '上一年项目数量', itemsDelta: '增减', projects: '采购项目数量' } as Record<string, string>)[parts[2]];
    return `${row}${column}`;
  }
  if (parts[0] === 'requests') {
    const column = COLUMN_NAMES[parts[parts.length - 1]][0];
    const row = parts.slice(1, -1).join('.');
    const rowName = row === 'received' ? rng.pick(['本年新收', '新收']) : row === 'carriedOver' ? '上年结转' : row === 'carriedForward' ? '结转下年度' : OUTCOME_NAMES[row][0];
    return rng.pick([`${rowName}${column}`, `${rowName} ${column}`]);
  }
  const group = ({ review: '行政复议', directSuit: '直接起诉', suitAfterReview: '复议后起诉' } as Record<string, string>)[parts[1]];
  const outcome = ({ upheld: '维持', corrected: '纠正', other: '其他结果', pending: '尚未审结' } as Record<string, string>)[parts[2]];
  return `${group}${outcome}`;
}
