// The names officials use for rows, columns and outcomes (「律所」 for 法律服务机构, 「不掌握」 for
// （四）1), and a longest-match scan that finds them in a message. Column names are in every
// lexicon so that 「其他组织」 is read as a column, not as the outcome 「其他」 plus stray text.
import { formats, type ReportFormat } from '../../src/report/formats.ts';
import type { TextKey } from './state.ts';

/** What a name in a message stands for. */
export type Target =
  | { kind: 'row'; section: '二' | '三' | '四'; row: string; step: string }
  | { kind: 'cell'; id: string }
  | { kind: 'column'; section: '二' | '三' | '四'; key: string }
  | { kind: 'group'; name: string; hint: string }
  | { kind: 'total' }
  | { kind: 'text'; id: TextKey };

/** A name found in a message: where it is and what it names. */
export interface NameHit {
  start: number;
  end: number;
  alias: string;
  target: Target;
}

/** Aliases indexed by first character, longest first. */
export type Lexicon = Map<string, { alias: string; target: Target }[]>;

const half = (s: string) => s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

function lexicon(entries: [string, Target][]): Lexicon {
  const byAlias = new Map<string, Target>();
  for (const [alias, target] of entries) byAlias.set(half(alias), target); // later entries win
  const index: Lexicon = new Map();
  for (const [alias, target] of byAlias) {
    const list = index.get(alias[0]) ?? [];
    list.push({ alias, target });
    index.set(alias[0], list);
  }
  for (const list of index.values()) list.sort((a, b) => b.alias.length - a.alias.length);
  return index;
}

/** Every name in the text, scanning left to right and taking the longest name at each position. */
export function findNames(text: string, lex: Lexicon): NameHit[] {
  const hits: NameHit[] = [];
  for (let i = 0; i < text.length; ) {
    const hit = lex.get(text[i])?.find((e) => text.startsWith(e.alias, i));
    if (!hit) {
      i++;
      continue;
    }
    const prev = hits.at(-1);
    // A label pasted with its number and name (「（四）1.本机关不掌握」) names its row once.
    if (prev && JSON.stringify(prev.target) === JSON.stringify(hit.target) && /^[\s.．、:：,，]{0,3}$/.test(text.slice(prev.end, i))) {
      prev.end = i + hit.alias.length;
    } else hits.push({ start: i, end: i + hit.alias.length, alias: hit.alias, target: hit.target });
    i += hit.alias.length;
  }
  return hits;
}

/** Names of the six applicant columns of section 三. */
export const applicantAliases: Record<string, string[]> = {
  natural: ['自然人', '个人', '公民'],
  business: ['商业企业', '企业', '公司'],
  research: ['科研机构', '科研'],
  publicInterest: ['社会公益组织', '公益组织', '公益'],
  legalService: ['法律服务机构', '法律服务', '律师事务所', '律所', '律师'],
  otherOrg: ['其他法人或其他组织', '其他组织', '其他法人', '其他机构', '其他', '其它'],
};
/** Names of the four outcome columns of section 四. */
export const appealAliases: Record<string, string[]> = {
  upheld: ['结果维持', '维持', '驳回', '维持原'],
  corrected: ['结果纠正', '纠正'],
  other: ['其他结果', '其他', '其它'],
  pending: ['尚未审结', '未审结', '未结', '审理中', '在审'],
};
/** Names of the section 二 columns of both formats, by column key. */
export const activeColumnAliases: Record<string, string[]> = {
  made: ['本年新制作数量', '新制作数量', '新制作', '制作'],
  published: ['本年新公开数量', '新公开数量', '新公开'],
  total: ['对外公开总数量', '对外公开总数', '公开总数量', '公开总数', '总数量', '总数'],
  prevItems: ['上一年项目数量', '上一年项目数', '上年项目数量', '上年项目数', '上一年', '上年'],
  itemsDelta: ['本年增/减', '本年增减', '增/减', '增减'],
  decisions: ['本年处理决定数量', '处理决定数量', '处理决定数', '处理决定', '决定数量', '决定数', '办件量', '办件'],
  projects: ['采购项目数量', '项目数量', '项目数', '项目'],
  amountYuan: ['本年收费金额', '收费金额', '采购总金额', '总金额', '采购金额', '金额'],
  issued: ['本年制发件数', '制发件数', '制发'],
  repealed: ['本年废止件数', '废止件数', '废止'],
  inForce: ['现行有效件数', '现行有效', '有效件数'],
};

const activeRowAliases: Record<string, string[]> = {
  rules: ['规章'],
  norms: ['行政规范性文件', '规范性文件'],
  licensing: ['行政许可', '许可'],
  otherServices: ['其他对外管理服务事项', '其他对外管理服务', '对外管理服务事项', '对外管理服务', '管理服务事项'],
  penalty: ['行政处罚', '处罚'],
  coercion: ['行政强制', '强制'],
  fees: ['行政事业性收费', '事业性收费', '收费'],
  procurement: ['政府集中采购', '集中采购', '采购'],
};

