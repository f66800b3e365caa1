// Rows for the persistence tests: a unit, its filer and a report, inserted with fixed times.
import type { EntityManager } from 'typeorm';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../../src/bot/jurisdiction.ts';

/** A fixed instant with milliseconds, so that a lost fraction or zone shift shows. */
export const at = new Date('2026-01-20T23:59:59.987Z');

/** Insert a unit named `name` (a 镇 without a supervisor); returns it with its id. */
export async function insertUnit(m: EntityManager, name = '杨舍镇'): Promise<Unit> {
  const unit = Object.assign(new Unit(), { name, kind: '镇', parentId: null, createdAt: at });
  await m.insert(Unit, unit);
  await storeAncestries(m);
  return unit;
}

/** Insert a filer of `unitId` with WeCom userid `userId`. */
export async function insertMember(m: EntityManager, unitId: number, userId = 'ZhangSan'): Promise<Member> {
  const member = Object.assign(new Member(), { userId, userKey: userId.toLowerCase(), name: '张三', role: 'filer' as const, unitId, createdAt: at });
  await m.insert(Member, member);
  return member;
}

/** Insert an empty draft of `unitId` for `year`, outside any campaign. */
export async function insertReport(m: EntityManager, unitId: number, year = 2025): Promise<ReportRecord> {
  const report = Object.assign(new ReportRecord(), {
    unitId,
    campaignId: null,
    year,
    format: '2021' as const,
    status: 'draft' as const,
    values: '{}',
    reopened: null,
    version: 1,
    submittedAt: null,
    updatedAt: at,
  });
  await m.insert(ReportRecord, report);
  return report;
}
