// The corpus of how officials type (test/fixtures/official-corpus/, written from realistic
// phrasings, not from the bot's grammar): each utterance is sent in its situation, and what the
// bot stored and understood is compared with what a careful colleague would have understood.
// Read right, asked about, refused (nothing stored, not understood) or misread (something stored
// that was not meant). Misread must be 0; the shares are printed.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { commandOf } from '../../handlers/commands.ts';
import { compactOf, normalize } from '../../handlers/flow/parse.ts';
import { formats } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import { say, session, type Session } from './helpers.ts';

type Expect =
  | { kind: 'store'; values: Record<string, number> }
  | { kind: 'ask'; confirm?: Record<string, number> }
  | { kind: 'text' | 'skip' | 'later' | 'smalltalk' }
  | { kind: 'question'; about: string }
  | { kind: 'command'; name: string; text?: string };
interface Entry { say: string; expect: Expect }

const dir = new URL('../fixtures/official-corpus/', import.meta.url);
const row = (prefix: string, values: number[], keys: string[]) => Object.fromEntries(keys.map((k, i) => [`${prefix}.${k}`, values[i]]));
const applicants = ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg'];
const appeal = ['upheld', 'corrected', 'other', 'pending'];
const three = ['issued', 'repealed', 'inForce'];
const para1 = '2025年，青山镇坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕镇党委、政府中心工作，扎实推进政务公开各项工作。';
const para2 = '（一）主动公开情况。全年通过政府门户网站主动公开政府信息126条，其中政策文件11条、工作动态85条、财政信息14条，及时回应群众关切。';
const texts = { overview: `${para1}\n${para2}`, problems: '存在的主要问题：一是政策解读形式较单一；二是公开内容的及时性有待提高。下一步将加强培训，丰富解读形式。', other: '无' };

// The values of each situation, as the corpus README describes them.
const section2 = { ...row('active.rules', [0, 0, 0], three), ...row('active.norms', [2, 0, 11], three), 'active.licensing.decisions': 57, 'active.penalty.decisions': 81, 'active.coercion.decisions': 0, 'active.fees.amountYuan': 0 };
const over1 = row('requests.carriedOver', [1, 0, 0, 0, 0, 0], applicants);
const received31 = row('requests.received', [3, 1, 0, 0, 0, 0], applicants);
const forward0 = row('requests.carriedForward', [0, 0, 0, 0, 0, 0], applicants);
const zeroOutcomes = Object.fromEntries(formats['2021'].requestRows.filter((r) => r.role === 'outcome').flatMap((r) => applicants.map((c) => [`requests.${r.id}.${c}`, 0])));
const section3 = { ...over1, ...received31, ...forward0, ...zeroOutcomes, ...row('requests.granted', [2, 1, 0, 0, 0, 0], applicants), ...row('requests.unavailable.notHeld', [1, 0, 0, 0, 0, 0], applicants), ...row('requests.otherHandling.other', [1, 0, 0, 0, 0, 0], applicants) };
const review1 = row('appeals.review', [1, 0, 0, 0], appeal);
const section4 = { ...review1, ...row('appeals.directSuit', [0, 0, 0, 0], appeal), ...row('appeals.suitAfterReview', [0, 0, 0, 0], appeal) };
const last: Report = { format: '2021', year: 2024, unit: '青山镇人民政府', values: row('requests.carriedForward', [1, 0, 0, 0, 0, 0], applicants), texts: {} };

