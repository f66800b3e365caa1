// The commands that work on the configured database, on a fresh SQLite file (ava runs each test
// file in a process of its own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { fileURLToPath } from 'node:url';
import { Unit } from '../../entities/unit.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { formats } from '../../src/report/formats.ts';
import { seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { runCli } from '../support/cli.ts';
import { convertWithLibreOffice, pdfPages } from '../support/office.ts';

process.env.DATABASE_URL = `sqlite:${join(mkdtempSync(join(tmpdir(), 'nianbao-cli-')), 'cli.sqlite')}`;
const seeds = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));


test.serial('demo without its seed reports says where it looked, and sets up nothing', async (t) => {
  t.deepEqual(await runCli('demo', '--seeds', '/nonexistent'), { code: 2, stdout: '', stderr: '找不到种子报告目录 /nonexistent，请用 --seeds 指定。' });
  t.deepEqual(await runCli('report', 'show', '--unit', '杨舍镇'), { code: 2, stdout: '', stderr: '单位「杨舍镇」不存在' });
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

test.serial('import --save stores published reports (text or Word) for their units; a filed report is never overwritten', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-import-'));
  const word = join(dir, '杨舍镇.docx');
  t.is((await runCli('render', join(seeds, seedTranscripts['000'].file), '--docx', word)).code, 0);
  const saved = await runCli('import', word, join(seeds, seedTranscripts['001'].file), '--save');
  const seed001 = join(seeds, seedTranscripts['001'].file);
  t.deepEqual(saved, {
    code: 0, stderr: '', stdout: [
      '[1/2] 已保存杨舍镇2020年度报告（2019年格式，198个单元格中198个有数字），状态：已导入。', '[2/2] 已保存竹亭镇2020年度报告（2019年格式，198个单元格中198个有数字），状态：已导入。',
      '', '共2个文件：已保存2个，未保存0个，单位未找到0个。', '已保存（2）：', `  ${word}\t杨舍镇2020`, `  ${seed001}\t竹亭镇2020`,
    ].join('\n'),
  });
  const stored = JSON.parse((await runCli('report', 'show', '--unit', '杨舍镇', '--year', '2020', '--json')).stdout) as { status: string; values: Record<string, number> };
  const seed = seedReport(seedTranscripts['000'].file);
  t.is(stored.status, 'imported');
  t.deepEqual(stored.values, Object.fromEntries(formats['2019'].cells.map((c) => [c.id, seed.values[c.id] ?? 0])));
  t.deepEqual(await runCli('import', word, '--save'), { code: 0, stderr: '', stdout: '已更新杨舍镇2020年度报告（2019年格式，198个单元格中198个有数字），状态：已导入。' });
  // The same unit's year twice in one run: the second would silently replace the first.
  const text = join(seeds, seedTranscripts['000'].file);
  t.deepEqual(await runCli('import', word, text, '--save'), {
    code: 2, stderr: `[2/2] ${text}：与 ${word} 同为杨舍镇2020年度的报告，未保存；请只保留其中一份。`,
    stdout: [
      '[1/2] 已更新杨舍镇2020年度报告（2019年格式，198个单元格中198个有数字），状态：已导入。', '', '共2个文件：已保存1个，未保存1个，单位未找到0个。',
      '未保存（1）：', `  ${text}\t杨舍镇2020\t与 ${word} 同为杨舍镇2020年度的报告，未保存；请只保留其中一份。`, '已保存（1）：', `  ${word}\t杨舍镇2020`,
    ].join('\n'),
  });
  // A Word file that cannot be written is named with the reason, in Chinese.
  const nowhere = join(dir, 'no-such-dir', 'x.docx');
  t.deepEqual(await runCli('render', text, '--docx', nowhere), { code: 2, stdout: '', stderr: `无法写入文件 ${nowhere}：所在目录不存在` });

  // The demo's 2025 campaign: 杨舍镇 is filing its 2025 report, which an import must not replace.
  const db = await openDatabase(process.env.DATABASE_URL!);
  const unit = await db.manager.findOneByOrFail(Unit, { name: '杨舍镇' });
  await storeReport(db, unit.id, { format: '2021', year: 2025, unit: '杨舍镇', values: { 'requests.received.natural': 3 }, texts: {} }, 2025, 'draft');
  await db.destroy();
  const json = join(dir, '2025.json');
  writeFileSync(json, JSON.stringify({ format: '2021', year: 2025, unit: '杨舍镇', values: {}, texts: {} }));
  t.deepEqual(await runCli('import', json, '--save'), { code: 2, stdout: '', stderr: `${json}：杨舍镇2025年度的报告已在系统中填报，导入的文件未覆盖它。` });
  t.deepEqual(await runCli('import', word, '--save', '--unit', '不存在镇'), { code: 2, stdout: '', stderr: `${word}：没有名为「不存在镇」的单位。请先用 nianbao unit import 建立单位；只导入一个文件时，也可以用 --unit 指定单位名称。` });
  t.regex((await runCli('import', word, word)).stderr, /不加 --save 时一次只能导入一个文件/);
});

test.serial('an import that is not a whole report says what is missing and stores nothing, unless --force', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-import-'));
  const file = join(dir, 'partial.txt');
  writeFileSync(file, ['杨舍镇2019年度政府信息公开工作年度报告', '一、总体情况', '概述。', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '五、存在的主要问题及改进情况', '问题。'].join('\n'));
  const refused = await runCli('import', file, '--save');
  t.is(refused.code, 2);
  t.is(refused.stderr, `${file}：导入不完整，未保存（确需保存请加 --force）：未找到表格二（主动公开政府信息情况）。未找到表格三（收到和处理政府信息公开申请情况）。未找到表格四（行政复议、行政诉讼情况）。`);
  t.regex((await runCli('report', 'show', '--unit', '杨舍镇', '--year', '2019')).stderr, /杨舍镇2019年度还没有保存的报告/);
  t.deepEqual(await runCli('import', file, '--save', '--force'), { code: 0, stderr: '', stdout: '已保存杨舍镇2019年度报告（2019年格式，198个单元格中0个有数字），状态：已导入。' });
  const shown = await runCli('import', file);
  t.is(shown.code, 1);
  t.regex(shown.stderr, /^导入不完整：\n  未找到表格二/);
  t.is(shown.stdout, '已读取（不完整）：杨舍镇 2019年（2019年格式），198个单元格中0个有数字、198个空白；文字部分：2段。');
  t.regex((await runCli('check', file)).stderr, /导入不完整，无法核对/);
});

