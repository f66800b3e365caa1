// The commands that work on the configured database, on a fresh SQLite file (ava runs each test
// file in a process of its own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { runCli } from '../support/cli.ts';

process.env.DATABASE_URL = `sqlite:${join(mkdtempSync(join(tmpdir(), 'nianbao-cli-')), 'cli.sqlite')}`;
const seeds = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));


test.serial('demo without its seed reports says where it looked, and sets up nothing', async (t) => {
  t.deepEqual(await runCli('demo', '--seeds', '/nonexistent'), { code: 2, stdout: '', stderr: '找不到种子报告目录 /nonexistent，请用 --seeds 指定。' });
  t.regex((await runCli('report', 'show', '--unit', '杨舍镇')).stderr, /没有名为「杨舍镇」的单位/);
});

test.serial('demo sets up the five seed units once; a second run says it exists', async (t) => {
  const first = await runCli('demo', '--seeds', seeds);
  t.is(first.code, 0);
  t.deepEqual(first.stdout.split('\n').filter((l) => l.startsWith('  demo-official')), [
    '  demo-official-1  杨舍镇（已导入上年报告）', '  demo-official-2  竹亭镇（已导入上年报告）',
    '  demo-official-3  嘉兴市秀洲区王店镇（已导入上年报告）', '  demo-official-4  百步镇人民政府（已导入上年报告）',
    '  demo-official-5  同江市（已导入上年报告）',
  ]);
  t.deepEqual(await runCli('demo', '--seeds', seeds), { code: 0, stdout: '演示数据已存在，无需重复建立。可运行：nianbao chat --user demo-official-1', stderr: '' });
});

test.serial('report show prints the stored report: last year\'s is the seed as imported', async (t) => {
  const { code, stdout } = await runCli('report', 'show', '--unit', '同江市', '--json');
  const stored = JSON.parse(stdout) as { year: number; status: string; values: Record<string, number> };
  const seed = seedReport(seedTranscripts['004'].file);
  t.is(code, 0);
  t.deepEqual([stored.year, stored.status], [2024, 'imported']);
  t.deepEqual(stored.values, seed.values);
  t.regex((await runCli('report', 'show', '--unit', '同江市')).stdout, /^同江市2024年度政府信息公开工作年度报告/);
});

test.serial('bad input to the database commands gets a Chinese reason and exit code 2', async (t) => {
  t.deepEqual(await runCli('report', 'show', '--unit', '不存在镇'), { code: 2, stdout: '', stderr: '没有名为「不存在镇」的单位。' });
  t.regex((await runCli('report', 'show', '--unit', '同江市', '--year', '二〇二四')).stderr, /年份「二〇二四」有误/);
  t.regex((await runCli('report', 'show', '--unit', '同江市', '--year', '2030')).stderr, /同江市2030年度还没有保存的报告/);
  t.regex((await runCli('report', 'list')).stderr, /「report」只支持 show/);
  t.regex((await runCli('chat')).stderr, /请用 --user 指定成员的 userid/);
});

test.serial('tick --now runs the reminders at that time and lists what it queued; a bad time is refused', async (t) => {
  const ran = await runCli('tick', '--now', '2026-01-13T09:30:00+08:00');
  t.is(ran.code, 0);
  const lines = ran.stdout.split('\n');
  t.is(lines[0], '2026-01-13T01:30:00.000Z：计划6条，发出6条。');
  t.true(lines.some((l) => l.startsWith('→ demo-official-1：您好！杨舍镇2025年度政府信息公开工作年度报告距截止日期（1月20日）还有7天')));
  t.is((await runCli('tick', '--now', '2026-01-13T09:30:00+08:00')).stdout, '2026-01-13T01:30:00.000Z：计划6条，发出0条。', 'planned again, sent once');
  t.deepEqual(await runCli('tick', '--now', '明天'), { code: 2, stdout: '', stderr: '时间「明天」有误，应为 ISO 日期或时间，例如：--now 2026-01-13T09:30:00+08:00' });
});
