import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Finding, Report } from '../../src/report/report.ts';
import { runCli } from '../support/cli.ts';

const seed = (name: string) => fileURLToPath(new URL(`../../../shared/seeds/${name}`, import.meta.url));
const seed003 = seed('003_8fc14f64dbb32946.txt');
const seed004 = seed('004_941be4f5122c1a33.txt');


test('import --json prints the report JSON of field-ids.md', async (t) => {
  const { code, stdout } = await runCli('import', seed004, '--json');
  const report = JSON.parse(stdout) as Report;
  t.is(code, 0);
  t.deepEqual([report.format, report.unit, report.year], ['2019', '同江市', 2020]);
  t.is(report.values['requests.total.total'], 25);
  t.is(report.values['active.procurement.amountYuan'], 219970000);
});

test('check exits 1 on seed 004 with R1 and R2 for 法律服务机构 and 总计 and the fixes 0 and 21', async (t) => {
  const { code, stdout } = await runCli('check', seed004, '--json');
  const errors = (JSON.parse(stdout) as Finding[]).filter((f) => f.severity === 'error');
  t.is(code, 1);
  t.deepEqual(errors.map((f) => `${f.rule} ${f.cells[0]}`), [
    'R1 requests.received.legalService', 'R2 requests.total.legalService', 'R1 requests.received.total', 'R2 requests.total.total',
  ]);
  t.regex(errors[1].suggestion!, /（七）总计·法律服务机构改为0/);
  t.regex(errors[3].suggestion!, /（七）总计·总计改为21/);
});

test('check on seeds 000–003 exits 0', async (t) => {
  for (const name of ['000_cc3b440ac1b55c30.txt', '001_5e19d69b53729175.txt', '002_7afbdd925f005157.txt', '003_8fc14f64dbb32946.txt']) {
    t.is((await runCli('check', seed(name))).code, 0, name);
  }
});

test('check prints findings grouped by section in Chinese, with a closing count', async (t) => {
  const { stdout } = await runCli('check', seed004);
  const lines = stdout.split('\n');
  t.is(lines[0], '同江市2020年度政府信息公开工作年度报告（国办公开办函〔2019〕60号格式）');
  t.deepEqual(lines.filter((l) => /^[一二三四五六]、/.test(l)), ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况']);
  t.is(lines.at(-1), '共4个错误、2个提示、0条参考。请改正错误后再发布。');
});

test('check --previous compares with last year: the carry-over must match', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-'));
  const { stdout } = await runCli('import', seed004, '--json');
  const thisYear = JSON.parse(stdout) as Report;
  const lastYear: Report = { ...thisYear, year: 2019, values: { ...thisYear.values, 'requests.carriedForward.natural': 3, 'requests.carriedForward.total': 3 } };
  await writeFile(join(dir, 'last.json'), JSON.stringify(lastYear));
  await writeFile(join(dir, 'this.json'), stdout);
  const result = await runCli('check', join(dir, 'this.json'), '--previous', join(dir, 'last.json'), '--json');
  const x1 = (JSON.parse(result.stdout) as Finding[]).filter((f) => f.rule === 'X1');
  t.deepEqual(x1.map((f) => [f.severity, f.cells[0]]), [
    ['error', 'requests.carriedOver.natural'], ['error', 'requests.carriedOver.legalService'], ['error', 'requests.carriedOver.total'],
  ]);
});

