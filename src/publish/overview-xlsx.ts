// The campaign overview as an Excel workbook for supervisors: 填报情况 (a row per unit with its
// dates, filer, key figures and section 二, the roll-up's total and the units left out of it),
// 汇总表 (every cell of the format, per unit and summed), 问题清单 (every finding of every unit),
// 汇总报告问题 (the findings on the roll-up), 未计入汇总 (who is not in the roll-up, and why),
// 内容雷同 (texts that are near-copies) and 图表 (hand-ins per day, status by unit kind, as charts).
// Header rows stay in view and carry filters.
import ExcelJS from 'exceljs';
import { COPY_THRESHOLD } from '../../handlers/similarity.ts';
import { stateWords } from '../../handlers/standing.ts';
import { severityWords } from '../report/check.ts';
import { formats, type Cell, type SectionId } from '../report/formats.ts';
import type { Finding, FormatId } from '../report/report.ts';
import { keyFiguresOf, type KeyFigure, type KeyFigures, type Overview } from './campaign-overview.ts';
import { MIN_COMPARED_CHARS } from './near-copies.ts';
import { chartsSheet } from './overview-charts.ts';
import type { RollUp } from './rollup.ts';
import { addColumnCharts } from './xlsx-chart.ts';


const figureColumns: { key: KeyFigure; header: string }[] = [
  { key: 'received', header: '本年新收申请' }, { key: 'carriedOver', header: '上年结转' }, { key: 'concluded', header: '办结' },
  { key: 'carriedForward', header: '结转下年' }, { key: 'granted', header: '予以公开' }, { key: 'reviews', header: '行政复议' },
  { key: 'reviewsCorrected', header: '复议纠正' }, { key: 'suits', header: '行政诉讼' }, { key: 'suitsCorrected', header: '诉讼纠正' },
];

/** Section 二's cells of a format, in its order. */
const activeCells = (format: FormatId): Cell[] => formats[format].cells.filter((c) => c.section === '二');

/** A cell's figure as the Word file prints it: money (stored in 元) in 万元, as render-text.ts's printedValue does. */
const shown = (cell: Cell, value: number | null | undefined): number | null =>
  value === undefined || value === null ? null : cell.kind === 'money' ? Number((value / 10000).toFixed(6)) : value;

/** A cell's label, naming 万元 where the format's own label does not (2019's 采购总金额). */
const labelOf = (cell: Cell) => (cell.kind === 'money' && !cell.label.includes('万元') ? `${cell.label}（万元）` : cell.label);

/** The columns of 填报情况: the unit, its standing, dates and filer, findings, key figures, then section 二. */
const unitColumns = (format: FormatId) => [
  { header: '单位', width: 30 }, { header: '类型', width: 10 }, { header: '状态', width: 8 }, { header: '进度（%）', width: 10 },
  { header: '待填内容', width: 32 }, { header: '截止日期', width: 12 }, { header: '逾期工作日', width: 10 },
  { header: '提交时间', width: 17 }, { header: '通过时间', width: 17 }, { header: '填报人', width: 10 }, { header: '填报人企业微信账号', width: 18 },
  { header: '错误数', width: 8 }, { header: '提醒数', width: 8 },
  ...figureColumns.map((c) => ({ header: c.header, width: 12 })),
  ...activeCells(format).map((c) => ({ header: `主动公开·${labelOf(c)}`, width: 14 })),
];
const ERRORS_COLUMN = 12;
const findingColumns = [
  { header: '单位', width: 30 }, { header: '严重程度', width: 10 }, { header: '规则', width: 8 },
  { header: '说明', width: 60 }, { header: '建议', width: 40 }, { header: '涉及单元格', width: 40 },
];

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const RED = { argb: 'FFC00000' };
const wrapped: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

// Findings on a text name its section: texts.problems is 「五、存在的主要问题及改进情况」.
const textSections: Partial<Record<string, SectionId>> = { overview: '一', problems: '五', other: '六' };

/** The name of a cell of a finding, as the format prints it. */
function cellLabel(format: FormatId, id: string): string {
  const text = /^texts\.(\w+)$/.exec(id);
  if (text) return formats[format].sections.find((s) => s.id === textSections[text[1]])?.title ?? id;
  return formats[format].cell.get(id)?.label ?? id;
}

function headerRow(sheet: ExcelJS.Worksheet, headers: string[]): ExcelJS.Row {
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
  return row;
}

const figures = (values: KeyFigures) => figureColumns.map((c) => values[c.key]);
const active = (format: FormatId, values: Record<string, number | null> | undefined) => activeCells(format).map((c) => shown(c, values?.[c.id]));

