// Which outbox channel reaches a member: `wechat` when they are bound to a personal WeChat
// contact (the wechat4u channel), `aibot` when they have talked to the 智能机器人 (a bot can start
// a chat only with them), `wecom` (the self-built app) otherwise.
import type { EntityManager } from 'typeorm';
import { query } from './sql.ts';

/** An outbox channel that reaches members. */
export type MemberChannel = 'wecom' | 'wechat' | 'aibot';

/** The channel of each of these members (by WeCom userid), as a lookup; unknown userids get `wecom`. */
export async function memberChannels(m: EntityManager, userIds: string[]): Promise<(userId: string) => MemberChannel> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return () => 'wecom';
  const marks = unique.map(() => '?').join(', ');
  const bound = new Set((await query<{ userId: string }>(m,
    `SELECT m.{userId} AS {userId} FROM {members} m JOIN {wechat_bindings} b ON b.{memberId} = m.{id} WHERE m.{userId} IN (${marks})`, unique)).map((r) => r.userId));
  const talked = new Set((await query<{ userId: string }>(m,
    `SELECT LOWER({userId}) AS {userId} FROM {aibot_contacts} WHERE LOWER({userId}) IN (${marks})`, unique.map((u) => u.toLowerCase()))).map((r) => r.userId));
  return (userId) => (bound.has(userId) ? 'wechat' : talked.has(userId.toLowerCase()) ? 'aibot' : 'wecom');
}
