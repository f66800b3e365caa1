// Which outbox channel reaches a member: `wechat` when they are bound to a personal WeChat
// contact (the wechat4u channel), `wecom` otherwise.
import type { EntityManager } from 'typeorm';
import { query } from './sql.ts';

/** An outbox channel that reaches members. */
export type MemberChannel = 'wecom' | 'wechat';

/** The channel of each of these members (by WeCom userid), as a lookup; unknown userids get `wecom`. */
export async function memberChannels(m: EntityManager, userIds: string[]): Promise<(userId: string) => MemberChannel> {
  const unique = [...new Set(userIds)];
  const rows = unique.length ? await query<{ userId: string }>(m,
    `SELECT m.{userId} AS {userId} FROM {members} m JOIN {wechat_bindings} b ON b.{memberId} = m.{id} WHERE m.{userId} IN (${unique.map(() => '?').join(', ')})`, unique) : [];
  const bound = new Set(rows.map((r) => r.userId));
  return (userId) => (bound.has(userId) ? 'wechat' : 'wecom');
}
