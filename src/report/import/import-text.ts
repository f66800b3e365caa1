// Import a published report from the document model (document.ts): the title found near the top
// (unit and year; else the file's name, else the prose), headings with or without their numerals,
// the format from the labels, texts and tables.
import { formatForYear, formats } from '../formats.ts';
import type { FormatId, Finding, Report, TextId } from '../report.ts';
import { documentLines, type ImportHints, type SourceDocument } from './document.ts';
import { cleanText, normLabel, readRows, simplify, type Line } from './layout.ts';
import { headingOf, sectionIds } from './sections.ts';
import { readActive, readAppeals, readRequests, type ImportProblem } from './tables.ts';
import { readHtmlDocument } from './html.ts';
import { readTextDocument } from './text-layout.ts';

export type { ImportHints, SourceDocument } from './document.ts';

/** The outcome of an import: a report with what was noticed on the way, or why there is none. */
export type ImportResult =
  | { kind: 'imported'; report: Report; findings: Finding[]; problems: ImportProblem[]; coverage: Coverage }
  | { kind: 'failed'; reason: string };

/** How much of the format an import found: cells with numbers, and what is missing, in plain Chinese. */
export interface Coverage {
  /** Cells of the format that hold a printed number. */
  filled: number;
  cells: number;
  /** What keeps the import from being a whole report (「未找到表格三」, the rows missing, no unit); empty when whole. */
  gaps: string[];
  /** Printed row labels that are not rows of the format (their numbers were not imported). */
  unplacedLabels: string[];
}

const tableNames = { 二: '表格二（主动公开政府信息情况）', 三: '表格三（收到和处理政府信息公开申请情况）', 四: '表格四（行政复议、行政诉讼情况）' } as const;

/** What an import found against what the format has: a table not found at all, or the rows of it that are missing. */
function coverageOf(report: Report, seen: Set<string>, problems: ImportProblem[]): Coverage {
  const format = formats[report.format];
  const has = (id: string) => report.values[id] !== undefined && report.values[id] !== null;
  const gaps: string[] = [];
  const rows: Record<keyof typeof tableNames, { name: string; ids: string[] }[]> = {
    二: format.active.flatMap((t) => t.rows.map((r) => ({ name: r.label, ids: t.columns.map((c) => `active.${r.key}.${c.key}`) }))),
    三: format.requestRows.map((r) => ({ name: r.short, ids: format.requestColumns.map((c) => `requests.${r.id}.${c.key}`) })),
    四: format.appealGroups.map((g) => ({ name: g.label, ids: format.appealOutcomes.map((o) => `appeals.${g.key}.${o.key}`) })),
  };
  for (const [table, list] of Object.entries(rows) as [keyof typeof tableNames, { name: string; ids: string[] }[]][]) {
    // A row printed with placeholders (「/」) throughout was found: its cells are blank, not missing.
    const found = list.filter((r) => r.ids.some((id) => has(id) || seen.has(id)));
    if (!found.length) gaps.push(`未找到${tableNames[table]}。`);
    else if (found.length < list.length) gaps.push(`${tableNames[table]}缺少${list.length - found.length}行：${list.filter((r) => !found.includes(r)).map((r) => r.name).join('、')}。`);
  }
  if (!report.unit) gaps.push('未能读出单位名称：标题中没有单位，请用 --unit 指定。');
  return {
    filled: format.cells.filter((c) => has(c.id)).length,
    cells: format.cells.length,
    gaps,
    unplacedLabels: [...new Set(problems.flatMap((p) => (p.label ? [p.label] : [])))],
  };
}

const yearPattern = /((?:19|20)\d{2})\s*年/;
const titleEnd = /(政府信息公开|政务公开|信息公开)[^。；]{0,12}(报告|年报)$/;

