// nianbao calendar show YEAR | calendar set YEAR FILE: the working calendar (holidays and 调休
// working days) as the admin sets it from the State Council's notice, stored in the database.
import { readFile } from 'node:fs/promises';
import { decodeText } from '../admin/read-csv.ts';
import { basename } from 'node:path';
import { readWorkingCalendar, saveCalendarYear, yearsInForce } from '../bot/calendar-store.ts';
import { readCalendarText, type FestivalDays } from '../calendar/read-calendar-text.ts';
import { addDays, isWeekend, weekdayLabel } from '../calendar/working-calendar.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

/** `calendar show YEAR`: the year's days off and days worked, or that it is not set; `calendar show DATE`: that day. */
export function calendarShowCommand(yearText: string, out: Output): Promise<number> {
  const date = readDate(yearText);
  if (date) return dayCommand(date, out);
  const year = readYear(yearText);
  if (year === undefined) return Promise.resolve(out.fail(badYear(yearText)));
  return withDatabase(out, async (db) => {
    const found = (await yearsInForce(db.manager)).find((y) => y.year === year);
    if (!found) {
      out.print(`${year}年节假日安排：未设置（按无调休计算：周六、周日休息，周一至周五上班）。\n国务院办公厅发布通知后，请把通知原文保存为文本文件，运行：nianbao calendar set ${year} 文件名`);
      return 0;
    }
    const origin = found.origin === 'built-in' ? '程序内置' : `${shanghaiStamp(found.updatedAt!)}设置`;
    out.print([`${year}年节假日安排：已设置（${origin}；来源：${found.source.split('\n')[0]}）`, ...describeDays(year, [{ name: '全年', holidays: [...found.holidays], workdays: [...found.workdays] }])].join('\n'));
    return 0;
  });
}

/** `calendar set YEAR FILE`: read the notice (or date list), say what was understood, store it. */
export async function calendarSetCommand(yearText: string, file: string, out: Output, now: () => Date = () => new Date()): Promise<number> {
  const year = readYear(yearText);
  if (year === undefined) return out.fail(badYear(yearText));
  let text: string;
  try {
    // The notice as pasted into Notepad, saved as UTF-8 or (on a Chinese Windows) GBK.
    const decoded = decodeText(await readFile(file));
    if (!decoded) return out.fail(`文件 ${file} 既不是 UTF-8 编码也不是 GBK 编码的文本。请用记事本打开，“另存为”时编码选“UTF-8”后再试。`);
    text = decoded.text;
  } catch (error) {
    return out.fail(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message}`);
  }
  const reading = readCalendarText(year, text);
  if (reading.kind === 'error') {
    return out.fail([`文件 ${file} 中有${reading.errors.length}处问题，${year}年节假日安排未保存：`, ...reading.errors.map((e) => `· ${e}`)].join('\n'));
  }
  out.print([`从 ${basename(file)} 读取到${year}年节假日安排：`, ...describeDays(year, reading.calendar.festivals)].join('\n'));
  return withDatabase(out, async (db) => {
    let before;
    try {
      before = await saveCalendarYear(db, reading.calendar, `文件 ${basename(file)}\n${text}`, now());
    } catch (error) {
      // The text was checked on its own; what is left is a day its neighbouring year says the opposite of.
      const date = error instanceof RangeError ? /(\d{4}-\d{2}-\d{2}) is both/.exec(error.message)?.[1] : undefined;
      if (date) return out.fail(`${year}年节假日安排未保存：${dayLabel(date, 0)}在这份安排中与相邻年份已设置的安排相反（一处放假、一处上班）。请用 nianbao calendar show ${year - 1} 和 nianbao calendar show ${year + 1} 核对。`);
      throw error;
    }
    const replaced = before ? `（替换了原来${before.origin === 'built-in' ? '程序内置' : '设置'}的安排）` : '';
    out.print(`已保存。${year}年节假日安排：已设置${replaced}。提醒和逾期工作日自下一次运行起按此计算，无需重启服务。`);
    return 0;
  });
}

/** `calendar show 2027-10-02`: whether the day is worked, by what rule, and the next working day after a day off. */
function dayCommand(date: string, out: Output): Promise<number> {
  return withDatabase(out, async (db) => {
    const calendar = await readWorkingCalendar(db);
    const year = Number(date.slice(0, 4));
    const working = calendar.isWorkingDay(date);
    const standing = working ? (isWeekend(date) ? '调休上班' : '工作日') : isWeekend(date) ? '休息日' : '放假';
    const rule = calendar.covers(year) ? `按${year}年节假日安排` : `${year}年节假日安排未设置，按周六、周日休息计算`;
    const next = working ? '' : `下一个工作日：${dayLabel(calendar.nextWorkingDay(date), year)}（${weekdayLabel(calendar.nextWorkingDay(date))}）。`;
    out.print(`${dayLabel(date, 0)}（${weekdayLabel(date)}）：${standing}（${rule}）。${next}`);
    return 0;
  });
}

/** Each festival's days off and days worked, one line each. */
function describeDays(year: number, festivals: FestivalDays[]): string[] {
  return festivals.map((f) => {
    const off = runsOf(f.holidays).map((run) => `${dayLabel(run[0], year)}${run.length > 1 ? `至${dayLabel(run[run.length - 1], year)}` : ''}（${run.length}天）`);
    const on = [...f.workdays].sort().map((d) => `${dayLabel(d, year)}（${weekdayLabel(d)}）`);
    return `  ${f.name}：放假 ${off.join('、') || '无'}${on.length ? `；调休上班 ${on.join('、')}` : '；不调休'}`;
  });
}

/** Consecutive dates grouped into runs. */
function runsOf(dates: readonly string[]): string[][] {
  const runs: string[][] = [];
  for (const date of [...dates].sort()) {
    const last = runs.at(-1);
    if (last && addDays(last[last.length - 1], 1) === date) last.push(date);
    else runs.push([date]);
  }
  return runs;
}

/** 「2月5日」, with the year when it is not the calendar's (元旦 beginning in December). */
function dayLabel(date: string, year: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y === year ? '' : `${y}年`}${m}月${d}日`;
}

function shanghaiStamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 2027-10-02, 2027/10/2, 2027.10.2 or 2027年10月2日, as an ISO date; undefined for anything else (a year alone, a day no calendar has). */
function readDate(text: string): string | undefined {
  const m = /^(20\d\d)(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?)$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[3] ?? m[5]), Number(m[4] ?? m[6])];
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // 2027-02-30 rolls over to March, 2027-13-45 is no date at all: neither is the day typed.
  const at = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(date) ? date : undefined;
}

function readYear(text: string): number | undefined {
  return /^20\d\d$/.test(text) ? Number(text) : undefined;
}

const badYear = (text: string) => `年份「${text}」有误，应为四位数字，例如：nianbao calendar show 2027；查看某一天：nianbao calendar show 2027-10-02`;