/** Printed on A4 landscape, all columns on one page wide, the header rows on every page. */
function printed(titleRows: string): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: titleRows };
}

/** Sheet 1: the title, a header, a row per unit, the roll-up's total and who is not in it. */
function unitsSheet(workbook: ExcelJS.Workbook, overview: Overview): void {
  const { campaign, rollUp } = overview;
  const columns = unitColumns(campaign.format);
  const sheet = workbook.addWorksheet('填报情况', { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }], pageSetup: printed('1:2') });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const title = sheet.addRow([`${overview.scope}${campaign.year}年度政府信息公开工作年度报告填报情况（截至${overview.today}）`]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  headerRow(sheet, columns.map((c) => c.header));
  for (const unit of overview.units) {
    const row = sheet.addRow([
      unit.name, unit.kind, stateWords[unit.status], unit.percent, unit.missing, unit.deadline, unit.daysLate,
      unit.submittedAt ?? null, unit.approvedAt ?? null, unit.filer?.name ?? null, unit.filer?.userId ?? null,
      unit.errors, unit.warnings, ...figures(unit.figures), ...active(campaign.format, unit.report?.values),
    ]);
    if (unit.daysLate > 0) row.getCell(7).font = { color: RED };
    if (unit.errors > 0) row.getCell(ERRORS_COLUMN).font = { color: RED };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + overview.units.length, column: columns.length } };
  const errors = rollUp.findings.filter((f) => f.severity === 'error').length;
  const warnings = rollUp.findings.filter((f) => f.severity === 'warning').length;
  const total = sheet.addRow([
    '合计（汇总）', ...Array(ERRORS_COLUMN - 2).fill(null), errors, warnings, ...figures(keyFiguresOf(rollUp.report)), ...active(campaign.format, rollUp.report.values),
  ]);
  total.font = { bold: true };
  note(sheet, columns.length, `合计为已提交（含已通过、已导入）的${rollUp.included.length}个单位${campaign.format}年格式报告逐项相加之和，并已重新核对（见「汇总报告问题」）；各项数字见「汇总表」。`);
  note(sheet, columns.length, leftNote(rollUp.left));
}

/** 汇总表: every cell of the format (a row each), summed, then each unit summed into it (a column each). */
function rollUpSheet(workbook: ExcelJS.Workbook, overview: Overview): void {
  const { campaign, rollUp } = overview;
  const reports = new Map(overview.units.flatMap((u) => (u.report ? [[u.name, u.report] as const] : [])));
  const columns = [{ header: '部分', width: 6 }, { header: '项目', width: 40 }, { header: '字段编号', width: 30 }, { header: '合计（汇总）', width: 14 },
    ...rollUp.included.map((name) => ({ header: name, width: 14 }))];
  const sheet = workbook.addWorksheet('汇总表', { views: [{ state: 'frozen', xSplit: 4, ySplit: 2 }], pageSetup: printed('1:2') });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const title = sheet.addRow([`${rollUp.report.unit}${campaign.year}年度政府信息公开工作年度报告汇总表（${campaign.format}年格式，截至${overview.today}）`]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, Math.min(columns.length, 8));
  headerRow(sheet, columns.map((c) => c.header));
  for (const cell of formats[campaign.format].cells) {
    const row = sheet.addRow([cell.section, labelOf(cell), cell.id, shown(cell, rollUp.report.values[cell.id]), ...rollUp.included.map((name) => shown(cell, reports.get(name)?.values[cell.id]))]);
    row.getCell(4).font = { bold: true };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + formats[campaign.format].cells.length, column: columns.length } };
  note(sheet, 8, `合计（汇总）为右侧${rollUp.included.length}个单位的数字逐项相加之和，与汇总报告（Word）所印数字相同；空白为各单位均未填写。`);
  note(sheet, 8, leftNote(rollUp.left));
}

// A province's worth of copied boilerplate could be a million pairs: the most similar are listed.
const NEAR_COPIES_LISTED = 10_000;

