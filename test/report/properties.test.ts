// Properties of the checker over synthetic reports (test/support/synthetic.ts): consistent
// reports raise no error; breaking any one cell of section 三 or 四 raises an error that names
// that cell; a wrong （七）总计 alone comes with the fix. Plus a check that the generator is
// varied enough for the properties not to pass vacuously.
import test from 'ava';
import fc from 'fast-check';
import { checkReport, hasErrors } from '../../src/report/check.ts';
import { applicantColumns, formats } from '../../src/report/formats.ts';
import type { Finding, FormatId, Report } from '../../src/report/report.ts';
import { runs } from '../support/runs.ts';
import { anyConsistentReport, consistentReport, syntheticReports } from '../support/synthetic.ts';

const numRuns = runs(400);
const formatIds: FormatId[] = ['2019', '2021'];

/** A report with one cell replaced, leaving the original untouched. */
const withValue = (report: Report, id: string, value: number): Report => ({ ...report, values: { ...report.values, [id]: value } });

/** The non-zero cells of a report, compactly: enough to read a shrunk counterexample. */
const nonZero = (report: Report) =>
  Object.fromEntries(Object.entries(report.values).filter(([, v]) => v !== 0 && v !== null));

const describe = (report: Report, findings: Finding[]) =>
  `${report.format} ${report.year} ${report.unit}\nnon-zero cells: ${JSON.stringify(nonZero(report))}\n` +
  `findings: ${JSON.stringify(findings.map(({ rule, severity, cells, message, suggestion }) => ({ rule, severity, cells, message, suggestion })), null, 1)}`;

/** A non-zero change of a cell, mostly small, sometimes large; may make the cell negative. */
const deltaArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -1000, max: 1000 })).filter((d) => d !== 0);

/** A consistent report of either format with one of that format's cells in sections 三 and 四. */
const reportAndCell = fc.oneof(...formatIds.map((f) =>
  fc.tuple(consistentReport(f), fc.constantFrom(...formats[f].cells.filter((c) => c.section !== '二').map((c) => c.id)))));

test('consistent reports of both formats raise no error', (t) => {
  t.notThrows(() => fc.assert(fc.property(anyConsistentReport, (report) => {
    const findings = checkReport(report);
    if (hasErrors(findings)) throw new Error(`errors on a consistent report:\n${describe(report, findings.filter((f) => f.severity === 'error'))}`);
  }), { numRuns, includeErrorInReport: true }));
});

test('changing any one cell of section 三 or 四 raises an error naming that cell', (t) => {
  t.notThrows(() => fc.assert(fc.property(reportAndCell, deltaArb, ([report, id], delta) => {
    const changed = withValue(report, id, (report.values[id] ?? 0) + delta);
    const findings = checkReport(changed);
    const naming = findings.filter((f) => f.severity === 'error' && f.cells.includes(id));
    if (!naming.length) {
      throw new Error(`${id} changed by ${delta} (${report.values[id]} → ${changed.values[id]}): no error names it\n${describe(changed, findings)}`);
    }
    // The named cell is a real cell of the format, so the finding locates its row and column.
    const cell = formats[report.format].cell.get(id)!;
    if (!cell.row || !cell.column) throw new Error(`${id} has no row/column in the format`);
  }), { numRuns, includeErrorInReport: true }));
});

/** R1/R2 findings on column `column` whose cells include `id`, with the outcome sum they should suggest. */
function totalFindings(report: Report, column: string, id: string, delta: number) {
  const outcomeSum = formats[report.format].requestRows
    .filter((r) => r.role === 'outcome')
    .reduce((acc, r) => acc + (report.values[`requests.${r.id}.${column}`] ?? 0), 0);
  const changed = withValue(report, id, (report.values[id] ?? 0) + delta);
  const findings = checkReport(changed);
  const identity = findings.filter((f) => f.severity === 'error' && (f.rule === 'R1' || f.rule === 'R2') && f.cells.includes(id));
  const problem =
    identity.length < 2 ? `expected both R1 and R2 to name ${id}, got ${identity.map((f) => f.rule).join(', ') || 'none'}`
      : identity.find((f) => !f.suggestion?.includes(`改为${outcomeSum}`))
        ? `an identity finding on ${id} lacks the suggestion 「改为${outcomeSum}」`
        : undefined;
  if (problem) throw new Error(`${problem}; ${id} changed by ${delta}\n${describe(changed, findings)}`);
}

