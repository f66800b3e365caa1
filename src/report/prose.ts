// Figures quoted in the prose of 一、总体情况 (「新收到政府信息公开申请共计23件」), for rule T1.
// Only unambiguous clauses count: one number of 件, keywords that tie it to one cell or a known
// sum of cells (「予以公开及部分公开42件」 is the two rows together), no estimate (约, 余) and no
// comparison with other years; 「受理」 may or may not include the carried-over applications, so
// it is compared only where that makes no difference. A missed figure costs nothing; a misread
// one would be a false error.
import type { ReportFormat } from './formats.ts';
import { readNumber } from './read-number.ts';
import { simplify } from './import/layout.ts';

/** A figure the prose states, the table cells whose sum it must equal, and where it was read. */
export interface QuotedFigure {
  what: string;
  value: number;
  cells: string[];
  /** Other sums the words could equally mean: compared only where every reading gives the same. */
  orCells?: string[][];
  excerpt: string;
}

interface FigureRule {
  what: string;
  /** The clause names this figure. */
  test: RegExp[];
  /** Section 三 rows (by id prefix) or explicit cell ids whose 总计 column sums to the figure. */
  rows?: string[];
  cells?: string[];
  /** Requests figures are read only in paragraphs about 依申请公开. */
  requests: boolean;
}

const appealTotals = ['review', 'directSuit', 'suitAfterReview'].map((g) => `appeals.${g}.total`);

// Order matters: the first rule whose every pattern matches the clause wins.
const figureRules: FigureRule[] = [
  { what: '未经复议直接起诉', test: [/未经复议|直接起诉/], cells: ['appeals.directSuit.total'], requests: false },
  { what: '复议后起诉', test: [/复议后.{0,4}起诉/], cells: ['appeals.suitAfterReview.total'], requests: false },
  { what: '行政复议和行政诉讼', test: [/复议/, /诉讼/], cells: appealTotals, requests: false },
  { what: '行政复议', test: [/复议/, /^(?!.*起诉)/], cells: ['appeals.review.total'], requests: false },
  { what: '行政诉讼', test: [/诉讼|起诉/], cells: ['appeals.directSuit.total', 'appeals.suitAfterReview.total'], requests: false },
  { what: '上年结转', test: [/结转/, /上一?年|去年/], rows: ['carriedOver'], requests: true },
  { what: '结转下年度', test: [/结转|继续办理/, /下一?年|次年|明年|继续办理/], rows: ['carriedForward'], requests: true },
  { what: '办结', test: [/办结/], rows: ['total'], requests: true },
  { what: '受理申请', test: [/受理/, /申请/, /公开/, /^(?!.*新受理|.*本年新)/], rows: ['received'], requests: true },
  { what: '新收申请', test: [/收到|受理|新收|接收|共收/, /申请/, /公开/], rows: ['received'], requests: true },
];

// The outcome rows a clause can name, most specific words first; each found is cut out of the clause.
const outcomeWords: [RegExp, string, string][] = [
  [/部分(予以)?公开/, 'partlyGranted', '部分公开'], [/不予以?公开/, 'refused.', '不予公开'], [/予以公开|全部公开|同意公开/, 'granted', '予以公开'],
  [/不掌握/, 'unavailable.notHeld', '不掌握相关政府信息'], [/另行制作/, 'unavailable.needsCreation', '需另行制作'],
  [/补正后/, 'unavailable.stillUnclear', '补正后仍不明确'], [/无法提供/, 'unavailable.', '无法提供'],
  [/重复申请/, 'notProcessed.duplicate', '重复申请'], [/信访|举报|投诉/, 'notProcessed.petition', '信访举报投诉类申请'], [/不予处理/, 'notProcessed.', '不予处理'],
  [/其他处理/, 'otherHandling', '其他处理'],
];
const joined = /及|和|与|以及|加|、/;

