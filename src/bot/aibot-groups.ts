// The 智能机器人 in group chats: a group is bound to one unit (by an admin on the command line, or
// by the first supervisor who says 「绑定 <单位>」 there), and a member's @-mention in it is their
// own turn whose replies go to the group. A supervisor is answered within their jurisdiction and
// the group's unit (the narrower of the two); anyone else is pointed to the single chat, so that
// nothing of a report reaches a group from someone whose jurisdiction it is not.
import type { EntityManager } from 'typeorm';
import type { GroupDigest } from '../../entities/aibot-group.ts';
import type { DocumentRequest } from './outbox-payloads.ts';
import { fileKey, replyKey } from '../message-keys.ts';
import { descendantsOf, unitById, type UnitRow } from './jurisdiction.ts';
import { textMessages, type Outgoing } from './outbox.ts';
import { datetime, execute, query } from './sql.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import type { Writer } from './store.ts';
import { supervisorTurn, type SupervisionOptions } from './supervision.ts';

/** The outbox channel of messages to a group chat (the recipient is its chatid). */
export const AIBOT_GROUP_CHANNEL = 'aibot-group';

/** The outbox channel of the bot's single chats (the recipient is the member's userid). */
export const AIBOT_SINGLE_CHANNEL = 'aibot';

/** A group bound to a unit. */
export interface BoundGroup {
  chatId: string;
  unitId: number;
  unitName: string;
  digest: GroupDigest;
}

const SINGLE_CHAT = '点击机器人头像 → 发消息';
const notRegistered = '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。';
const notBound = (chatId: string) => `您好，本群尚未绑定单位。请本单位的审核人在群里 @机器人 发送「绑定 单位名称」，或由管理员运行 nianbao group bind ${chatId} 单位名称。填报本单位报告请在与机器人的单聊中进行（${SINGLE_CHAT}）。`;
const ownReport = `您好，为避免报告内容在群里公开，填报和查询本单位的年度报告请在与机器人的单聊中进行（${SINGLE_CHAT}）。`;

/** The group, if bound. */
export async function findGroup(m: EntityManager, chatId: string): Promise<BoundGroup | undefined> {
  const [row] = await query<{ chatId: string; unitId: number; unitName: string; digest: GroupDigest }>(m,
    'SELECT g.{chatId} AS {chatId}, g.{unitId} AS {unitId}, u.{name} AS {unitName}, g.{digest} AS {digest} FROM {aibot_groups} g JOIN {units} u ON u.{id} = g.{unitId} WHERE g.{chatId} = ?', [chatId]);
  return row && { ...row, unitId: Number(row.unitId) };
}

/** Every bound group whose digest is posted (the scheduler). */
export async function digestGroups(m: EntityManager): Promise<BoundGroup[]> {
  const rows = await query<{ chatId: string; unitId: number; unitName: string; digest: GroupDigest }>(m,
    "SELECT g.{chatId} AS {chatId}, g.{unitId} AS {unitId}, u.{name} AS {unitName}, g.{digest} AS {digest} FROM {aibot_groups} g JOIN {units} u ON u.{id} = g.{unitId} WHERE g.{digest} <> 'off' ORDER BY g.{chatId}");
  return rows.map((r) => ({ ...r, unitId: Number(r.unitId) }));
}

/** Bind the group to the unit, or bind it anew (`replace`); 'taken' when it is bound already and not replaced. */
export async function bindGroup(m: EntityManager, group: { chatId: string; unitId: number; digest?: GroupDigest; boundBy: string }, at: Date, replace = false): Promise<'bound' | 'taken'> {
  if (replace) {
    const changed = await execute(m, 'UPDATE {aibot_groups} SET {unitId} = ?, {boundBy} = ?, {boundAt} = ? WHERE {chatId} = ?', [group.unitId, group.boundBy, datetime(m, at), group.chatId]);
    if (changed === 1) {
      if (group.digest) await setGroupDigest(m, group.chatId, group.digest);
      return 'bound';
    }
  }
  try {
    await execute(m, 'INSERT INTO {aibot_groups} ({chatId}, {unitId}, {digest}, {boundBy}, {boundAt}) VALUES (?, ?, ?, ?, ?)', [group.chatId, group.unitId, group.digest ?? 'off', group.boundBy, datetime(m, at)]);
    return 'bound';
  } catch (error) {
    if (isUniqueViolation(error)) return 'taken';
    throw error;
  }
}

/** Where the group's digest goes; false when the group is not bound. */
export async function setGroupDigest(m: EntityManager, chatId: string, digest: GroupDigest): Promise<boolean> {
  return (await execute(m, 'UPDATE {aibot_groups} SET {digest} = ? WHERE {chatId} = ?', [digest, chatId])) === 1;
}

/** Unbind the group; false when it was not bound. */
export async function unbindGroup(m: EntityManager, chatId: string): Promise<boolean> {
  return (await execute(m, 'DELETE FROM {aibot_groups} WHERE {chatId} = ?', [chatId])) === 1;
}

/** The root of what may be shown in the group to `writer`: the deeper of their unit and the group's when one is under the other; undefined when neither is. */
export async function sharedRoot(m: EntityManager, writerUnitId: number, groupUnitId: number): Promise<number | undefined> {
  if (writerUnitId === groupUnitId) return groupUnitId;
  if ((await descendantsOf(m, writerUnitId)).some((u) => u.id === groupUnitId)) return groupUnitId;
  if ((await descendantsOf(m, groupUnitId)).some((u) => u.id === writerUnitId)) return writerUnitId;
  return undefined;
}

