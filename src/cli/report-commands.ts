// nianbao import | check | show: the report core from the command line.
import { readFile } from 'node:fs/promises';
import { renderDocx, type DocxOptions } from '../publish/docx.ts';
import { checkReport, hasErrors, severityWords } from '../report/check.ts';
import { formats } from '../report/formats.ts';
import { basename } from 'node:path';
import { decodeHtml, looksLikeHtml } from '../report/import/html.ts';
import { importHtml, importText, type Coverage, type ImportHints, type ImportResult } from '../report/import/import-text.ts';
import { importPdf } from '../publish/read-pdf.ts';
import type { ImportProblem } from '../report/import/tables.ts';
import { renderText } from '../report/render-text.ts';
import type { Finding, Report } from '../report/report.ts';
import { parseReport } from '../report/report-schema.ts';
import { importDocx } from '../publish/read-docx.ts';
import { writeOutput, type Output } from './output.ts';

/** A report read from a file, with what the import noticed; or why it could not be read. */
type Loaded =
  | { kind: 'loaded'; report: Report; findings: Finding[]; problems: ImportProblem[]; /** Whether problems name lines of the file. */ lines: boolean; coverage?: Coverage }
  | { kind: 'failed'; reason: string };

/** The importer for a file: by its extension, else by its first bytes (a saved page, a PDF, a zip). */
async function importFile(file: string, bytes: Buffer, hints: ImportHints): Promise<{ result: ImportResult; lines: boolean }> {
  const head = bytes.subarray(0, 8).toString('latin1');
  // An old Word (.doc) or WPS file: an OLE container, which only Word or WPS can read.
  if (head === '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1') return { result: { kind: 'failed', reason: '这是旧版 Word（.doc）或 WPS 文件：请在 Word 或 WPS 中“另存为” .docx 后再导入。' }, lines: false };
  if (/\.pdf$/i.test(file) || head.startsWith('%PDF-')) return { result: await importPdf(bytes, hints), lines: false };
  if (/\.docx$/i.test(file) || head.startsWith('PK')) return { result: await importDocx(bytes, hints), lines: false };
  if (/\.html?$/i.test(file) || looksLikeHtml(bytes)) return { result: importHtml(bytes, hints), lines: false };
  // Text is UTF-8, or GBK when it does not read as UTF-8 (a file saved by an older Windows program).
  return { result: importText(decodeHtml(bytes), hints), lines: true };
}

/** Read a report from a published page (.html), text (.txt, .md), a Word document (.docx), a PDF or report JSON (.json). */
export async function loadReport(file: string, given: { unit?: string; year?: number } = {}): Promise<Loaded> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { kind: 'failed', reason: `无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message}` };
  }
  if (/\.json$/i.test(file)) {
    const parsed = parseReport(bytes.toString('utf8'));
    return parsed.kind === 'report' ? { kind: 'loaded', report: parsed.report, findings: [], problems: [], lines: false } : { kind: 'failed', reason: `${file}：${parsed.reason}` };
  }
  const { result, lines } = await importFile(file, bytes, { fileName: basename(file), ...given });
  return result.kind === 'imported' ? { ...result, kind: 'loaded', lines } : { kind: 'failed', reason: `${file}：${result.reason}` };
}

/** Warn of the numbers an import could not place (never dropped silently). */
export function warnUnplaced({ problems, lines }: { problems: ImportProblem[]; lines: boolean }, out: Output): void {
  if (problems.length) out.warn(['以下数字未能归入表格：', ...problems.map((p) => `  ${lines ? `第${p.line}行` : ''}「${p.text}」：${p.message}`)].join('\n'));
}

/** One line on what an import read: the unit and year, how many cells had numbers, the labels it could not place. */
export function importSummary(loaded: Extract<Loaded, { kind: 'loaded' }>): string {
  const { report } = loaded;
  const cells = formats[report.format].cells;
  const filled = loaded.coverage?.filled ?? cells.filter((c) => report.values[c.id] !== undefined && report.values[c.id] !== null).length;
  const labels = loaded.coverage?.unplacedLabels ?? [];
  return `${report.unit || '（单位未知）'} ${report.year}年（${report.format}年格式），${cells.length}个单元格中${filled}个有数字、${cells.length - filled}个空白；文字部分：${Object.keys(report.texts).length}段${labels.length ? `；未能归入表格的行：${labels.map((l) => `「${l}」`).join('、')}` : ''}。`;
}

/** What keeps a loaded report from being a whole report, in plain Chinese; empty when it is whole. */
export function gapsOf(loaded: Extract<Loaded, { kind: 'loaded' }>): string[] {
  return loaded.coverage?.gaps ?? [];
}

