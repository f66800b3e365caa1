// Load on MariaDB over two processes, each with its engine and outbox dispatcher: 40 officials at
// once, their turns claiming their replies inside the turn's transaction. No deadlock may occur:
// neither in the processes' own queries (counted as they fail) nor on InnoDB's counter.
import mysql from 'mysql2/promise';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startOutboxWorker } from '../support/outbox-process.ts';
import { previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { readTranscript } from '../handlers/helpers.ts';

const OFFICIALS = 40;
// Each official's first messages of a seed transcript (some have fewer).
const MESSAGES = 20;

async function innodb<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

const deadlockCount = () => innodb(async (c) => Number(((await c.query("SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'lock_deadlocks'"))[0] as { COUNT: number }[])[0].COUNT));
const latestDeadlock = () => innodb(async (c) => {
  const status = String(((await c.query('SHOW ENGINE INNODB STATUS'))[0] as { Status: string }[])[0].Status);
  return /LATEST DETECTED DEADLOCK\n-+\n([\s\S]*?)\n-{10,}\n/.exec(status)?.[1] ?? '';
});

forEachDatabase(`${OFFICIALS} officials at once over two processes: every message handled and every reply sent, with no deadlock`, async (t, database) => {
  const url = await database.url(t);
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  const seeds = Object.values(seedTranscripts).map((s, i) => ({ report: seedReport(s.file), lines: readTranscript(new URL(`../transcripts/seed-00${i}.txt`, import.meta.url)).slice(0, MESSAGES) }));
  const plan = Array.from({ length: OFFICIALS }, (_, i) => ({ i, seed: seeds[i % seeds.length] }));
  await setUpDemo(db, {
    supervisingUnit: '某县政务公开办', year: 2020, format: '2019',
    units: plan.map(({ i, seed }) => ({ name: `${i}号${seed.report.unit}`, officialId: `user-${i}`, lastYear: previousOf(seed.report) })),
  });
  const workers = [await startOutboxWorker(t, url), await startOutboxWorker(t, url)];
  const before = await deadlockCount();

  const answers = (await Promise.all(plan.map(async ({ i, seed }) => {
    const messages = seed.lines.map((text, n) => ({ key: `msg:${i}-${n}`, userId: `user-${i}`, text }));
    // Half send everything at once to one process; half send each message, once the last was
    // handled, to the other process than the last (a load balancer).
    if (i % 2 === 0) return Promise.all(messages.map((m) => workers[(i / 2) % 2].send(m)));
    const out = [];
    for (const [n, m] of messages.entries()) out.push(await workers[n % 2].send(m));
    return out;
  }))).flat();

  const stats = await Promise.all(workers.map((w) => w.stats()));
  const after = await deadlockCount();
  t.deepEqual(answers.filter((a) => a.status !== 'done'), []);
  t.is(await db.manager.countBy(InboundMessage, { status: 'done' }), plan.reduce((n, p) => n + p.seed.lines.length, 0));
  t.deepEqual(stats.map((s) => [s.deadlocks, s.lockWaitTimeouts]), [[0, 0], [0, 0]], 'no query of either process met a deadlock or a lock wait timeout');
  const outbox = await db.manager.find(OutboxMessage);
  t.deepEqual([...new Set(outbox.map((o) => o.state))], ['sent']);
  t.is(stats[0].sent + stats[1].sent, outbox.length, 'every reply sent once');
  if (after !== before) {
    // The counter is the server's: other databases on it (other tests) move it too.
    const latest = await latestDeadlock();
    t.false(latest.includes(url.split('/').pop()!), `a deadlock in this test's database:\n${latest}`);
    t.log(`InnoDB's lock_deadlocks moved by ${after - before}, not in this test's database`);
  }
}, 'mariadb');
