// The outbox claim on MariaDB locks a recipient's own rows only, by construction: the ids are read
// without a lock through the recipient's index, then locked by primary key. Asserted on the plans
// of the exact statements, and by a claim that must not wait on another member's locked rows.
import type { DataSource, EntityManager } from 'typeorm';
import { claimDue, enqueue, lockedByIds, WAITING_IDS, type Outgoing } from '../../src/bot/outbox.ts';
import { execute, query } from '../../src/bot/sql.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { forEachDatabase } from '../support/databases.ts';

const at = new Date('2026-01-05T02:00:00.000Z');
const quota = { perMinute: 30, perHour: 1000 };

const message = (recipient: string, n: number): Outgoing => ({ idempotencyKey: `wecom:${recipient}:${n}`, channel: 'wecom', recipient, kind: 'markdown', payload: { markdown: `${n}` } });

/** 40 members with 30 messages each, most of them sent, as a service that has run a while has them. */
async function fill(db: DataSource): Promise<void> {
  for (let u = 0; u < 40; u++) {
    await db.transaction((m) => enqueue(m, Array.from({ length: 30 }, (_, n) => message(`u${u}`, n)), at));
  }
  await db.query("UPDATE outbox_messages SET state = 'sent', sentAt = createdAt - INTERVAL 2 HOUR WHERE MOD(id, 10) <> 0");
  await db.query('ANALYZE TABLE outbox_messages');
}

interface Plan {
  table: string;
  type: string;
  key: string | null;
}

const explain = async (m: EntityManager, text: string, parameters: unknown[]) =>
  (await query<Plan>(m, `EXPLAIN ${text}`, parameters)).map((p) => ({ table: p.table, type: p.type, key: p.key }));

forEachDatabase('the claim reads ids through the recipient index without a lock, and locks only by primary key', async (t, database) => {
  const db = await database.open(t);
  await fill(db);
  t.false(WAITING_IDS.includes('FOR UPDATE'), 'the read over the recipient index takes no lock');
  const [read, ...more] = await explain(db.manager, WAITING_IDS, ['wecom', 'u7']);
  t.deepEqual(more, []);
  t.is(read.key, 'idx_outbox_messages_recipient');
  t.true(read.type === 'ref' || read.type === 'range', read.type);
  for (const count of [1, 3, 10]) {
    const text = lockedByIds(count, true);
    t.true(text.endsWith(' FOR UPDATE'));
    const [plan] = await explain(db.manager, text, Array.from({ length: count }, (_, i) => 10 * (i + 1)));
    t.is(plan.key, 'PRIMARY', `${count} id(s)`);
    t.true(plan.type === 'const' || plan.type === 'range', `${count} id(s): ${plan.type}`);
  }
}, 'mariadb');

forEachDatabase('a claim does not wait on other members’ rows locked or freshly inserted by an open transaction', async (t, database) => {
  const url = await database.url(t);
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  const other = await openDatabase(url);
  t.teardown(() => other.destroy());
  await fill(db);
  await db.transaction((m) => enqueue(m, [message('u1', 100)], at));

  // Another turn, not committed: every other member's waiting rows locked, and new rows of theirs.
  const runner = other.createQueryRunner();
  await runner.connect();
  t.teardown(() => runner.release());
  await runner.startTransaction();
  await execute(runner.manager, "UPDATE {outbox_messages} SET {attempts} = {attempts} WHERE {recipient} <> 'u1' AND {state} = 'pending'");
  await enqueue(runner.manager, Array.from({ length: 20 }, (_, i) => message(`u${2 + i}`, 200)), at);

  const claim = await db.transaction(async (m) => {
    await m.query('SET SESSION innodb_lock_wait_timeout = 1');
    try {
      return await claimDue(m, 'wecom', 'u1', quota, at, 30_000, 10, true);
    } finally {
      await m.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
    }
  });
  await runner.rollbackTransaction();
  t.is(claim.kind, 'claimed');
  t.deepEqual(claim.kind === 'claimed' ? claim.rows.map((r) => r.payload) : [], [{ markdown: '9' }, { markdown: '19' }, { markdown: '29' }, { markdown: '100' }]);
}, 'mariadb');