test('a wrong （七）总计·总计 alone comes with the suggestion to make it the sum of the outcomes', (t) => {
  t.notThrows(() => fc.assert(fc.property(anyConsistentReport, deltaArb, (report, delta) => {
    totalFindings(report, 'total', 'requests.total.total', delta);
  }), { numRuns, includeErrorInReport: true }));
});

test('a wrong （七）总计 in any applicant column alone comes with the suggestion', (t) => {
  t.notThrows(() => fc.assert(fc.property(anyConsistentReport, fc.constantFrom(...applicantColumns), deltaArb, (report, column, delta) => {
    totalFindings(report, column, `requests.total.${column}`, delta);
  }), { numRuns, includeErrorInReport: true }));
});

test('the generator is varied: the properties cannot pass vacuously', (t) => {
  const samples = formatIds.flatMap((f) => fc.sample(consistentReport(f), { numRuns: 200, seed: 20240601 }));
  const some = (what: string, pred: (r: Report) => boolean, atLeast = 5) => {
    const n = samples.filter(pred).length;
    t.true(n >= atLeast, `only ${n} of ${samples.length} samples have ${what}`);
    t.true(n < samples.length || atLeast === samples.length, `every sample has ${what}`);
  };
  const v = (r: Report, id: string) => r.values[id] ?? 0;
  const anyCell = (r: Report, test: (id: string) => boolean) => Object.entries(r.values).some(([id, x]) => test(id) && x !== 0 && x !== null);

  t.is(samples.filter((r) => r.format === '2019').length, 200);
  t.is(samples.filter((r) => r.format === '2021').length, 200);
  some('a non-zero 结转下年度', (r) => v(r, 'requests.carriedForward.total') > 0);
  some('a non-zero 上年结转', (r) => v(r, 'requests.carriedOver.total') > 0);
  some('a non-zero 法律服务机构 cell', (r) => anyCell(r, (id) => id.endsWith('.legalService')));
  some('a non-zero 2021 （六） row', (r) => r.format === '2021' && anyCell(r, (id) => id.startsWith('requests.otherHandling.')));
  some('a non-zero 2019 （六）其他处理', (r) => r.format === '2019' && v(r, 'requests.otherHandling.total') > 0);
  some('hundreds of new requests', (r) => v(r, 'requests.received.total') >= 100);
  some('no new request in some column', (r) => applicantColumns.some((c) => v(r, `requests.received.${c}`) === 0));
  some('an appeal', (r) => v(r, 'appeals.review.total') + v(r, 'appeals.directSuit.total') + v(r, 'appeals.suitAfterReview.total') > 0);
  some('no appeal at all', (r) => v(r, 'appeals.review.total') + v(r, 'appeals.directSuit.total') + v(r, 'appeals.suitAfterReview.total') === 0);
  some('a negative 本年增/减', (r) => anyCell(r, (id) => id.endsWith('.itemsDelta') && v(r, id) < 0));
  some('money to the 分', (r) => anyCell(r, (id) => id.endsWith('.amountYuan') && !Number.isInteger(v(r, id))));
  // Every cell of the format is filled (no T7 blanks), and the texts are complete and number-free.
  for (const r of samples) {
    const missing = formats[r.format].cells.filter((c) => typeof r.values[c.id] !== 'number');
    if (missing.length) t.fail(`${r.format} sample lacks ${missing.map((c) => c.id).join(', ')}`);
    if (!r.texts.overview || !r.texts.problems || !r.texts.other || /[0-9０-９]|[零〇一二两三四五六七八九十百千万]\s*件/.test(Object.values(r.texts).join(''))) {
      t.fail(`texts incomplete or with figures: ${JSON.stringify(r.texts)}`);
    }
  }
});

test('syntheticReports is deterministic, mixes both formats and raises no error', (t) => {
  const a = syntheticReports(300, 42);
  t.deepEqual(a, syntheticReports(300, 42));
  t.notDeepEqual(a, syntheticReports(300, 43));
  t.true(a.some((r) => r.format === '2019') && a.some((r) => r.format === '2021'));
  const bad = a.map((r) => ({ r, errors: checkReport(r).filter((f) => f.severity === 'error') })).filter((x) => x.errors.length);
  t.is(bad.length, 0, `${bad.length} of ${a.length} reports have errors; the first:\n` + bad.slice(0, 1).map((x) => describe(x.r, x.errors)).join('\n\n'));
});
