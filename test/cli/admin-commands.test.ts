// unit import, member import, campaign create and status end to end, on a fresh SQLite file (ava
// runs each test file in a process of its own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-admin-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;


/** A file in the test's directory. */
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const units = file('units.csv', '\uFEFF单位名称,类型,上级单位\r\n张家港市,县市政府,\r\n政务公开办,县级部门,张家港市\r\n财政局,县级部门,政务公开办\r\n杨舍镇,镇,政务公开办\r\n金港街道,街道,政务公开办\r\n');
const members = file('members.csv', 'userid,name,role,unit\ns1,审核人,审核人,政务公开办\nf1,甲,填报人,财政局\nf2,乙,填报人,杨舍镇\nf3,丙,填报人,金港街道\nf5,戊,填报人,张家港市\n');

test.serial('a missing file, or one neither in UTF-8 nor in GBK, is named and nothing is imported', async (t) => {
  t.deepEqual(await runCli('unit', 'import', join(dir, 'nope.csv')), { code: 2, stdout: '', stderr: `无法读取文件 ${join(dir, 'nope.csv')}：文件不存在` });
  // 杨舍镇 in GBK, 镇 in UTF-8: a file pasted together from two sources is neither (GBK alone is read: unit-commands.test.ts).
  const mixed = file('mixed.csv', Buffer.concat([Buffer.from('name,kind,parent\n'), Buffer.from([0xd1, 0xee, 0xc9, 0xe1, 0xd5, 0xf2]), Buffer.from(',镇,\n')]));
  t.deepEqual(await runCli('member', 'import', mixed), {
    code: 2, stdout: '',
    stderr: `文件 ${mixed} 无法读取：文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码的文本，可能不是 CSV 文件。请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。`,
  });
  t.deepEqual(await runCli('campaign', 'status', '--now', '2026-02-03'), {
    code: 2, stdout: '', stderr: '还没有进行中的填报任务。请先建立：nianbao campaign create --year 2025 --format 2021 --deadline 2026-01-20',
  });
});

test.serial('a unit file with bad rows lists them by line, exits 2 and writes nothing', async (t) => {
  const bad = file('bad-units.csv', 'name,kind,parent\n杨舍镇,村,张家港市\n"金港,街道",街道,\n');
  t.deepEqual(await runCli('unit', 'import', bad), {
    code: 2, stdout: '',
    stderr: [
      `${bad} 中有2处问题，未导入任何单位。请修改后重新导入：`,
      '  第2行：类型「村」无效，应为 镇、乡、街道、县级部门、县市政府之一',
      '  第2行：上级单位「张家港市」不存在：既不在本文件中，也不在数据库中',
    ].join('\n'),
  });
  t.deepEqual(await runCli('member', 'import', members), {
    code: 2, stdout: '',
    stderr: [
      `${members} 中有5处问题，未导入任何成员。请修改后重新导入：`,
      '  第2行：单位「政务公开办」不存在，请先导入单位', '  第3行：单位「财政局」不存在，请先导入单位', '  第4行：单位「杨舍镇」不存在，请先导入单位',
      '  第5行：单位「金港街道」不存在，请先导入单位', '  第6行：单位「张家港市」不存在，请先导入单位',
    ].join('\n'),
  });
});

test.serial('units and members are imported, and importing again updates instead of adding', async (t) => {
  t.deepEqual(await runCli('unit', 'import', units), { code: 0, stdout: '已导入单位：新建 5 个。', stderr: '' });
  t.deepEqual(await runCli('member', 'import', members), { code: 0, stdout: '已导入成员：新建 5 名。', stderr: '' });
  const moved = file('moved.csv', 'name,kind,parent\n金港街道,街道,张家港市\n杨舍镇,镇,政务公开办\n');
  t.deepEqual(await runCli('unit', 'import', moved), { code: 0, stdout: '已导入单位：更新 1 个，1 个没有变化。', stderr: '' });
  const wrongAction = await runCli('unit', 'export', moved);
  t.is(wrongAction.code, 2);
  t.regex(wrongAction.stderr, /^「unit」只支持 import、list、rename、move、delete。用法：\n  nianbao unit import FILE.csv\n/);
  t.deepEqual(await runCli('member', 'import'), { code: 2, stdout: '', stderr: '「member import」的用法：nianbao member import FILE.csv' });
});

