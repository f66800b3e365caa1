// Members from a CSV file (WeCom userid, name, role, unit): created, or updated by userid; every
// bad row reported with its line, and then nothing written.
import type { DataSource, EntityManager } from 'typeorm';
import { Member, type MemberRole } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import type { ImportResult } from './import-units.ts';
import { byLine, readCsvTable, type LineProblem, type TableRow } from './read-csv.ts';

const columns = { userId: ['userid', '账号'], name: ['name', '姓名'], role: ['role', '角色'], unit: ['unit', '单位'] } as const;
type Column = keyof typeof columns;

const roles = new Map<string, MemberRole>([
  ['filer', 'filer'], ['supervisor', 'supervisor'], ['admin', 'admin'], ['填报人', 'filer'], ['审核人', 'supervisor'], ['管理员', 'admin'],
]);

// WeCom's rule for a userid: 1–64 bytes of letters, digits and _-@., starting with a letter or
// digit (https://developer.work.weixin.qq.com/document/path/90195).
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/;
const MAX_NAME = 50; // members.name is VARCHAR(50)

/** A row as it will be written. */
type Planned = { userId: string; name: string; role: MemberRole; unitId: number };

/** Import members from CSV text (header `userid,name,role,unit` or `账号,姓名,角色,单位`), all or nothing. */
export async function importMembers(db: DataSource, csvText: string): Promise<ImportResult> {
  const table = readCsvTable(csvText, columns, 'userid,name,role,unit 或 账号,姓名,角色,单位');
  if (table.kind === 'refused') return table;
  if (table.rows.length === 0 && table.problems.length === 0) return { kind: 'refused', problems: ['文件中只有表头，没有成员'] };
  return db.transaction(async (m) => {
    const unitIds = new Map((await m.find(Unit, { select: { id: true, name: true } })).map((u) => [u.name, u.id]));
    const checked = checkMembers(table.rows, unitIds);
    const problems = byLine([...table.problems, ...checked.problems]);
    if (problems.length) return { kind: 'refused', problems };
    return writeMembers(m, checked.members);
  });
}

function checkMembers(rows: TableRow<Column>[], unitIds: Map<string, number>): { members: Planned[]; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const members: Planned[] = [];
  const seen = new Map<string, number>();
  for (const { line, values: { userId, name, role, unit } } of rows) {
    const before = problems.length;
    const say = (text: string) => problems.push({ line, text: `第${line}行：${text}` });
    if (userId === '') say('账号为空');
    else if (!USER_ID.test(userId)) say(`账号「${userId}」无效：企业微信账号由1～64个字母、数字或 _-@. 组成，并以字母或数字开头`);
    else if (seen.has(userId)) say(`账号「${userId}」与第${seen.get(userId)}行重复`);
    else seen.set(userId, line);
    if (name === '') say('姓名为空');
    else if ([...name].length > MAX_NAME) say(`姓名超过${MAX_NAME}个字`);
    const asRole = roles.get(role.toLowerCase());
    if (!asRole) say(`${role === '' ? '角色为空' : `角色「${role}」无效`}，应为 填报人、审核人、管理员（或 filer、supervisor、admin）之一`);
    if (unit === '') say('单位为空');
    else if (!unitIds.has(unit)) say(`单位「${unit}」不存在，请先导入单位`);
    if (problems.length === before) members.push({ userId, name, role: asRole!, unitId: unitIds.get(unit)! });
  }
  return { members, problems };
}

async function writeMembers(m: EntityManager, members: Planned[]): Promise<ImportResult> {
  const byUserId = new Map((await m.find(Member)).map((x) => [x.userId, x]));
  const fresh = members.filter((x) => !byUserId.has(x.userId));
  if (fresh.length) {
    const createdAt = new Date();
    await m.insert(Member, fresh.map((x) => ({ ...x, createdAt })));
  }
  let updated = 0;
  for (const { userId, name, role, unitId } of members) {
    const before = byUserId.get(userId);
    if (before && (before.name !== name || before.role !== role || before.unitId !== unitId)) {
      await m.update(Member, { id: before.id }, { name, role, unitId });
      updated++;
    }
  }
  return { kind: 'imported', created: fresh.length, updated, unchanged: members.length - fresh.length - updated };
}
