// Sections 二, 三 and 四 of a published report: rows found by their labels, values read with
// the one number reader, and every number that has no place reported.
import type { Cell, ReportFormat } from '../formats.ts';
import type { Finding } from '../report.ts';
import { readNumber } from '../read-number.ts';
import { normLabel, readRows, splitRow, type Line, type Row } from './layout.ts';

/** A number in a table that could not be placed or read; never dropped silently. */
export interface ImportProblem {
  line: number;
  text: string;
  message: string;
  /** The printed label of a row that is not in the format, when that is why its numbers have no place. */
  label?: string;
}

/** What the tables of one section gave: cell values, findings about them, problems. */
export interface TableResult {
  values: Record<string, number>;
  findings: Finding[];
  problems: ImportProblem[];
  prose: Line[];
  /** The cells of every row found, blank ones (printed 「/」) included. */
  rowsSeen: string[];
}

type Value = { text: string; line: number };

function emptyResult(prose: Line[]): TableResult {
  return { values: {}, findings: [], problems: [], prose, rowsSeen: [] };
}

/** Read one value into its cell: blank stays absent; a bare 2019 amount gets a unit and a P4 warning. */
function place(result: TableResult, cell: Cell, value: Value, format: ReportFormat): void {
  const read = readNumber(value.text, { kind: cell.kind, ...(cell.kind === 'money' && format.id === '2021' && { defaultUnit: '万元' as const }) });
  if (read.kind === 'blank') return;
  if (read.kind === 'number') {
    result.values[cell.id] = read.value;
  } else if (read.kind === 'needsUnit') {
    const yuan = read.amount >= 100000;
    const value = yuan ? read.amount : Math.round(read.amount * 1e6) / 100;
    result.values[cell.id] = value;
    result.findings.push({
      rule: 'P4', severity: 'warning', cells: [cell.id],
      message: `「${cell.label}」印为「${read.amount}」，未注明单位，已按${yuan ? '元' : '万元'}计为${value}元（${value / 10000}万元）。`,
      suggestion: '请确认单位：如为万元或元，请在表中注明。',
    });
  } else {
    result.problems.push({ line: value.line, text: value.text, message: `「${cell.label}」无法读取：${read.reason}` });
  }
}

/** Report a row's numbers that found no cell, as one problem naming the row's first line. */
function unplaced(result: TableResult, values: Value[], why: string, label?: string): void {
  const numbers = values.filter((v) => /[0-9０-９]/.test(v.text));
  if (numbers.length) result.problems.push({ line: numbers[0].line, text: numbers.map((v) => v.text).join(' '), message: why, ...(label && { label }) });
}

/** Put a row's values into its cells; surplus or missing values are problems, not guesses. */
function fillRow(result: TableResult, cells: Cell[], printed: Value[], label: string, format: ReportFormat): void {
  // Blank cells past the row's end are the table's empty columns (a `|||` line, a wider header).
  let values = printed;
  while (values.length > cells.length && values.at(-1)!.text === '') values = values.slice(0, -1);
  if (cells.some((c) => c.id in result.values)) {
    unplaced(result, values, `「${label}」行重复出现，未导入。`);
  } else if (values.length === 1 && cells.length > 1 && new RegExp(`^[0-9]{${cells.length},}$`).test(values[0].text)) {
    unplaced(result, values, `「${label}」行的${cells.length}个数连在一起印成「${values[0].text}」，可以有不止一种拆分，未导入。`);
  } else if (values.length !== cells.length) {
    unplaced(result, values, `「${label}」行应有${cells.length}个数，这里有${values.length}个，无法确定对应关系。`);
  } else {
    cells.forEach((cell, i) => place(result, cell, values[i], format));
    result.rowsSeen.push(...cells.map((c) => c.id));
  }
}

const synonyms: Record<string, string> = { 行政规范性文件: '规范性文件' };
const canonical = (label: string) => synonyms[label] ?? label;

/** Section 二: each sub-table row by its label (规章, 行政许可, 政府集中采购 …). */
export function readActive(lines: Line[], format: ReportFormat): TableResult {
  const { rows, prose } = readRows(lines);
  const result = emptyResult(prose);
  for (const row of rows) {
    const { labels, values } = splitRow(row);
    if (!values.length) continue; // captions and header rows
    const rowsOf = format.active.flatMap((t) => t.rows.map((r) => ({ row: r, table: t })));
    const find = (text: string) => rowsOf.find(({ row: r }) => canonical(normLabel(r.label)) === canonical(normLabel(text)));
    // A label broken over two lines (or two paragraphs of one cell) is tried whole.
    const label = normLabel(labels.at(-1) ?? '');
    const known = find(label) ?? (labels.length > 1 ? find(labels.slice(-2).join('')) : undefined);
    if (!known) {
      unplaced(result, values, `第二部分「${label || '（无标签）'}」不是国家格式中的行，其数字未导入。`, label || undefined);
      continue;
    }
    const cells = known.table.columns.map((c) => format.cell.get(`active.${known.row.key}.${c.key}`)!);
    fillRow(result, cells, values, known.row.label, format);
  }
  return result;
}

