// Correcting a campaign once created: close and reopen it, change its deadlines (and its format
// while nothing is filed), delete it while nothing is filed, list its units, exclude one (merged
// away) or include one. Every result is a value the CLI words; nothing is changed when refused.
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { allUnits, ancestries, campaignScope, campaignScopes, deadlineIn, filesIn, underScope, type CampaignScope, type UnitRow } from '../bot/jurisdiction.ts';
import { execute, query } from '../bot/sql.ts';
import type { FormatId } from '../report/report.ts';
import { byKindThenName, checkDeadline, checkDeadlinesFor, formatForYear, lateForTheLaw, openInAnotherYear, overlapProblem, stillOpen } from './campaigns.ts';
import { unknownUnit } from './close-names.ts';

/** A change done (what it was, in words, and warnings), or why nothing was changed. */
export type ChangeResult = { kind: 'done'; campaign: Campaign; said: string[]; warnings: string[] } | { kind: 'refused'; problems: string[] };

const refused = (...problems: string[]): ChangeResult => ({ kind: 'refused', problems });

/** How a campaign is named to the admin: 「2025年度填报任务（编号 1）」. */
export const campaignName = (c: { id: number; year: number }) => `${c.year}年度填报任务（编号 ${c.id}）`;

/** The scope in words: 全部单位, or the roots' names. */
export function scopeWords(scope: CampaignScope, units: UnitRow[]): string {
  if (scope.kind === 'all') return '全部单位';
  return units.filter((u) => scope.roots.has(u.id)).map((u) => u.name).join('、') + '及其下属单位';
}

/**
 * The campaign to change: the one numbered, else the only open one (with several open, the only
 * one whose scope covers `unit`); otherwise why none is chosen, naming the candidates.
 */
export async function chooseCampaign(m: EntityManager, campaignId: number | undefined, unit?: UnitRow): Promise<{ kind: 'found'; campaign: Campaign } | { kind: 'refused'; problems: string[] }> {
  if (campaignId !== undefined) {
    const campaign = await m.findOne(Campaign, { where: { id: campaignId } });
    return campaign ? { kind: 'found', campaign } : { kind: 'refused', problems: [`没有编号为 ${campaignId} 的填报任务；查看进度：nianbao campaign status`] };
  }
  let open = await m.find(Campaign, { where: { status: 'open' }, order: { id: 'ASC' } });
  if (!open.length) return { kind: 'refused', problems: ['还没有进行中的填报任务；如要修改已结束的任务，请用 --campaign 指定编号'] };
  if (open.length > 1 && unit) {
    const all = await allUnits(m);
    const scopes = await campaignScopes(m, open);
    const covering = open.filter((c) => underScope(scopes.get(c.id)!, ancestries(all)(unit.id)));
    if (covering.length) open = covering;
  }
  if (open.length === 1) return { kind: 'found', campaign: open[0] };
  return { kind: 'refused', problems: [`有 ${open.length} 个进行中的填报任务：${open.map(campaignName).join('、')}。请用 --campaign 指定编号`] };
}

async function withCampaign(db: DataSource, campaignId: number | undefined, work: (m: EntityManager, campaign: Campaign) => Promise<ChangeResult>): Promise<ChangeResult> {
  return db.transaction(async (m) => {
    const found = await chooseCampaign(m, campaignId);
    return found.kind === 'found' ? work(m, found.campaign) : found;
  });
}

/** Close a campaign: no more reports accepted (officials are told so), reminders stop; everything saved stays. */
export function closeCampaign(db: DataSource, campaignId?: number): Promise<ChangeResult> {
  return withCampaign(db, campaignId, async (m, campaign) => {
    if (campaign.status === 'closed') return refused(`${campaignName(campaign)}已经结束；如需重新接收报告：nianbao campaign reopen --campaign ${campaign.id}`);
    await m.update(Campaign, { id: campaign.id }, { status: 'closed' });
    return { kind: 'done', campaign, said: [`已结束${campaignName(campaign)}：不再接收报告，也不再发送提醒；已保存的内容全部保留。如需重新接收：nianbao campaign reopen --campaign ${campaign.id}`], warnings: [] };
  });
}

