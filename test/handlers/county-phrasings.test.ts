// County supervisors in their own words (test/fixtures/supervisor-corpus/county/): every line of
// phrasings.tsv through the supervisors' handler, read back from what it did (its actions) and
// said (its reply), in the county of units.tsv. A 退回, 通过 or 催办 is only ever an action; a phrase
// that could mean something else asks.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { reportStanding, standingOf, workingDays, type ReportState } from '../../handlers/standing.ts';
import { handleSupervisorTurn, type SupervisorResult, type UnitView } from '../../handlers/supervise.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { reportOf } from '../support/supervision.ts';

const dir = new URL('../fixtures/supervisor-corpus/county/', import.meta.url);
const rows = (file: string) => readFileSync(new URL(file, dir), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const TODAY = '2026-01-26';
const days = workingDays(loadCalendar());

const units: UnitView[] = rows('units.tsv').map(([name, state, deadline, filers], id) => {
  const draft = state === 'none' ? undefined : { status: state === 'draft' ? 'draft' as const : state as 'submitted', report: reportOf(name) };
  const progress = standingOf(draft ?? { status: 'draft', report: { ...reportOf(name), values: {}, texts: {} } });
  const submittedAt = ['submitted', 'approved'].includes(state) ? new Date('2026-01-19T02:00:00Z') : null;
  return {
    id, name, ...(draft && { draft }), remindedToday: false, urgedToday: false, filers: Number(filers),
    standing: reportStanding({ state: state as ReportState, deadline, submittedAt, history: {}, progress }, TODAY, days),
  };
});
const nameOf = new Map(units.map((u) => [u.id, u.name]));
const corpus = rows('phrasings.tsv') as [string, string][];

/** What the handler did with a message, as the corpus writes it. */
function reading({ replies, actions }: SupervisorResult): string {
  const [action] = actions;
  if (action) {
    if (action.kind === 'urge') return action.all ? 'urgeAll' : `urge ${action.unitIds.map((id) => nameOf.get(id)).join(' ')}`;
    if (action.kind === 'approve') return `approve ${actions.map((a) => a.kind === 'approve' && nameOf.get(a.unitId)).join(' ')}`;
    if (action.kind === 'return') return `return ${nameOf.get(action.unitId)} 「${action.reason}」`;
    if (action.kind === 'reminders') return action.all ? 'reminders' : `reminders ${action.unitIds.map((id) => nameOf.get(id)).join(' ')}`;
    return action.kind;
  }
  const reply = replies.join('\n');
  const which = /^「(.+?)」对应\d+个单位|「(.+?)」对应多个单位/.exec(reply);
  if (which) return `which ${which[1] ?? which[2]}`;
  const asked = /^请问是要(审核通过|退回)(.+?)的报告吗？尚未办理。/.exec(reply);
  if (asked) return `ask ${asked[1] === '退回' ? 'return' : 'approve'} ${asked[2].split('、').join(' ')}`;
  const full = /^【(.+?)】年度报告文字部分/.exec(reply);
  if (full) return `look ${full[1]} 全文`;
  const look = /^【([^】·]+)】/.exec(reply);
  if (look) return `look ${look[1]}`;
  if (/^【.+ · \d{4}年度报告】/.test(reply)) return 'progress';
  if (/^未提交\d+个单位/.test(reply)) return 'pending';
  if (/^逾期未交\d+个单位/.test(reply)) return 'overdue';
  if (/^请写明退回原因/.test(reply)) return `reason? ${/“退回 (\S+)/.exec(reply)?.[1]}`;
  if (/^好的，本次没有办理任何操作/.test(reply)) return 'hold';
  if (/^退回修改过的报告\d+份|^目前没有被退回修改的报告/.test(reply)) return 'returned';
  if (/^抱歉，没有理解/.test(reply)) return 'unknown';
  return `? ${reply.slice(0, 40)}`;
}

const read = (text: string) => reading(handleSupervisorTurn(text, { supervisorUnit: '沭阳县政务公开办', year: 2025, units, today: TODAY }));

test(`the county corpus covers every command with at least 30 phrasings (${corpus.length})`, (t) => {
  t.true(corpus.length >= 30);
  const kinds = new Set(corpus.map(([, expected]) => expected.split(' ')[0]));
  for (const kind of ['progress', 'pending', 'overdue', 'look', 'urge', 'urgeAll', 'return', 'approve', 'export', 'which', 'ask']) t.true(kinds.has(kind), kind);
});

test('every county phrasing is taken for what the supervisor meant, or asked about', (t) => {
  const wrong = corpus.filter(([text, expected]) => read(text) !== expected).map(([text, expected]) => `${text} → ${read(text)} (expected ${expected})`);
  t.deepEqual(wrong, []);
});