/**
 * A member's @-mention in a group, the mention left out: the replies (queued to the group) and
 * every message of the turn. `journaled` is the channel the mention was journaled on: the long
 * connection's (AIBOT_GROUP_CHANNEL), whose files go to the asker's single chat, or the callback
 * URL's, whose sender says in the group's reply what became of a file (sent through the app, or
 * how to get it), for it cannot send one itself.
 */
export async function groupTurn(m: EntityManager, writer: Writer | undefined, chatId: string, text: string, userId: string, messageKey: string, at: Date, journaled: string, options: SupervisionOptions = {}): Promise<{ replies: string[]; outgoing: Outgoing[] }> {
  const files = journaled === AIBOT_GROUP_CHANNEL ? AIBOT_SINGLE_CHANNEL : journaled;
  const { replies, outgoing } = await answer(m, writer, chatId, text, userId, messageKey, at, files, options);
  return { replies, outgoing: [...replies.flatMap((reply, i) => textMessages(replyKey(messageKey, i), AIBOT_GROUP_CHANNEL, chatId, reply)), ...outgoing] };
}

async function answer(m: EntityManager, writer: Writer | undefined, chatId: string, text: string, userId: string, messageKey: string, at: Date, channel: string, options: SupervisionOptions): Promise<{ replies: string[]; outgoing: Outgoing[] }> {
  if (!writer || writer.disabled) return { replies: [notRegistered], outgoing: [] };
  const supervising = writer.role !== 'filer';
  const binding = /^绑定\s*(.*)$/.exec(text.trim());
  if (binding) return { replies: [supervising ? await bindByChat(m, writer, chatId, binding[1].trim(), userId, at) : '您好，只有审核人可以绑定群聊。'], outgoing: [] };
  const group = await findGroup(m, chatId);
  if (!group) return { replies: [notBound(chatId)], outgoing: [] };
  if (!supervising) return { replies: [ownReport], outgoing: [] };
  const root = await sharedRoot(m, writer.unitId, group.unitId);
  if (root === undefined) return { replies: [`您好，本群绑定的${group.unitName}不在您的审核范围内，群里不能显示其填报情况。请在与机器人的单聊中查询您负责的单位。`], outgoing: [] };
  const turned = await supervisorTurn(m, { ...writer, unitId: root }, text, messageKey, at, options);
  // Files (查看's Word file, 导出's workbooks) go to the asker's single chat, never to the group.
  const files = turned.documents.map((file: DocumentRequest, i): Outgoing => ({ idempotencyKey: fileKey(messageKey, i), channel, recipient: userId, ...file }));
  const sentPrivately = files.length > 0 && channel === AIBOT_SINGLE_CHANNEL;
  return { replies: sentPrivately ? [...turned.replies, '文件已通过单聊发给您。'] : turned.replies, outgoing: [...turned.outgoing, ...files] };
}

/** 「绑定 单位」 by a supervisor: the unit by its name in their jurisdiction (their own included); a group is bound once, then changed only by an admin. */
async function bindByChat(m: EntityManager, writer: Writer, chatId: string, name: string, userId: string, at: Date): Promise<string> {
  if (!name) return '请在「绑定」后写单位名称，例如：@机器人 绑定 某县政务公开办';
  const bound = await findGroup(m, chatId);
  if (bound) return `本群已绑定${bound.unitName}。如需改绑，请联系管理员运行 nianbao group bind ${chatId} 单位名称 --replace。`;
  const own = await unitById(m, writer.unitId);
  const mine: UnitRow[] = [...(own ? [own] : []), ...(await descendantsOf(m, writer.unitId))];
  const unit = mine.find((u) => u.name === name);
  if (!unit) return `在您的审核范围内没有找到「${name}」。请核对单位全称后重新发送，例如：@机器人 绑定 ${writer.unitName}`;
  if ((await bindGroup(m, { chatId, unitId: unit.id, boundBy: userId }, at)) === 'taken') return '本群刚刚已由他人绑定，请 @机器人 发送“进度”查看。';
  return `本群已绑定${unit.name}。审核人可在群里 @机器人 发送“进度”“未交”“查看 单位名称”“催办 单位名称”；填报本单位报告请在与机器人的单聊中进行。`;
}

/** Remember that the member has talked to the bot (the bot can then start a chat with them). */
export async function rememberContact(m: EntityManager, userId: string, at: Date): Promise<void> {
  try {
    await execute(m, 'INSERT INTO {aibot_contacts} ({userId}, {firstAt}) VALUES (?, ?)', [userId, datetime(m, at)]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** How many enabled members (of these units, or all) have never talked to the bot and are not bound to a personal WeChat: the bot cannot reach them. */
export async function countUnreached(m: EntityManager, unitIds?: number[]): Promise<number> {
  if (unitIds && !unitIds.length) return 0;
  const [row] = await query<{ n: number }>(m,
    `SELECT COUNT(*) AS {n} FROM {members} m WHERE m.{disabledAt} IS NULL
     AND NOT EXISTS (SELECT 1 FROM {aibot_contacts} c WHERE LOWER(c.{userId}) = LOWER(m.{userId}))
     AND NOT EXISTS (SELECT 1 FROM {wechat_bindings} b WHERE b.{memberId} = m.{id})${unitIds ? ` AND m.{unitId} IN (${unitIds.map(() => '?').join(', ')})` : ''}`, unitIds ?? []);
  return Number(row?.n ?? 0);
}

/** The line the digest and /healthz carry: 「N 人尚未与机器人对话，无法接收提醒」. */
export function unreachedLine(n: number): string {
  return `${n} 人尚未与机器人对话，无法接收提醒`;
}