test.serial('import DIR --save --check: a line per file, a table of saved / refused / unit not found with the closest name, and one workbook of findings that LibreOffice opens', async (t) => {
  const built = fileURLToPath(new URL('../fixtures/built-reports/', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
  const golds: { unit: string; layout: string }[] = [];
  for (const folder of readdirSync(built).filter((d) => /^\d\d-/.test(d))) {
    const file = readdirSync(join(built, folder)).find((f) => f !== 'gold.json')!;
    copyFileSync(join(built, folder, file), join(dir, `${folder}${extname(file)}`));
    golds.push(JSON.parse(readFileSync(join(built, folder, 'gold.json'), 'utf8')) as { unit: string; layout: string });
  }
  copyFileSync(fileURLToPath(new URL('../../../shared/real-reports/full/fj-pingtan-2023/crawler.txt', import.meta.url)), join(dir, 'crawler.txt'));
  // The units of the county, one registered under another name (the closest is offered), the traditional-script pages' units under their simplified names.
  const simplified = [...new Set(golds.filter((g) => g.layout !== 'html-traditional').map((g) => g.unit))];
  const csv = join(dir, 'units.csv.txt');
  writeFileSync(csv, ['name,kind,parent', ...simplified.map((u) => `${u === '海州市人民政府办公室' ? '海州市政府办公室' : u},${/镇|乡|街道/.test(u) ? '镇' : '县级部门'},`)].join('\n'));
  t.is((await runCli('unit', 'import', csv)).code, 0);
  rmSync(csv);
  const xlsx = join(dir, '..', `${basename(dir)}-check.xlsx`);
  const ran = await runCli('import', dir, '--save', '--check', xlsx);
  t.is(ran.code, 2);
  const files = golds.length + 1;
  const lines = ran.stdout.split('\n');
  t.is(lines.filter((l) => /^\[\d+\/\d+\] 已保存/.test(l)).length + ran.stderr.split('\n').filter((l) => /^\[\d+\/\d+\] /.test(l)).length, files, 'one line per file');
  const summary = /^共(\d+)个文件：已保存(\d+)个，未保存(\d+)个，单位未找到(\d+)个。$/.exec(lines.find((l) => l.startsWith('共')) ?? '');
  t.truthy(summary);
  const [, total, saved, refused, unknown] = summary!.map(Number);
  t.is(total, files);
  t.is(saved + refused + unknown, files);
  const notFound = golds.filter((g) => g.layout === 'html-traditional' || g.unit === '海州市人民政府办公室').length;
  t.deepEqual([saved, refused, unknown], [golds.length - notFound, 1, notFound], ran.stderr);
  t.regex(ran.stderr, /crawler\.txt：导入不完整，未保存（确需保存请加 --force）：表格二（主动公开政府信息情况）缺少1行：行政规范性文件。$/m);
  t.regex(ran.stderr, /没有名为「海州市人民政府办公室」的单位。.*最接近的单位是「海州市政府办公室」/);
  t.regex(ran.stderr, /没有名为「(.+[區縣].+)」的单位。.*最接近的单位是「.+[区县].+」/);
  t.true(lines.includes(`单位未找到（${unknown}）：`));
  t.regex(ran.stdout, new RegExp(`已写出核对结果 .*：${files - 1}份报告的问题清单。`));

  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(readFileSync(xlsx)).buffer);
  t.deepEqual(book.worksheets.map((w) => w.name), ['导入情况', '问题清单']);
  t.is(book.getWorksheet('导入情况')!.rowCount, files + 1);
  const rules = book.getWorksheet('问题清单')!.getSheetValues().slice(2).map((row) => (row as unknown[])[4]);
  for (const rule of ['R3', 'R6', 'T1', 'T7']) t.true(rules.includes(rule), rule);
  const pages = await pdfPages(await convertWithLibreOffice(readFileSync(xlsx), 'xlsx', 'pdf'));
  t.regex(pages.join(''), /导入情况|问题清单|青山镇/);
});

test.serial('bad input to the database commands gets a Chinese reason and exit code 2', async (t) => {
  t.deepEqual(await runCli('report', 'show', '--unit', '不存在镇'), { code: 2, stdout: '', stderr: '单位「不存在镇」不存在' });
  t.deepEqual(await runCli('report', 'show', '--unit', '同江'), { code: 2, stdout: '', stderr: '单位「同江」不存在。您是指『同江市』吗？' });
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
  t.deepEqual(await runCli('tick', '--now', '明天'), { code: 2, stdout: '', stderr: '时间「明天」有误，应为 ISO 日期或时间，例如：--now 2026-02-01 或 --now 2026-02-01T09:00:00+08:00' });
});