const situations: Record<string, () => Session> = {
  'active.rules': () => start({}),
  'active.norms': () => start(row('active.rules', [0, 0, 0], three)),
  'active.licensing': () => start({ ...row('active.rules', [0, 0, 0], three), ...row('active.norms', [2, 0, 11], three) }),
  'active.penalty': () => start({ ...row('active.rules', [0, 0, 0], three), ...row('active.norms', [2, 0, 11], three), 'active.licensing.decisions': 57 }),
  'active.coercion': () => start({ ...row('active.rules', [0, 0, 0], three), ...row('active.norms', [2, 0, 11], three), 'active.licensing.decisions': 57, 'active.penalty.decisions': 81 }),
  'active.fees': () => start(without(section2, 'active.fees.amountYuan')),
  'active.fees-county': () => start(without(section2, 'active.fees.amountYuan'), { unit: '县市场监督管理局' }),
  'requests.carriedOver': () => start(section2, { previous: last }),
  'requests.carriedOver-none': () => start(section2),
  'requests.received': () => start({ ...section2, ...over1 }),
  'requests.carriedForward': () => start({ ...section2, ...over1, ...received31 }),
  'requests.outcomes': () => start({ ...section2, ...over1, ...received31, ...forward0 }),
  'appeals.review': () => start({ ...section2, ...section3 }),
  'appeals.directSuit': () => start({ ...section2, ...section3, ...review1 }),
  'appeals.suitAfterReview': () => start({ ...section2, ...section3, ...review1, ...row('appeals.directSuit', [0, 0, 0, 0], appeal) }),
  'texts.overview': () => start({ ...section2, ...section3, ...section4 }),
  'texts.overview-started': () => start({ ...section2, ...section3, ...section4 }, { texts: { overview: texts.overview } }),
  'texts.problems': () => start({ ...section2, ...section3, ...section4 }, { texts: { overview: texts.overview } }),
  'texts.other': () => start({ ...section2, ...section3, ...section4 }, { texts: { overview: texts.overview, problems: texts.problems } }),
  review: () => start({ ...section2, ...section3, ...section4 }, { texts }),
  '2019.active.licensing': () => session({ format: '2019', year: 2020, unit: '青山镇人民政府', values: { ...row('active.rules', [0, 0, 0], ['made', 'published', 'total']), ...row('active.norms', [2, 2, 11], ['made', 'published', 'total']) } }),
  '2019.active.procurement': () => session({
    format: '2019', year: 2020, unit: '青山镇人民政府',
    values: Object.fromEntries(formats['2019'].cells.filter((c) => c.section === '二' && !c.total && !c.id.startsWith('active.procurement')).map((c) => [c.id, 0])),
  }),
};

function without(values: Record<string, number>, id: string): Record<string, number> {
  const { [id]: _, ...rest } = values;
  return rest;
}

function start(values: Record<string, number>, options: { unit?: string; previous?: Report; texts?: Report['texts'] } = {}): Session {
  return session({ format: '2021', year: 2025, unit: options.unit ?? '青山镇人民政府', values, previous: options.previous, ...(options.texts ? { texts: options.texts } : {}) });
}

/** The input cells (no totals) whose value changed, and whether any text changed. */
function changes(before: Session['draft'], after: Session['draft']): { values: Record<string, number | null>; text: boolean } {
  const format = formats[before.report.format];
  const values: Record<string, number | null> = {};
  for (const c of format.cells) {
    if (c.total) continue;
    const a = before.report.values[c.id] ?? null;
    const b = after.report.values[c.id] ?? null;
    if (a !== b) values[c.id] = b;
  }
  const text = (['overview', 'problems', 'other'] as const).some((k) => (before.report.texts[k] ?? '') !== (after.report.texts[k] ?? ''));
  return { values, text };
}

// What the corpus calls a command, by the bot's command kinds.
const COMMANDS: Record<string, string[]> = {
  progress: ['progress'], preview: ['preview'], submit: ['submit', 'confirmSubmit'], confirm: ['yes', 'confirmSubmit'], deny: ['no', 'cancelSubmit'],
  help: ['help'], undo: ['undo'], back: ['back'], document: ['document'], deadline: ['deadline'], showText: ['showText'],
  deleteLastParagraph: ['deleteLast'], rewriteText: ['rewriteText'], done: ['done'], greet: ['greet'],
};
// 「好的」「嗯嗯」 with no question pending is an acknowledgment: the bot reads it as 是 and answers without storing.
const KINDS: Record<string, string[]> = { skip: ['skip', 'next'], later: ['snooze'], smalltalk: ['smalltalk', 'yes'], question: ['meaning'] };

type Verdict = 'right' | 'asked' | 'refused' | 'misread';

/** Whether stored values equal the expected ones: every expected cell as said, nothing else but outcome rows set to 0. */
function sameStore(got: Record<string, number | null>, want: Record<string, number>, outcomes: boolean): boolean {
  for (const [id, v] of Object.entries(want)) {
    if ((got[id] ?? null) !== v) {
      if (got[id] === undefined && v === 0) continue; // already 0 or blank-as-0 where the bot had no need to write
      return false;
    }
  }
  return Object.entries(got).every(([id, v]) => id in want || (outcomes && v === 0));
}

