import type { DataSource } from 'typeorm';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { Unit } from '../../entities/unit.ts';
import { isUniqueViolation } from '../../src/db/query-errors.ts';
import { forEachDatabase } from '../support/databases.ts';
import { at, insertMember, insertReport, insertUnit } from './rows.ts';

const KEY = '4561255354251345929';

function claim(dataSource: DataSource, userId: string, beforeCommit: () => Promise<void> = async () => {}) {
  return dataSource.transaction(async (m) => {
    await m.insert(InboundMessage, { key: KEY, memberUserId: userId, channel: 'wecom', content: null, receivedAt: at, status: 'received', replies: null });
    await beforeCommit();
  });
}

// MariaDB: wait until the second claim's INSERT is executing at the server. While the first
// transaction holds the key it cannot finish, so it is waiting on the row lock. (Asked of the
// process list: InnoDB's lock tables are a cache that is not refreshed while polled.)
async function untilSecondClaimWaits(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [row] = await dataSource.query(
      "SELECT COUNT(*) AS waiting FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'INSERT INTO `inbound_messages`%'",
    );
    if (Number(row.waiting) > 0) return;
  }
}

forEachDatabase('a transaction that throws leaves nothing behind', async (t, db) => {
  const dataSource = await db.open(t);
  const failure = new Error('the handler failed');
  const work = dataSource.transaction(async (m) => {
    const unit = await insertUnit(m);
    await insertMember(m, unit.id);
    const report = await insertReport(m, unit.id);
    await m.insert(ReportText, { reportId: report.id, textId: 'overview', content: '本年度' });
    throw failure;
  });
  t.is(await t.throwsAsync(work), failure);
  t.deepEqual(
    await Promise.all([Unit, Member, ReportRecord, ReportText].map((entity) => dataSource.manager.count(entity))),
    [0, 0, 0, 0],
  );
});

forEachDatabase('two transactions claiming the same message key at once: exactly one succeeds', async (t, db) => {
  const dataSource = await db.open(t);
  let firstInserted!: () => void;
  const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
  // The first holds its claim until the second is blocked on it (MariaDB) — on SQLite the
  // transactions queue, so the second starts only after the first has committed.
  const first = claim(dataSource, 'first', async () => {
    firstInserted();
    if (db.name === 'mariadb') await untilSecondClaimWaits(dataSource);
  });
  const second = inserted.then(() => claim(dataSource, 'second'));
  const [one, two] = await Promise.allSettled([first, second]);
  t.is(one.status, 'fulfilled');
  t.is(two.status, 'rejected');
  t.true(two.status === 'rejected' && isUniqueViolation(two.reason));
  t.deepEqual(
    (await dataSource.manager.find(InboundMessage)).map((message) => message.memberUserId),
    ['first'],
  );
});

forEachDatabase('a claim rolled back frees the key for the claim waiting on it', async (t, db) => {
  const dataSource = await db.open(t);
  let firstInserted!: () => void;
  const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
  const failure = new Error('crashed before commit');
  const first = claim(dataSource, 'first', async () => {
    firstInserted();
    if (db.name === 'mariadb') await untilSecondClaimWaits(dataSource);
    throw failure;
  });
  const second = inserted.then(() => claim(dataSource, 'second'));
  const [one, two] = await Promise.allSettled([first, second]);
  t.deepEqual(one, { status: 'rejected', reason: failure });
  t.deepEqual(two, { status: 'fulfilled', value: undefined });
  t.deepEqual(
    (await dataSource.manager.find(InboundMessage)).map((message) => message.memberUserId),
    ['second'],
  );
});

forEachDatabase('a transaction that throws does not undo another running at the same time', async (t, db) => {
  const dataSource = await db.open(t);
  const failure = new Error('the handler failed');
  const failing = dataSource.transaction(async (m) => {
    await insertUnit(m, '杨舍镇');
    await new Promise(setImmediate); // let the other transaction run in between
    throw failure;
  });
  const succeeding = dataSource.transaction(async (m) => {
    await insertUnit(m, '塘桥镇');
    await new Promise(setImmediate);
  });
  const results = await Promise.allSettled([failing, succeeding]);
  t.deepEqual(results, [
    { status: 'rejected', reason: failure },
    { status: 'fulfilled', value: undefined },
  ]);
  t.deepEqual(
    (await dataSource.manager.find(Unit)).map((unit) => unit.name),
    ['塘桥镇'],
  );
});

forEachDatabase('an update naming a stale version changes nothing', async (t, db) => {
  const dataSource = await db.open(t);
  const unit = await insertUnit(dataSource.manager);
  const report = await insertReport(dataSource.manager, unit.id);
  const write = (version: number, values: string) =>
    dataSource.manager.update(ReportRecord, { id: report.id, version }, { values, version: version + 1, updatedAt: at });
  t.is((await write(1, '{"a":1}')).affected, 1);
  t.is((await write(1, '{"a":2}')).affected, 0);
  const stored = await dataSource.manager.findOneByOrFail(ReportRecord, { id: report.id });
  t.deepEqual([stored.version, stored.values], [2, '{"a":1}']);
});

forEachDatabase('every pooled MySQL connection runs at READ COMMITTED, the first one and new ones alike', async (t, db) => {
  const dataSource = await db.open(t);
  const levels = await Promise.all(Array.from({ length: 12 }, () => dataSource.transaction(async (m) => {
    const [row] = await m.query('SELECT @@SESSION.tx_isolation AS level');
    await m.query('SELECT SLEEP(0.05)'); // held, so that the pool opens more connections
    return row.level as string;
  })));
  t.deepEqual([...new Set(levels)], ['READ-COMMITTED']);
}, 'mariadb');
