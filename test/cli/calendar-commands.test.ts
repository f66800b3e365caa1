// calendar show and calendar set end to end, on a fresh SQLite file (ava runs each test file in a
// process of its own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarYearRow } from '../../entities/calendar-year.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import iconv from 'iconv-lite';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-calendar-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;

/** A file in the test's directory. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const gbk = (text: string) => iconv.encode(text, 'gbk');

async function storedYears(): Promise<number[]> {
  const db = await openDatabase(process.env.DATABASE_URL!);
  try {
    return (await db.manager.find(CalendarYearRow, { order: { year: 'ASC' } })).map((r) => r.year);
  } finally {
    await db.destroy();
  }
}

test.serial('a year not set is shown as such, with what to do', async (t) => {
  t.deepEqual(await runCli('calendar', 'show', '2027'), {
    code: 0, stderr: '',
    stdout: '2027年节假日安排：未设置（按无调休计算：周六、周日休息，周一至周五上班）。\n国务院办公厅发布通知后，请把通知原文保存为文本文件，运行：nianbao calendar set 2027 文件名',
  });
});

test.serial('a built-in year is shown with its source, its days off in runs and its 调休 days', async (t) => {
  t.deepEqual(await runCli('calendar', 'show', '2026'), {
    code: 0, stderr: '',
    stdout: [
      '2026年节假日安排：已设置（程序内置；来源：国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日），新华社全文播发：https://politics.gmw.cn/2025-11/04/content_38391083.htm）',
      '  全年：放假 1月1日至1月3日（3天）、2月15日至2月23日（9天）、4月4日至4月6日（3天）、5月1日至5月5日（5天）、6月19日至6月21日（3天）、9月25日至9月27日（3天）、10月1日至10月7日（7天）'
        + '；调休上班 1月4日（周日）、2月14日（周六）、2月28日（周六）、5月9日（周六）、9月20日（周日）、10月10日（周六）',
    ].join('\n'),
  });
});

test.serial('a day asked for: worked or not, by the notice or the weekday rule, and the next working day after a day off', async (t) => {
  const day = async (text: string) => (await runCli('calendar', 'show', text)).stdout;
  t.is(await day('2026-10-01'), '2026年10月1日（周四）：放假（按2026年节假日安排）。下一个工作日：10月8日（周四）。');
  t.is(await day('2026/10/10'), '2026年10月10日（周六）：调休上班（按2026年节假日安排）。');
  t.is(await day('2026年2月24日'), '2026年2月24日（周二）：工作日（按2026年节假日安排）。');
  t.is(await day('2027.10.2'), '2027年10月2日（周六）：休息日（2027年节假日安排未设置，按周六、周日休息计算）。下一个工作日：10月4日（周一）。');
  t.deepEqual(await runCli('calendar', 'show', '2027-13-45'), { code: 2, stdout: '', stderr: '年份「2027-13-45」有误，应为四位数字，例如：nianbao calendar show 2027；查看某一天：nianbao calendar show 2027-10-02' });
  t.is((await runCli('calendar', 'show', '2027-02-30')).stderr, '年份「2027-02-30」有误，应为四位数字，例如：nianbao calendar show 2027；查看某一天：nianbao calendar show 2027-10-02');
});

test.serial('a notice with mistakes is refused, every mistake named by line, and nothing is stored', async (t) => {
  // The weekday of 1 February 2027 is Monday.
  const bad = file('bad.txt', '二、春节：2月5日至12日放假调休，共8天。2月1日（周日）、2月20日（周六）上班。\n三、清明节：4月3日至5日放假，共4天。\n');
  t.deepEqual(await runCli('calendar', 'set', '2027', bad), {
    code: 2, stdout: '',
    stderr: [
      `文件 ${bad} 中有2处问题，2027年节假日安排未保存：`,
      '· 第1行（春节）：2027年2月1日是周一，不是周日，请核对日期或星期。',
      '· 第2行（清明节）：2027年4月3日至2027年4月5日是3天，但写的是共4天，请核对。',
    ].join('\n'),
  });
  t.deepEqual(await storedYears(), []);
});

test.serial('bad arguments and unreadable files are named', async (t) => {
  t.deepEqual(await runCli('calendar', 'show', '27'), { code: 2, stdout: '', stderr: '年份「27」有误，应为四位数字，例如：nianbao calendar show 2027；查看某一天：nianbao calendar show 2027-10-02' });
  t.deepEqual(await runCli('calendar', 'set', '2027', join(dir, 'nope.txt')), { code: 2, stdout: '', stderr: `无法读取文件 ${join(dir, 'nope.txt')}：文件不存在` });
  const binary = file('binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]));
  t.deepEqual(await runCli('calendar', 'set', '2027', binary), { code: 2, stdout: '', stderr: `文件 ${binary} 既不是 UTF-8 编码也不是 GBK 编码的文本。请用记事本打开，“另存为”时编码选“UTF-8”后再试。` });
  t.regex((await runCli('calendar', 'set', '2027')).stderr, /^「calendar」的用法：nianbao calendar show YEAR\|DATE；nianbao calendar set YEAR FILE/);
  t.deepEqual(await storedYears(), []);
});

test.serial('set from a notice says what it read per festival and stores it; show then prints it; set again replaces it', async (t) => {
  // Saved by Notepad on a Chinese Windows: GBK.
  const notice = file('2027.txt', gbk([
    '国务院办公厅关于2027年部分节假日安排的通知',
    '一、元旦：1月1日（周五）至3日（周日）放假，共3天。',
    '二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）、2月21日（周日）上班。',
  ].join('\n')));
  t.deepEqual(await runCli('calendar', 'set', '2027', notice), {
    code: 0, stderr: '',
    stdout: [
      '从 2027.txt 读取到2027年节假日安排：',
      '  元旦：放假 1月1日至1月3日（3天）；不调休',
      '  春节：放假 2月5日至2月12日（8天）；调休上班 2月20日（周六）、2月21日（周日）',
      '已保存。2027年节假日安排：已设置。提醒和逾期工作日自下一次运行起按此计算，无需重启服务。',
    ].join('\n'),
  });
  t.deepEqual(await storedYears(), [2027]);
  t.regex((await runCli('calendar', 'show', '2027')).stdout,
    /^2027年节假日安排：已设置（\d{4}-\d\d-\d\d \d\d:\d\d设置；来源：文件 2027\.txt）\n {2}全年：放假 1月1日至1月3日（3天）、2月5日至2月12日（8天）；调休上班 2月20日（周六）、2月21日（周日）$/);

  const list = file('2027-list.txt', '# 2027年，每行一个日期\n2026-12-31 休\n2027-01-01 休\n2027-02-20 班\n');
  t.deepEqual(await runCli('calendar', 'set', '2027', list), {
    code: 0, stderr: '',
    stdout: [
      '从 2027-list.txt 读取到2027年节假日安排：',
      '  日期清单：放假 2026年12月31日至1月1日（2天）；调休上班 2月20日（周六）',
      '已保存。2027年节假日安排：已设置（替换了原来设置的安排）。提醒和逾期工作日自下一次运行起按此计算，无需重启服务。',
    ].join('\n'),
  });
  // A built-in year set again: the stored one is used from now on.
  t.regex((await runCli('calendar', 'set', '2026', file('2026.txt', readFileSync(new URL('../fixtures/calendar/notice-2026.txt', import.meta.url))))).stdout, /（替换了原来程序内置的安排）/);
  t.deepEqual(await storedYears(), [2026, 2027]);
  // A day a neighbouring year says the opposite of (2026 off, 2027 worked) is refused.
  const thursday = file('2026-list.txt', '2026-12-31 班\n');
  t.deepEqual(await runCli('calendar', 'set', '2026', thursday), {
    code: 2, stdout: '', stderr: `文件 ${thursday} 中有1处问题，2026年节假日安排未保存：\n· 第1行「2026-12-31 班」：2026年12月31日是周四，调休上班日应是周六或周日，请核对。`,
  });
  const conflict = await runCli('calendar', 'set', '2026', file('2026-conflict.txt', '2026-12-26 休\n'));
  t.is(conflict.code, 0);
  t.deepEqual(await runCli('calendar', 'set', '2027', file('2027-conflict.txt', '2027-01-01 休\n2026-12-26 班\n')), {
    code: 2,
    stdout: '从 2027-conflict.txt 读取到2027年节假日安排：\n  日期清单：放假 1月1日（1天）；调休上班 2026年12月26日（周六）',
    stderr: '2027年节假日安排未保存：2026年12月26日在这份安排中与相邻年份已设置的安排相反（一处放假、一处上班）。请用 nianbao calendar show 2026 和 nianbao calendar show 2028 核对。',
  });
});
