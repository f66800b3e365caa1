// Correcting units after import: rename, move under another supervising unit, delete one that
// holds nothing; and the units as a tree with their filers.
import { In, type DataSource, type EntityManager } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Member } from '../../entities/member.ts';
import { Reminder } from '../../entities/reminder.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { UnitAncestor } from '../../entities/unit-ancestor.ts';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../bot/jurisdiction.ts';
import { unknownUnit } from './close-names.ts';

/** What a change did, in words for the admin, or why it did nothing. */
export type UnitChange = { kind: 'changed'; text: string } | { kind: 'unchanged'; text: string } | { kind: 'refused'; problems: string[] };

const MAX_NAME = 100; // units.name is VARCHAR(100)

/** The unit of that name, or the message for a name no unit has (with the close names). */
export async function findUnit(m: EntityManager, name: string): Promise<Unit | string> {
  const units = await m.find(Unit, { select: { id: true, name: true, kind: true, parentId: true } });
  return units.find((u) => u.name === name) ?? unknownUnit(name, units.map((u) => u.name));
}

const refused = (...problems: string[]): UnitChange => ({ kind: 'refused', problems });

/** Rename a unit; its reports, members and campaigns stay with it. */
export function renameUnit(db: DataSource, name: string, newName: string): Promise<UnitChange> {
  const wanted = newName.trim();
  return db.transaction(async (m) => {
    const unit = await findUnit(m, name);
    if (typeof unit === 'string') return refused(unit);
    if (wanted === '') return refused('新名称为空');
    if ([...wanted].length > MAX_NAME) return refused(`新名称超过${MAX_NAME}个字`);
    if (wanted === name) return { kind: 'unchanged', text: `单位名称已是「${name}」，没有变化。` };
    if (await m.existsBy(Unit, { name: wanted })) return refused(`已有名为「${wanted}」的单位；如要合并两个单位，请先把成员移到其中一个，再删除另一个`);
    await m.update(Unit, { id: unit.id }, { name: wanted });
    return { kind: 'changed', text: `已将单位「${name}」改名为「${wanted}」。` };
  });
}

/** Put a unit under another supervising unit (`parent` undefined: at the top); a cycle is refused. */
export function moveUnit(db: DataSource, name: string, parent: string | undefined): Promise<UnitChange> {
  return db.transaction(async (m) => {
    const unit = await findUnit(m, name);
    if (typeof unit === 'string') return refused(unit);
    const above = parent === undefined ? undefined : await findUnit(m, parent);
    if (typeof above === 'string') return refused(`上级${above}`);
    if (above?.id === unit.id) return refused(`「${name}」的上级单位不能是它自己`);
    if ((above?.id ?? null) === unit.parentId) return { kind: 'unchanged', text: above ? `「${name}」的上级单位已是「${above.name}」，没有变化。` : `「${name}」已是最上级单位，没有变化。` };
    if (above) {
      const parentOf = new Map((await m.find(Unit, { select: { id: true, name: true, parentId: true } })).map((u) => [u.id, u]));
      const path = [name, above.name];
      for (let up = above.parentId; up !== null && path.length <= parentOf.size + 1; up = parentOf.get(up)!.parentId) {
        path.push(parentOf.get(up)!.name);
        if (up === unit.id) return refused(`「${above.name}」在「${name}」之下，不能把「${name}」移到它下面（会形成循环：${path.join(' → ')}）`);
      }
    }
    await m.update(Unit, { id: unit.id }, { parentId: above?.id ?? null });
    await storeAncestries(m);
    return { kind: 'changed', text: above ? `已将「${name}」移到「${above.name}」之下。` : `已将「${name}」设为最上级单位（没有上级单位）。` };
  });
}

/**
 * Delete a unit that holds nothing: no report records (filed, or imported as last year's), no
 * members (disabled ones too) and no units below it; otherwise refused, naming each. It leaves
 * the campaigns it was listed in (it filed nothing in them), with its reminders not yet sent.
 */