const inputRowAliases: Record<string, string[]> = {
  received: ['一、本年新收政府信息公开申请数量', '本年新收政府信息公开申请数量', '一、本年新收', '本年新收', '新收'],
  carriedOver: ['二、上年结转政府信息公开申请数量', '上年结转政府信息公开申请数量', '二、上年结转', '上年结转', '上年度结转'],
  carriedForward: ['四、结转下年度继续办理', '结转下年度继续办理', '四、结转下年度', '结转下年度', '结转下一年度', '结转下年', '继续办理'],
};

// Outcome names both for naming a row anywhere (「改 不掌握 2」) and in the outcome list.
const outcomeAliases: Record<string, string[]> = {
  granted: ['予以公开', '全部公开', '同意公开'],
  partlyGranted: ['部分公开(区分处理的,只计这一情形,不计其他情形)', '部分予以公开', '部分公开', '部分同意公开'],
  'refused.stateSecret': ['属于国家秘密', '国家秘密', '涉密'],
  'refused.prohibitedByLaw': ['其他法律行政法规禁止公开', '法律行政法规禁止公开', '法律法规禁止公开', '法律行政法规禁止', '法律法规禁止', '法律禁止', '禁止公开'],
  'refused.threeSecurities': ['危及三安全一稳定', '三安全一稳定', '三安全'],
  'refused.thirdParty': ['保护第三方合法权益', '第三方合法权益', '第三方权益', '第三方'],
  'refused.internalAffairs': ['属于三类内部事务信息', '三类内部事务', '内部事务信息', '内部事务'],
  'refused.processInfo': ['属于四类过程性信息', '四类过程性信息', '过程性信息', '过程性'],
  'refused.enforcementFile': ['属于行政执法案卷', '行政执法案卷', '执法案卷'],
  'refused.queryMatter': ['属于行政查询事项', '行政查询事项', '行政查询', '查询事项'],
  'unavailable.notHeld': ['本机关不掌握相关政府信息', '不掌握相关政府信息', '不掌握相关信息', '本机关不掌握', '不掌握', '信息不存在'],
  'unavailable.needsCreation': ['没有现成信息需要另行制作', '没有现成信息', '需另行制作', '需要另行制作', '另行制作', '需要制作'],
  'unavailable.stillUnclear': ['补正后申请内容仍不明确', '补正后仍不明确', '补正后不明确', '内容不明确', '不明确'],
  'notProcessed.petition': ['信访举报投诉类申请', '信访举报投诉', '信访', '举报', '投诉'],
  'notProcessed.duplicate': ['重复申请'],
  'notProcessed.publication': ['要求提供公开出版物', '公开出版物', '出版物'],
  'notProcessed.excessive': ['无正当理由大量反复申请', '大量反复申请', '大量反复'],
  'notProcessed.confirmation': ['要求行政机关确认或重新出具已获取信息', '要求确认或重新出具已获取信息', '要求行政机关确认或重新出具', '要求确认或重新出具', '确认或重新出具', '重新出具', '要求确认'],
  otherHandling: ['其他处理'],
  'otherHandling.noCorrection': ['逾期不补正', '不补正'],
  'otherHandling.unpaidFee': ['逾期未缴纳费用', '逾期未缴费', '逾期不缴费', '未按收费通知缴纳费用', '未缴费', '未缴纳费用'],
  'otherHandling.other': ['其他处理', '3.其他'],
};

// Only in the outcome list, where nothing else can be meant.
const outcomeListExtras: Record<string, string[]> = {
  granted: ['公开'],
  partlyGranted: ['部分'],
  'refused.stateSecret': ['秘密'],
  'unavailable.stillUnclear': ['补正'],
  'notProcessed.duplicate': ['重复'],
  'notProcessed.confirmation': ['确认'],
  otherHandling: ['其他', '其它', '申请人自己撤回', '申请人撤回', '撤回申请', '撤回'],
  'otherHandling.unpaidFee': ['缴费'],
  'otherHandling.other': ['其他', '其它', '申请人自己撤回', '申请人撤回', '撤回申请', '撤回'],
};

const groups: [string, string][] = [
  ['不予公开', '请写明不予公开的理由，如：第三方1、过程性2'],
  ['无法提供', '请写明无法提供的情形，如：不掌握2、另行制作1'],
  ['不予处理', '请写明不予处理的情形，如：信访3、重复申请1'],
];

/** The numbered names of section 三 rows: 「（三）1」「三（三）1」 for （三）1.国家秘密, 「（一）」 for 予以公开. */
function numberedAliases(format: ReportFormat): [string, Target][] {
  const out: [string, Target][] = [];
  for (const row of format.requestRows) {
    const m = /^\((.)\)(\d)?/.exec(half(row.short));
    if (!m) continue;
    const target: Target = row.role === 'total' ? { kind: 'total' } : { kind: 'row', section: '三', row: row.id, step: 'requests.outcomes' };
    const base = `(${m[1]})${m[2] ?? ''}`;
    for (const alias of [base, `三${base}`, ...(m[2] ? [`${base}.`, `三${base}.`] : [])]) out.push([alias, target]);
  }
  return out;
}