test.serial('--help prints the command\'s own lines; an unknown option is named in Chinese with them', async (t) => {
  const help = await runCli('unit', '--help');
  t.is(help.code, 0);
  t.regex(help.stdout, /^「unit」的用法：\n {2}nianbao unit import FILE\.csv /);
  t.is(help.stdout.split('\n').length, 6);
  const wrong = await runCli('unit', 'list', '--bogus');
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /^参数有误：没有「--bogus」这个参数\n\n「unit」的用法：\n {2}nianbao unit import/);
  t.regex((await runCli('campaign', 'edit', '--deadline')).stderr, /^参数有误：「--deadline」后面缺少取值\n/);
});

test.serial('campaign create reports every problem with its options at once, and refuses options of status', async (t) => {
  t.deepEqual(await runCli('campaign', 'create', '--year', '二〇二五', '--deadline-for', '县级部门', '--deadline-for', '镇=2026-01-15', '--deadline-for', '镇＝2026-01-16'), {
    code: 2, stdout: '',
    stderr: [
      '未建立填报任务：',
      '  年度「二〇二五」有误，应为四位数字，例如：--year 2025',
      '  请用 --format 指定报告格式（2019 或 2021），例如：--format 2021',
      '  请用 --deadline 指定截止日期，例如：--deadline 2026-01-20',
      '  --deadline-for「县级部门」有误，应写作 类型=日期，例如：--deadline-for 县级部门=2026-01-31',
      '  --deadline-for 给镇指定了两次',
    ].join('\n'),
  });
  t.deepEqual(await runCli('campaign', 'create', '--year', '2025', '--format', '2021', '--deadline', '2026-01-20', '--now', '2026-02-01'), {
    code: 2, stdout: '', stderr: 'campaign create 不接受 --now；可用的参数：--year、--format、--deadline、--deadline-for、--unit、--all-units、--force',
  });
  t.deepEqual(await runCli('campaign', 'create', '--year', '2025', '--format', '2021', '--deadline', '2026-02-29', '--deadline-for', '村=2026-01-31'), {
    code: 2, stdout: '',
    stderr: [
      '未建立填报任务：',
      '  截止日期「2026-02-29」不是有效日期，应写作 YYYY-MM-DD，例如 2026-01-20',
      '  --deadline-for 村=2026-01-31：类型「村」无效，应为 镇、乡、街道、县级部门、县市政府之一',
    ].join('\n'),
  });
  t.regex((await runCli('campaign', 'open')).stderr, /^「campaign」只支持 create、status、units、edit、close、reopen、delete、exclude、include。/);
  t.regex((await runCli('campaign')).stderr, /^「campaign」的用法：nianbao campaign create --year Y .*；nianbao campaign status \[--campaign ID\] \[--now ISO\]；/);
});