/** The outcome rows a clause names: one row, or several joined by 「及」「和」 (their sum); undefined when none or unclear. */
function outcomeRows(clause: string): { what: string; rows: string[] } | undefined {
  let rest = clause;
  const named: [string, string][] = [];
  for (const [re, row, what] of outcomeWords) {
    const m = re.exec(rest);
    if (!m) continue;
    named.push([row, what]);
    rest = rest.slice(0, m.index) + '\u0000' + rest.slice(m.index + m[0].length);
  }
  if (!named.length) return undefined;
  // A row and the group it belongs to (「无法提供…不掌握」): which one the number is, is not clear.
  if (named.some(([wide]) => wide.endsWith('.') && named.some(([row]) => row !== wide && row.startsWith(wide)))) return undefined;
  if (named.length > 1 && !joined.test(rest.split('\u0000').slice(1, -1).join(''))) return undefined;
  return { what: named.map(([, w]) => w).join('及'), rows: named.map(([r]) => r) };
}

const numberOfCases = /([0-9０-９]+|[零〇一二两三四五六七八九十百千万]+)\s*件/g;
const estimate = /约|余件|多件|左右|近|超过|以上|不到|不足/;
// A part of a figure (「其他处理中有1件为撤回」) or another year's figure is not the figure.
const notTheFigure = /同比|较|上年同期|中有/;

function cellsOf(rule: FigureRule, format: ReportFormat): string[] {
  if (rule.cells) return rule.cells;
  return format.requestRows
    .filter((r) => rule.rows!.some((prefix) => (prefix.endsWith('.') ? r.id.startsWith(prefix) : r.id === prefix || r.id.startsWith(`${prefix}.`))))
    .map((r) => `requests.${r.id}.total`);
}

// Every check of a draft reads its 总体情况 again, unchanged on most turns: the figures of the
// texts read lately are kept (read-only), the oldest forgotten first.
const lately = new Map<string, readonly QuotedFigure[]>();
const KEEP = 200;

/** The figures a prose text states unambiguously, with the cells each must equal. */
export function quotedFigures(text: string, format: ReportFormat): readonly QuotedFigure[] {
  const key = `${format.id}\u0000${text}`;
  const known = lately.get(key);
  if (known) return known;
  const found = Object.freeze(readFigures(text, format).map((f) => Object.freeze(f)));
  if (lately.size >= KEEP) lately.delete(lately.keys().next().value!);
  lately.set(key, found);
  return found;
}

function readFigures(text: string, format: ReportFormat): QuotedFigure[] {
  const found: QuotedFigure[] = [];
  for (const paragraph of simplify(text).split('\n')) {
    const aboutRequests = /申请/.test(paragraph);
    for (const whole of paragraph.split(/[。！？；;，,：:、]/)) {
      // A remark in brackets (「（含上年结转36件）」) is not the clause's figure.
      // 「所有办结的申请中同意公开9件」: the figure is of the part named after 「…中」.
      const clause = whole.replace(/（[^（）]*）|\([^()]*\)/g, '').replace(/^.*(申请|案件|事项)中/, '');
      const numbers = [...clause.matchAll(numberOfCases)];
      if (numbers.length !== 1 || estimate.test(clause) || notTheFigure.test(clause)) continue;
      const read = readNumber(numbers[0][1], { kind: 'count' });
      if (read.kind !== 'number') continue;
      const outcome = aboutRequests && !/复议|诉讼|结转|新收|收到|受理|办结/.test(clause) ? outcomeRows(clause) : undefined;
      const rule = outcome ? { what: outcome.what, rows: outcome.rows, requests: true, test: [] } : figureRules.find((r) => r.test.every((re) => re.test(clause)));
      if (!rule || (rule.requests && !aboutRequests)) continue;
      if (rule.what !== '上年结转' && /上一?年|去年/.test(clause)) continue;
      // 「受理」 counts the new applications, and in some reports the carried-over ones too.
      const carried = rule.what === '受理申请' && /含|包括/.test(paragraph) && /上年结转/.test(paragraph);
      const cells = cellsOf(carried ? { ...rule, rows: ['received', 'carriedOver'] } : rule, format);
      const orCells = rule.what === '受理申请' && !carried ? [cellsOf({ ...rule, rows: ['received', 'carriedOver'] }, format)] : undefined;
      found.push({ what: rule.what, value: read.value, cells, ...(orCells && { orCells }), excerpt: clause.trim() });
    }
  }
  return found;
}
