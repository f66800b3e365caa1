// What supervision reads: the units under a unit, the open campaigns and their deadlines by unit
// kind, the campaign's reports as drafts, and who files for and who supervises a unit.
import type { EntityManager } from 'typeorm';
import type { ReportState, StatusHistory } from '../../handlers/standing.ts';
import type { Draft } from '../../handlers/turn.ts';
import type { CampaignUnitRole } from '../../entities/campaign-unit.ts';
import type { CampaignScopeKind, CampaignStatus } from '../../entities/campaign.ts';
import type { FormatId, Report, TextId } from '../report/report.ts';
import { execute, query, readDatetime } from './sql.ts';
import { isWithdrawalKey } from '../message-keys.ts';

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
  const all = await campaignUnitIds(m, campaignId);
  return new Set(unitIds.filter((id) => all.has(id)));
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

/**
 * A campaign's scope: the one rule of which units file in it. A campaign names roots (`--unit`),
 * or covers every unit (`--all-units`); its units are the units under a root (the root itself
 * too, unless its role is `below`) minus the ones excluded. Nothing is listed unit by unit, so a
 * unit created later under the scope (by `unit import`) files at once, and a unit merged away is
 * one exclusion. (A unit's ancestry is read from the parent column here, and from its stored copy
 * on each message: storeAncestries.)
 */
export interface CampaignScope {
  kind: CampaignScopeKind;
  /** Roots (role `root` or `below`); empty when the kind is 'all'. */
  roots: Set<number>;
  /** Units in the scope that do not file: excluded ones and `below` roots. */
  excluded: Set<number>;
}

/** A unit and the units above it, nearest first: `[unit, parent, grandparent, …]`. */
export type Ancestry = number[];

/** Whether a unit with this ancestry is under the campaign's scope (excluded or not). */
export function underScope(scope: CampaignScope, ancestry: Ancestry): boolean {
  return scope.kind === 'all' || ancestry.some((id) => scope.roots.has(id));
}

/** Whether a unit with this ancestry files in the campaign: under its scope and not excluded. */
export function filesIn(scope: CampaignScope, ancestry: Ancestry): boolean {
  return !scope.excluded.has(ancestry[0]) && underScope(scope, ancestry);
}

/** The ancestry of each unit of a tree held in memory (a cycle is walked once). */
export function ancestries(units: UnitRow[]): (unitId: number) => Ancestry {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  return (unitId) => {
    const out = [unitId];
    for (let id = parent.get(unitId) ?? null; id !== null && !out.includes(id); id = parent.get(id) ?? null) out.push(id);
    return out;
  };
}

/** The scopes of these campaigns, by campaign id; only as they concern `unitIds` when given (one unit's ancestry: each message's lookup). */
export async function campaignScopes(m: EntityManager, campaigns: { id: number; scope: CampaignScopeKind }[], unitIds?: number[]): Promise<Map<number, CampaignScope>> {
  const out = new Map(campaigns.map((c): [number, CampaignScope] => [c.id, { kind: c.scope, roots: new Set(), excluded: new Set() }]));
  if (!campaigns.length || unitIds?.length === 0) return out;
  const ids = campaigns.map((c) => c.id);
  const rows = await query<{ campaignId: number; unitId: number; role: CampaignUnitRole }>(m,
    `SELECT {campaignId}, {unitId}, {role} FROM {campaign_units} WHERE {campaignId} IN (${ids.map(() => '?').join(', ')})${unitIds ? ` AND {unitId} IN (${unitIds.map(() => '?').join(', ')})` : ''}`,
    [...ids, ...(unitIds ?? [])]);
  for (const row of rows) addScopeRow(out.get(Number(row.campaignId))!, Number(row.unitId), row.role);
  return out;
}

/** A campaign_units row into its scope: a root (`below`: whose units file, not itself) or an exclusion. */
function addScopeRow(scope: CampaignScope, unitId: number, role: CampaignUnitRole): void {
  if (role !== 'excluded') scope.roots.add(unitId);
  if (role !== 'root') scope.excluded.add(unitId);
}

/** The scope of one campaign (an unknown id has an empty one). */
export async function campaignScope(m: EntityManager, campaignId: number): Promise<CampaignScope> {
  const [row] = await query<{ scope: CampaignScopeKind }>(m, 'SELECT {scope} FROM {campaigns} WHERE {id} = ?', [campaignId]);
  return (await campaignScopes(m, [{ id: campaignId, scope: row?.scope ?? 'units' }])).get(campaignId)!;
}

/** The ids of the campaign's units: every reader of who files in a campaign goes through here (or filesIn). */
export async function campaignUnitIds(m: EntityManager, campaignId: number): Promise<Set<number>> {
  const scope = await campaignScope(m, campaignId);
  const units = await allUnits(m);
  const ancestry = ancestries(units);
  return new Set(units.filter((u) => filesIn(scope, ancestry(u.id))).map((u) => u.id));
}

/**
 * The units above each unit, stored (unit_ancestors: the unit and each unit above it, as ancestries
 * walks them) in line with the parent column: the writer of a message finds its campaign from them
 * (store.ts, findWriter). Every writer of units calls it in its transaction once its units are
 * written; it rewrites only the units whose ancestry changed, and says how many.
 */