function columnEntries(format: ReportFormat): [string, Target][] {
  const out: [string, Target][] = [];
  for (const [key, list] of Object.entries(applicantAliases)) for (const a of list) out.push([a, { kind: 'column', section: '三', key }]);
  for (const [key, list] of Object.entries(appealAliases)) for (const a of list) out.push([a, { kind: 'column', section: '四', key }]);
  const activeKeys = new Set(format.active.flatMap((t) => t.columns.map((c) => c.key)));
  for (const [key, list] of Object.entries(activeColumnAliases)) {
    if (activeKeys.has(key)) for (const a of list) out.push([a, { kind: 'column', section: '二', key }]);
  }
  for (const a of ['总计', '合计']) out.push([a, { kind: 'column', section: '三', key: 'total' }]);
  return out;
}

function outcomeEntries(format: ReportFormat, extras: boolean): [string, Target][] {
  const out: [string, Target][] = [];
  for (const row of format.requestRows.filter((r) => r.role === 'outcome')) {
    const target: Target = { kind: 'row', section: '三', row: row.id, step: 'requests.outcomes' };
    // The label as printed, without its ordinal (「申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」), as pasted from a sheet.
    const printed = half(row.label).replace(/^\(?[一二三四五六七]?\)?\d?\.?/, '').replace(/\(区分处理的.*\)$/, '');
    for (const a of [...(printed.length >= 5 ? [printed] : []), ...(outcomeAliases[row.id] ?? []), ...(extras ? outcomeListExtras[row.id] ?? [] : [])]) if (a) out.push([a, target]);
  }
  return out;
}

function buildNaming(format: ReportFormat): Lexicon {
  const entries: [string, Target][] = columnEntries(format);
  for (const table of format.active) {
    for (const row of table.rows) {
      for (const a of activeRowAliases[row.key] ?? []) entries.push([a, { kind: 'row', section: '二', row: row.key, step: `active.${row.key}` }]);
    }
  }
  // Column names that only one row has name the cell itself.
  if (format.id === '2019') {
    entries.push(['采购项目数量', { kind: 'cell', id: 'active.procurement.projects' }], ['采购总金额', { kind: 'cell', id: 'active.procurement.amountYuan' }]);
  } else {
    entries.push(['本年收费金额', { kind: 'cell', id: 'active.fees.amountYuan' }], ['收费金额', { kind: 'cell', id: 'active.fees.amountYuan' }]);
  }
  for (const [row, list] of Object.entries(inputRowAliases)) {
    for (const a of list) entries.push([a, { kind: 'row', section: '三', row, step: `requests.${row}` }]);
  }
  entries.push(...outcomeEntries(format, false), ...numberedAliases(format));
  for (const a of ['(七)总计', '三(七)总计', '(七)', '三(七)', '七总计']) entries.push([a, { kind: 'total' }]);
  for (const group of format.appealGroups) {
    const aliases = { review: ['行政复议', '复议'], directSuit: ['未经复议直接起诉', '直接起诉', '直接诉讼'], suitAfterReview: ['复议后起诉', '复议后诉讼', '复议后再起诉', '复议后又起诉', '复议后又诉', '复议后又告'] }[group.key] ?? [];
    for (const a of aliases) entries.push([a, { kind: 'row', section: '四', row: group.key, step: `appeals.${group.key}` }]);
  }
  const texts: [TextKey, string[]][] = [
    ['overview', ['总体情况', '一、总体情况']],
    ['problems', ['存在的主要问题及改进情况', '存在的主要问题', '主要问题', '问题及改进', '改进情况']],
    ['other', ['其他需要报告的事项', '其他需要报告', '其他事项']],
  ];
  for (const [id, list] of texts) for (const a of list) entries.push([a, { kind: 'text', id }]);
  return lexicon(entries);
}

function buildOutcomeList(format: ReportFormat): Lexicon {
  const entries = [...columnEntries(format).filter(([, t]) => t.kind === 'column' && t.section === '三'), ...outcomeEntries(format, true), ...numberedAliases(format)];
  for (const [name, hint] of groups) entries.push([name, { kind: 'group', name, hint }]);
  return lexicon(entries);
}

const naming = { 2019: buildNaming(formats['2019']), 2021: buildNaming(formats['2021']) };
const outcomeLists = { 2019: buildOutcomeList(formats['2019']), 2021: buildOutcomeList(formats['2021']) };

/** Names of rows, cells, texts and columns, for corrections and answers that name their row. */
export function namingLexicon(format: ReportFormat): Lexicon {
  return naming[format.id];
}

/** Names of outcome rows (with the short keywords of the outcome list) and of applicant columns. */
export function outcomeLexicon(format: ReportFormat): Lexicon {
  return outcomeLists[format.id];
}

/** A lexicon of the given columns only: `[key, aliases]`. */
export function columnLexicon(columns: [string, string[]][], section: '二' | '三' | '四'): Lexicon {
  return lexicon(columns.flatMap(([key, list]) => list.map((a): [string, Target] => [a, { kind: 'column', section, key }])));
}