test.serial('campaign create takes in the units with filers, with a deadline per kind; a second one for the year is refused', async (t) => {
  t.deepEqual(await runCli('campaign', 'create', '--year', '2025', '--format', '2021', '--deadline', '2026-01-20', '--deadline-for', '县级部门=2026-01-31', '--deadline-for', '县市政府=2026-03-31'), {
    code: 0,
    stdout: [
      '已建立2025年度填报任务（编号 1，2021年格式），共 4 个单位。',
      '截止日期：县级部门 2026-01-31，县市政府 2026-03-31，其余单位 2026-01-20。',
      '未纳入（没有填报人）：政务公开办',
      '查看进度：nianbao campaign status --campaign 1',
    ].join('\n'),
    stderr: '',
  });
  t.deepEqual(await runCli('campaign', 'create', '--year', '2025', '--format', '2021', '--deadline', '2026-02-10'), {
    code: 2, stdout: '', stderr: '未建立填报任务：\n  2025年度已有填报任务（编号 1）包括「张家港市」。同一年度可以有多个填报任务（如各县各一个），但范围不能重叠；请用 --unit 指定本任务的上级单位，或修改编号 1 的任务',
  });
  t.deepEqual(await runCli('campaign', 'create', '--year', '2026', '--format', '2021', '--deadline', '2027-02-10', '--unit', '财政局', '--unit', '杨舍镇', '--force'), {
    code: 0,
    stdout: ['已建立2026年度填报任务（编号 2，2021年格式），共 2 个单位。', '截止日期：2027-02-10。', '查看进度：nianbao campaign status --campaign 2'].join('\n'),
    stderr: '提示：县级部门的截止日期 2027-02-10 晚于条例第四十九条的期限：县级以上人民政府部门应在每年1月31日前提交上一年度报告',
  });
});

test.serial('campaign status prints a table of deadlines, states and days late at --now, and a summary', async (t) => {
  const db = await openDatabase(process.env.DATABASE_URL!);
  t.teardown(() => db.destroy());
  const idOf = async (name: string) => (await db.manager.findOneByOrFail(Unit, { name })).id;
  const stored = { campaignId: 1, year: 2025, format: '2021' as const, values: '{}', reopened: null, version: 1, updatedAt: new Date() };
  await db.manager.insert(ReportRecord, [
    { ...stored, unitId: await idOf('杨舍镇'), status: 'submitted', submittedAt: new Date('2026-01-22T10:00:00+08:00') },
    { ...stored, unitId: await idOf('财政局'), status: 'draft', submittedAt: null },
  ]);
  const table = [
    '单位      类型      截止        状态    逾期工作日',
    '────────  ────────  ──────────  ──────  ──────────',
    '杨舍镇    镇        2026-01-20  已提交           2',
    '金港街道  街道      2026-01-20  未开始          10',
    '财政局    县级部门  2026-01-31  填报中           2',
    '张家港市  县市政府  2026-03-31  未开始           0',
  ];
  t.deepEqual(await runCli('campaign', 'status', '--campaign', '1', '--now', '2026-02-03T09:00:00+08:00'), {
    code: 0,
    stdout: ['2025年度填报任务（编号 1，2021年格式，进行中），截至 2026-02-03：', ...table, '已提交 1 / 共 4，逾期未交 2', '注：截止日 2026-01-31 为周六，提醒中请相关单位于 2026-01-30（周五）前提交。'].join('\n'),
    stderr: '',
  });
  // Without --campaign: the newest open campaign, here 2026's.
  t.regex((await runCli('campaign', 'status', '--now', '2027-01-05')).stdout, /^2026年度填报任务（编号 2，2021年格式，进行中），截至 2027-01-05：\n[^]*\n已提交 0 \/ 共 2$/);
  t.deepEqual(await runCli('campaign', 'status', '--campaign', '9'), { code: 2, stdout: '', stderr: '没有编号为 9 的填报任务。' });
  t.deepEqual(await runCli('campaign', 'status', '--campaign', 'x'), { code: 2, stdout: '', stderr: '填报任务编号「x」有误，应为数字，例如：--campaign 1' });
  t.deepEqual(await runCli('campaign', 'status', '--now', '昨天'), {
    code: 2, stdout: '', stderr: '时间「昨天」有误，应为 ISO 日期或时间，例如：--now 2026-02-01 或 --now 2026-02-01T09:00:00+08:00',
  });
  t.deepEqual(await runCli('campaign', 'status', '--year', '2025'), { code: 2, stdout: '', stderr: 'campaign status 不接受 --year；可用的参数：--campaign、--now' });
});
