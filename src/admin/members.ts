// Disabling and enabling a member (kept with everything they filed; the bot tells them the account
// is disabled and sends them nothing), and the members as a list.
import { In, type DataSource } from 'typeorm';
import { Member, type MemberRole } from '../../entities/member.ts';
import { Unit } from '../../entities/unit.ts';
import { membersByUserId, pickByUserId } from '../bot/member-lookup.ts';
import { closeNames, didYouMean, unknownUnit } from './close-names.ts';
import { unitAndBelow, type UnitChange } from './units.ts';

/** A role in the admin's words. */
export const roleWords: Record<MemberRole, string> = { filer: '填报人', supervisor: '审核人', admin: '管理员' };

/** Disable (`disabled` true, at `at`) or enable the member with that userid (its case aside). */
export function setMemberDisabled(db: DataSource, userId: string, disabled: boolean, at: Date): Promise<UnitChange> {
  return db.transaction(async (m) => {
    const found = await membersByUserId(m, userId);
    const picked = pickByUserId(found, userId);
    if (!picked) {
      if (found.length) return { kind: 'refused', problems: [`有多名成员的账号与「${userId}」仅大小写不同（${found.map((x) => x.userId).join('、')}），请写出其中一个的准确账号`] };
      const close = didYouMean(closeNames(userId, (await m.find(Member, { select: { userId: true } })).map((x) => x.userId)));
      return { kind: 'refused', problems: [`没有账号为「${userId}」的成员${close ? `。${close}` : ''}`] };
    }
    const member = await m.findOneByOrFail(Member, { id: picked.id });
    const who = `成员「${member.name}」（${member.userId}）`;
    if (picked.disabled === disabled) return { kind: 'unchanged', text: `${who}已是${disabled ? '停用' : '启用'}状态，没有变化。` };
    await m.update(Member, { id: member.id }, { disabledAt: disabled ? at : null });
    return {
      kind: 'changed',
      text: disabled
        ? `已停用${who}：机器人不再接受其填报或审核，也不再向其发送提醒；其已填报的内容保留。恢复：nianbao member enable ${member.userId}`
        : `已启用${who}，可以继续使用机器人。`,
    };
  });
}

/** A member as listed. */
export interface MemberLine {
  userId: string;
  name: string;
  role: string;
  unit: string;
  disabled: boolean;
}

/** Every member (or those of `unit` and the units below it), by unit in creation order, then as imported; or why not. */
export async function listMembers(db: DataSource, unit?: string): Promise<MemberLine[] | string> {
  const units = await db.manager.find(Unit, { select: { id: true, name: true } });
  let unitIds: number[] | undefined;
  if (unit !== undefined) {
    const found = units.find((u) => u.name === unit);
    if (!found) return unknownUnit(unit, units.map((u) => u.name));
    unitIds = await unitAndBelow(db.manager, found.id);
  }
  const members = await db.manager.find(Member, { ...(unitIds && { where: { unitId: In(unitIds) } }), order: { unitId: 'ASC', id: 'ASC' } });
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  const order = unitIds ?? units.map((u) => u.id).sort((a, b) => a - b);
  return members
    .sort((a, b) => order.indexOf(a.unitId) - order.indexOf(b.unitId) || a.id - b.id)
    .map((x) => ({ userId: x.userId, name: x.name, role: roleWords[x.role], unit: nameOf.get(x.unitId)!, disabled: x.disabledAt !== null }));
}
