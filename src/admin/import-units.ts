// Units from a CSV file (name, kind, supervising unit): created, or updated by name; every bad
// row reported with its line, and then nothing written.
import type { DataSource, EntityManager } from 'typeorm';
import { Unit } from '../../entities/unit.ts';
import { storeAncestries } from '../bot/jurisdiction.ts';
import { closeNames, didYouMean, sameUnitNames } from './close-names.ts';
import { byLine, readCsvTable, type LineProblem, type TableRow } from './read-csv.ts';

/** The kinds a unit may have; a campaign's deadlines are keyed by them (条例 art. 49). */
export const unitKinds = ['镇', '乡', '街道', '县级部门', '县市政府'] as const;

/** One of the unit kinds. */
export type UnitKindName = (typeof unitKinds)[number];

/** What an import wrote (`updated` counts only rows that changed something) with what the admin should look at, or every reason it wrote nothing. */
export type ImportResult =
  | { kind: 'imported'; created: number; updated: number; unchanged: number; notes?: string[] }
  | { kind: 'refused'; problems: string[] };

/** Whether a text is one of the unit kinds. */
export function isUnitKind(text: string): text is UnitKindName {
  return (unitKinds as readonly string[]).includes(text);
}

/** The message for a kind that is not one of the five. */
export function badKind(kind: string): string {
  return `${kind === '' ? '类型为空' : `类型「${kind}」无效`}，应为 ${unitKinds.join('、')}之一`;
}

// Only names whose kind is certain; 乡镇 could be either and is asked about.
const kindAliases: Record<string, UnitKindName> = {
  镇政府: '镇', 镇人民政府: '镇', 乡政府: '乡', 乡人民政府: '乡', 街道办: '街道', 街道办事处: '街道',
  部门: '县级部门', 县直部门: '县级部门', 市直部门: '县级部门', 县政府: '县市政府', 市政府: '县市政府', 县人民政府: '县市政府', 市人民政府: '县市政府',
  '县（市）政府': '县市政府', '县(市)政府': '县市政府',
};

/** A unit kind as admins write it: one of the five, or a name certain to mean one (街道办 → 街道); else why not. */
export function readUnitKind(text: string): { kind: 'read'; value: UnitKindName } | { kind: 'refused'; reason: string } {
  if (isUnitKind(text)) return { kind: 'read', value: text };
  const alias = kindAliases[text];
  if (alias) return { kind: 'read', value: alias };
  if (text === '乡镇') return { kind: 'refused', reason: '类型「乡镇」请写明是「镇」还是「乡」' };
  return { kind: 'refused', reason: badKind(text) };
}

const columns = { name: ['name', '单位名称'], kind: ['kind', '类型'], parent: ['parent', '上级单位'] } as const;
type Column = keyof typeof columns;
const MAX_NAME = 100; // units.name is VARCHAR(100): characters on MySQL

/** Import units from CSV text (header `name,kind,parent` or `单位名称,类型,上级单位`), all or nothing. */
export async function importUnits(db: DataSource, csvText: string): Promise<ImportResult> {
  const table = readCsvTable(csvText, columns, 'name,kind,parent 或 单位名称,类型,上级单位');
  if (table.kind === 'refused') return table;
  if (table.rows.length === 0 && table.problems.length === 0) return { kind: 'refused', problems: ['文件中只有表头，没有单位'] };
  return db.transaction(async (m) => {
    const existing = await m.find(Unit);
    const problems = byLine([...table.problems, ...checkUnits(table.rows, existing)]);
    if (problems.length) return { kind: 'refused', problems };
    return writeUnits(m, table.rows, existing);
  });
}

function checkUnits(rows: TableRow<Column>[], existing: Unit[]): LineProblem[] {
  const problems: LineProblem[] = [];
  const nameOf = new Map(existing.map((u) => [u.id, u.name]));
  // Every unit's supervising unit by name, as it will be once the file is written.
  const parentOf = new Map(existing.map((u) => [u.name, u.parentId === null ? '' : nameOf.get(u.parentId)!]));
  const seen = new Map<string, number>();
  const placed: TableRow<Column>[] = [];
  for (const row of rows) {
    const { name, kind, parent } = row.values;
    const say = (text: string) => problems.push({ line: row.line, text: `第${row.line}行：${text}` });
    if (name === '') say('单位名称为空');
    else if ([...name].length > MAX_NAME) say(`单位名称超过${MAX_NAME}个字`);
    const read = readUnitKind(kind);
    if (read.kind === 'refused') say(read.reason);
    else row.values.kind = read.value;
    if (name === '') continue;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      say(`单位「${name}」与第${earlier}行重复`);
      continue;
    }
    seen.set(name, row.line);
    if (parent === name) say(`「${name}」的上级单位不能是它自己`);
    else placed.push(row);
    parentOf.set(name, parent === name ? '' : parent);
  }
  const inCycle = new Set<string>();
  for (const { line, values: { name, parent } } of placed) {
    if (parent !== '' && !parentOf.has(parent)) {
      const close = didYouMean(closeNames(parent, parentOf.keys()));
      problems.push({ line, text: `第${line}行：上级单位「${parent}」不存在：既不在本文件中，也不在数据库中${close ? `。${close}` : ''}` });
    }
    if (inCycle.has(name)) continue;
    const path = [name];
    for (let up = parentOf.get(name); up && parentOf.has(up) && !path.includes(up); up = parentOf.get(up)) path.push(up);
    if (parentOf.get(path[path.length - 1]) === name) {
      path.forEach((n) => inCycle.add(n));
      problems.push({ line, text: `第${line}行：上级单位形成循环：${[...path, name].join(' → ')}` });
    }
  }
  return problems;
}

async function writeUnits(m: EntityManager, rows: TableRow<Column>[], existing: Unit[]): Promise<ImportResult> {
  const byName = new Map(existing.map((u) => [u.name, u]));
  const fresh = rows.filter((r) => !byName.has(r.values.name));
  // A new unit named like one already there may be the same unit typed differently: said, not refused (城关镇 and 城关乡 are two).
  const notes = fresh.flatMap(({ line, values: { name } }) => {
    const close = sameUnitNames(name, byName.keys());
    return close.length ? [`第${line}行：新建了单位「${name}」，与已有的『${close.join('』『')}』相近；如是同一单位，请用 nianbao unit delete 删除新建的，并在文件中改用已有名称`] : [];
  });
  // New units first, without their parents: a parent may come later in the file.
  if (fresh.length) {
    const createdAt = new Date();
    await m.insert(Unit, fresh.map(({ values: { name, kind } }) => ({ name, kind, parentId: null, createdAt })));
  }
  const idOf = new Map((await m.find(Unit, { select: { id: true, name: true } })).map((u) => [u.name, u.id]));
  let updated = 0;
  for (const { values: { name, kind, parent } } of rows) {
    const parentId = parent === '' ? null : idOf.get(parent)!;
    const before = byName.get(name);
    if (!before && parentId !== null) await m.update(Unit, { id: idOf.get(name)! }, { parentId });
    if (before && (before.kind !== kind || before.parentId !== parentId)) {
      await m.update(Unit, { id: before.id }, { kind, parentId });
      updated++;
    }
  }
  await storeAncestries(m);
  return { kind: 'imported', created: fresh.length, updated, unchanged: rows.length - fresh.length - updated, ...(notes.length > 0 && { notes }) };
}
