// export and rollup end to end on a fresh SQLite file (ava runs each test file in a process of its own, so
// setting DATABASE_URL here touches no other file): the workbook written, and every bad input.
import test from 'ava';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { createCampaign } from '../../src/admin/campaigns.ts';
import { importUnits } from '../../src/admin/import-units.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { report2021, seed } from '../support/reports.ts';
import { runCli } from '../support/cli.ts';
import { docxParagraphs } from '../support/docx-text.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-export-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;


test.serial('without a campaign, or with a bad one, nothing is written and the reason is given', async (t) => {
  const out = join(dir, 'none.xlsx');
  t.deepEqual(await runCli('export', '--xlsx', out), { code: 2, stdout: '', stderr: '还没有进行中的填报任务。请用 --campaign 指定填报任务编号。' });
  t.deepEqual(await runCli('export', '--campaign', '9', '--xlsx', out), { code: 2, stdout: '', stderr: '没有编号为 9 的填报任务。' });
  t.deepEqual(await runCli('export', '--campaign', '一', '--xlsx', out), { code: 2, stdout: '', stderr: '填报任务编号「一」有误，应为数字，例如：--campaign 1' });
  t.deepEqual(await runCli('export', '--campaign', '1'), { code: 2, stdout: '', stderr: '请用 --xlsx 指定要生成的 Excel 文件，例如：nianbao export --campaign 1 --xlsx 填报情况.xlsx' });
  t.deepEqual(await runCli('export', '--xlsx', out, '--now', '昨天'), {
    code: 2, stdout: '', stderr: '时间「昨天」有误，应为 ISO 日期或时间，例如：--now 2026-02-01 或 --now 2026-02-01T09:00:00+08:00',
  });
  t.throws(() => readFileSync(out), { code: 'ENOENT' });
});

test.serial('export writes the workbook of the campaign and says what is in it', async (t) => {
  const db = await openDatabase(process.env.DATABASE_URL!);
  t.teardown(() => db.destroy());
  t.like(await importUnits(db, 'name,kind,parent\n政务公开办,县级部门,\n杨舍镇,镇,政务公开办\n南丰镇,镇,政务公开办\n金港街道,街道,政务公开办\n'), { kind: 'imported' });
  t.like(await createCampaign(db, { year: 2025, format: '2021', deadline: '2026-01-20', units: ['杨舍镇', '南丰镇', '金港街道'] }), { kind: 'created', campaignId: 1 });
  const idOf = async (name: string) => (await db.manager.findOneByOrFail(Unit, { name })).id;
  await storeReport(db, await idOf('杨舍镇'), report2021('jiedao-2022').report, 2025, 'submitted');
  await storeReport(db, await idOf('南丰镇'), seed('000').report, 2025, 'submitted');
  await db.manager.update(ReportRecord, { year: 2025 }, { submittedAt: new Date('2026-01-19T10:00:00+08:00') });

  const out = join(dir, '填报情况.xlsx');
  t.deepEqual(await runCli('export', '--campaign', '1', '--xlsx', out, '--now', '2026-02-03'), {
    code: 0, stdout: `已导出 ${out}：2025年度填报任务（编号 1），截至 2026-02-03，共 3 个单位，已提交 2 个，汇总计入 1 个。`, stderr: '',
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync(out)).buffer);
  t.deepEqual(workbook.worksheets.map((s) => s.name), ['填报情况', '汇总表', '问题清单', '汇总报告问题', '未计入汇总', '内容雷同', '图表']);
  const sheet = workbook.getWorksheet('填报情况')!;
  t.deepEqual([2, 3, 4, 5, 6].map((row) => [sheet.getCell(row, 1).value, sheet.getCell(row, 3).value, sheet.getCell(row, 7).value]), [
    ['单位', '状态', '逾期工作日'], ['南丰镇', '已提交', 0], ['杨舍镇', '已提交', 0], ['金港街道', '未开始', 10], ['合计（汇总）', null, null],
  ]);
  t.deepEqual([sheet.getCell(2, 14).value, sheet.getCell(6, 14).value], ['本年新收申请', 48]);
  t.is(sheet.getCell(8, 1).value, '未计入汇总的单位（2个）：南丰镇（按2019年格式填报，与汇总的2021年格式不同）、金港街道（尚未开始填报）。');
  // The newest open campaign when none is named.
  t.is((await runCli('export', '--xlsx', join(dir, 'newest.xlsx'), '--now', '2026-02-03')).code, 0);
});

