// nianbao chat | demo | report show: the commands that work on the configured database.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config/load-config.ts';
import { Member } from '../../entities/member.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { readWorkingCalendar } from '../bot/calendar-store.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { planReminders, sendDueReminders } from '../jobs/reminder-tick.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { createEngine } from '../bot/engine.ts';
import { readReport } from '../bot/store.ts';
import { readOutboxMessage } from '../bot/outbox-payloads.ts';
import { findUnit } from '../admin/units.ts';
import { findContact } from '../bot/unit-contact.ts';
import type { DocxOptions } from '../publish/docx.ts';
import { runConsole } from '../channels/console.ts';
import { openDatabase } from '../db/open-database.ts';
import { importText } from '../report/import/import-text.ts';
import { renderText } from '../report/render-text.ts';
import type { Report } from '../report/report.ts';
import { setUpDemo } from '../admin/set-up-demo.ts';
import type { Output } from './output.ts';
import { importBatch, type BatchOptions } from './import-batch.ts';
import { renderReport } from './report-commands.ts';

/** Open the configured database for one command and close it afterwards. */
export async function withDatabase(out: Output, work: (db: DataSource) => Promise<number>): Promise<number> {
  let db: DataSource;
  try {
    db = await openDatabase(loadConfig(process.env).databaseUrl);
  } catch (error) {
    return out.fail(`无法打开数据库：${(error as Error).message}`);
  }
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** A clock that starts at `start` (simulated time: `--now`) and runs on from there. */
function clockFrom(start: Date | undefined): () => Date {
  if (!start) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** `chat --user USERID [--now ISO]`: the console channel on the configured database. */
export function chatCommand(userId: string | undefined, now: Date | undefined, out: Output): Promise<number> {
  if (!userId) return Promise.resolve(out.fail('请用 --user 指定成员的 userid，例如：nianbao chat --user demo-official-1'));
  return withDatabase(out, async (db) => {
    const clock = clockFrom(now);
    await runConsole({ engine: createEngine(db, { now: clock, calendar: await readWorkingCalendar(db) }), userId, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, now: clock });
    return 0;
  });
}

/**
 * `tick [--now ISO]`: one run of the scheduler's reminders at that time — plan the day, send what
 * is due into the outbox — and print what it queued (WeCom sends it when configured).
 */
export function tickCommand(now: Date | undefined, out: Output): Promise<number> {
  return withDatabase(out, async (db) => {
    const at = now ?? new Date();
    const before = await db.manager.count(OutboxMessage);
    const calendar = await readWorkingCalendar(db);
    const planned = await planReminders(db, at, calendar);
    const sent = await sendDueReminders(db, at, calendar);
    out.print(`${at.toISOString()}：计划${planned}条，发出${sent.length}条。`);
    const queued = await db.manager.find(OutboxMessage, { order: { id: 'ASC' }, skip: before });
    for (const row of queued) {
      const read = readOutboxMessage(row.kind, row.payload);
      const shown = read.kind !== 'read' ? undefined : read.message.kind === 'text' ? read.message.payload.text : read.message.kind === 'markdown' ? read.message.payload.markdown : undefined;
      out.print(`→ ${row.recipient}：${shown ?? row.kind}`);
    }
    return 0;
  });
}

const supervisingUnit = '示范县政务公开办公室';
const demoYear = 2025;

/**
 * `demo`: the five seed units with one official each (demo-official-1 … 5 in seed order), a
 * supervisor over all five, the seeds stored as each unit's 2024 report (so 上年结转 is
 * prefilled), and an open campaign for the 2025 report in the 2021 format.
 */
export function demoCommand(seedsDir: string | undefined, out: Output): Promise<number> {
  const dir = seedsDir ?? join(process.cwd(), '..', 'shared', 'seeds');
  return withDatabase(out, async (db) => {
    if (await db.manager.findOne(Member, { where: { userId: 'demo-official-1' } })) {
      out.print('演示数据已存在，无需重复建立。可运行：nianbao chat --user demo-official-1');
      return 0;
    }
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
    } catch {
      return out.fail(`找不到种子报告目录 ${dir}，请用 --seeds 指定。`);
    }
    const reports: Report[] = [];
    for (const file of files) {
      const result = importText(await readFile(join(dir, file), 'utf8'));
      if (result.kind === 'failed') return out.fail(`${file}：${result.reason}`);
      reports.push(result.report);
    }
    const campaignId = await setUpDemo(db, {
      supervisingUnit, year: demoYear, format: '2021',
      units: reports.map((report, i) => ({ name: report.unit, officialId: `demo-official-${i + 1}`, lastYear: report })),
    });
    out.print([
      `演示数据已建立（填报任务编号 ${campaignId}，${demoYear}年度，2021年格式）：`,
      ...reports.map((r, i) => `  demo-official-${i + 1}  ${r.unit}（已导入上年报告）`),
      `  demo-supervisor  ${supervisingUnit}（审核人）`,
      '开始填报：nianbao chat --user demo-official-1',
    ].join('\n'));
    return 0;
  });
}

/** `report show --unit NAME [--year Y] [--json]`: a stored report, newest year unless named. */
/** The unit's stored report of a year (the latest if none is given), or why there is none. */
async function storedReport(db: DataSource, unitName: string, year: string | undefined): Promise<{ kind: 'found'; report: Report; status: string; docx: DocxOptions } | { kind: 'missing'; reason: string }> {
  const unit = await findUnit(db.manager, unitName);
  if (typeof unit === 'string') return { kind: 'missing', reason: unit };
  const record = await db.manager.findOne(ReportRecord, {
    where: { unitId: unit.id, ...(year && { year: Number(year) }) }, order: { year: 'DESC' },
  });
  if (!record) return { kind: 'missing', reason: `${unitName}${year ? `${year}年度` : ''}还没有保存的报告。` };
  // As the file sent in chat: dated the day it was handed in, a draft marked as one, the unit's contact in the opening.
  const draft = record.status === 'draft' || record.status === 'returned';
  const contact = await findContact(db.manager, unit.id);
  const docx: DocxOptions = { draft, ...(!draft && record.submittedAt && { signedOn: shanghaiDate(record.submittedAt) }), ...(contact && { contact }) };
  return { kind: 'found', report: await readReport(db.manager, record, unit.name), status: record.status, docx };
}

const badYear = (year: string | undefined) => year !== undefined && !/^\d{4}$/.test(year);

/** `report show --unit NAME [--year Y] [--json]`. */
export function reportShowCommand(unitName: string | undefined, year: string | undefined, json: boolean, out: Output): Promise<number> {
  if (!unitName) return Promise.resolve(out.fail('请用 --unit 指定单位名称，例如：nianbao report show --unit 杨舍镇'));
  if (badYear(year)) return Promise.resolve(out.fail(`年份「${year}」有误，应为四位数字，例如：--year 2025`));
  return withDatabase(out, async (db) => {
    const found = await storedReport(db, unitName, year);
    if (found.kind === 'missing') return out.fail(found.reason);
    out.print(json ? JSON.stringify({ ...found.report, status: found.status }, null, 2) : renderText(found.report).trimEnd());
    return 0;
  });
}

/** `render --unit NAME [--year Y] --docx OUT.docx | --md`: a stored report as a document. */
export function renderStoredCommand(unitName: string, year: string | undefined, options: { docx?: string; md: boolean }, out: Output): Promise<number> {
  if (badYear(year)) return Promise.resolve(out.fail(`年份「${year}」有误，应为四位数字，例如：--year 2025`));
  return withDatabase(out, async (db) => {
    const found = await storedReport(db, unitName, year);
    return found.kind === 'missing' ? out.fail(found.reason) : renderReport(found.report, options, out, found.docx);
  });
}

/** `import FILE|DIR… --save [--unit NAME] [--year Y] [--force] [--check OUT.xlsx]`: published reports stored for their units (last year's, usually). */
export function importSaveCommand(paths: string[], options: BatchOptions, out: Output): Promise<number> {
  return withDatabase(out, (db) => importBatch(paths, options, db, out));
}
