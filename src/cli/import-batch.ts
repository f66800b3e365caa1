// nianbao import FILE|DIR… [--save] [--check OUT.xlsx]: a supervisor loads the published reports of
// all their units at once (the night before a campaign). Each file gets one line as it is done
// (「[3/200] …」, the progress), then a table: saved, refused with the reason, unit not found with
// the closest unit name; --check writes one workbook of every report's findings.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { Unit } from '../../entities/unit.ts';
import { saveImportedReport } from '../bot/store-report.ts';
import { checkReport, severityWords } from '../report/check.ts';
import { formats } from '../report/formats.ts';
import type { Finding } from '../report/report.ts';
import { gapsOf, loadReport } from './report-commands.ts';
import { writeOutput, type Output } from './output.ts';

const REPORT_FILES = new Set(['.html', '.htm', '.txt', '.md', '.docx', '.pdf', '.json']);

/** The files named, a directory's report files (sorted, subdirectories too); a missing path is reported. */
export async function expandPaths(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (path: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      missing.push(path);
      return;
    }
    if (!info.isDirectory()) {
      if (named || REPORT_FILES.has(extname(path).toLowerCase())) files.push(path);
      return;
    }
    for (const entry of (await readdir(path)).filter((e) => !e.startsWith('.')).sort()) await walk(join(path, entry), false);
  };
  for (const path of paths) await walk(path, true);
  return { files, missing };
}

/** What became of one file. */
interface Outcome {
  file: string;
  kind: 'saved' | 'read' | 'refused' | 'unknownUnit';
  unit?: string;
  year?: number;
  text: string;
  findings?: Finding[];
  format?: string;
}

