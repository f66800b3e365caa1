import test from 'ava';
import { formats } from '../../src/report/formats.ts';
import { expandCells } from '../fixtures/expectation.ts';
import { seeds } from '../fixtures/seeds.ts';
import { reports2021 } from '../fixtures/reports-2021.ts';

test('the 2019 format has 22 + 161 + 15 cells, the 2021 format 10 + 175 + 15', (t) => {
  const counts = (id: '2019' | '2021') => ['二', '三', '四'].map((s) => formats[id].cells.filter((c) => c.section === s).length);
  t.deepEqual(counts('2019'), [22, 161, 15]);
  t.deepEqual(counts('2021'), [10, 175, 15]);
});

test('cell ids are exactly those of field-ids.md, in printed order', (t) => {
  t.deepEqual(formats['2019'].cells.map((c) => c.id), [...expandCells(seeds[0]).keys()]);
  t.deepEqual(formats['2021'].cells.map((c) => c.id), [...expandCells(reports2021[0]).keys()]);
});

test('totals are the 总计 column, the （七） row and the section 四 总计 cells', (t) => {
  const totals = formats['2021'].cells.filter((c) => c.total).map((c) => c.id);
  t.is(totals.length, 25 + 6 + 3);
  t.true(totals.includes('requests.total.natural'));
  t.true(totals.includes('requests.carriedForward.total'));
  t.true(totals.includes('appeals.suitAfterReview.total'));
  t.false(totals.includes('requests.carriedForward.natural'));
});

test('（六） is one row in 2019 and three in 2021', (t) => {
  const rows = (id: '2019' | '2021') => formats[id].requestRows.filter((r) => r.id.startsWith('otherHandling')).map((r) => r.id);
  t.deepEqual(rows('2019'), ['otherHandling']);
  t.deepEqual(rows('2021'), ['otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other']);
});

test('every cell has a label and a note for in-chat help, and only money cells are money', (t) => {
  for (const format of Object.values(formats)) {
    for (const cell of format.cells) {
      t.true(cell.label.includes('·') && cell.note.length > 5, cell.id);
      t.is(cell.kind === 'money', cell.id.endsWith('amountYuan'), cell.id);
    }
  }
  t.is(formats['2019'].cell.get('active.penalty.itemsDelta')!.kind, 'signed');
});