export async function storeAncestries(m: EntityManager): Promise<number> {
  const units = await allUnits(m);
  const ancestry = ancestries(units);
  const stored = new Map<number, number[]>();
  for (const r of await query<{ unitId: number; ancestorId: number }>(m, 'SELECT {unitId}, {ancestorId} FROM {unit_ancestors}')) {
    stored.set(Number(r.unitId), [...(stored.get(Number(r.unitId)) ?? []), Number(r.ancestorId)]);
  }
  const same = (a: number[], b: number[] = []) => a.length === b.length && a.every((id) => b.includes(id));
  const changed = units.filter((u) => !same(ancestry(u.id), stored.get(u.id))).map((u) => u.id);
  for (let i = 0; i < changed.length; i += 500) {
    const ids = changed.slice(i, i + 500);
    await execute(m, `DELETE FROM {unit_ancestors} WHERE {unitId} IN (${ids.map(() => '?').join(', ')})`, ids);
    const rows = ids.flatMap((id) => ancestry(id).map((above) => [id, above]));
    for (let j = 0; j < rows.length; j += 500) {
      const chunk = rows.slice(j, j + 500);
      await execute(m, `INSERT INTO {unit_ancestors} ({unitId}, {ancestorId}) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
    }
  }
  return changed.length;
}

/** A campaign, with one scope row (a root, `below` root or exclusion) naming a unit of some unit's ancestry, or none. */
export interface CampaignScopeRow {
  id: number;
  year: number;
  format: FormatId;
  deadlines: string;
  status: CampaignStatus;
  scope: CampaignScopeKind;
  scopeUnitId: number | null;
  scopeRole: CampaignUnitRole | null;
}

/**
 * The campaigns a unit files in, from every campaign with the scope rows that name the unit or a
 * unit above it (read with the writer, store.ts): the newest open one, or else the newest closed
 * one (to say it has ended).
 */
export function campaignsOfUnit(unitId: number, rows: CampaignScopeRow[]): { open?: CampaignRow; closed?: CampaignRow } {
  // Each campaign's scope as it concerns the unit, and of the unit's ancestry the units its rows
  // name (all that filesIn looks at): judged by the one rule.
  const campaigns = new Map<number, { row: CampaignScopeRow; scope: CampaignScope; ancestry: Ancestry }>();
  for (const r of rows) {
    const id = Number(r.id);
    const campaign = campaigns.get(id) ?? { row: r, scope: { kind: r.scope, roots: new Set<number>(), excluded: new Set<number>() }, ancestry: [unitId] };
    campaigns.set(id, campaign);
    if (r.scopeRole === null || r.scopeUnitId === null) continue;
    addScopeRow(campaign.scope, Number(r.scopeUnitId), r.scopeRole);
    campaign.ancestry.push(Number(r.scopeUnitId));
  }
  // Newest year first; within a year, an open one first, then the older campaign.
  const mine = [...campaigns.values()].filter((c) => filesIn(c.scope, c.ancestry)).map((c) => c.row)
    .sort((a, b) => Number(b.year) - Number(a.year) || (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || Number(a.id) - Number(b.id));
  const row = (r: CampaignScopeRow): CampaignRow => ({ id: Number(r.id), year: Number(r.year), format: r.format, deadlines: JSON.parse(r.deadlines) as Record<string, string> });
  const open = mine.find((r) => r.status === 'open');
  if (open) return { open: row(open) };
  return mine.length ? { closed: row(mine[0]) } : {};
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
        id: Number(r.id), unitId: Number(r.unitId), version: Number(r.version), draft: { report, status: r.status, ...(reopened && { reopened }) },
        state: r.status, submittedAt: r.submittedAt === null ? null : readDatetime(r.submittedAt), history: histories.get(Number(r.id)) ?? {},
      });
    }
  }
  return out;
}

/** From the audit trail: each report's first submission and its last return with its reason (a withdrawn return is followed by its withdrawal, under a withdrawalKey). */
export async function statusHistories(m: EntityManager, reportIds: number[]): Promise<Map<number, StatusHistory>> {
  const out = new Map<number, StatusHistory>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = reportIds.slice(i, i + 500);
    const rows = await query<{ reportId: number; oldValue: string | null; newValue: string | null; messageKey: string | null; at: unknown; note: string | null }>(m,
      `SELECT {reportId}, {oldValue}, {newValue}, {messageKey}, {at}, {note} FROM {cell_changes} WHERE {reportId} IN (${ids.map(() => '?').join(', ')}) AND {cell} = 'status' ORDER BY {id}`, ids);
    for (const r of rows) {
      const id = Number(r.reportId);
      const history = out.get(id) ?? {};
      const at = readDatetime(r.at);
      // 撤回退回: the return did not happen.
      if (isWithdrawalKey(r.messageKey)) {
        delete history.returnedAt;
        delete history.returnReason;
      } else if (r.newValue === '"submitted"' && !history.firstSubmittedAt) history.firstSubmittedAt = at;
      else if (r.newValue === '"returned"') {
        history.returnedAt = at;
        if (r.note === null) delete history.returnReason;
        else history.returnReason = r.note;
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
