// Members reached through personal WeChat: web WeChat's UserName changes at every login, so the
// administrator gives a member a one-time code (nianbao member bind-code), the person sends it to
// the bot once, and the contact is remembered by its NickName, RemarkName and Alias.
import { createHash, randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { findMember } from './member-lookup.ts';
import { datetime, execute, query } from './sql.ts';

/** The attributes a contact is known by across logins ('' where WeChat gives none). */
export interface ContactAttributes {
  nickName: string;
  remarkName: string;
  alias: string;
}

/** How long a binding code can be used. */
export const BIND_CODE_TTL_MS = 24 * 3600_000;

/** A binding code as the person types it: eight digits. */
export const BIND_CODE = /^\d{8}$/;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

/** A new code for the member (their earlier unused codes are dropped); `unknown` when no member has the userid. */
export async function createBindCode(m: EntityManager, userId: string, at: Date): Promise<{ kind: 'created'; code: string; name: string; expiresAt: Date } | { kind: 'unknown' }> {
  const found = await findMember(m, userId);
  const [member] = found ? await query<{ id: number; name: string }>(m, 'SELECT {id}, {name} FROM {members} WHERE {id} = ?', [found.id]) : [];
  if (!member) return { kind: 'unknown' };
  await execute(m, 'DELETE FROM {wechat_bind_codes} WHERE {memberId} = ? AND {usedAt} IS NULL', [member.id]);
  const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const expiresAt = new Date(at.getTime() + BIND_CODE_TTL_MS);
  await query(m, 'INSERT INTO {wechat_bind_codes} ({codeHash}, {memberId}, {expiresAt}, {usedAt}, {createdAt}) VALUES (?, ?, ?, NULL, ?)',
    [hashOf(code), member.id, datetime(m, expiresAt), datetime(m, at)]);
  return { kind: 'created', code, name: member.name, expiresAt };
}

/** What sending a code did: bound the contact to a member, or nothing (unknown, used or expired; or the contact looks like another member's). */
export type Redeemed = { kind: 'bound'; userId: string; name: string } | { kind: 'invalid' } | { kind: 'ambiguous' };

/** Redeem a code for the contact: single use, before it expires. */
export async function redeemBindCode(m: EntityManager, code: string, contact: ContactAttributes, at: Date): Promise<Redeemed> {
  const [found] = await query<{ id: number; memberId: number; userId: string; name: string }>(m,
    `SELECT c.{id} AS {id}, c.{memberId} AS {memberId}, m.{userId} AS {userId}, m.{name} AS {name} FROM {wechat_bind_codes} c JOIN {members} m ON m.{id} = c.{memberId}
     WHERE c.{codeHash} = ? AND c.{usedAt} IS NULL AND c.{expiresAt} > ?`, [hashOf(code), datetime(m, at)]);
  if (!found) return { kind: 'invalid' };
  const [other] = await query<{ memberId: number }>(m, 'SELECT {memberId} FROM {wechat_bindings} WHERE {nickName} = ? AND {remarkName} = ? AND {alias} = ? AND {memberId} <> ?',
    [contact.nickName, contact.remarkName, contact.alias, found.memberId]);
  if (other) return { kind: 'ambiguous' };
  // The conditional update decides between two senders of the same code.
  if ((await execute(m, 'UPDATE {wechat_bind_codes} SET {usedAt} = ? WHERE {id} = ? AND {usedAt} IS NULL', [datetime(m, at), found.id])) !== 1) return { kind: 'invalid' };
  await execute(m, 'DELETE FROM {wechat_bindings} WHERE {memberId} = ?', [found.memberId]);
  await query(m, 'INSERT INTO {wechat_bindings} ({memberId}, {nickName}, {remarkName}, {alias}, {boundAt}) VALUES (?, ?, ?, ?, ?)',
    [found.memberId, contact.nickName, contact.remarkName, contact.alias, datetime(m, at)]);
  return { kind: 'bound', userId: found.userId, name: found.name };
}

/** The userid of the member bound to the contact, if any. */
export async function boundMember(m: EntityManager, contact: ContactAttributes): Promise<string | undefined> {
  const [row] = await query<{ userId: string }>(m,
    'SELECT m.{userId} AS {userId} FROM {wechat_bindings} b JOIN {members} m ON m.{id} = b.{memberId} WHERE b.{nickName} = ? AND b.{remarkName} = ? AND b.{alias} = ?',
    [contact.nickName, contact.remarkName, contact.alias]);
  return row?.userId;
}

/** The contact a member is bound to, if any. */
export async function bindingOf(m: EntityManager, userId: string): Promise<ContactAttributes | undefined> {
  const [row] = await query<ContactAttributes>(m,
    'SELECT b.{nickName} AS {nickName}, b.{remarkName} AS {remarkName}, b.{alias} AS {alias} FROM {wechat_bindings} b JOIN {members} m ON m.{id} = b.{memberId} WHERE m.{userId} = ?', [userId]);
  return row;
}
