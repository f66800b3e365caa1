// Figures quoted in the prose of 一、总体情况 (「新收到政府信息公开申请共计23件」), for rule T1.
// Only unambiguous clauses count: one number of 件, a keyword that names the figure, no
// estimate (约, 余) and no comparison with other years. A missed figure costs nothing; a
// misread one would be a false error.
import type { ReportFormat } from './formats.ts';
import { readNumber } from './read-number.ts';

/** A figure the prose states, the table cells whose sum it must equal, and where it was read. */
export interface QuotedFigure {
  what: string;
  value: number;
  cells: string[];
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
  { what: '部分公开', test: [/部分(予以)?公开/], rows: ['partlyGranted'], requests: true },
  { what: '不予公开', test: [/不予以?公开/], rows: ['refused.'], requests: true },
  { what: '予以公开', test: [/予以公开|全部公开|同意公开/], rows: ['granted'], requests: true },
  { what: '不掌握相关政府信息', test: [/不掌握/], rows: ['unavailable.notHeld'], requests: true },
  { what: '需另行制作', test: [/另行制作/], rows: ['unavailable.needsCreation'], requests: true },
  { what: '补正后仍不明确', test: [/补正后/], rows: ['unavailable.stillUnclear'], requests: true },
  { what: '无法提供', test: [/无法提供/], rows: ['unavailable.'], requests: true },
  { what: '信访举报投诉类申请', test: [/信访|举报|投诉/, /申请/], rows: ['notProcessed.petition'], requests: true },
  { what: '重复申请', test: [/重复申请/], rows: ['notProcessed.duplicate'], requests: true },
  { what: '不予处理', test: [/不予处理/], rows: ['notProcessed.'], requests: true },
  { what: '其他处理', test: [/其他处理/], rows: ['otherHandling'], requests: true },
  { what: '新收申请', test: [/收到|受理|新收|接收|共收/, /申请/, /公开/], rows: ['received'], requests: true },
];

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

/** The figures a prose text states unambiguously, with the cells each must equal. */
export function quotedFigures(text: string, format: ReportFormat): QuotedFigure[] {
  const found: QuotedFigure[] = [];
  for (const paragraph of text.split('\n')) {
    const aboutRequests = /申请/.test(paragraph);
    for (const clause of paragraph.split(/[。！？；;，,：:、]/)) {
      const numbers = [...clause.matchAll(numberOfCases)];
      if (numbers.length !== 1 || estimate.test(clause) || notTheFigure.test(clause)) continue;
      const rule = figureRules.find((r) => r.test.every((re) => re.test(clause)));
      if (!rule || (rule.requests && !aboutRequests)) continue;
      if (rule.what !== '上年结转' && /上一?年|去年/.test(clause)) continue;
      const read = readNumber(numbers[0][1], { kind: 'count' });
      if (read.kind !== 'number') continue;
      found.push({ what: rule.what, value: read.value, cells: cellsOf(rule, format), excerpt: clause.trim() });
    }
  }
  return found;
}
