// The campaign overview as an Excel workbook for supervisors: 填报情况 (a row per unit, the
// roll-up's total and the units left out of it), 问题清单 (every finding of every unit),
// 汇总报告问题 (the findings on the roll-up) and 未计入汇总 (who is not in the roll-up, and why).
// Header rows stay in view and carry filters.
import ExcelJS from 'exceljs';
import { progressWords } from '../admin/campaigns.ts';
import { severityWords } from '../report/check.ts';
import { formats, type SectionId } from '../report/formats.ts';
import type { Finding, FormatId } from '../report/report.ts';
import { keyFiguresOf, type KeyFigure, type KeyFigures, type Overview } from './campaign-overview.ts';
import type { RollUp } from './rollup.ts';


const figureColumns: { key: KeyFigure; header: string }[] = [
  { key: 'received', header: '本年新收申请' }, { key: 'carriedOver', header: '上年结转' }, { key: 'concluded', header: '办结' },
  { key: 'carriedForward', header: '结转下年' }, { key: 'granted', header: '予以公开' }, { key: 'reviews', header: '行政复议' },
  { key: 'reviewsCorrected', header: '复议纠正' }, { key: 'suits', header: '行政诉讼' }, { key: 'suitsCorrected', header: '诉讼纠正' },
];

const unitColumns = [
  { header: '单位', width: 30 }, { header: '类型', width: 10 }, { header: '状态', width: 8 }, { header: '进度（%）', width: 10 },
  { header: '待填内容', width: 32 }, { header: '截止日期', width: 12 }, { header: '逾期工作日', width: 10 },
  { header: '错误数', width: 8 }, { header: '提醒数', width: 8 },
  ...figureColumns.map((c) => ({ header: c.header, width: 12 })),
];
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

/** Printed on A4 landscape, all columns on one page wide, the header rows on every page. */
function printed(titleRows: string): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: titleRows };
}

/** Sheet 1: the title, a header, a row per unit, the roll-up's total and who is not in it. */
function unitsSheet(workbook: ExcelJS.Workbook, overview: Overview): void {
  const { campaign, rollUp } = overview;
  const sheet = workbook.addWorksheet('填报情况', { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }], pageSetup: printed('1:2') });
  sheet.columns = unitColumns.map((c) => ({ width: c.width }));
  const title = sheet.addRow([`${overview.scope}${campaign.year}年度政府信息公开工作年度报告填报情况（截至${overview.today}）`]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, unitColumns.length);
  headerRow(sheet, unitColumns.map((c) => c.header));
  for (const unit of overview.units) {
    const row = sheet.addRow([
      unit.name, unit.kind, progressWords[unit.status], unit.percent, unit.missing, unit.deadline, unit.daysLate,
      unit.errors, unit.warnings, ...figures(unit.figures),
    ]);
    if (unit.daysLate > 0) row.getCell(7).font = { color: RED };
    if (unit.errors > 0) row.getCell(8).font = { color: RED };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + overview.units.length, column: unitColumns.length } };
  const errors = rollUp.findings.filter((f) => f.severity === 'error').length;
  const warnings = rollUp.findings.filter((f) => f.severity === 'warning').length;
  const total = sheet.addRow(['合计（汇总）', null, null, null, null, null, null, errors, warnings, ...figures(keyFiguresOf(rollUp.report))]);
  total.font = { bold: true };
  note(sheet, `合计为已提交（含已通过、已导入）的${rollUp.included.length}个单位${campaign.format}年格式报告逐项相加之和，并已重新核对（见「汇总报告问题」）。`);
  note(sheet, leftNote(rollUp.left));
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

/** A line of explanation across the whole width of the sheet. */
function note(sheet: ExcelJS.Worksheet, text: string): void {
  const row = sheet.addRow([text]);
  row.alignment = wrapped;
  sheet.mergeCells(row.number, 1, row.number, unitColumns.length);
  // A merged cell does not grow with its text: give the row room for it (about 120 characters a line).
  row.height = 15 * Math.max(1, Math.ceil(text.length / 120));
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
  findingsSheet(workbook, '问题清单', overview.units.flatMap((u) => u.findings.map((finding) => ({ unit: u.name, format: u.report?.format ?? overview.campaign.format, finding }))));
  const { report, findings } = overview.rollUp;
  findingsSheet(workbook, '汇总报告问题', findings.map((finding) => ({ unit: report.unit, format: report.format, finding })));
  leftSheet(workbook, overview.rollUp.left);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