export function deleteUnit(db: DataSource, name: string): Promise<UnitChange> {
  return db.transaction(async (m) => {
    const unit = await findUnit(m, name);
    if (typeof unit === 'string') return refused(unit);
    const reports = await m.find(ReportRecord, { where: { unitId: unit.id }, select: { year: true }, order: { year: 'ASC' } });
    const members = await m.find(Member, { where: { unitId: unit.id }, select: { name: true }, order: { id: 'ASC' } });
    const children = await m.find(Unit, { where: { parentId: unit.id }, select: { name: true }, order: { id: 'ASC' } });
    const problems = [
      ...(reports.length ? [`有${reports.length}份报告（${[...new Set(reports.map((r) => `${r.year}年度`))].join('、')}），报告不能随单位删除`] : []),
      ...(members.length ? [`有${members.length}名成员（${members.map((x) => x.name).join('、')}），停用的也保留着记录；请先在成员文件中把他们改到其他单位并导入（nianbao member import）`] : []),
      ...(children.length ? [`有${children.length}个下级单位（${children.map((u) => u.name).join('、')}），请先把它们移到其他单位之下（nianbao unit move）`] : []),
    ];
    if (problems.length) return refused(...problems.map((p) => `单位「${name}」${p}`));
    // A campaign that names it as a root loses it; one that excludes it has nothing to lose.
    const listed = await m.countBy(CampaignUnit, { unitId: unit.id, role: In(['root', 'below']) });
    await m.delete(Reminder, { unitId: unit.id, state: 'pending' });
    await m.delete(CampaignUnit, { unitId: unit.id });
    await m.delete(UnitAncestor, { unitId: unit.id }); // its own row only: no unit is below it
    await m.delete(Unit, { id: unit.id });
    return { kind: 'changed', text: `已删除单位「${name}」${listed ? `，并从${listed}个填报任务中移除` : ''}。` };
  });
}

/** A unit in the tree: how deep it is (0 at the top), its kind, and its enabled filers' names. */
export interface UnitNode {
  name: string;
  kind: string;
  depth: number;
  filers: string[];
  /** Disabled filers, listed apart: they do not file. */
  disabledFilers: string[];
}

/** Every unit (or `root` and the units below it) as a tree, each unit before the units below it, siblings in the order created. */
export async function unitTree(db: DataSource, root?: string): Promise<UnitNode[] | string> {
  const units = await db.manager.find(Unit, { order: { id: 'ASC' } });
  const filers = await db.manager.find(Member, { where: { role: 'filer' }, select: { name: true, unitId: true, disabledAt: true }, order: { id: 'ASC' } });
  const start = root === undefined ? undefined : units.find((u) => u.name === root);
  if (root !== undefined && !start) return unknownUnit(root, units.map((u) => u.name));
  const below = new Map<number | null, Unit[]>();
  for (const u of units) below.set(u.parentId, [...(below.get(u.parentId) ?? []), u]);
  const out: UnitNode[] = [];
  const visit = (u: Unit, depth: number) => {
    const own = filers.filter((x) => x.unitId === u.id);
    out.push({ name: u.name, kind: u.kind, depth, filers: own.filter((x) => x.disabledAt === null).map((x) => x.name), disabledFilers: own.filter((x) => x.disabledAt !== null).map((x) => x.name) });
    for (const child of below.get(u.id) ?? []) visit(child, depth + 1);
  };
  for (const top of start ? [start] : below.get(null) ?? []) visit(top, 0);
  return out;
}

/** The ids of a unit and every unit below it. */
export async function unitAndBelow(m: EntityManager, unitId: number): Promise<number[]> {
  const units = await m.find(Unit, { select: { id: true, parentId: true } });
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) ids.push(...units.filter((u) => u.parentId === ids[i]).map((u) => u.id));
  return ids;
}
