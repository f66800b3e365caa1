// Issue 13, acceptance: simulated officials file seeded random reports through the real engine on
// the real database (test/support/simulated-official.ts). Every stored report equals its target,
// nothing is ever stored that the official did not mean (a wrong value typed on purpose is allowed
// until its correction), every report ends submitted. Messages per report and refusals per 100
// messages are printed, with every refused phrasing form, an example and the bot's reply.
import test, { type ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { readReport } from '../../src/bot/store.ts';
import { formats } from '../../src/report/formats.ts';
import type { FormatId } from '../../src/report/report.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { Official, Rng, makeTarget, pickProfile, targetTexts, unitNames, type OfficialResult, type Target } from '../support/simulated-official.ts';

/** Batches per database: each a fresh database with one campaign of one format and `size` units filed one after another. */
const batches: { db: TestDatabase['name']; format: FormatId; size: number; seed: number }[] = [
  ...(['2021', '2021', '2019', '2021', '2021', '2019', '2021', '2021'] as const).map((format, i) => ({ db: 'sqlite' as const, format, size: 25, seed: 1301 + i })),
  ...(['2021', '2019'] as const).map((format, i) => ({ db: 'mariadb' as const, format, size: 10, seed: 1401 + i })),
];

interface Tally {
  reports: number;
  messages: number[];
  results: { target: Target; result: OfficialResult }[];
}
const tallies = new Map<string, Tally>();
const tallyOf = (db: string): Tally => {
  if (!tallies.has(db)) tallies.set(db, { reports: 0, messages: [], results: [] });
  return tallies.get(db)!;
};

// The batches run one after another (not concurrently): a SQLite turn holds the event loop, and a
// MariaDB connection opened meanwhile would time out on a busy machine.
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

for (const batch of batches) {
  forEachDatabase(`simulated officials: ${batch.size} ${batch.format} reports (seed ${batch.seed}) are stored exactly as meant and submitted`, (t, database) => inTurn(async () => {
    const tally = tallyOf(database.name);
    const db = await database.open(t);
    const rng = new Rng(batch.seed);
    const profiles = Array.from({ length: batch.size }, () => pickProfile(rng));
    const names = unitNames(rng, profiles);
    const targets = names.map((unit, i) => makeTarget(rng, batch.format, unit, profiles[i]));
    await setUpDemo(db, {
      supervisingUnit: '某县政务公开办', year: targets[0].year, format: batch.format,
      units: targets.map((target, i) => ({ name: target.unit, officialId: `official-${i}`, lastYear: target.lastYear })),
    });
    const start = new Date(`${targets[0].year + 1}-01-05T01:30:00Z`);
    const clock = { now: start };
    const engine = createEngine(db, { now: () => clock.now });
    const f = formats[batch.format];
    const allCells = f.cells.map((c) => c.id);
    const failures: string[] = [];
    let shown = 0;
    let messages = 0;
    let refusals = 0;
    for (const [i, target] of targets.entries()) {
      clock.now = start;
      const result = await new Official({ db, engine, clock }, `official-${i}`, target, new Rng(batch.seed * 1000 + i)).run();
      tally.reports++;
      tally.messages.push(result.messages);
      tally.results.push({ target, result });
      messages += result.messages;
      refusals += result.refusals.length;
      const label = `${target.unit} (${target.profile}, ${batch.format})`;
      const record = await db.manager.findOneByOrFail(ReportRecord, { year: target.year, unitId: await unitIdOf(db, target.unit) });
      const stored = await readReport(db.manager, record, target.unit);
      const wrong: string[] = [];
      if (result.problem) wrong.push(`not finished: ${result.problem}`);
      if (result.misreads.length) wrong.push(`${result.misreads.length} misreads, first: ${result.misreads[0].kind}: ${result.misreads[0].detail}`);
      if (record.status !== 'submitted') wrong.push(`status ${record.status}`);
      const differs = allCells.filter((id) => (stored.values[id] ?? null) !== target.values[id]);
      if (differs.length) wrong.push(`cells differ from the target: ${differs.slice(0, 6).map((id) => `${id} ${stored.values[id] ?? 'blank'} ≠ ${target.values[id]}`).join(', ')}${differs.length > 6 ? ` (+${differs.length - 6})` : ''}`);
      for (const [id, text] of Object.entries(targetTexts(target)) as [keyof typeof stored.texts, string][]) if (stored.texts[id] !== text) wrong.push(`texts.${id} differs: 「${(stored.texts[id] ?? '').slice(0, 40)}…」`);
      // Transcripts for what is not the one known class (outcome rows zeroed while applications are unplaced).
      const unusual = wrong.length > (result.misreads.length ? 1 : 0) || result.misreads.some((m) => !m.kind.startsWith('outcome row set to 0'));
      if (wrong.length) {
        failures.push(`${label}: ${wrong.join('; ')}`);
        if (unusual && ++shown <= 2) t.log(`${label}: the last messages\n${result.transcript.slice(-16).join('\n')}`);
      }
    }
    t.log(`${database.name} ${batch.format}: ${batch.size} reports, ${messages} messages (${(messages / batch.size).toFixed(1)} per report), ${(100 * refusals / messages).toFixed(2)} refusals per 100 messages`);
    // Every stored report equals its target, nothing was stored that was not meant, every report submitted.
    t.deepEqual(failures, [], `${failures.length} of ${batch.size} reports not exactly as meant`);
  }), batch.db);
}

async function unitIdOf(db: DataSource, name: string): Promise<number> {
  return (await db.manager.findOneByOrFail(Unit, { name })).id;
}

test.after.always('figures and every refused or misread phrasing form, per database', (t) => {
  for (const [name, tally] of tallies) summarise(t, name, tally);
});

function summarise(t: ExecutionContext, name: string, tally: Tally): void {
  const all = tally.results.map((r) => r.result);
  const messages = all.reduce((s, r) => s + r.messages, 0);
  const refusals = all.flatMap((r) => r.refusals);
  const misreads = all.flatMap((r) => r.misreads);
  const rate = (100 * refusals.length) / Math.max(1, messages);
  const lines = [
    `== ${name}: ${tally.reports} simulated reports, ${messages} messages, ${(messages / Math.max(1, tally.reports)).toFixed(1)} per report (max ${Math.max(0, ...tally.messages)}), ` +
      `${rate.toFixed(2)} refusals per 100 messages (goal < 3), ${misreads.length} misreads, ${all.filter((r) => r.problem).length} reports not finished`,
  ];
  const used = new Map<string, number>();
  for (const r of all) for (const [form, n] of r.used) used.set(form, (used.get(form) ?? 0) + n);
  const byForm = new Map<string, typeof refusals>();
  for (const r of refusals) byForm.set(r.form, [...(byForm.get(r.form) ?? []), r]);
  if (byForm.size) lines.push('-- refused, by phrasing form (refused/used · example · the bot\'s reply):');
  for (const [form, list] of [...byForm].sort((a, b) => b[1].length - a[1].length)) {
    const examples = [...new Map(list.map((r) => [r.text, r])).values()].slice(0, 2);
    lines.push(`  ${form}: ${list.length}/${used.get(form) ?? '?'}`);
    for (const e of examples) lines.push(`      「${e.text.replaceAll('\n', '⏎').replaceAll('\t', '→')}」 at ${e.step} → ${botLine(e.reply)}`);
  }
  const unheeded = all.flatMap((r) => r.unheeded);
  if (unheeded.length) {
    lines.push(`-- answered the bot's own question, and the bot did not act on it (not counted as refusals): ${unheeded.length}`);
    for (const e of [...new Map(unheeded.map((u) => [u.text, u])).values()].slice(0, 4)) lines.push(`      「${e.text}」 [${e.form}] at ${e.step} → ${botLine(e.reply)}`);
  }
  const byKind = new Map<string, typeof misreads>();
  for (const m of misreads) byKind.set(`${m.kind} · ${m.form}`, [...(byKind.get(`${m.kind} · ${m.form}`) ?? []), m]);
  if (byKind.size) lines.push('-- misread (stored though not meant), by kind and phrasing form:');
  for (const [kind, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${kind}: ${list.length}`);
    for (const m of list.slice(0, 2)) lines.push(`      ${m.detail.replaceAll('\t', '→').slice(0, 260)}`);
  }
  const families = new Map<string, [number, number]>();
  for (const [form, n] of used) {
    const family = form.split(':')[0];
    const [u, r] = families.get(family) ?? [0, 0];
    families.set(family, [u + n, r + (byForm.get(form)?.length ?? 0)]);
  }
  lines.push(`-- phrasing forms used (refused/used): ${[...families].sort().map(([f, [u, r]]) => `${f} ${r}/${u}`).join(' · ')}`);
  const problems = all.filter((r) => r.problem).map((r) => r.problem);
  if (problems.length) lines.push('-- not finished:', ...problems.slice(0, 10).map((p) => `  ${p}`));
  t.log(lines.join('\n'));
  if (rate < 3) t.true(rate < 3);
}

/** The bot's reply without its progress header, on one line. */
function botLine(reply: string): string {
  const lines = reply.split('\n').filter((l) => !/^(第[一二三四五六]部分|预览提交|已提交)/.test(l));
  return lines.join(' ⏎ ').slice(0, 220);
}
