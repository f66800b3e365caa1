// What supervision reads: the units under a unit, the open campaigns and their deadlines by unit
// kind, the campaign's reports as drafts, and who files for and who supervises a unit.
import type { EntityManager } from 'typeorm';
import type { ReportState, StatusHistory } from '../../handlers/standing.ts';
import type { Draft } from '../../handlers/turn.ts';
import type { FormatId, Report, TextId } from '../report/report.ts';
import { query, readDatetime } from './sql.ts';

/** A unit as supervision sees it. */
export interface UnitRow {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

/** An open campaign with its deadlines by unit kind (`default` for the others). */
export interface CampaignRow {
  id: number;
  year: number;
  format: FormatId;
  deadlines: Record<string, string>;
}

/** Every unit (the scheduler's daily planning). */
export async function allUnits(m: EntityManager): Promise<UnitRow[]> {
  const rows = await query<UnitRow>(m, 'SELECT {id}, {name}, {kind}, {parentId} FROM {units}');
  return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, parentId: r.parentId === null ? null : Number(r.parentId) }));
}

/** One unit, by id. */
export async function unitById(m: EntityManager, id: number): Promise<UnitRow | undefined> {
  const [r] = await query<UnitRow>(m, 'SELECT {id}, {name}, {kind}, {parentId} FROM {units} WHERE {id} = ?', [id]);
  return r && { id: Number(r.id), name: r.name, kind: r.kind, parentId: r.parentId === null ? null : Number(r.parentId) };
}

/** The unit tree held in memory: for a root, the units below it at any depth, nearest first (a cycle is walked once). */
export function unitTree(units: UnitRow[]): (rootId: number) => UnitRow[] {
  const children = new Map<number, UnitRow[]>();
  for (const unit of units) {
    if (unit.parentId === null) continue;
    const siblings = children.get(unit.parentId);
    if (siblings) siblings.push(unit);
    else children.set(unit.parentId, [unit]);
  }
  return (rootId) => {
    const out: UnitRow[] = [];
    const seen = new Set([rootId]);
    const queue = [...(children.get(rootId) ?? [])];
    for (let i = 0; i < queue.length; i++) {
      const unit = queue[i];
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      out.push(unit);
      queue.push(...(children.get(unit.id) ?? []));
    }
    return out;
  };
}

/** The units below `rootId`, at any depth, level by level through the parent index (a supervisor's share of a large province). */
export async function descendantsOf(m: EntityManager, rootId: number): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  const seen = new Set<number>([rootId]);
  for (let level = [rootId]; level.length;) {
    const next: UnitRow[] = [];
    for (let i = 0; i < level.length; i += 500) {
      const ids = level.slice(i, i + 500);
      next.push(...(await query<UnitRow>(m, `SELECT {id}, {name}, {kind}, {parentId} FROM {units} WHERE {parentId} IN (${ids.map(() => '?').join(', ')})`, ids)));
    }
    const fresh = next.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, parentId: Number(r.parentId) })).filter((u) => !seen.has(u.id));
    for (const unit of fresh) seen.add(unit.id);
    out.push(...fresh);
    level = fresh.map((u) => u.id);
  }
  return out;
}

/** Which of these units are in the campaign. */
export async function inCampaign(m: EntityManager, campaignId: number, unitIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const ids = unitIds.slice(i, i + 500);
    const rows = await query<{ unitId: number }>(m, `SELECT {unitId} FROM {campaign_units} WHERE {campaignId} = ? AND {unitId} IN (${ids.map(() => '?').join(', ')})`, [campaignId, ...ids]);
    for (const r of rows) out.add(Number(r.unitId));
  }
  return out;
}

/** The open campaigns, newest year first. */
export async function openCampaigns(m: EntityManager): Promise<CampaignRow[]> {
  const rows = await query<{ id: number; year: number; format: FormatId; deadlines: string }>(m,
    "SELECT {id}, {year}, {format}, {deadlines} FROM {campaigns} WHERE {status} = 'open' ORDER BY {year} DESC");
  return rows.map((r) => ({ id: Number(r.id), year: Number(r.year), format: r.format, deadlines: JSON.parse(r.deadlines) as Record<string, string> }));
}

/** The deadline of a unit of `kind` in the campaign. */
export function deadlineOf(campaign: CampaignRow, kind: string): string {
  return deadlineIn(campaign.deadlines, kind, campaign.year);
}

/** The deadline of `kind` among a campaign's deadlines: its own, the default, else 31 January (条例 art. 49). */
export function deadlineIn(deadlines: Record<string, string>, kind: string, year: number): string {
  return deadlines[kind] ?? deadlines.default ?? `${year + 1}-01-31`;
}

/** The ids of the campaign's units. */
export async function campaignUnitIds(m: EntityManager, campaignId: number): Promise<Set<number>> {
  const rows = await query<{ unitId: number }>(m, 'SELECT {unitId} FROM {campaign_units} WHERE {campaignId} = ?', [campaignId]);
  return new Set(rows.map((r) => Number(r.unitId)));
}