/** Reopen a closed campaign: reports are accepted again. */
export function reopenCampaign(db: DataSource, campaignId: number): Promise<ChangeResult> {
  return withCampaign(db, campaignId, async (m, campaign) => {
    if (campaign.status === 'open') return refused(`${campaignName(campaign)}正在进行中，无需重新开始`);
    await m.update(Campaign, { id: campaign.id }, { status: 'open' });
    // Another year's open campaign over the same units: they file in the newest one in chat.
    const open = await openInAnotherYear(m, campaign.year, await campaignScope(m, campaign.id), await allUnits(m));
    const warnings = open ? [`${stillOpen(open)}，要在对话中处理本任务的报告，请先结束编号 ${open.other.id} 的任务`] : [];
    return { kind: 'done', campaign, said: [`已重新开始${campaignName(campaign)}，各单位可以继续填报。`], warnings };
  });
}

/**
 * What is filed in a campaign: the reports of its year, of its units or made in it, that are more
 * than an empty draft (a draft opened in chat with nothing saved): handed in, imported, or with any
 * value or text saved, or ever changed. `empty` are the ids of the empty drafts.
 */
async function filings(m: EntityManager, campaign: Campaign): Promise<{ filed: string[]; empty: number[] }> {
  const units = await allUnits(m);
  const scope = await campaignScope(m, campaign.id);
  const ancestry = ancestries(units);
  const mine = new Set(units.filter((u) => filesIn(scope, ancestry(u.id))).map((u) => u.id));
  const names = new Map(units.map((u) => [u.id, u.name]));
  const reports = (await query<{ id: number; unitId: number; campaignId: number | null; status: string; values: string }>(m,
    'SELECT {id}, {unitId}, {campaignId}, {status}, {values} FROM {reports} WHERE {year} = ?', [campaign.year]))
    .filter((r) => Number(r.campaignId) === campaign.id || mine.has(Number(r.unitId)));
  const touched = new Set<number>();
  const ids = reports.map((r) => Number(r.id));
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(', ');
    for (const table of ['report_texts', 'cell_changes']) {
      for (const r of await query<{ reportId: number }>(m, `SELECT DISTINCT {reportId} FROM {${table}} WHERE {reportId} IN (${marks})`, chunk)) touched.add(Number(r.reportId));
    }
  }
  const isEmpty = (r: (typeof reports)[number]) => r.status === 'draft' && r.values === '{}' && !touched.has(Number(r.id));
  return { filed: reports.filter((r) => !isEmpty(r)).map((r) => names.get(Number(r.unitId))!), empty: reports.filter(isEmpty).map((r) => Number(r.id)) };
}