test('show prints the official layout; --md prints Markdown tables', async (t) => {
  const text = (await runCli('show', seed003)).stdout;
  t.true(text.startsWith('百步镇人民政府2020年度政府信息公开工作年度报告'));
  const headings = text.split('\n').filter((l) => /^[一二三四五六]、(总体|主动|收到|政府信息公开行政|存在|其他需要)/.test(l));
  t.deepEqual(headings, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']);
  t.regex(text, /政府集中采购 +60 +105\.49万元/);
  const md = (await runCli('show', seed003, '--md')).stdout;
  t.regex(md, /^## 三、收到和处理政府信息公开申请情况$/m);
  t.regex(md, /^\| 4\.保护第三方合法权益 \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \| 1 \|$/m);
});

test('bad input gets a clear Chinese message and exit code 2', async (t) => {
  t.deepEqual(await runCli(), { code: 2, stdout: (await runCli('help')).stdout, stderr: '' });
  t.regex((await runCli('frobnicate', 'x')).stderr, /没有「frobnicate」这个命令。\n/);
  t.regex((await runCli('campagin', 'status')).stderr, /^没有「campagin」这个命令。您是指『campaign』吗？\n/);
  t.regex((await runCli('campaign', 'stauts')).stderr, /^「campaign」只支持 create、status、units、edit、close、reopen、delete、exclude、include。您是指『status』吗？用法：\n/);
  t.regex((await runCli('unit', 'lsit')).stderr, /^「unit」只支持 import、list、rename、move、delete。您是指『list』吗？用法：\n/);
  // Two letters off is another word, not a slip: export is not import.
  t.regex((await runCli('unit', 'export')).stderr, /^「unit」只支持 import、list、rename、move、delete。用法：\n/);
  t.regex((await runCli('check')).stderr, /「check」的用法：nianbao check FILE \[--previous FILE\] \[--json\]/);
  t.regex((await runCli('check', '/nonexistent.txt')).stderr, /文件不存在/);
  t.regex((await runCli('show', seed003, '--colour')).stderr, /参数有误/);
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-'));
  await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: '2019', year: 2020, unit: 'x', values: { 'requests.nope': 1 }, texts: {} }));
  const bad = await runCli('check', join(dir, 'bad.json'));
  t.is(bad.code, 2);
  t.regex(bad.stderr, /没有这些单元格：requests\.nope/);
});

test('the installed command runs as a process and sets its exit code', async (t) => {
  const bin = fileURLToPath(new URL('../../bin/nianbao.js', import.meta.url));
  const error = await t.throwsAsync(promisify(execFile)(process.execPath, [bin, 'check', seed004]));
  t.is((error as unknown as { code: number }).code, 1);
  const ok = await promisify(execFile)(process.execPath, [bin, 'import', seed003]);
  t.is(ok.stdout.trim(), '已导入：百步镇人民政府 2020年（2019年格式），198个单元格中198个有数字、0个空白；文字部分：4段。');
});

test('a reader that goes away (| head) ends the command quietly, not with EPIPE', async (t) => {
  const bin = fileURLToPath(new URL('../../bin/nianbao.js', import.meta.url));
  // `true` exits without reading, so every write meets a closed pipe.
  const { stderr } = await promisify(execFile)('bash', ['-c', `"${process.execPath}" "${bin}" show "${seed003}" | true`]);
  t.is(stderr, '');
});

test('import reads a saved page, a GBK text file and a page saved under another extension by their bytes, and names what it could not place', async (t) => {
  const page = fileURLToPath(new URL('../../../shared/real-reports/full/fj-pingtan-2023/source.html', import.meta.url));
  t.deepEqual(await runCli('import', page), {
    code: 0, stderr: '', stdout: '已导入：平潭综合实验区 2023年（2021年格式），200个单元格中200个有数字、0个空白；文字部分：4段。',
  });
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-import-'));
  const renamed = join(dir, 'page.download');
  await writeFile(renamed, await readFile(page));
  t.regex((await runCli('import', renamed)).stdout, /^已导入：平潭综合实验区 2023年/);
  const gbk = join(dir, 'gbk.txt');
  const iconv = (await import('iconv-lite')).default;
  const copied = await readFile(fileURLToPath(new URL('../../../shared/real-reports/full/fj-pingtan-2023/innertext-article.txt', import.meta.url)), 'utf8');
  await writeFile(gbk, iconv.encode(copied, 'gbk'));
  t.deepEqual(await runCli('import', gbk), {
    code: 0, stderr: '', stdout: '已导入：平潭综合实验区 2023年（2021年格式），200个单元格中200个有数字、0个空白；文字部分：3段。',
  });
  const variant = await runCli('import', fileURLToPath(new URL('../fixtures/reports-2021/variant-2023.txt', import.meta.url)));
  t.regex(variant.stdout, /未能归入表格的行：「其他主动公开文件」。$/);
});

test('an old Word (.doc) file is refused with what to do', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-import-'));
  const doc = join(dir, '报告.doc');
  await writeFile(doc, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
  t.deepEqual(await runCli('import', doc), { code: 2, stdout: '', stderr: `${doc}：这是旧版 Word（.doc）或 WPS 文件：请在 Word 或 WPS 中“另存为” .docx 后再导入。` });
});
