// nianbao unit import | member import: setting up the units and members on the configured
// database; and the options the campaign commands share (campaign-commands.ts).
import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { readIsoDate } from '../admin/campaigns.ts';
import { importMembers } from '../admin/import-members.ts';
import { importUnits, type ImportResult } from '../admin/import-units.ts';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

/** Option values as parseArgs gives them. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A CSV file's text, or why it cannot be read. */
type CsvFile = { kind: 'read'; text: string } | { kind: 'failed'; reason: string };

async function readCsvFile(file: string): Promise<CsvFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { kind: 'failed', reason: `无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message}` };
  }
  try {
    return { kind: 'read', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Excel on a Chinese Windows saves "CSV (逗号分隔)" in GBK.
    return { kind: 'failed', reason: `文件 ${file} 不是 UTF-8 编码。请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”；WPS 导出时请选择 UTF-8 编码。` };
  }
}

/** A heading and its problems, one an indented line. */
export function listed(heading: string, problems: string[]): string {
  return [heading, ...problems.map((p) => `  ${p}`)].join('\n');
}

async function importFile(file: string, what: '单位' | '成员', measure: string, work: (db: DataSource, text: string) => Promise<ImportResult>, out: Output): Promise<number> {
  const read = await readCsvFile(file);
  if (read.kind === 'failed') return out.fail(read.reason);
  return withDatabase(out, async (db) => {
    const result = await work(db, read.text);
    if (result.kind === 'refused') return out.fail(listed(`${file} 中有${result.problems.length}处问题，未导入任何${what}。请修改后重新导入：`, result.problems));
    const parts = [
      result.created && `新建 ${result.created} ${measure}`, result.updated && `更新 ${result.updated} ${measure}`,
      result.unchanged && `${result.unchanged} ${measure}没有变化`,
    ].filter(Boolean);
    out.print(`已导入${what}：${parts.join('，')}。`);
    return 0;
  });
}

/** `unit import FILE.csv`: create or update units (name, kind, supervising unit). */
export function unitImportCommand(file: string, out: Output): Promise<number> {
  return importFile(file, '单位', '个', importUnits, out);
}

/** `member import FILE.csv`: create or update members (WeCom userid, name, role, unit). */
export function memberImportCommand(file: string, out: Output): Promise<number> {
  return importFile(file, '成员', '名', importMembers, out);
}

/** `--now`: a date (that day in China, at noon) or an ISO date-time. */
export function readNow(text: string): Date | undefined {
  if (readIsoDate(text)) return shanghaiTime(text, '12:00');
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** What is wrong with a `--now` that readNow cannot read. */
export const badNow = (text: string) => `时间「${text}」有误，应为 ISO 日期或时间，例如：--now 2026-02-01 或 --now 2026-02-01T09:00:00+08:00`;

/** `--campaign ID` (the newest open campaign when absent) and `--now` (now when absent), read; or the exit code after saying what is wrong. */
export function readCampaignOptions(v: OptionValues, out: Output): { id?: number; now: Date } | { failed: number } {
  const id = v.campaign as string | undefined;
  if (id !== undefined && !/^\d+$/.test(id)) return { failed: out.fail(`填报任务编号「${id}」有误，应为数字，例如：--campaign 1`) };
  const nowText = v.now as string | undefined;
  const now = nowText === undefined ? new Date() : readNow(nowText);
  if (!now) return { failed: out.fail(badNow(nowText!)) };
  return { ...(id !== undefined && { id: Number(id) }), now };
}
