// Members from a CSV file (WeCom userid, name, role, unit): created, or updated by userid (its
// case aside, as WeCom compares them); every bad row reported with its line, and then nothing written.
import type { DataSource, EntityManager } from 'typeorm';
import { Member, type MemberRole } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { pickByUserId, userIdKey } from '../bot/member-lookup.ts';
import { unknownUnit } from './close-names.ts';
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
type Planned = { line: number; userId: string; name: string; role: MemberRole; unitId: number };

/** Import members from CSV text (header `userid,name,role,unit` or `账号,姓名,角色,单位`), all or nothing. */
export async function importMembers(db: DataSource, csvText: string): Promise<ImportResult> {
  const table = readCsvTable(csvText, columns, 'userid,name,role,unit 或 账号,姓名,角色,单位');
  if (table.kind === 'refused') return table;
  if (table.rows.length === 0 && table.problems.length === 0) return { kind: 'refused', problems: ['文件中只有表头，没有成员'] };
  return db.transaction(async (m) => {
    const unitIds = new Map((await m.find(Unit, { select: { id: true, name: true } })).map((u) => [u.name, u.id]));
    const stored = storedMembers(await m.find(Member, { order: { id: 'ASC' } }));
    const checked = checkMembers(table.rows, unitIds, stored);
    const problems = byLine([...table.problems, ...checked.problems]);
    if (problems.length) return { kind: 'refused', problems };
    return writeMembers(m, checked.members, stored);
  });
}

/** The stored members by userid (its case aside): all that match, and the one a userid stands for (member-lookup.ts). */
function storedMembers(all: Member[]) {
  const byKey = new Map<string, Member[]>();
  for (const x of all) byKey.set(userIdKey(x.userId), [...(byKey.get(userIdKey(x.userId)) ?? []), x]);
  const matching = (userId: string) => byKey.get(userIdKey(userId)) ?? [];
  const picked = (userId: string): Member | undefined => {
    const found = matching(userId);
    const one = pickByUserId(found.map((x) => ({ id: x.id, userId: x.userId, disabled: x.disabledAt !== null })), userId);
    return one && found.find((x) => x.id === one.id);
  };
  return { matching, picked };
}

type Stored = ReturnType<typeof storedMembers>;

function checkMembers(rows: TableRow<Column>[], unitIds: Map<string, number>, stored: Stored): { members: Planned[]; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const members: Planned[] = [];
  const seen = new Map<string, { line: number; userId: string }>();
  for (const { line, values: { userId, name, role, unit } } of rows) {
    const before = problems.length;
    const say = (text: string) => problems.push({ line, text: `第${line}行：${text}` });
    if (userId === '') say('账号为空');
    else if (!USER_ID.test(userId)) say(`账号「${userId}」无效：企业微信账号由1～64个字母、数字或 _-@. 组成，并以字母或数字开头`);
    else if (seen.has(userIdKey(userId))) {
      const earlier = seen.get(userIdKey(userId))!;
      say(`账号「${userId}」与第${earlier.line}行${earlier.userId === userId ? '重复' : `的「${earlier.userId}」重复（企业微信账号不区分大小写）`}`);
    } else if (stored.matching(userId).length > 0 && !stored.picked(userId)) {
      say(`账号「${userId}」对应多名仅大小写不同的成员（${stored.matching(userId).map((x) => x.userId).join('、')}），无法确定更新哪一个；请在文件中写出其中一个的准确账号，并停用其余的（nianbao member disable）`);
    } else seen.set(userIdKey(userId), { line, userId });
    if (name === '') say('姓名为空');
    else if ([...name].length > MAX_NAME) say(`姓名超过${MAX_NAME}个字`);
    const asRole = roles.get(role.toLowerCase());
    if (!asRole) say(`${role === '' ? '角色为空' : `角色「${role}」无效`}，应为 填报人、审核人、管理员（或 filer、supervisor、admin）之一`);
    if (unit === '') say('单位为空');
    else if (!unitIds.has(unit)) {
      const unknown = unknownUnit(unit, unitIds.keys());
      say(unknown.endsWith('吗？') ? unknown : `${unknown}，请先导入单位`);
    }
    if (problems.length === before) members.push({ line, userId, name, role: asRole!, unitId: unitIds.get(unit)! });
  }
  return { members, problems };
}

async function writeMembers(m: EntityManager, members: Planned[], stored: Stored): Promise<ImportResult> {
  const fresh = members.filter((x) => stored.matching(x.userId).length === 0);
  if (fresh.length) {
    const createdAt = new Date();
    await m.insert(Member, fresh.map(({ line: _, ...x }) => ({ ...x, userKey: userIdKey(x.userId), createdAt, disabledAt: null })));
  }
  let updated = 0;
  const notes: string[] = [];
  for (const { line, userId, name, role, unitId } of members) {
    const before = stored.picked(userId);
    if (!before) continue;
    // The file's spelling of the userid is the admin's latest word on it.
    if (before.userId !== userId || before.name !== name || before.role !== role || before.unitId !== unitId) {
      await m.update(Member, { id: before.id }, { userId, userKey: userIdKey(userId), name, role, unitId });
      updated++;
    }
    if (before.disabledAt !== null) notes.push(`第${line}行：成员「${name}」（${userId}）已停用，导入未改变这一点；如需恢复，请运行 nianbao member enable ${userId}`);
  }
  return { kind: 'imported', created: fresh.length, updated, unchanged: members.length - fresh.length - updated, ...(notes.length > 0 && { notes }) };
}
