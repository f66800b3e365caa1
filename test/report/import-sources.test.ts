import test from 'ava';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { importHtml, importText, type ImportResult } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';

const real = new URL('../../../shared/real-reports/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, real));
const gold = (path: string) => JSON.parse(read(path).toString('utf8')) as { format: string; year: number; unit: string | null; values: Record<string, number> };

function imported(result: ImportResult) {
  if (result.kind !== 'imported') throw new Error(result.reason);
  return result;
}

/** The cells whose value differs from the gold's (a blank is null). */
function wrongCells(report: Report, values: Record<string, number>, ids = Object.keys(values)): string[] {
  return ids.filter((id) => (report.values[id] ?? null) !== (values[id] ?? null)).map((id) => `${id}: ${report.values[id]} ≠ ${values[id]}`);
}

const pingtan = gold('full/fj-pingtan-2023/gold.json');

test('a saved web page, each cell in its own <p> under rowspan/colspan, gives every cell, the unit and the year', (t) => {
  const { report, problems } = imported(importHtml(read('full/fj-pingtan-2023/source.html')));
  t.deepEqual([report.format, report.year, report.unit], ['2021', 2023, '平潭综合实验区']);
  t.deepEqual(wrongCells(report, pingtan.values), []);
  t.deepEqual(problems, []);
});

test('the same page saved as GB2312 reads the same', (t) => {
  const html = read('full/fj-pingtan-2023/source.html').toString('utf8').replace('<meta charset="utf-8" />', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
  const { report } = imported(importHtml(iconv.encode(html, 'gbk')));
  t.is(report.unit, '平潭综合实验区');
  t.deepEqual(wrongCells(report, pingtan.values), []);
});

for (const form of ['innertext-page.txt', 'innertext-article.txt']) {
  test(`a browser copy (${form}: cells on their own lines with lone tabs, the site's breadcrumb first) gives every cell`, (t) => {
    const { report, problems } = imported(importText(read(`full/fj-pingtan-2023/${form}`).toString('utf8')));
    t.deepEqual([report.format, report.year, report.unit], ['2021', 2023, '平潭综合实验区']);
    t.deepEqual(wrongCells(report, pingtan.values), []);
    t.deepEqual(problems, []);
  });
}

test('text a PDF converter gave (pipe rows, labels apart from their numbers) gives every cell it printed; the dropped one is left blank, not guessed', (t) => {
  const expected = gold('full/sh-stcsm-2024/gold.json');
  const { report, problems } = imported(importText(read('full/sh-stcsm-2024/source.txt').toString('utf8')));
  t.deepEqual([report.format, report.year, report.unit], ['2021', 2024, '上海市科委']);
  t.deepEqual(wrongCells(report, expected.values), ['requests.carriedForward.total: undefined ≠ 1']);
  t.deepEqual(problems.map((p) => p.text), ['1', '## 表二：主动公开政府信息情况']);
});

test('a Markdown pipe table and rows of 「label | n | n |」 are read by their labels', (t) => {
  const text = [
    '# 某县统计局2022年度政府信息公开工作年度报告', '一、总体情况', '概述。', '二、主动公开政府信息情况',
    '| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |', '|---|---|---|---|', '| 规章 | 0 | 0 | 0 |', '| 行政规范性文件 | 3 | 1 | 12 |',
    '行政许可 | 57 |', '三、收到和处理政府信息公开申请情况', '| 一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |', '五、存在的主要问题及改进情况', '问题。',
  ].join('\n');
  const { report } = imported(importText(text));
  t.is(report.unit, '某县统计局');
  t.deepEqual(report.values, {
    'active.rules.issued': 0, 'active.rules.repealed': 0, 'active.rules.inForce': 0,
    'active.norms.issued': 3, 'active.norms.repealed': 1, 'active.norms.inForce': 12, 'active.licensing.decisions': 57,
    'requests.received.natural': 2, 'requests.received.business': 1, 'requests.received.research': 0, 'requests.received.publicInterest': 0,
    'requests.received.legalService': 0, 'requests.received.otherOrg': 0, 'requests.received.total': 3,
  });
});

test('the title is found after menus, 「标题:」 and 「正文」; without one, the year comes from the file name or the prose and the unit is left to be asked for', (t) => {
  const body = '\n一、总体情况\n本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n';
  t.deepEqual(pick(importText(`首页 政务公开 部门乡镇\n当前位置：首页 > 政务公开\n正文\n牛华镇2021年政府信息公开工作年度报告${body}`)), ['牛华镇', 2021]);
  t.deepEqual(pick(importText(`标题: 中埠镇人民政府2020年政府信息公开工作年度报告${body}`)), ['中埠镇人民政府', 2020]);
  t.deepEqual(pick(importText(body, { fileName: '王店镇2022年度政府信息公开工作年度报告.txt' })), ['王店镇', 2022]);
  t.deepEqual(pick(importText(body)), ['', 2021]);
  t.deepEqual(pick(importText(body, { unit: '王店镇', year: 2023 })), ['王店镇', 2023]);
});

function pick(result: ImportResult): [string, number] | string {
  return result.kind === 'imported' ? [result.report.unit, result.report.year] : result.reason;
}

test('a page in traditional characters is read by its labels; the unit is kept as printed', (t) => {
  const dir = 'openings/hunan-huaihua-mayang-banlishu-2022/';
  const expected = gold(`${dir}gold.json`);
  const { report } = imported(importText(read(`${dir}source.txt`).toString('utf8')));
  t.deepEqual([report.format, report.year, report.unit], ['2021', 2022, '麻陽苗族自治縣板栗樹鄉人民政府']);
  t.deepEqual(wrongCells(report, expected.values), []);
});

const partial = [
  '某县统计局2022年度政府信息公开工作年度报告', '一、总体情况', '概述。', '二、主动公开政府信息情况',
  '规章 0 0 0', '行政规范性文件 3 1 12', '行政许可 57', '行政处罚 1', '行政强制 0', '行政事业性收费 0',
  '三、收到和处理政府信息公开申请情况', '一、本年新收政府信息公开申请数量 2 1 0 0 0 0 3', '二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0',
  '五、存在的主要问题及改进情况', '问题。',
].join('\n');

test('an import that finds only part of the tables says which table is missing and which rows, plainly', (t) => {
  const { coverage } = imported(importText(partial));
  t.deepEqual(coverage.gaps, [
    '表格三（收到和处理政府信息公开申请情况）缺少23行：（一）予以公开、（二）部分公开、（三）1.国家秘密、（三）2.法律法规禁止、（三）3.三安全一稳定、（三）4.第三方权益、（三）5.内部事务、（三）6.过程性信息、（三）7.执法案卷、（三）8.行政查询事项、（四）1.不掌握、（四）2.需另行制作、（四）3.补正后仍不明确、（五）1.信访举报投诉、（五）2.重复申请、（五）3.公开出版物、（五）4.大量反复申请、（五）5.要求确认或重新出具、（六）1.逾期不补正、（六）2.逾期未缴费、（六）3.其他、（七）总计、四、结转下年度。',
    '未找到表格四（行政复议、行政诉讼情况）。',
  ]);
  t.is(coverage.filled, 24);
});

test('a whole import has no gaps, counts the cells with numbers, and names the labels it could not place', (t) => {
  const { coverage } = imported(importHtml(read('full/fj-pingtan-2023/source.html')));
  t.deepEqual(coverage, { filled: 200, cells: 200, gaps: [], unplacedLabels: [] });
  const variant = imported(importText(readFileSync(new URL('../fixtures/reports-2021/variant-2023.txt', import.meta.url), 'utf8')));
  t.deepEqual(variant.coverage.unplacedLabels, ['其他主动公开文件']);
});

test('rows printed with 「/」 throughout are found (blank), not missing', (t) => {
  const text = partial.replace('行政许可 57', '行政许可 /').replace('规章 0 0 0', '规章 / / /');
  const { coverage, report } = imported(importText(text));
  t.false('active.rules.issued' in report.values);
  t.false(coverage.gaps.some((g) => g.startsWith('表格二') || g.startsWith('未找到表格二')));
});

test('「#沐阳县人民政府…」 and 「正文」 are not the unit; a PDF line that wraps mid-sentence is not taken for a heading', (t) => {
  const text = [
    '正文', '# 沐阳县人民政府2022年政府信息公开工作年度报告', '一、总体情况',
    '本年度我县对存在的主要问题及改进情况进行了梳理，', '存在的主要问题及改进措施', '将在下一步落实。',
    '二、主动公开政府信息情况', '行政许可 12', '五、存在的主要问题及改进情况', '问题。',
  ].join('\n');
  const { report } = imported(importText(text));
  t.deepEqual([report.unit, report.year], ['沐阳县人民政府', 2022]);
  t.is(report.values['active.licensing.decisions'], 12);
  t.regex(report.texts.overview ?? '', /存在的主要问题及改进措施/);
});

test('a GBK page that declares no charset is read as GBK, not as broken UTF-8', (t) => {
  const html = read('full/fj-pingtan-2023/source.html').toString('utf8').replace('<meta charset="utf-8" />', '');
  const { report } = imported(importHtml(iconv.encode(html, 'gbk')));
  t.is(report.unit, '平潭综合实验区');
  t.deepEqual(wrongCells(report, pingtan.values), []);
});
