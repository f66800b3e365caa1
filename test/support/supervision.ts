// A county for the supervisors' tests: 某县政务公开办 over four towns and a department (2025
// campaign, 2021 format; towns due 2026-01-20, departments 2026-01-31), an engine on a clock the
// test moves, and helpers to store a report handed in at a given time with its audit trail.
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { CellChange } from '../../entities/cell-change.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { storeReport } from '../../src/bot/store-report.ts';
import { createEngine, type Engine, type EngineOptions } from '../../src/bot/engine.ts';
import type { Report } from '../../src/report/report.ts';
import { formats } from '../../src/report/formats.ts';
import type { TestDatabase } from './databases.ts';
import { storedText } from './outbox-rows.ts';

/** Shanghai wall-clock time as an instant: `shanghai('2026-01-26T10:00')`. */
export const shanghai = (iso: string) => new Date(`${iso}+08:00`);

/** A complete 2021-format report of 2025 for the unit: every cell 0 but 4 applications received (and concluded as granted), every text written. */
export function reportOf(unit: string): Report {
  const values: Report['values'] = Object.fromEntries(formats['2021'].cells.map((c) => [c.id, 0]));
  for (const id of ['requests.received.natural', 'requests.received.total', 'requests.granted.natural', 'requests.granted.total', 'requests.total.natural', 'requests.total.total']) values[id] = 4;
  return {
    format: '2021', year: 2025, unit, values,
    texts: {
      overview: `本年度，${unit}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，主动公开政府信息，依申请公开工作规范有序。`,
      problems: '存在的主要问题是公开内容不够全面。下一步将加强培训，提高公开质量。',
      other: '本年度未收取信息处理费。',
    },
  };
}

/** The county, its engine on a movable clock, and what to say and read. */
export interface County {
  db: DataSource;
  engine: Engine;
  clock: { now: Date };
  say(userId: string, text: string): Promise<string>;
  /** The texts queued for a member, oldest first. */
  sentTo(userId: string): Promise<string[]>;
  unitId(name: string): Promise<number>;
  /** Store the unit's 2025 report in a status, handed in at `submittedAt` (recorded in the audit trail as the office's own filing would). */
  hand(name: string, status: ReportRecordStatus, submittedAt?: Date): Promise<void>;
}

/** 甲镇 (a), 乙镇 (b), 丙镇 (c), 丁镇 (d) and 县统计局 (e, a department) under 某县政务公开办 (demo-supervisor). */
export async function county(t: ExecutionContext, database: TestDatabase, now: string, options: Pick<EngineOptions, 'sendHours'> = {}): Promise<County> {
  const db = await database.open(t);
  await setUpDemo(db, {
    supervisingUnit: '某县政务公开办', year: 2025, format: '2021',
    units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }, { name: '丙镇', officialId: 'c' }, { name: '丁镇', officialId: 'd' }, { name: '县统计局', officialId: 'e' }],
  });
  await db.manager.update(Unit, { name: '县统计局' }, { kind: '县级部门' });
  const clock = { now: shanghai(now) };
  const engine = createEngine(db, { now: () => clock.now, ...options });
  let n = 0;
  const unitId = async (name: string) => (await db.manager.findOneByOrFail(Unit, { name })).id;
  return {
    db, engine, clock, unitId,
    say: async (userId, text) => (await engine.handle({ key: `k${n++}`, userId, text, receivedAt: clock.now })).replies.join('\n'),
    sentTo: async (userId) => (await db.manager.find(OutboxMessage, { where: { recipient: userId, kind: 'text' }, order: { id: 'ASC' } })).map((o) => storedText(o)),
    async hand(name, status, submittedAt) {
      const id = await unitId(name);
      await storeReport(db, id, reportOf(name), 2025, status);
      const record = await db.manager.findOneByOrFail(ReportRecord, { unitId: id, year: 2025 });
      if (!submittedAt) return;
      await db.manager.update(ReportRecord, { id: record.id }, { campaignId: 1, submittedAt });
      await db.manager.insert(CellChange, { reportId: record.id, cell: 'status', oldValue: '"draft"', newValue: '"submitted"', memberId: null, messageKey: null, at: submittedAt });
    },
  };
}