/** 内容雷同: a row per text that is a near-copy of another unit's this year, or of the unit's own last year. */
function nearCopiesSheet(workbook: ExcelJS.Workbook, overview: Overview): void {
  const { campaign, nearCopies } = overview;
  const sheet = workbook.addWorksheet('内容雷同', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printed('1:1') });
  sheet.columns = [{ width: 30 }, { width: 34 }, { width: 30 }, { width: 12 }];
  headerRow(sheet, ['单位', '部分', '与之雷同', '相似度（%）']);
  const listed = nearCopies.slice(0, NEAR_COPIES_LISTED);
  for (const copy of listed) {
    const section = formats[campaign.format].sections.find((s) => s.id === textSections[copy.text])!.title;
    sheet.addRow([copy.unit, section, copy.other ?? `本单位${campaign.year - 1}年度报告`, Math.round(copy.similarity * 100)]);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + listed.length, column: 4 } };
  const what = `一、五、六部分文字与本年其他单位或本单位上年报告相似度达${Math.round(COPY_THRESHOLD * 100)}%以上的情况`;
  const how = `按字符比对，不计标点；${MIN_COMPARED_CHARS}字以下的短句不比对`;
  const more = nearCopies.length > listed.length ? `共${nearCopies.length}处，此处列出相似度最高的${listed.length}处。` : '';
  note(sheet, 4, nearCopies.length ? `以上为${what}（${how}）。${more}` : `未发现${what}（${how}）。`);
}

// A cell holds at most 32,767 characters and a row is at most 409 points high: a province's
// list goes to a sheet of its own, the note names the first of them.
const LISTED_IN_NOTE = 20;

/** Who is left out of the roll-up and why, in one line. */
function leftNote(left: RollUp['left']): string {
  const list = (units: typeof left) => units.map((l) => `${l.unit}（${l.reason}）`).join('、');
  if (!left.length) return '全部单位均已计入汇总。';
  if (left.length <= LISTED_IN_NOTE) return `未计入汇总的单位（${left.length}个）：${list(left)}。`;
  return `未计入汇总的单位共${left.length}个，全部名单见「未计入汇总」表；前${LISTED_IN_NOTE}个为：${list(left.slice(0, LISTED_IN_NOTE))}。`;
}

/** A line of explanation across `width` columns of the sheet. */
function note(sheet: ExcelJS.Worksheet, width: number, text: string): void {
  const row = sheet.addRow([text]);
  row.alignment = wrapped;
  sheet.mergeCells(row.number, 1, row.number, width);
  // A merged cell does not grow with its text: give the row room for it (a character of Chinese is two widths).
  const perLine = sheet.columns.slice(0, width).reduce((n, c) => n + (c.width ?? 9), 0) / 2;
  row.height = 15 * Math.max(1, Math.ceil(text.length / perLine));
}

/** The units left out of the roll-up, one row each, with the reason. */
function leftSheet(workbook: ExcelJS.Workbook, left: RollUp['left']): void {
  const sheet = workbook.addWorksheet('未计入汇总', { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printed('1:1') });
  sheet.columns = [{ width: 30 }, { width: 40 }];
  headerRow(sheet, ['单位', '原因']);
  for (const { unit, reason } of left) sheet.addRow([unit, reason]);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + left.length, column: 2 } };
}

/** A sheet of findings, one row each, with the cells each one names. */
function findingsSheet(workbook: ExcelJS.Workbook, name: string, rows: { unit: string; format: FormatId; finding: Finding }[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: printed('1:1') });
  sheet.columns = findingColumns.map((c, i) => ({ width: c.width, ...(i >= 3 && { style: { alignment: wrapped } }) }));
  headerRow(sheet, findingColumns.map((c) => c.header));
  for (const { unit, format, finding } of rows) {
    const row = sheet.addRow([
      unit, severityWords[finding.severity], finding.rule, finding.message, finding.suggestion ?? null,
      [...new Set(finding.cells)].map((id) => cellLabel(format, id)).join('、'),
    ]);
    if (finding.severity === 'error') row.getCell(2).font = { color: RED };
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + rows.length, column: findingColumns.length } };
}

/** The overview as an .xlsx workbook. */
export async function renderOverviewXlsx(overview: Overview): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'nianbao';
  unitsSheet(workbook, overview);
  rollUpSheet(workbook, overview);
  findingsSheet(workbook, '问题清单', overview.units.flatMap((u) => u.findings.map((finding) => ({ unit: u.name, format: u.report?.format ?? overview.campaign.format, finding }))));
  const { report, findings } = overview.rollUp;
  findingsSheet(workbook, '汇总报告问题', findings.map((finding) => ({ unit: report.unit, format: report.format, finding })));
  leftSheet(workbook, overview.rollUp.left);
  nearCopiesSheet(workbook, overview);
  const charts = chartsSheet(workbook, overview);
  return addColumnCharts(Buffer.from(await workbook.xlsx.writeBuffer()), charts.sheet, charts.charts);
}