function judge(situation: string, entry: Entry): { verdict: Verdict; detail: string } {
  const s = situations[situation]();
  const before = s.draft;
  const reply = say(s, entry.say);
  const pending = (s.state?.flow as { pending?: { kind: string } } | undefined)?.pending;
  const asked = pending !== undefined && pending.kind !== 'fix' && pending.kind !== 'submit';
  const got = changes(before, s.draft);
  const stored = Object.keys(got.values).length > 0 || got.text;
  const outcomes = situation === 'requests.outcomes';
  const e = entry.expect;
  const detail = `${JSON.stringify(got.values)} ${got.text ? '(text)' : ''} ⇐ ${reply.slice(0, 160).replace(/\n/g, ' ⏎ ')}`;
  if (e.kind === 'store') {
    // A correction to the value already there (「把规章改成0 0 0」 when it is 0) changes nothing and is right.
    if (!stored && !asked && sameStore(Object.fromEntries(Object.keys(e.values).map((id) => [id, s.draft.report.values[id] ?? null])), e.values, outcomes) && /改|应该|应为/.test(entry.say)) return { verdict: 'right', detail };
    if (!stored) return { verdict: asked ? 'asked' : 'refused', detail };
    return { verdict: sameStore(got.values, e.values, outcomes) && !got.text ? 'right' : 'misread', detail };
  }
  if (e.kind === 'ask') {
    if (stored) return { verdict: 'misread', detail };
    if (!asked) return { verdict: 'refused', detail };
    if (!e.confirm) return { verdict: 'right', detail };
    say(s, '是');
    const confirmed = changes(before, s.draft);
    const none = !Object.keys(confirmed.values).length && !confirmed.text;
    return { verdict: none ? 'asked' : sameStore(confirmed.values, e.confirm, outcomes) ? 'right' : 'misread', detail: `${detail} → 是 → ${JSON.stringify(confirmed.values)}` };
  }
  if (e.kind === 'text') {
    if (Object.keys(got.values).length) return { verdict: 'misread', detail };
    if (got.text) return { verdict: 'right', detail };
    return { verdict: asked ? 'asked' : 'refused', detail };
  }
  // Questions, skips, small talk and commands store nothing (a 是 that confirms the prefilled 结转 is a store);
  // deleting a text's last paragraph changes that text and nothing else.
  const textCommand = e.kind === 'command' && e.name === 'deleteLastParagraph';
  if (Object.keys(got.values).length || (got.text && !textCommand)) return { verdict: 'misread', detail };
  const command = commandOf(compactOf(normalize(entry.say)));
  const accepted = e.kind === 'command' ? COMMANDS[e.name] ?? [] : KINDS[e.kind] ?? [];
  return { verdict: command && accepted.includes(command.kind) ? 'right' : 'refused', detail: `${command?.kind ?? 'none'} ${detail}` };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const totals: Record<Verdict, number> = { right: 0, asked: 0, refused: 0, misread: 0 };

for (const file of files) {
  const situation = file.replace(/\.json$/, '');
  test(`corpus ${situation}: nothing is stored that the official did not clearly mean`, (t) => {
    t.truthy(situations[situation], `no situation ${situation}`);
    const entries = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Entry[];
    const counts: Record<Verdict, number> = { right: 0, asked: 0, refused: 0, misread: 0 };
    const misreads: string[] = [];
    const refusals: string[] = [];
    for (const entry of entries) {
      const { verdict, detail } = judge(situation, entry);
      counts[verdict]++;
      totals[verdict]++;
      if (verdict === 'misread') misreads.push(`「${entry.say}」 expected ${JSON.stringify(entry.expect)}, got ${detail}`);
      if (verdict === 'refused' && process.env.CORPUS_VERBOSE) refusals.push(`「${entry.say}」 ${entry.expect.kind}: ${detail}`);
    }
    t.log(`${situation}: ${entries.length} utterances, right ${counts.right}, asked ${counts.asked}, refused ${counts.refused}, misread ${counts.misread}`);
    for (const r of refusals) t.log(`  refused ${r}`);
    t.deepEqual(misreads, []);
  });
}

test.after(() => {
  const n = Object.values(totals).reduce((a, b) => a + b, 0);
  if (!n) return;
  const pct = (k: Verdict) => `${((100 * totals[k]) / n).toFixed(1)}%`;
  console.log(`# corpus: ${n} utterances — read right ${pct('right')}, asked about ${pct('asked')}, refused ${pct('refused')}, misread ${pct('misread')}`);
});
