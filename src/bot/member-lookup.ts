// Finding a member by WeCom userid. WeCom ignores case in userids ("系统进行唯一性检查时会忽略大小写",
// https://developer.work.weixin.qq.com/document/path/90195): an admin's CSV may say ZhangSan where
// WeCom sends zhangsan. Userids are stored as imported, and lower-cased beside them (members.userKey,
// set wherever a member is written), which is what is compared.
import type { EntityManager } from 'typeorm';
import { query } from './sql.ts';

/** A userid in the form userids are compared in. */
export function userIdKey(userId: string): string {
  return userId.toLowerCase();
}

/** A member found by userid, and whether an admin disabled them. */
export interface FoundMember {
  id: number;
  userId: string;
  disabled: boolean;
}

/**
 * Of the members whose userid is `userId` but for case: the one written exactly so, else the only
 * enabled one, else (all disabled) the first. Two enabled members that differ only by case (possible
 * before migration 0008) match neither: undefined, never a guess.
 */
export function pickByUserId(found: FoundMember[], userId: string): FoundMember | undefined {
  const exact = found.find((x) => x.userId === userId);
  if (exact) return exact;
  const enabled = found.filter((x) => !x.disabled);
  return enabled.length === 1 ? enabled[0] : enabled.length === 0 ? found[0] : undefined;
}

/** The members whose userid is `userId` but for case, oldest first. */
export async function membersByUserId(m: EntityManager, userId: string): Promise<FoundMember[]> {
  const rows = await query<{ id: number; userId: string; disabledAt: unknown }>(m,
    'SELECT {id}, {userId}, {disabledAt} FROM {members} WHERE {userKey} = ? ORDER BY {id}', [userIdKey(userId)]);
  return rows.map((r) => ({ id: Number(r.id), userId: r.userId, disabled: r.disabledAt !== null }));
}

/** The member a WeCom userid stands for (see pickByUserId), or undefined. */
export async function findMember(m: EntityManager, userId: string): Promise<FoundMember | undefined> {
  return pickByUserId(await membersByUserId(m, userId), userId);
}
