// The supervisors' phrasings of test/fixtures/supervisor-corpus/ read as expected: each line of
// phrasings.tsv is what a county 政务公开办 member types and what it must be taken for, with the
// units resolved in the county of units.txt (see the corpus README for the notation).
import { readFileSync } from 'node:fs';
import test from 'ava';
import type { ReportStanding } from '../../handlers/standing.ts';
import type { UnitView } from '../../handlers/supervise.ts';
import { unitAtStart, unitsNamed } from '../../handlers/supervise-names.ts';
import { readIntent, returnText } from '../../handlers/supervise-words.ts';
import { normalize } from '../../handlers/flow/parse.ts';

const dir = new URL('../fixtures/supervisor-corpus/', import.meta.url);
const units: UnitView[] = readFileSync(new URL('units.txt', dir), 'utf8').trim().split('\n')
  .map((name, id) => ({ id, name, standing: {} as ReportStanding, remindedToday: false, urgedToday: false }));
const corpus = readFileSync(new URL('phrasings.tsv', dir), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t') as [string, string]);

/** A reading as the corpus writes it: the intent's kind, then the units (「?5」 for a name fitting five, 「!」 for none), 「全文」, a code. */
function reading(text: string): string {
  const intent = readIntent(normalize(text));
  const resolve = (names: string) => {
    if (!names) return '?';
    const found = unitsNamed(units, names);
    if (found.kind === 'found') return found.units.map((u) => u.name).join(' ');
    const several = /对应(\d+)个单位|对应多个单位/.exec(found.reply);
    return several ? `?${units.filter((u) => u.name.includes(names)).length}` : '!';
  };
  switch (intent.kind) {
    case 'look': return `look ${resolve(intent.names)}${intent.full ? ' 全文' : ''}`;
    case 'urge': case 'approve': case 'withdraw': case 'download': return `${intent.kind} ${resolve(intent.names)}`;
    case 'reminders': return intent.names ? `reminders ${resolve(intent.names)}` : 'reminders';
    case 'confirmApproveAll': return `confirmApproveAll ${intent.code}`;
    case 'return': {
      const found = unitAtStart(units, returnText(text) ?? '');
      return `return ${found.kind === 'found' ? found.unit.name : '!'}`;
    }
    default: return intent.kind;
  }
}

test(`the corpus has at least 150 phrasings (${corpus.length})`, (t) => {
  t.true(corpus.length >= 150);
});

test('every supervisor phrasing of the corpus reads as expected', (t) => {
  const wrong = corpus.filter(([text, expected]) => reading(text) !== expected).map(([text, expected]) => `${text} → ${reading(text)} (expected ${expected})`);
  t.deepEqual(wrong, []);
});

test('a 退回 typed with 「的」 after the unit (「把杨舍的打回去，数字不对」) keeps the reason as typed, without the 的', (t) => {
  t.is(returnText('把杨舍的打回去，数字不对'), '杨舍 数字不对');
  t.is(returnText('杨舍镇的报告退回去，复议数据有误'), '杨舍镇 复议数据有误');
  t.is(returnText('把钱集镇打回去，三（四）不对'), '钱集镇 三（四）不对');
});