// Section 三 row labels by keyword, most specific first; 「其他」 alone only under （六）.
const requestKeywords: [RegExp, string][] = [
  [/本年新收/, 'received'], [/上年结转/, 'carriedOver'], [/结转下年度/, 'carriedForward'], [/总计/, 'total'],
  [/部分公开/, 'partlyGranted'], [/予以公开/, 'granted'],
  [/国家秘密/, 'refused.stateSecret'], [/法律.?行政法规禁止/, 'refused.prohibitedByLaw'], [/三安全一稳定/, 'refused.threeSecurities'],
  [/第三方/, 'refused.thirdParty'], [/内部事务/, 'refused.internalAffairs'], [/过程性/, 'refused.processInfo'],
  [/执法案卷/, 'refused.enforcementFile'], [/查询事项/, 'refused.queryMatter'],
  [/不掌握/, 'unavailable.notHeld'], [/另行制作/, 'unavailable.needsCreation'], [/补正后|仍不明确/, 'unavailable.stillUnclear'],
  [/信访/, 'notProcessed.petition'], [/重复申请/, 'notProcessed.duplicate'], [/出版物/, 'notProcessed.publication'],
  [/大量反复/, 'notProcessed.excessive'], [/重新出具/, 'notProcessed.confirmation'],
  [/逾期不补正/, 'otherHandling.noCorrection'], [/收费通知|缴纳费用/, 'otherHandling.unpaidFee'],
  [/其他处理/, 'otherHandling'],
];

function rowOfLabel(label: string, group: string): string | undefined {
  if (/^([0-9]+[.．、])?其他$/.test(label)) return group === '六' ? 'otherHandling.other' : undefined;
  return requestKeywords.find(([re]) => re.test(label))?.[1];
}

function requestRowOf(labels: string[], group: string): string | undefined {
  const last = normLabel(labels.at(-1) ?? '');
  if (last === '') return undefined;
  // The last label, else the last two run together (a label broken over two lines).
  return rowOfLabel(last, group) ?? (labels.length > 1 ? rowOfLabel(normLabel(labels.slice(-2).join('')), group) : undefined);
}

const headerLabel = /^(申请人情况|自然人|法人或其他组织|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计)$/;

const groupOf = (label: string) => /^（([三四五六])）/.exec(normLabel(label))?.[1];

/** Section 三: 25 (2021) or 23 (2019) rows × 7 columns, rows recognised by their labels. */
export function readRequests(lines: Line[], format: ReportFormat): TableResult {
  const { rows, prose } = readRows(lines);
  const result = emptyResult(prose);
  let group = '';
  // Rows of numbers printed without their label (a PDF converter put the labels elsewhere): placed
  // by position between two labelled rows, only when their count is exactly the rows between.
  const unlabelled: { after: number; values: Value[] }[] = [];
  let lastPlaced = -1;
  for (const row of rows) {
    const { labels, values } = splitRow(row);
    for (const label of labels) group = groupOf(label) ?? group;
    if (!values.length || headerLabel.test(normLabel(labels.at(-1) ?? ''))) continue;
    if (!labels.length) {
      if (values.every((v) => v.text === '')) continue;
      unlabelled.push({ after: lastPlaced, values });
      continue;
    }
    const rowId = requestRowOf(labels, group);
    const spec = format.requestRows.find((r) => r.id === rowId);
    const name = labels.at(-1) ?? '（无标签）';
    if (spec) lastPlaced = format.requestRows.indexOf(spec);
    if (!spec) {
      const why = rowId?.startsWith('otherHandling')
        ? `「${name}」属于${format.id === '2021' ? '2019年格式的（六）其他处理单行，2021年格式分为三行' : '2021年格式的（六）分行，2019年格式只有一行'}，无法确定归属，未导入。`
        : `第三部分「${name}」不是国家格式中的行，其数字未导入。`;
      unplaced(result, values, why, name);
      continue;
    }
    const cells = format.requestColumns.map((c) => format.cell.get(`requests.${spec.id}.${c.key}`)!);
    fillRow(result, cells, values, spec.short, format);
  }
  placeByPosition(result, unlabelled, format);
  return result;
}

/** Unlabelled rows of numbers into the rows left between the labelled ones, when the counts agree. */
function placeByPosition(result: TableResult, unlabelled: { after: number; values: Value[] }[], format: ReportFormat): void {
  const filled = (i: number) => `requests.${format.requestRows[i].id}.natural` in result.values;
  const byGap = new Map<number, typeof unlabelled>();
  for (const u of unlabelled) byGap.set(u.after, [...(byGap.get(u.after) ?? []), u]);
  for (const [after, group] of byGap) {
    let end = after + 1;
    while (end < format.requestRows.length && !filled(end)) end++;
    const slots = format.requestRows.slice(after + 1, end);
    if (slots.length !== group.length) {
      for (const u of group) unplaced(result, u.values, '第三部分这一行数字没有行名，无法确定属于哪一行，未导入。');
      continue;
    }
    slots.forEach((spec, i) => {
      const cells = format.requestColumns.map((c) => format.cell.get(`requests.${spec.id}.${c.key}`)!);
      fillRow(result, cells, group[i].values, spec.short, format);
    });
  }
}

/** Section 四: the 15 value cells in printed order (复议, 直接起诉, 复议后起诉 × 5). */
export function readAppeals(lines: Line[], format: ReportFormat): TableResult {
  const { rows, prose } = readRows(lines);
  const result = emptyResult(prose);
  const values = rows.flatMap((row: Row) => splitRow(row).values);
  const cells = format.cells.filter((c) => c.section === '四');
  // A table printed blank throughout is there, blank (T7 says so), whatever its empty cells number.
  if (rows.length && values.length && values.every((v) => v.text === '')) result.rowsSeen.push(...cells.map((c) => c.id));
  else fillRow(result, cells, values, '第四部分', format);
  return result;
}
