import type { ExecutionContext } from 'ava';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { driverCode, isForeignKeyViolation, isUniqueViolation } from '../../src/db/query-errors.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { at, insertMember, insertReport, insertUnit } from './rows.ts';

const duplicate = { sqlite: ['SQLITE_CONSTRAINT_UNIQUE'], mariadb: ['ER_DUP_ENTRY'] };
const missingParent = { sqlite: ['SQLITE_CONSTRAINT_FOREIGNKEY'], mariadb: ['ER_NO_REFERENCED_ROW_2'] };

/** Expect `insert` to be rejected by the database with the driver's code for `db`. */
async function rejects(t: ExecutionContext, db: TestDatabase, insert: Promise<unknown>, codes: Record<TestDatabase['name'], string[]>) {
  const error = await t.throwsAsync(insert);
  t.deepEqual([driverCode(error)], codes[db.name]);
  return error;
}

forEachDatabase('a second member with the same WeCom userid is rejected', async (t, db) => {
  const dataSource = await db.open(t);
  const unit = await insertUnit(dataSource.manager);
  await insertMember(dataSource.manager, unit.id, 'ZhangSan');
  const error = await rejects(t, db, insertMember(dataSource.manager, unit.id, 'ZhangSan'), duplicate);
  t.true(isUniqueViolation(error));
  t.is(await dataSource.manager.count(Member), 1);
});

forEachDatabase('a second unit with the same name is rejected', async (t, db) => {
  const dataSource = await db.open(t);
  await insertUnit(dataSource.manager, '杨舍镇');
  await rejects(t, db, insertUnit(dataSource.manager, '杨舍镇'), duplicate);
  t.is(await dataSource.manager.count(Unit), 1);
});

forEachDatabase('a unit has one report a year', async (t, db) => {
  const dataSource = await db.open(t);
  const unit = await insertUnit(dataSource.manager);
  await insertReport(dataSource.manager, unit.id, 2025);
  await insertReport(dataSource.manager, unit.id, 2024);
  await rejects(t, db, insertReport(dataSource.manager, unit.id, 2025), duplicate);
  t.is(await dataSource.manager.count(ReportRecord), 2);
});

forEachDatabase('an inbound message key is claimed once', async (t, db) => {
  const dataSource = await db.open(t);
  const claim = () =>
    dataSource.manager.insert(InboundMessage, {
      key: '4561255354251345929',
      memberUserId: 'ZhangSan',
      channel: 'wecom',
      content: null,
      receivedAt: at,
      status: 'received',
      replies: null,
    });
  await claim();
  const error = await rejects(t, db, claim(), duplicate);
  t.true(isUniqueViolation(error));
});

forEachDatabase('a member of a unit that does not exist is rejected', async (t, db) => {
  const dataSource = await db.open(t);
  const error = await rejects(t, db, insertMember(dataSource.manager, 4242), missingParent);
  t.true(isForeignKeyViolation(error));
  t.false(isUniqueViolation(error));
  t.is(await dataSource.manager.count(Member), 0);
});

forEachDatabase('a unit supervised by a unit that does not exist is rejected', async (t, db) => {
  const dataSource = await db.open(t);
  const orphan = dataSource.manager.insert(Unit, { name: '杨舍镇', kind: '镇', parentId: 4242, createdAt: at });
  await rejects(t, db, orphan, missingParent);
});