/** `import FILE [--json] [--unit NAME] [--year Y]`: the report JSON, or a summary of what was read; exit 1 when it is not a whole report. */
export async function importCommand(file: string, json: boolean, given: { unit?: string; year?: number }, out: Output): Promise<number> {
  const loaded = await loadReport(file, given);
  if (loaded.kind === 'failed') return out.fail(loaded.reason);
  warnUnplaced(loaded, out);
  const gaps = gapsOf(loaded);
  if (gaps.length) out.warn(['导入不完整：', ...gaps.map((g) => `  ${g}`)].join('\n'));
  if (json) out.print(JSON.stringify(loaded.report, null, 2));
  else out.print(`${gaps.length ? '已读取（不完整）' : '已导入'}：${importSummary(loaded)}`);
  return gaps.length ? 1 : 0;
}

const sectionNames: Record<string, string> = {
  active: '二、主动公开政府信息情况', requests: '三、收到和处理政府信息公开申请情况', appeals: '四、政府信息公开行政复议、行政诉讼情况',
  'texts.overview': '一、总体情况', 'texts.problems': '五、存在的主要问题及改进情况', 'texts.other': '六、其他需要报告的事项',
};
const order = ['texts.overview', 'active', 'requests', 'appeals', 'texts.problems', 'texts.other'].map((key) => sectionNames[key]);

function sectionOf(finding: Finding): string {
  const cell = finding.cells[0] ?? '';
  return sectionNames[cell] ?? sectionNames[cell.split('.')[0]] ?? '全文';
}

const marks = { error: `✖ ${severityWords.error}`, warning: `⚠ ${severityWords.warning}`, info: `ℹ ${severityWords.info}` };

/** `check FILE [--previous FILE] [--json]`: findings by section; exit 1 when any is an error. */
export async function checkCommand(file: string, previousFile: string | undefined, json: boolean, out: Output): Promise<number> {
  const loaded = await loadReport(file);
  if (loaded.kind === 'failed') return out.fail(loaded.reason);
  // Checking the tables of an import that did not find them would only report its own gaps as errors.
  const gaps = gapsOf(loaded).filter((g) => !g.startsWith('未能读出单位'));
  if (gaps.length) return out.fail([`${file}：导入不完整，无法核对：`, ...gaps.map((g) => `  ${g}`)].join('\n'));
  let previous: Report | undefined;
  if (previousFile) {
    const before = await loadReport(previousFile);
    if (before.kind === 'failed') return out.fail(before.reason);
    previous = before.report;
  }
  const findings = [...loaded.findings, ...checkReport(loaded.report, { previous, printed: loaded.coverage !== undefined })];
  warnUnplaced(loaded, out);
  if (json) {
    out.print(JSON.stringify(findings, null, 2));
    return hasErrors(findings) ? 1 : 0;
  }
  const { report } = loaded;
  const lines = [`${report.unit}${report.year}年度政府信息公开工作年度报告（${formats[report.format].notice}格式）`];
  const sections = [...new Set(findings.map(sectionOf))].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  for (const section of sections) {
    lines.push('', section);
    for (const f of findings.filter((x) => sectionOf(x) === section)) {
      lines.push(`  ${marks[f.severity]} [${f.rule}] ${f.message}`);
      if (f.suggestion) lines.push(`      建议：${f.suggestion}`);
    }
  }
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  lines.push('', findings.length
    ? `共${count('error')}个错误、${count('warning')}个提示、${count('info')}条参考。${count('error') ? '请改正错误后再发布。' : '没有错误。'}`
    : '全部核对通过：没有发现问题。');
  out.print(lines.join('\n'));
  return count('error') ? 1 : 0;
}

/** Write a report as .docx and/or print it as Markdown (`render`), whether read from a file or the database. */
export async function renderReport(report: Report, options: { docx?: string; md: boolean }, out: Output, docx: DocxOptions = {}): Promise<number> {
  if (options.md) out.print(renderText(report, { markdown: true }).trimEnd());
  if (options.docx) {
    const failed = await writeOutput(options.docx, await renderDocx(report, docx), out);
    if (failed !== undefined) return failed;
    out.warn(`已生成 ${options.docx}：${report.unit}${report.year}年度政府信息公开工作年度报告（${formats[report.format].notice}格式）。`);
  }
  return 0;
}

/** `render FILE --docx OUT.docx | --md`. */
export async function renderCommand(file: string, options: { docx?: string; md: boolean }, out: Output): Promise<number> {
  const loaded = await loadReport(file);
  if (loaded.kind === 'failed') return out.fail(loaded.reason);
  warnUnplaced(loaded, out);
  return renderReport(loaded.report, options, out);
}

/** `show FILE [--md]`: the report in the official layout. */
export async function showCommand(file: string, markdown: boolean, out: Output): Promise<number> {
  const loaded = await loadReport(file);
  if (loaded.kind === 'failed') return out.fail(loaded.reason);
  out.print(renderText(loaded.report, { markdown }).trimEnd());
  return 0;
}