test.serial('a path that cannot be written is named with the reason', async (t) => {
  const out = join(dir, 'no-such-dir', 'x.xlsx');
  t.deepEqual(await runCli('export', '--campaign', '1', '--xlsx', out), { code: 2, stdout: '', stderr: `无法写入文件 ${out}：所在目录不存在` });
  t.deepEqual(await runCli('export', '--campaign', '1', '--xlsx', dir), { code: 2, stdout: '', stderr: `无法写入文件 ${dir}：这是一个目录` });
});

test.serial('rollup writes the sum of the handed-in reports of the campaign as a Word document', async (t) => {
  const out = join(dir, '汇总报告.docx');
  t.deepEqual(await runCli('rollup', '--campaign', '1'), { code: 2, stdout: '', stderr: '请用 --docx 指定要生成的 Word 文件，例如：nianbao rollup --campaign 1 --docx 汇总报告.docx' });
  t.deepEqual(await runCli('rollup', '--campaign', '1', '--unit', '无此单位', '--docx', out), { code: 2, stdout: '', stderr: '单位「无此单位」不存在' });
  const result = await runCli('rollup', '--campaign', '1', '--docx', out, '--now', '2026-02-03');
  t.is(result.code, 0);
  t.regex(result.stdout, new RegExp(`^已生成 ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}：政务公开办（汇总）2025年度政府信息公开工作年度报告，汇总 1 个单位。\n未计入 2 个单位：南丰镇（按2019年格式填报，与汇总的2021年格式不同）、金港街道（尚未开始填报）。\n汇总后的数字核对无误。$`));
  const word = await importDocx(readFileSync(out));
  if (word.kind !== 'imported') return t.fail(word.reason);
  const summed = report2021('jiedao-2022').report;
  t.like(word.report, { unit: '政务公开办（汇总）', year: 2025, format: '2021' });
  t.is(word.report.values['requests.received.total'], summed.values['requests.received.total']);
  t.is(word.report.values['active.licensing.decisions'], summed.values['active.licensing.decisions']);
  // Signed by the supervising unit after the last table: the roll-up has no 五 or 六.
  t.deepEqual((await docxParagraphs(readFileSync(out))).slice(-2), ['政务公开办', '2026年2月3日']);
  t.false((await docxParagraphs(readFileSync(out))).includes('五、存在的主要问题及改进情况'));
  t.regex(word.report.texts.overview ?? '', /^2025年度，本汇总范围内共有3个单位填报政府信息公开工作年度报告，已提交2个，计入本汇总1个：/);
});

test.serial('export and rollup of a unit with nothing under it, or a roll-up with nothing handed in, write no file and say why', async (t) => {
  const out = join(dir, 'empty.docx');
  t.deepEqual(await runCli('export', '--campaign', '1', '--unit', '杨舍镇', '--xlsx', join(dir, 'empty.xlsx')),
    { code: 2, stdout: '', stderr: '「杨舍镇」所辖单位中没有参加编号 1 填报任务的单位，未生成文件。' });
  t.deepEqual(await runCli('rollup', '--campaign', '1', '--unit', '杨舍镇', '--docx', out),
    { code: 2, stdout: '', stderr: '「杨舍镇」所辖单位中没有参加编号 1 填报任务的单位，未生成文件。' });
  const db = await openDatabase(process.env.DATABASE_URL!);
  t.teardown(() => db.destroy());
  t.like(await createCampaign(db, { year: 2026, format: '2021', deadline: '2027-01-20', units: ['金港街道'], force: true }), { kind: 'created', campaignId: 2 });
  t.deepEqual(await runCli('rollup', '--campaign', '2', '--docx', out),
    { code: 2, stdout: '', stderr: '还没有可以汇总的报告（已提交、已通过或已导入的2021年格式报告），未生成汇总报告。1个单位的情况可用 nianbao export 导出查看。' });
  t.throws(() => readFileSync(out), { code: 'ENOENT' });
});