/** A unit's report of the campaign's year, as a draft, with its stored status (which may be 'imported') and status history. */
export interface StoredReport {
  id: number;
  unitId: number;
  version: number;
  draft: Draft;
  state: Exclude<ReportState, 'none'>;
  submittedAt: Date | null;
  history: StatusHistory;
}

/** The reports of the campaign's year for these units, with their texts. */
export async function campaignReports(m: EntityManager, campaign: CampaignRow, units: UnitRow[]): Promise<Map<number, StoredReport>> {
  const names = new Map(units.map((u) => [u.id, u.name]));
  const out = new Map<number, StoredReport>();
  const unitIds = [...names.keys()];
  for (let i = 0; i < unitIds.length; i += 500) {
    const chunk = unitIds.slice(i, i + 500);
    const rows = await query<{ id: number; unitId: number; status: StoredReport['state']; values: string; reopened: string | null; version: number; format: FormatId; submittedAt: unknown }>(m,
      `SELECT {id}, {unitId}, {status}, {values}, {reopened}, {version}, {format}, {submittedAt} FROM {reports} WHERE {year} = ? AND {unitId} IN (${chunk.map(() => '?').join(', ')})`, [campaign.year, ...chunk]);
    const texts = new Map<number, Report['texts']>();
    const ids = rows.map((r) => Number(r.id));
    if (ids.length) {
      const found = await query<{ reportId: number; textId: TextId; content: string }>(m,
        `SELECT {reportId}, {textId}, {content} FROM {report_texts} WHERE {reportId} IN (${ids.map(() => '?').join(', ')})`, ids);
      for (const t of found) texts.set(Number(t.reportId), { ...texts.get(Number(t.reportId)), [t.textId]: t.content });
    }
    // Only a report that was ever submitted has a status history worth reading.
    const histories = await statusHistories(m, rows.filter((r) => r.status !== 'draft' && r.status !== 'imported').map((r) => Number(r.id)));
    for (const r of rows) {
      const report: Report = { format: r.format, year: campaign.year, unit: names.get(Number(r.unitId))!, values: JSON.parse(r.values) as Report['values'], texts: texts.get(Number(r.id)) ?? {} };
      const reopened = r.reopened ? (JSON.parse(r.reopened) as string[]) : undefined;
      out.set(Number(r.unitId), {
        id: Number(r.id), unitId: Number(r.unitId), version: Number(r.version), draft: { report, status: r.status as Draft['status'], ...(reopened && { reopened }) },
        state: r.status, submittedAt: r.submittedAt === null ? null : readDatetime(r.submittedAt), history: histories.get(Number(r.id)) ?? {},
      });
    }
  }
  return out;
}

/** The start of the message key of a status change that withdraws a return (撤回退回). */
export const WITHDRAWAL = 'withdraw:';

/** From the audit trail: each report's first submission and its last return (a withdrawn return is followed by its withdrawal, under a key starting with WITHDRAWAL). */
export async function statusHistories(m: EntityManager, reportIds: number[]): Promise<Map<number, StatusHistory>> {
  const out = new Map<number, StatusHistory>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = reportIds.slice(i, i + 500);
    const rows = await query<{ reportId: number; oldValue: string | null; newValue: string | null; messageKey: string | null; at: unknown }>(m,
      `SELECT {reportId}, {oldValue}, {newValue}, {messageKey}, {at} FROM {cell_changes} WHERE {reportId} IN (${ids.map(() => '?').join(', ')}) AND {cell} = 'status' ORDER BY {id}`, ids);
    for (const r of rows) {
      const id = Number(r.reportId);
      const history = out.get(id) ?? {};
      const at = readDatetime(r.at);
      // 撤回退回: the return did not happen.
      if (r.messageKey?.startsWith(WITHDRAWAL)) delete history.returnedAt;
      else if (r.newValue === '"submitted"' && !history.firstSubmittedAt) history.firstSubmittedAt = at;
      else if (r.newValue === '"returned"') {
        history.returnedAt = at;
        // Returned from its import: the import was its (on-time) hand-in, not the later resubmission.
        if (r.oldValue === '"imported"' && !history.firstSubmittedAt) history.importedFirst = true;
      }
      out.set(id, history);
    }
  }
  return out;
}

/** The enabled members of these units with a role, by unit (a disabled member is sent nothing and files nothing). */
export async function membersOf(m: EntityManager, unitIds: number[], role: 'filer' | 'supervisor'): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const ids = unitIds.slice(i, i + 500);
    if (!ids.length) continue;
    const rows = await query<{ userId: string; unitId: number }>(m,
      `SELECT {userId}, {unitId} FROM {members} WHERE {role} = ? AND {disabledAt} IS NULL AND {unitId} IN (${ids.map(() => '?').join(', ')}) ORDER BY {id}`, [role, ...ids]);
    for (const r of rows) out.set(Number(r.unitId), [...(out.get(Number(r.unitId)) ?? []), r.userId]);
  }
  return out;
}
