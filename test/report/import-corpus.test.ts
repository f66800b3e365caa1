// The acceptance corpus of issue 15: every form of every report — real pages, browser copies and
// converter text, 13 real openings, 24 reports built from the national format in the layouts of
// real pages, and three of those printed to PDF by LibreOffice — imported and checked against
// gold written independently of the importer. The summary line is the corpus report.
import test, { type ExecutionContext } from 'ava';
import { renderDocx } from '../../src/publish/docx.ts';
import { importPdf } from '../../src/publish/read-pdf.ts';
import { buildCorpus } from '../fixtures/built-reports/build.ts';
import { corpusForms, importForm, scoreForm, type Form, type Score } from '../support/corpus.ts';
import { convertWithLibreOffice } from '../support/office.ts';

const scores: Score[] = [];

test.after.always('corpus report', () => {
  const sum = (f: (s: Score) => number) => scores.reduce((a, s) => a + f(s), 0);
  const line = `corpus: ${sum((s) => s.right)}/${sum((s) => s.nonZero)} non-zero cells right, ${sum((s) => (s.imported ? 1 : 0))}/${scores.length} forms imported, ${sum((s) => s.falseErrors.length)} false errors, ${sum((s) => s.missedErrors.length)} missed errors`;
  console.log(line);
});

/** What a form must give, whatever it is: the header, every non-zero cell, no false error, no missed one. */
function expectWhole(t: ExecutionContext, score: Score) {
  t.true(score.imported, score.reason);
  t.true(score.header, 'format, year and unit');
  t.deepEqual(score.wrongCells, []);
  t.deepEqual(score.falseErrors, []);
  t.deepEqual(score.missedErrors, []);
}

const forms = corpusForms();

for (const form of forms) {
  if (form.name === 'real fj-pingtan-2023/crawler.txt' || form.name === 'real sh-stcsm-2024/source.txt') continue;
  test(`${form.name}: format, year, unit and every non-zero cell right; check finds every printed inconsistency and no other error`, (t) => {
    const score = scoreForm(form, importForm(form));
    scores.push(score);
    expectWhole(t, score);
  });
}

test('real sh-stcsm-2024/source.txt: every cell the converter kept; the 总计 it dropped is blank, and check says it should be 1 — no other error', (t) => {
  const form = forms.find((f) => f.name === 'real sh-stcsm-2024/source.txt')!;
  const score = scoreForm(form, importForm(form));
  scores.push(score);
  t.deepEqual(score.wrongCells, ['requests.carriedForward.total: undefined ≠ 1']);
  t.deepEqual([score.falseErrors, score.missedErrors], [[], []]);
});

test('real fj-pingtan-2023/crawler.txt (cells run together with no separator): every run that splits one way only — by its row, or by the columns adding up — is read, the other is reported and left out, and the incomplete import is not checked', (t) => {
  const form = forms.find((f) => f.name === 'real fj-pingtan-2023/crawler.txt')!;
  const result = importForm(form);
  const score = scoreForm(form, result);
  scores.push(score);
  t.true(score.header);
  t.deepEqual(score.wrongCells, ['active.norms.issued: undefined ≠ 77', 'active.norms.repealed: undefined ≠ 132', 'active.norms.inForce: undefined ≠ 470']);
  t.deepEqual(result.kind === 'imported' && result.problems.map((p) => p.message), ['「行政规范性文件」行的3个数连在一起印成「77132470」，可以有不止一种拆分，未导入。']);
  t.deepEqual([score.falseErrors, score.missedErrors], [[], []]);
});

const corpus = buildCorpus();
for (const id of ['03-2021-html-split-label', '14-2019-html-word', '16-2019-html-nested-layout']) {
  test(`built ${id} rendered to .docx and printed to PDF by LibreOffice: every non-zero cell read back, the printed inconsistencies found`, async (t) => {
    const entry = corpus.find((e) => e.id === id)!;
    const { format, year, unit, values, texts } = entry.drawn;
    const pdf = await convertWithLibreOffice(Buffer.from(await renderDocx({ format, year, unit, values, texts })), 'docx', 'pdf');
    const form: Form = { name: `pdf ${id}`, file: new URL('file:///dev/null'), gold: entry.gold, check: true };
    const score = scoreForm(form, await importPdf(pdf));
    scores.push(score);
    expectWhole(t, score);
  });
}
