// Several processes on one database, and a process killed mid-conversation: every answered
// message stays answered, nothing is applied twice, and every report ends as its transcript says.
import type { ExecutionContext } from 'ava';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { readReport } from '../../src/bot/store.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { formats } from '../../src/report/formats.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { startWorker } from '../support/worker-process.ts';
import { readTranscript } from '../handlers/helpers.ts';

const seedIds = Object.keys(seedTranscripts) as (keyof typeof seedTranscripts)[];
const seeds = seedIds.map((id) => ({ id, report: seedReport(seedTranscripts[id].file), lines: readTranscript(new URL(`../transcripts/seed-${id}.txt`, import.meta.url)) }));

/** Users 0 … n−1, user i filing seed i mod 5 for a unit of its own (「3号杨舍镇」 keeps the kind of body). */
async function setUpUsers(url: string, users: number) {
  const db = await openDatabase(url);
  const plan = Array.from({ length: users }, (_, i) => ({ i, seed: seeds[i % seeds.length] }));
  // The seeds are of two years; every campaign here is the 2020 report (seed 002's transcript fits it too).
  await setUpDemo(db, {
    supervisingUnit: '某县政务公开办', year: 2020, format: '2019',
    units: plan.map(({ i, seed }) => ({ name: `${i}号${seed.report.unit}`, officialId: `user-${i}`, lastYear: previousOf(seed.report) })),
  });
  return { db, plan };
}

async function assertFiled(t: ExecutionContext, db: Awaited<ReturnType<typeof openDatabase>>, name: string, seed: (typeof seeds)[number]) {
  const unit = await db.manager.findOneByOrFail(Unit, { name });
  const record = await db.manager.findOneByOrFail(ReportRecord, { unitId: unit.id, year: 2020 });
  const stored = await readReport(db.manager, record, name);
  t.is(record.status, 'submitted', name);
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues(seed.id, seed.report), name);
  t.is(stored.texts.overview, seed.report.texts.overview, name);
}

forEachDatabase('50 users over 2 processes sharing the database: every report ends as its transcript says', async (t, database) => {
  const url = await database.url(t);
  const { db, plan } = await setUpUsers(url, 50);
  t.teardown(() => db.destroy());
  const workers = [await startWorker(t, url), await startWorker(t, url)];
  await Promise.all(plan.map(async ({ i, seed }) => {
    const messages = seed.lines.map((text, n) => ({ key: `u${i}-${n}`, userId: `user-${i}`, text }));
    if (i % 2 === 0) {
      // Sent all at once, with no waiting, to one process: the engine keeps them in order.
      await Promise.all(messages.map((m) => workers[(i / 2) % 2].send(m)));
    } else {
      // Each message to the other process than the last, as a load balancer would, after the last reply.
      for (const [n, m] of messages.entries()) await workers[n % 2].send(m);
    }
  }));
  for (const { i, seed } of plan) await assertFiled(t, db, `${i}号${seed.report.unit}`, seed);
  t.is(await db.manager.count(InboundMessage), plan.reduce((n, p) => n + p.seed.lines.length, 0));
}, 'mariadb');

forEachDatabase('a process killed with SIGKILL mid-transcript: answered messages are kept, the user resumes where they were', async (t, database) => {
  const url = await database.url(t);
  const { db, plan } = await setUpUsers(url, 5);
  t.teardown(() => db.destroy());
  const answered = new Set<string>();
  let worker = await startWorker(t, url);
  const cut = 6;
  // Everyone answers up to `cut` messages, waiting for each reply; then a burst that the kill interrupts.
  await Promise.all(plan.map(async ({ i, seed }) => {
    for (const [n, text] of seed.lines.slice(0, cut).entries()) {
      await worker.send({ key: `u${i}-${n}`, userId: `user-${i}`, text });
      answered.add(`u${i}-${n}`);
    }
  }));
  const burst = plan.flatMap(({ i, seed }) => seed.lines.slice(cut).map((text, k) => ({ key: `u${i}-${cut + k}`, userId: `user-${i}`, text })));
  const inFlight = burst.map((m) => worker.send(m).then(() => answered.add(m.key), () => undefined));
  await Promise.race(inFlight); // the burst is being handled: one answered, the rest queued or running
  await worker.kill('SIGKILL');
  await Promise.all(inFlight);

  const stored = new Set((await db.manager.find(InboundMessage)).map((m) => m.key));
  t.deepEqual([...answered].filter((key) => !stored.has(key)), [], 'every answered message is in the database');
  t.true(answered.size < plan.reduce((n, p) => n + p.seed.lines.length, 0), 'the kill interrupted the conversations');

  // The platform redelivers what was not answered, in order; a redelivery of a handled message is answered from the record.
  worker = await startWorker(t, url);
  await Promise.all(plan.map(async ({ i, seed }) => {
    for (const [n, text] of seed.lines.entries()) {
      if (!answered.has(`u${i}-${n}`)) await worker.send({ key: `u${i}-${n}`, userId: `user-${i}`, text });
    }
  }));
  for (const { i, seed } of plan) await assertFiled(t, db, `${i}号${seed.report.unit}`, seed);
});
