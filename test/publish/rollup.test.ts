import test from 'ava';
import { readFileSync } from 'node:fs';
import { rollUp } from '../../src/publish/rollup.ts';
import { checkReport, withoutMissingSections } from '../../src/report/check.ts';
import { importText } from '../../src/report/import/import-text.ts';
import type { Report } from '../../src/report/report.ts';
import { expandCells } from '../fixtures/expectation.ts';
import { reports2021, reports2021Dir } from '../fixtures/reports-2021.ts';
import { seeds } from '../fixtures/seeds.ts';

const seedDir = new URL('../../../shared/seeds/', import.meta.url);

function imported(url: URL): Report {
  const result = importText(readFileSync(url, 'utf8'));
  if (result.kind !== 'imported') throw new Error(result.reason);
  return result.report;
}

// The seeds cover two years (2019 and 2020); the roll-up is of one year, so they are taken as 2020's.
const seedReports = seeds.map((e) => ({ ...imported(new URL(e.file, seedDir)), year: 2020 }));

test('the roll-up of the five seed units is the cell-by-cell sum of the hand-transcribed seeds', (t) => {
  const result = rollUp('五镇（汇总）', 2020, '2019', seedReports.map((report) => ({ unit: report.unit, status: 'submitted', report })));
  t.deepEqual(result.included, seedReports.map((r) => r.unit));
  t.deepEqual(result.left, []);
  const expected = new Map<string, number>();
  for (const seed of seeds) {
    for (const [id, value] of expandCells(seed)) if (value !== null) expected.set(id, (expected.get(id) ?? 0) + value);
  }
  t.deepEqual(result.report.values, Object.fromEntries(expected));
  t.is(result.report.values['requests.received.natural'], 23 + seeds.slice(1).reduce((sum, s) => sum + (s.requests.received[0] ?? 0), 0));
  // The sum is checked again; its texts are the opening and the overview alone, which is no missing section.
  t.deepEqual(result.findings, withoutMissingSections(checkReport({ ...result.report, values: Object.fromEntries(expected) })));
  t.false(result.findings.some((f) => f.rule === 'T3'));
  t.is(result.report.format, '2019');
  t.is(result.report.unit, '五镇（汇总）');
});

test('units not handed in, or in the other format, are listed with the reason and not summed', (t) => {
  const [a, b, c] = seedReports;
  const revised = imported(new URL(reports2021[0].file, reports2021Dir));
  const result = rollUp('某县（汇总）', 2020, '2019', [
    { unit: a.unit, status: 'approved', report: a },
    { unit: b.unit, status: 'draft', report: b },
    { unit: c.unit, status: 'returned', report: c },
    { unit: '未开始镇', status: 'none' },
    { unit: revised.unit, status: 'submitted', report: { ...revised, year: 2020 } },
  ]);
  t.deepEqual(result.included, [a.unit]);
  t.deepEqual(result.left.map((l) => l.unit), [b.unit, c.unit, '未开始镇', revised.unit]);
  t.regex(result.left[0].reason, /尚未提交/);
  t.regex(result.left[1].reason, /退回/);
  t.regex(result.left[2].reason, /尚未开始/);
  t.regex(result.left[3].reason, /2021年格式/);
  t.deepEqual(result.report.values, Object.fromEntries(Object.entries(a.values).filter(([, v]) => v !== null)));
  t.regex(result.report.texts.overview ?? '', /未计入汇总的单位（4个）/);
});