/** Unit and year from a title (「某某镇2020年度政府信息公开工作年度报告」 or the year first); the unit may be missing. */
export function readTitleText(raw: string): { unit?: string; year: number } | undefined {
  // Matched in simplified characters; the unit is cut from the title as printed.
  const printed = cleanText(raw).replace(/[\s\u3000]+/g, '').replace(/^(标题[:：]|#+|正文|【[^】]*】)+/, '');
  const title = simplify(printed).replace(/\(/g, '（').replace(/\)/g, '）');
  if (!titleEnd.test(title) || !yearPattern.test(title)) return undefined;
  const year = /^(?:(.*?)|关于)((?:19|20)\d{2})年度?/.exec(title);
  if (!year) return undefined;
  let unit = printed.slice(0, year[1]?.length ?? 0).replace(/^关于/, '');
  if (!unit) {
    const after = /^(?:关于)?(?:19|20)\d{2}年度?(.*?)(?:政府信息公开|政务公开|信息公开)/.exec(title);
    const start = after ? title.indexOf(after[1], title.indexOf('年') + 1) : -1;
    unit = after && start >= 0 ? printed.slice(start, start + after[1].length) : '';
  }
  unit = unit.replace(/[「」“”"《》]/g, '').replace(/(关于|的)$/, '');
  return { ...(unit.length >= 2 && { unit }), year: Number(year[2]) };
}

/** The title among the first lines: one line or up to three run together (a title wrapped over lines), breadcrumbs and site names skipped. */
function findTitle(lines: Line[], end: number, document: SourceDocument): { unit?: string; year: number; end: number } | undefined {
  const texts = lines.slice(0, end).map((l, i) => ({ text: l.text, i })).filter((l) => l.text !== '');
  for (let k = 0; k < Math.min(texts.length, 80); k++) {
    const title = readTitleText(texts[k].text);
    if (title) return { ...title, end: texts[k].i + 1 };
  }
  for (let k = 0; k < Math.min(texts.length, 80); k++) {
    let joined = texts[k].text;
    for (let n = 1; n < 3 && k + n < texts.length; n++) {
      joined += texts[k + n].text;
      if (joined.length > 80) break;
      const title = readTitleText(joined);
      if (title) return { ...title, end: texts[k + n].i + 1 };
    }
  }
  for (const part of (document.title ?? '').split(/[_|｜—–-]+/)) {
    const title = readTitleText(part);
    if (title) return { ...title, end: 0 };
  }
  return undefined;
}

/** Unit and year where the title has none: the file's name, then the prose. */
function fallbackTitle(text: string, hints: ImportHints): { unit?: string; year?: number } {
  const name = (hints.fileName ?? '').replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '');
  const fromName = readTitleText(name.replace(/\.(txt|html?|docx|pdf|md)$/i, ''));
  const yearInName = /(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)/.exec(name);
  const period = /((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(text);
  const counts = new Map<number, number>();
  for (const m of text.slice(0, 4000).matchAll(/((?:19|20)\d{2})\s*年/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const frequent = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const compiledBy = /由([\u4e00-\u9fff]{2,24}?)编制/.exec(text)?.[1];
  return {
    unit: fromName?.unit ?? compiledBy,
    year: fromName?.year ?? (yearInName ? Number(yearInName[1]) : undefined) ?? (period ? Number(period[1]) : undefined) ?? frequent,
  };
}

const markers: Record<FormatId, RegExp> = {
  2019: /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/减|采购总金额|政府集中采购/g,
  2021: /本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|逾期不补正|收费通知/g,
};

/** The format from the labels the document prints; the report year decides a tie. */
function detectFormat(lines: Line[], year: number): FormatId {
  const text = lines.map((l) => normLabel(l.text)).join('');
  const hits = (id: FormatId) => text.match(markers[id])?.length ?? 0;
  const [old, revised] = [hits('2019'), hits('2021')];
  return old === revised ? formatForYear(year) : old > revised ? '2019' : '2021';
}

/** Prose lines of a text section: cleaned, tables inside it one line per row with tab-separated cells. */
function readProse(lines: Line[]): string[] {
  const out: string[] = [];
  let table: Line[] = [];
  const flush = () => {
    for (const row of readRows(table).rows) out.push(row.cells.filter((c) => c !== '').join('\t'));
    table = [];
  };
  lines.forEach((line, i) => {
    const continuesCell = !line.cell && line.text !== '' && lines[i - 1]?.cell;
    if (line.cell || continuesCell || (line.text === '' && table.length)) {
      table.push(line);
      return;
    }
    flush();
    if (line.text !== '') out.push(line.text);
  });
  flush();
  return out;
}

/** Split a trailing signer and date off the last section; page-number lines are dropped. */
function splitSignature(lines: string[]): { body: string[]; signature?: string } {
  const body = [...lines];
  while (body.length && /^[\s()（）0-9０-９]*$/.test(body.at(-1)!)) body.pop();
  if (!body.length || !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(body.at(-1)!)) return { body };
  const date = body.pop()!;
  const signer = body.at(-1);
  if (signer && signer.length <= 30 && !/[。：]$/.test(signer) && !signer.includes('：')) {
    body.pop();
    return { body, signature: `${signer}\n${date}` };
  }
  return { body, signature: date };
}

/** Import one report from a document in the model. */
export function importDocument(document: SourceDocument, hints: ImportHints = {}): ImportResult {
  const lines = documentLines(document);
  const prose = lines.filter((l) => !l.cell).map((l) => l.text).join('\n');
  let firstHeading = lines.findIndex((l) => !l.cell && headingOf(l.text) !== undefined);
  const found = findTitle(lines, firstHeading < 0 ? lines.length : firstHeading, document);
  const fallback = found?.unit && found.year ? {} : fallbackTitle(prose, hints);
  const year = hints.year ?? found?.year ?? fallback.year;
  const unit = hints.unit ?? found?.unit ?? fallback.unit;
  if (year === undefined) {
    return { kind: 'failed', reason: '未能读出报告年份：标题应形如「某某镇2020年度政府信息公开工作年度报告」；也可用 --year 指定年份。' };
  }
  const titleEnd = found?.end ?? 0;
  // Headings printed with their numeral first; one without (「存在的主要问题及改进措施」) only where
  // its section is missing and between its neighbours, so that a line of prose is not taken for one.
  const starts: number[] = [];
  let next = 0;
  for (let i = titleEnd; i < lines.length && next < sectionIds.length; i++) {
    const section = lines[i].cell ? undefined : headingOf(lines[i].text, next, true);
    if (section === undefined) continue;
    starts[section] = i;
    next = section + 1;
  }
  sectionIds.forEach((_, k) => {
    if (starts[k] !== undefined) return;
    const after = starts.slice(0, k).filter((s) => s !== undefined).at(-1) ?? titleEnd - 1;
    const before = starts.slice(k + 1).find((s) => s !== undefined) ?? lines.length;
    for (let i = after + 1; i < before; i++) {
      if (!lines[i].cell && headingOf(lines[i].text, k) === k) {
        starts[k] = i;
        return;
      }
    }
  });
  if (!starts.some((s) => s !== undefined)) {
    return { kind: 'failed', reason: '未找到「一、总体情况」至「六、其他需要报告的事项」中的任何标题，这不像一份政府信息公开工作年度报告。' };
  }
  const bodyOf = (section: number): Line[] => {
    const start = starts[section];
    if (start === undefined) return [];
    const end = starts.slice(section + 1).find((s) => s !== undefined) ?? lines.length;
    return lines.slice(start + 1, end);
  };
  const format = detectFormat(lines, year);
  const tables = [readActive(bodyOf(1), formats[format]), readRequests(bodyOf(2), formats[format]), readAppeals(bodyOf(3), formats[format])];
  firstHeading = starts.find((s) => s !== undefined)!;
  const { body: other, signature } = splitSignature(readProse(bodyOf(5)));
  // A report that prints its problems without a heading has them after table 四.
  const problems = starts[4] === undefined ? tables[2].prose.map((l) => cleanText(l.text)) : readProse(bodyOf(4));
  const texts: Partial<Record<TextId, string>> = {
    preface: readProse(lines.slice(titleEnd, firstHeading)).join('\n'),
    overview: readProse(bodyOf(0)).join('\n'),
    requestsNote: tables[1].prose.map((l) => cleanText(l.text)).filter((l) => !/勾稽关系/.test(l)).join('\n'),
    problems: problems.join('\n'),
    other: other.join('\n'),
    signature,
  };
  for (const id of Object.keys(texts) as TextId[]) if (!texts[id]) delete texts[id];

  const findings: Finding[] = tables.flatMap((t) => t.findings);
  sectionIds.forEach((id, i) => {
    if (starts[i] === undefined && i >= 1 && i <= 3) {
      findings.push({ rule: 'T3', severity: 'error', cells: [], message: `未找到「${formats[format].sections[i].title}」部分，六个部分须齐全。` });
    }
  });
  const importProblems = [
    ...tables.flatMap((t) => t.problems),
    ...(starts[4] === undefined ? [tables[0]] : [tables[0], tables[2]]).flatMap((t) => t.prose).map((l) => ({ line: l.number, text: l.text, message: '表格部分中的文字未导入。' })),
  ];
  const values = Object.assign({}, ...tables.map((t) => t.values));
  const report: Report = { format, year, unit: unit ?? '', values, texts };
  const seen = new Set(tables.flatMap((t) => t.rowsSeen));
  return { kind: 'imported', report, findings, problems: importProblems, coverage: coverageOf(report, seen, importProblems) };
}

/** Import one report from a saved web page's bytes (UTF-8 or GBK as declared). */
export function importHtml(bytes: Uint8Array, hints: ImportHints = {}): ImportResult {
  return importDocument(readHtmlDocument(bytes), hints);
}

/** Import one report from its text (Word's text layout, or text copied from a browser or a PDF). */
export function importText(text: string, hints: ImportHints = {}): ImportResult {
  return importDocument(readTextDocument(text), hints);
}