/** Similarity of two names by their shared character pairs (Dice), to name the closest unit. */
function similarity(a: string, b: string): number {
  const pairs = (s: string) => Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2));
  const [x, y] = [pairs(a), pairs(b)];
  if (!x.length || !y.length) return a === b ? 1 : 0;
  const rest = [...y];
  let shared = 0;
  for (const p of x) {
    const at = rest.indexOf(p);
    if (at >= 0) {
      shared += 1;
      rest.splice(at, 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

/** The closest unit name to one not found, when any is close at all. */
export function closestName(name: string, names: string[]): string | undefined {
  const bare = (s: string) => s.replace(/(人民政府|办事处)$/, '');
  const ranked = names.map((n) => ({ n, score: Math.max(similarity(name, n), similarity(bare(name), bare(n))) })).sort((a, b) => b.score - a.score);
  return ranked[0] && ranked[0].score >= 0.3 ? ranked[0].n : undefined;
}

/** Options of a batch import. */
export interface BatchOptions {
  unit?: string;
  year?: number;
  force: boolean;
  check?: string;
}

/** Import every file; store each (with a database) as its unit's report of its year; one line per file. */
export async function importBatch(paths: string[], options: BatchOptions, db: DataSource | undefined, out: Output): Promise<number> {
  const { files, missing } = await expandPaths(paths);
  for (const path of missing) out.warn(`${path}：文件或目录不存在。`);
  if (!files.length) return out.fail('没有找到可导入的报告文件（.html .htm .txt .md .docx .pdf .json）。');
  if ((options.unit !== undefined || options.year !== undefined) && files.length > 1) return out.fail('--unit 和 --year 只能用于导入一个文件；导入多个文件时，单位和年份取各报告标题。');
  const unitNames = db ? (await db.manager.find(Unit, { select: { name: true } })).map((u) => u.name) : [];
  const outcomes: Outcome[] = [];
  // The file each unit's year came from in this run: a second one would silently replace it.
  const savedFrom = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    const outcome = await importOne(file, options, db, unitNames, savedFrom);
    outcomes.push(outcome);
    const line = `${files.length > 1 ? `[${i + 1}/${files.length}] ` : ''}${outcome.kind === 'saved' || outcome.kind === 'read' ? '' : `${file}：`}${outcome.text}`;
    if (outcome.kind === 'saved' || outcome.kind === 'read') out.print(line);
    else out.warn(line);
  }
  if (files.length > 1) out.print(summaryTable(outcomes, db !== undefined));
  if (options.check) {
    const failed = await writeOutput(options.check, await findingsWorkbook(outcomes), out);
    if (failed !== undefined) return failed;
    out.print(`已写出核对结果 ${options.check}：${outcomes.filter((o) => o.findings).length}份报告的问题清单。`);
  }
  return outcomes.some((o) => o.kind === 'refused' || o.kind === 'unknownUnit') || missing.length ? 2 : 0;
}

async function importOne(file: string, options: BatchOptions, db: DataSource | undefined, unitNames: string[], savedFrom: Map<string, string>): Promise<Outcome> {
  const loaded = await loadReport(file, { unit: options.unit, year: options.year });
  if (loaded.kind === 'failed') return { file, kind: 'refused', text: loaded.reason.replace(`${file}：`, '') };
  const { report } = loaded;
  const base = { file, unit: report.unit, year: report.year, format: report.format };
  const gaps = gapsOf(loaded);
  const findings = options.check && !gaps.some((g) => !g.startsWith('未能读出单位'))
    ? [...loaded.findings, ...checkReport(report, { printed: loaded.coverage !== undefined })] : undefined;
  const what = `${report.unit || '（单位未知）'}${report.year}年度报告（${report.format}年格式，${loaded.coverage ? `${loaded.coverage.cells}个单元格中${loaded.coverage.filled}个有数字` : '报告 JSON'}）`;
  const unplaced = loaded.coverage?.unplacedLabels.length ? `；未能归入的行：${loaded.coverage.unplacedLabels.map((l) => `「${l}」`).join('、')}` : '';
  if (gaps.length && (!db || !options.force || !report.unit)) {
    const why = `导入不完整，${db ? `未保存${report.unit ? '（确需保存请加 --force）' : ''}` : '只能部分核对'}：${gaps.join('')}`;
    return { ...base, kind: db ? 'refused' : 'read', text: db ? why : `${what}${unplaced}；${why}`, findings };
  }
  if (!db) return { ...base, kind: 'read', text: `已读取${what}${unplaced}。`, findings };
  const key = `${report.unit}\u0000${report.year}`;
  const first = savedFrom.get(key);
  if (first !== undefined) return { ...base, kind: 'refused', text: `与 ${first} 同为${report.unit}${report.year}年度的报告，未保存；请只保留其中一份。`, findings };
  const saved = await saveImportedReport(db, report.unit, report);
  if (saved.kind === 'unknownUnit') {
    const closest = closestName(report.unit, unitNames);
    return { ...base, kind: 'unknownUnit', text: `${saved.reason}${closest ? `最接近的单位是「${closest}」，可用 --unit 指定后单独导入。` : ''}`, findings };
  }
  if (saved.kind === 'refused') return { ...base, kind: 'refused', text: saved.reason, findings };
  savedFrom.set(key, file);
  return { ...base, kind: 'saved', text: `已${saved.replaced ? '更新' : '保存'}${what}，状态：已导入${unplaced}。`, findings };
}

const kindWords: Record<Outcome['kind'], string> = { saved: '已保存', read: '已读取', refused: '未保存', unknownUnit: '单位未找到' };

/** The final table: one row per file, grouped by what became of it, with the counts. */
function summaryTable(outcomes: Outcome[], saving: boolean): string {
  const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
  const lines = [
    '',
    saving
      ? `共${outcomes.length}个文件：已保存${count('saved')}个，未保存${count('refused')}个，单位未找到${count('unknownUnit')}个。`
      : `共${outcomes.length}个文件：已读取${count('read')}个，无法读取${count('refused')}个。`,
  ];
  for (const kind of ['refused', 'unknownUnit', 'saved', 'read'] as const) {
    const group = outcomes.filter((o) => o.kind === kind);
    if (!group.length) continue;
    lines.push(`${kindWords[kind]}（${group.length}）：`);
    for (const o of group) lines.push(`  ${o.file}\t${o.unit ? `${o.unit}${o.year}` : ''}\t${kind === 'saved' || kind === 'read' ? '' : o.text}`.trimEnd());
  }
  return lines.join('\n');
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** One workbook: 导入情况 (a row per file) and 问题清单 (every finding of every report read). */
async function findingsWorkbook(outcomes: Outcome[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const files = book.addWorksheet('导入情况', { views: [{ state: 'frozen', ySplit: 1 }] });
  files.columns = [
    { header: '文件', width: 40 }, { header: '单位', width: 30 }, { header: '年度', width: 8 }, { header: '结果', width: 12 },
    { header: '错误数', width: 8 }, { header: '提示数', width: 8 }, { header: '说明', width: 60 },
  ];
  const problems = book.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  problems.columns = [
    { header: '单位', width: 30 }, { header: '年度', width: 8 }, { header: '严重程度', width: 10 }, { header: '规则', width: 8 },
    { header: '说明', width: 70 }, { header: '建议', width: 50 }, { header: '涉及单元格', width: 40 }, { header: '文件', width: 40 },
  ];
  for (const sheet of [files, problems]) {
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).eachCell((cell) => (cell.fill = HEADER_FILL));
    sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  }
  for (const o of outcomes) {
    const count = (s: Finding['severity']) => o.findings?.filter((f) => f.severity === s).length ?? null;
    files.addRow([o.file, o.unit ?? '', o.year ?? null, kindWords[o.kind], count('error'), count('warning'), o.text]);
    for (const f of o.findings ?? []) {
      const cells = f.cells.map((id) => formats[o.format as '2019' | '2021']?.cell.get(id)?.label ?? id).join('、');
      problems.addRow([o.unit ?? '', o.year ?? null, severityWords[f.severity], f.rule, f.message, f.suggestion ?? '', cells, o.file]);
    }
  }
  for (const sheet of [files, problems]) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
    sheet.eachRow((row) => (row.alignment = { wrapText: true, vertical: 'top' }));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