const FILED = '（已填写数据、已提交或已导入报告）';
const listedNames = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join('、')}等 ${names.length} 个单位` : names.join('、'));

/** A campaign's change: a new default deadline, deadlines by kind (null: back to the default), a format. */
export interface CampaignEdit {
  deadline?: string;
  deadlineFor?: Record<string, string | null>;
  format?: string;
  /** Change to a format not of the year. */
  force?: boolean;
}

/** Change a campaign's deadlines (at any time) and format (only while nothing is filed; its empty drafts follow). */
export function editCampaign(db: DataSource, campaignId: number | undefined, edit: CampaignEdit): Promise<ChangeResult> {
  return withCampaign(db, campaignId, async (m, campaign) => {
    const { year } = campaign;
    const deadlines = JSON.parse(campaign.deadlines) as Record<string, string>;
    const problems: string[] = [];
    if (edit.deadline === undefined && edit.deadlineFor === undefined && edit.format === undefined) problems.push('请指定要修改的内容：--deadline、--deadline-for 类型=日期（类型=默认 取消单独的截止日期）或 --format');
    if (edit.deadline !== undefined) problems.push(...[checkDeadline('截止日期', edit.deadline, year)].filter((p) => p !== undefined));
    const set = Object.fromEntries(Object.entries(edit.deadlineFor ?? {}).filter((e): e is [string, string] => e[1] !== null));
    problems.push(...checkDeadlinesFor(set, year));
    for (const [kind, date] of Object.entries(edit.deadlineFor ?? {})) if (date === null && !(kind in deadlines)) problems.push(`${kind}没有单独的截止日期，无需取消`);
    const format = edit.format;
    if (format !== undefined && format !== '2019' && format !== '2021') problems.push(`格式「${format}」无效，应为 2019 或 2021`);
    else if (format !== undefined && format === campaign.format) problems.push(`${campaignName(campaign)}已经是${format}年格式`);
    else if (format !== undefined && !edit.force) problems.push(...formatForYear(year, format));
    let empty: number[] = [];
    if (format !== undefined && !problems.length) {
      const found = await filings(m, campaign);
      if (found.filed.length) problems.push(`不能更改格式：${listedNames(found.filed)}已按${campaign.format}年格式保存了内容${FILED}。格式只能在还没有任何单位填写时更改`);
      empty = found.empty;
    }
    if (problems.length) return { kind: 'refused', problems };
    const said: string[] = [];
    const before = { ...deadlines };
    if (edit.deadline !== undefined) {
      said.push(`截止日期 ${deadlineIn(before, 'default', year)} → ${edit.deadline}`);
      deadlines.default = edit.deadline;
    }
    for (const [kind, date] of Object.entries(edit.deadlineFor ?? {})) {
      said.push(`${kind}的截止日期 ${deadlineIn(before, kind, year)} → ${date ?? `同其余单位（${deadlineIn(deadlines, 'default', year)}）`}`);
      if (date === null) delete deadlines[kind];
      else deadlines[kind] = date;
    }
    const changes: Partial<Campaign> = { deadlines: JSON.stringify(deadlines) };
    if (format !== undefined) {
      said.push(`格式 ${campaign.format}年 → ${format}年`);
      changes.format = format as FormatId;
      // Drafts opened in chat with nothing in them are filled in the new format.
      for (let i = 0; i < empty.length; i += 500) {
        const chunk = empty.slice(i, i + 500);
        await execute(m, `UPDATE {reports} SET {format} = ? WHERE {id} IN (${chunk.map(() => '?').join(', ')})`, [format, ...chunk]);
      }
    }
    await m.update(Campaign, { id: campaign.id }, changes);
    const kinds = new Set((await allUnits(m)).map((u) => u.kind));
    const warnings = [...(format !== undefined && edit.force ? formatForYear(year, format).map((w) => w.replace(/；如确需使用，请加 --force$/, '')) : []), ...lateForTheLaw(deadlines, kinds, year)];
    return { kind: 'done', campaign, said: [`已修改${campaignName(campaign)}：${said.join('；')}。`], warnings };
  });
}

/** Delete a campaign while nothing is filed in it (its empty drafts and pending reminders go with it); refused with the units that filed. */
export function deleteCampaign(db: DataSource, campaignId: number): Promise<ChangeResult> {
  return withCampaign(db, campaignId, async (m, campaign) => {
    const { filed, empty } = await filings(m, campaign);
    if (filed.length) {
      return refused(`不能删除${campaignName(campaign)}：${listedNames(filed)}已保存了内容${FILED}，删除会丢失这些内容。只有还没有任何单位填写的任务才能删除；如不再接收报告，请用 nianbao campaign close --campaign ${campaign.id}`);
    }
    for (let i = 0; i < empty.length; i += 500) {
      const chunk = empty.slice(i, i + 500);
      const marks = chunk.map(() => '?').join(', ');
      // A conversation pointing at a deleted draft starts afresh (engine.ts drops a state whose report differs).
      await execute(m, `UPDATE {conversations} SET {reportId} = NULL WHERE {reportId} IN (${marks})`, chunk);
      await execute(m, `DELETE FROM {reports} WHERE {id} IN (${marks})`, chunk);
    }
    await execute(m, "UPDATE {reminders} SET {state} = 'dropped', {note} = '填报任务已删除' WHERE {campaignId} = ? AND {state} = 'pending'", [campaign.id]);
    await m.delete(CampaignUnit, { campaignId: campaign.id });
    await m.delete(Campaign, { id: campaign.id });
    return { kind: 'done', campaign, said: [`已删除${campaignName(campaign)}（还没有任何单位填写）。`], warnings: [] };
  });
}

/** How a unit stands in a campaign's scope. */
export type UnitStanding = 'files' | 'excluded' | 'below';

/** A unit of a campaign's scope, and how many filers it has. */
export interface ScopeUnit {
  name: string;
  kind: string;
  parent: string | null;
  standing: UnitStanding;
  filers: number;
}

/** The units under a campaign's scope (by kind, then name), each filing or not, with its scope in words; or why there is none. */
export async function campaignUnits(db: DataSource, campaignId?: number): Promise<{ kind: 'units'; campaign: Campaign; scope: string; units: ScopeUnit[] } | { kind: 'refused'; problems: string[] }> {
  const m = db.manager;
  const found = await chooseCampaign(m, campaignId);
  if (found.kind === 'refused') return found;
  const { campaign } = found;
  const all = await allUnits(m);
  const scope = await campaignScope(m, campaign.id);
  const ancestry = ancestries(all);
  const names = new Map(all.map((u) => [u.id, u.name]));
  const filers = new Map<number, number>();
  for (const member of await m.find(Member, { where: { role: 'filer' }, select: { unitId: true } })) filers.set(member.unitId, (filers.get(member.unitId) ?? 0) + 1);
  const units = all.filter((u) => underScope(scope, ancestry(u.id))).sort(byKindThenName).map((u): ScopeUnit => ({
    name: u.name, kind: u.kind, parent: u.parentId === null ? null : names.get(u.parentId) ?? null,
    standing: !scope.excluded.has(u.id) ? 'files' : scope.roots.has(u.id) ? 'below' : 'excluded', filers: filers.get(u.id) ?? 0,
  }));
  return { kind: 'units', campaign, scope: scopeWords(scope, all), units };
}

/** Exclude a unit under the campaign's scope (merged away, or one that only reviews): it no longer files; what it saved stays. */
export function excludeUnit(db: DataSource, name: string, campaignId?: number): Promise<ChangeResult> {
  return db.transaction(async (m) => {
    const all = await allUnits(m);
    const unit = all.find((u) => u.name === name);
    if (!unit) return refused(unknownUnit(name, all.map((u) => u.name), '查看任务的单位：nianbao campaign units'));
    const found = await chooseCampaign(m, campaignId, unit);
    if (found.kind === 'refused') return found;
    const { campaign } = found;
    const scope = await campaignScope(m, campaign.id);
    const ancestry = ancestries(all)(unit.id);
    if (!underScope(scope, ancestry)) return refused(`「${name}」不在${campaignName(campaign)}的范围内，无需排除`);
    if (!filesIn(scope, ancestry)) return refused(`「${name}」已经排除在${campaignName(campaign)}之外`);
    // A root stays a root (the units under it still file); it is only no longer filing itself.
    if (scope.roots.has(unit.id)) await m.update(CampaignUnit, { campaignId: campaign.id, unitId: unit.id }, { role: 'below' });
    else await m.insert(CampaignUnit, { campaignId: campaign.id, unitId: unit.id, role: 'excluded' });
    return { kind: 'done', campaign, said: [`已将「${name}」排除在${campaignName(campaign)}之外：它不再需要填报，也不计入进度和汇总；它已保存的内容全部保留。如需恢复：nianbao campaign include ${name} --campaign ${campaign.id}`], warnings: [] };
  });
}

/** Include a unit: an excluded one files again; one outside the scope becomes a root of it (with the units under it), unless another campaign of the year covers them. */
export function includeUnit(db: DataSource, name: string, campaignId?: number): Promise<ChangeResult> {
  return db.transaction(async (m) => {
    const all = await allUnits(m);
    const unit = all.find((u) => u.name === name);
    if (!unit) return refused(unknownUnit(name, all.map((u) => u.name), '请先导入该单位（nianbao unit import）'));
    const found = await chooseCampaign(m, campaignId, unit);
    if (found.kind === 'refused') return found;
    const { campaign } = found;
    const scope = await campaignScope(m, campaign.id);
    const ancestry = ancestries(all);
    if (filesIn(scope, ancestry(unit.id))) return refused(`「${name}」已在${campaignName(campaign)}中，无需纳入`);
    if (scope.roots.has(unit.id)) await m.update(CampaignUnit, { campaignId: campaign.id, unitId: unit.id }, { role: 'root' });
    else if (scope.excluded.has(unit.id)) await m.delete(CampaignUnit, { campaignId: campaign.id, unitId: unit.id });
    else {
      const root: CampaignScope = { kind: 'units', roots: new Set([unit.id]), excluded: new Set() };
      const overlap = await overlapProblem(m, campaign.year, root, all, campaign.id);
      if (overlap) return refused(overlap);
      await m.insert(CampaignUnit, { campaignId: campaign.id, unitId: unit.id, role: 'root' });
      const below = all.filter((u) => u.id !== unit.id && underScope(root, ancestry(u.id)) && !scope.excluded.has(u.id)).map((u) => u.name);
      return { kind: 'done', campaign, said: [`已将「${name}」${below.length ? `及其下属的 ${below.length} 个单位（${listedNames(below)}）` : ''}纳入${campaignName(campaign)}，其填报人现在即可填报。`], warnings: [] };
    }
    return { kind: 'done', campaign, said: [`已将「${name}」重新纳入${campaignName(campaign)}，其填报人现在即可填报。`], warnings: [] };
  });
}
