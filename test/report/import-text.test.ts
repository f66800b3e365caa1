import test from 'ava';
import { readFileSync } from 'node:fs';
import { importText } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';
import { expandCells, type Expectation } from '../fixtures/expectation.ts';
import { seeds } from '../fixtures/seeds.ts';
import { reports2021, reports2021Dir } from '../fixtures/reports-2021.ts';

const seedDir = new URL('../../../shared/seeds/', import.meta.url);

function imported(text: string) {
  const result = importText(text);
  if (result.kind !== 'imported') throw new Error(result.reason);
  return result;
}

/** Every cell the expectation lists, as the import gave it: null for a blank (absent) cell. */
function actualCells(report: Report, ids: Iterable<string>): Map<string, number | null> {
  return new Map([...ids].map((id) => [id, report.values[id] ?? null]));
}

const cases: [Expectation, URL][] = [
  ...seeds.map((e) => [e, new URL(e.file, seedDir)] as [Expectation, URL]),
  ...reports2021.map((e) => [e, new URL(e.file, reports2021Dir)] as [Expectation, URL]),
];

for (const [expected, url] of cases) {
  test(`${expected.file}: every cell, blank kept apart from 0, as printed`, (t) => {
    const { report } = imported(readFileSync(url, 'utf8'));
    const cells = expandCells(expected);
    t.is(cells.size, expected.format === '2019' ? 198 : 200);
    t.deepEqual(actualCells(report, cells.keys()), cells);
    t.deepEqual(Object.keys(report.values).filter((id) => !cells.has(id)), [], 'no value outside the format');
  });

  test(`${expected.file}: format, unit, year and texts`, (t) => {
    const { report } = imported(readFileSync(url, 'utf8'));
    t.deepEqual({ format: report.format, unit: report.unit, year: report.year }, { format: expected.format, unit: expected.unit, year: expected.year });
    t.deepEqual(report.texts, expected.texts);
  });
}

test('the seeds place every number: no import problem', (t) => {
  for (const seed of seeds) {
    t.deepEqual(imported(readFileSync(new URL(seed.file, seedDir), 'utf8')).problems, [], seed.file);
  }
});

test('a non-standard row in section 二 is reported with its line, not dropped', (t) => {
  const { problems } = imported(readFileSync(new URL('variant-2023.txt', reports2021Dir), 'utf8'));
  t.is(problems.length, 1);
  t.is(problems[0].text, '25');
  t.regex(problems[0].message, /其他主动公开文件.*不是国家格式中的行/);
});

const minimal = (body: string) => `某县统计局2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n${body}\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n无。\n`;

test('a 2019-style single （六） row in a 2021 report is reported as unplaced', (t) => {
  const text = minimal('三、收到和处理政府信息公开申请情况\n\t（六）其他处理\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n\n\t（六）其他处理\n\t3.其他\n\t1\n\t0\n\t0\n\t0\n\t0\n\t0\n\t1\n');
  const result = imported(text);
  t.is(result.report.format, '2021');
  t.is(result.report.values['requests.otherHandling.other.natural'], 1);
  t.deepEqual(result.problems.map((p) => p.text), ['2 0 0 0 0 0 2']);
  t.regex(result.problems[0].message, /2021年格式分为三行/);
});

test('a row with the wrong number of cells is reported, not guessed', (t) => {
  const result = imported(minimal('三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 0 3\n'));
  t.false('requests.received.natural' in result.report.values);
  t.deepEqual(result.problems.map((p) => p.text), ['3 0 3']);
  t.regex(result.problems[0].message, /应有7个数，这里有3个/);
});

test('a missing table section is a T3 error from the import', (t) => {
  const result = imported(minimal(''));
  t.deepEqual(result.findings.map((f) => [f.rule, f.severity]), [['T3', 'error'], ['T3', 'error'], ['T3', 'error']]);
  t.regex(result.findings[0].message, /二、主动公开政府信息情况/);
});

test('a title with the year first gives unit and year', (t) => {
  const { report } = imported('2023年某县统计局政府信息公开工作年度报告\n一、总体情况\n概述。\n');
  t.deepEqual([report.unit, report.year, report.format], ['某县统计局', 2023, '2021']);
});

test('text that is not a report fails with a reason in Chinese', (t) => {
  const noTitle = importText('会议纪要\n今天开会。\n');
  t.deepEqual(noTitle.kind === 'failed' && /标题/.test(noTitle.reason), true);
  const noSections = importText('某镇2020年度政府信息公开工作年度报告\n正文。\n');
  t.deepEqual(noSections.kind === 'failed' && /未找到/.test(noSections.reason), true);
});

test('an unreadable cell is reported with the reader\'s reason and left blank', (t) => {
  const result = imported(minimal('三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量\t1.5\t0\t0\t0\t0\t0\t1.5\n'));
  t.false('requests.carriedOver.natural' in result.report.values);
  t.is(result.report.values['requests.received.natural'], 3);
  t.is(result.problems.length, 2);
  t.regex(result.problems[0].message, /二、上年结转·自然人」无法读取/);
});
