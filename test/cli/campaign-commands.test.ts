// campaign create | units | edit | close | reopen | delete | exclude | include end to end, on
// SQLite and on MariaDB in turn (one test: DATABASE_URL is the process's, so the databases take
// turns rather than run side by side).
import test from 'ava';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { importMembers } from '../../src/admin/import-members.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { runCli } from '../support/cli.ts';
import { databases } from '../support/databases.ts';

const units = 'name,kind,parent\n张家港市,县市政府,\n政务公开办,县级部门,张家港市\n财政局,县级部门,政务公开办\n杨舍镇,镇,政务公开办\n南丰镇,镇,政务公开办\n昆山市,县市政府,\n';
const members = 'userid,name,role,unit\ns1,审核人,审核人,政务公开办\nf1,甲,填报人,财政局\nf2,乙,填报人,杨舍镇\nf5,戊,填报人,张家港市\n';

const ok = (stdout: string, stderr = '') => ({ code: 0, stdout, stderr });
const refused = (stderr: string) => ({ code: 2, stdout: '', stderr });

test('every campaign command, and each bad input, on SQLite and MariaDB', async (t) => {
  for (const database of databases) {
    process.env.DATABASE_URL = await database.url(t);
    const db = await openDatabase(process.env.DATABASE_URL);
    t.teardown(() => db.destroy());
    t.like(await importUnits(db, units), { kind: 'imported' });
    t.like(await importMembers(db, members), { kind: 'imported' });
    const create = ['campaign', 'create', '--year', '2025', '--deadline', '2026-01-20', '--unit', '张家港市'];

    t.deepEqual(await runCli(...create, '--format', '2019'), refused('未建立填报任务：\n  2025年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式；如确需使用，请加 --force'));
    t.deepEqual(await runCli(...create, '--format', '2021'), ok('已建立2025年度填报任务（编号 1，2021年格式），共 4 个单位。\n截止日期：2026-01-20。\n未纳入（没有填报人）：政务公开办\n查看进度：nianbao campaign status --campaign 1'));
    t.deepEqual(await runCli('campaign', 'units'), ok([
      '2025年度填报任务（编号 1，进行中）的范围：张家港市及其下属单位。以后在范围内新建的单位自动参加。',
      '单位        类型      上级单位    情况      填报人',
      '──────────  ────────  ──────────  ────────  ──────',
      '南丰镇      镇        政务公开办  参加填报      无',
      '杨舍镇      镇        政务公开办  参加填报       1',
      '财政局      县级部门  政务公开办  参加填报       1',
      '政务公开办  县级部门  张家港市    已排除        无',
      '张家港市    县市政府              参加填报       1',
      '参加填报 4 个，已排除 1 个。',
      '尚无填报人（导入后即可填报：nianbao member import）：南丰镇',
    ].join('\n')));

    // exclude / include
    t.deepEqual(await runCli('campaign', 'exclude'), refused('请写出单位名称，例如：nianbao campaign exclude 城关镇'));
    t.deepEqual(await runCli('campaign', 'units', '杨舍镇'), refused('campaign units 不需要单位名称「杨舍镇」'));
    t.deepEqual(await runCli('campaign', 'exclude', '南丰镇', '--deadline', '2026-01-01'), refused('campaign exclude 不接受 --deadline；可用的参数：--campaign'));
    t.deepEqual(await runCli('campaign', 'exclude', '南丰镇'), ok('已将「南丰镇」排除在2025年度填报任务（编号 1）之外：它不再需要填报，也不计入进度和汇总；它已保存的内容全部保留。如需恢复：nianbao campaign include 南丰镇 --campaign 1'));
    t.deepEqual(await runCli('campaign', 'exclude', '昆山市'), refused('未排除：「昆山市」不在2025年度填报任务（编号 1）的范围内，无需排除'));
    t.deepEqual(await runCli('campaign', 'include', '南丰镇', '--campaign', '1'), ok('已将「南丰镇」重新纳入2025年度填报任务（编号 1），其填报人现在即可填报。'));
    t.deepEqual(await runCli('campaign', 'include', '南丰镇'), refused('未纳入：「南丰镇」已在2025年度填报任务（编号 1）中，无需纳入'));

    // edit
    t.deepEqual(await runCli('campaign', 'edit'), refused('未修改：请指定要修改的内容：--deadline、--deadline-for 类型=日期（类型=默认 取消单独的截止日期）或 --format'));
    t.deepEqual(await runCli('campaign', 'edit', '--deadline-for', '镇', '--force'), refused('未修改：\n  --deadline-for「镇」有误，应写作 类型=日期，例如：--deadline-for 县级部门=2026-01-31\n  --force 只和 --format 一起使用'));
    t.deepEqual(await runCli('campaign', 'edit', '--campaign', '1', '--deadline', '2026-01-25', '--deadline-for', '镇=2026-01-15'), ok('已修改2025年度填报任务（编号 1）：截止日期 2026-01-20 → 2026-01-25；镇的截止日期 2026-01-20 → 2026-01-15。'));
    t.deepEqual(await runCli('campaign', 'edit', '--deadline-for', '镇=默认'), ok('已修改2025年度填报任务（编号 1）：镇的截止日期 2026-01-15 → 同其余单位（2026-01-25）。'));
    // Dates and kinds as admins type them: 2026-2-10, 2026年2月9日; 街道办 is 街道.
    t.deepEqual(await runCli('campaign', 'edit', '--deadline', '2026年1月26日', '--deadline-for', '街道办=2026-1-9'), ok('已修改2025年度填报任务（编号 1）：截止日期 2026-01-25 → 2026-01-26；街道的截止日期 2026-01-25 → 2026-01-09。'));
    t.deepEqual(await runCli('campaign', 'edit', '--deadline-for', '街道=默认', '--deadline', '2026/1/25'), ok('已修改2025年度填报任务（编号 1）：截止日期 2026-01-26 → 2026-01-25；街道的截止日期 2026-01-09 → 同其余单位（2026-01-25）。'));
    t.deepEqual(await runCli('campaign', 'edit', '--format', '2019'), refused('未修改：2025年度报告应使用2021年格式（国办公开办函〔2021〕30号），而不是2019年试行格式；如确需使用，请加 --force'));
    t.deepEqual(await runCli('campaign', 'edit', '--deadline', '2026-02-10'), ok('已修改2025年度填报任务（编号 1）：截止日期 2026-01-25 → 2026-02-10。',
      '提示：县级部门的截止日期 2026-02-10 晚于条例第四十九条的期限：县级以上人民政府部门应在每年1月31日前提交上一年度报告'));

    // close / reopen
    t.deepEqual(await runCli('campaign', 'close'), ok('已结束2025年度填报任务（编号 1）：不再接收报告，也不再发送提醒；已保存的内容全部保留。如需重新接收：nianbao campaign reopen --campaign 1'));
    t.deepEqual(await runCli('campaign', 'close'), refused('未结束：还没有进行中的填报任务；如要修改已结束的任务，请用 --campaign 指定编号'));
    t.deepEqual(await runCli('campaign', 'reopen'), refused('请用 --campaign 指定要重新开始的任务编号，例如：nianbao campaign reopen --campaign 1（编号见 nianbao campaign status）'));
    t.deepEqual(await runCli('campaign', 'reopen', '--campaign', '1'), ok('已重新开始2025年度填报任务（编号 1），各单位可以继续填报。'));

    // delete
    const unitId = (await db.manager.findOneByOrFail(Unit, { name: '杨舍镇' })).id;
    await db.manager.insert(ReportRecord, { unitId, campaignId: 1, year: 2025, format: '2021', status: 'submitted', values: '{}', reopened: null, version: 1, submittedAt: new Date(), updatedAt: new Date() });
    t.deepEqual(await runCli('campaign', 'delete'), refused('请用 --campaign 指定要删除的任务编号，例如：nianbao campaign delete --campaign 1（编号见 nianbao campaign status）'));
    t.deepEqual(await runCli('campaign', 'delete', '--campaign', '一'), refused('填报任务编号「一」有误，应为数字，例如：--campaign 1'));
    t.deepEqual(await runCli('campaign', 'delete', '--campaign', '1'), refused('未删除：不能删除2025年度填报任务（编号 1）：杨舍镇已保存了内容（已填写数据、已提交或已导入报告），删除会丢失这些内容。只有还没有任何单位填写的任务才能删除；如不再接收报告，请用 nianbao campaign close --campaign 1'));
    t.deepEqual(await runCli('campaign', 'create', '--year', '2025', '--format', '2021', '--deadline', '2026-01-20', '--unit', '昆山市'), ok('已建立2025年度填报任务（编号 2，2021年格式），共 1 个单位。\n截止日期：2026-01-20。\n查看进度：nianbao campaign status --campaign 2'));
    t.deepEqual(await runCli('campaign', 'close'), refused('未结束：有 2 个进行中的填报任务：2025年度填报任务（编号 1）、2025年度填报任务（编号 2）。请用 --campaign 指定编号'));
    t.deepEqual(await runCli('campaign', 'delete', '--campaign', '2'), ok('已删除2025年度填报任务（编号 2）（还没有任何单位填写）。'));
  }
});
