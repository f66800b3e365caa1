// A report stored as a unit's report of a year: last year's publication imported, or a demo's.
import type { DataSource, EntityManager } from 'typeorm';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { Unit } from '../../entities/unit.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import type { Report, TextId } from '../report/report.ts';

async function insertTexts(m: EntityManager, reportId: number, report: Report): Promise<void> {
  const texts = (Object.entries(report.texts) as [TextId, string][]).map(([textId, content]) => ({ reportId, textId, content }));
  if (texts.length) await m.insert(ReportText, texts);
}

async function insertReport(m: EntityManager, unitId: number, report: Report, year: number, status: ReportRecordStatus): Promise<void> {
  await m.insert(ReportRecord, {
    unitId, campaignId: null, year, format: report.format, status, values: JSON.stringify(report.values),
    reopened: null, version: 0, submittedAt: null, updatedAt: new Date(),
  });
  const record = await m.findOneOrFail(ReportRecord, { where: { unitId, year } });
  await insertTexts(m, record.id, report);
}

/** Store a report (imported from a published text, or collected) as a unit's report of a year. */
export async function storeReport(db: DataSource, unitId: number, report: Report, year: number, status: ReportRecordStatus): Promise<void> {
  await db.transaction((m) => insertReport(m, unitId, report, year, status));
}

/** What saving an imported report did, or why it did not. */
export type SaveImported = { kind: 'saved'; replaced: boolean } | { kind: 'refused'; reason: string } | { kind: 'unknownUnit'; reason: string };

/**
 * Save a published report as the unit's report of its year (status imported), in one
 * transaction: an earlier import is replaced; a report filed in nianbao is never overwritten, also
 * when its filing starts at the same moment (the unique key decides).
 */
export async function saveImportedReport(db: DataSource, unitName: string, report: Report): Promise<SaveImported> {
  const unit = await db.manager.findOne(Unit, { where: { name: unitName } });
  if (!unit) return { kind: 'unknownUnit', reason: `没有名为「${unitName}」的单位。请先用 nianbao unit import 建立单位；只导入一个文件时，也可以用 --unit 指定单位名称。` };
  try {
    return await db.transaction((m) => saveImportedIn(m, unit.id, unitName, report));
  } catch (error) {
    // Its official's first message created the report in between.
    if (isUniqueViolation(error)) return { kind: 'refused', reason: filedReason(unitName, report) };
    throw error;
  }
}

const filedReason = (unitName: string, report: Report) => `${unitName}${report.year}年度的报告已在系统中填报，导入的文件未覆盖它。`;

/** saveImportedReport's work in the caller's transaction (a turn's, when an official sends last year's report as a file). */
export async function saveImportedIn(m: EntityManager, unitId: number, unitName: string, report: Report): Promise<SaveImported> {
  const existing = await m.findOne(ReportRecord, { where: { unitId, year: report.year } });
  if (!existing) {
    await insertReport(m, unitId, report, report.year, 'imported');
    return { kind: 'saved', replaced: false };
  }
  if (existing.status !== 'imported') return { kind: 'refused', reason: filedReason(unitName, report) };
  await m.update(ReportRecord, { id: existing.id }, { format: report.format, values: JSON.stringify(report.values), version: existing.version + 1, updatedAt: new Date() });
  await m.delete(ReportText, { reportId: existing.id });
  await insertTexts(m, existing.id, report);
  return { kind: 'saved', replaced: true };
}
