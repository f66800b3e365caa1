// nianbao group: the WeCom group chats bound to a unit, where the 智能机器人 answers supervisors'
// commands and may post the daily digest. The chatid is in the bot's messages from the group; a
// supervisor can also bind a group from inside it (「@机器人 绑定 单位名称」).
import type { GroupDigest } from '../../entities/aibot-group.ts';
import { bindGroup, findGroup, setGroupDigest, unbindGroup } from '../bot/aibot-groups.ts';
import { inStatement, inTransaction, query } from '../bot/sql.ts';
import { unknownUnit } from '../admin/close-names.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

/** The usage lines of `group`. */
export const groupUsage = [
  'group bind CHATID UNIT [--digest also|instead|off] [--replace]  把企业微信群（智能机器人）绑定到单位：审核人可在群里 @机器人 查进度、催办；--digest 把每日简报也发到群里（also）或只发到群里（instead）',
  'group digest CHATID also|instead|off   设置已绑定群是否接收每日简报',
  'group unbind CHATID                    解除群的绑定',
  'group list                             列出已绑定的群',
].join('\n');

const DIGESTS: Record<string, GroupDigest> = { also: 'also', instead: 'instead', off: 'off' };
const DIGEST_WORDS: Record<GroupDigest, string> = { off: '不发送每日简报', also: '每日简报同时发到群里和各审核人', instead: '每日简报只发到群里（不再单独发给该单位的审核人）' };
const badDigest = (text: string) => `简报方式「${text}」有误，应为 also（群里和审核人都发）、instead（只发到群里）或 off（不发到群里）。`;

/** `group ACTION …`. */
export function groupCommand(args: string[], values: { digest?: string; replace?: boolean }, out: Output, now: () => Date = () => new Date()): Promise<number> {
  const [action, chatId, third] = args;
  const digest = values.digest === undefined ? undefined : DIGESTS[values.digest];
  if (values.digest !== undefined && !digest) return Promise.resolve(out.fail(badDigest(values.digest)));
  if (action === 'bind' && chatId && third) return bind(chatId, third, digest, values.replace === true, out, now);
  if (action === 'digest' && chatId && third) {
    const mode = DIGESTS[third];
    if (!mode) return Promise.resolve(out.fail(badDigest(third)));
    return withDatabase(out, async (db) => {
      if (!(await inTransaction(db, (m) => setGroupDigest(m, chatId, mode)))) return out.fail(notBound(chatId));
      out.print(`群 ${chatId}：${DIGEST_WORDS[mode]}。`);
      return 0;
    });
  }
  if (action === 'unbind' && chatId && !third) {
    return withDatabase(out, async (db) => {
      if (!(await inTransaction(db, (m) => unbindGroup(m, chatId)))) return out.fail(notBound(chatId));
      out.print(`已解除群 ${chatId} 的绑定。`);
      return 0;
    });
  }
  if (action === 'list' && !chatId) {
    return withDatabase(out, async (db) => {
      const rows = await inStatement(db, (m) => query<{ chatId: string; unitName: string; digest: GroupDigest }>(m,
        'SELECT g.{chatId} AS {chatId}, u.{name} AS {unitName}, g.{digest} AS {digest} FROM {aibot_groups} g JOIN {units} u ON u.{id} = g.{unitId} ORDER BY u.{name}, g.{chatId}'));
      out.print(rows.length ? rows.map((r) => `${r.chatId}  ${r.unitName}  ${DIGEST_WORDS[r.digest]}`).join('\n') : '还没有绑定的群。');
      return 0;
    });
  }
  return Promise.resolve(out.fail(`「group」的用法：\n${groupUsage.split('\n').map((line) => `nianbao ${line.split(/\s{2,}/)[0]}`).join('\n')}`));
}

const notBound = (chatId: string) => `群 ${chatId} 尚未绑定。请先运行 nianbao group bind ${chatId} 单位名称。`;

async function bind(chatId: string, unitName: string, digest: GroupDigest | undefined, replace: boolean, out: Output, now: () => Date): Promise<number> {
  return withDatabase(out, async (db) => {
    const units = await inStatement(db, (m) => query<{ id: number; name: string }>(m, 'SELECT {id}, {name} FROM {units}'));
    const unit = units.find((u) => u.name === unitName);
    if (!unit) return out.fail(unknownUnit(unitName, units.map((u) => u.name), '请核对单位全称（可用 nianbao unit list 查看）'));
    const outcome = await inTransaction(db, async (m) => {
      const result = await bindGroup(m, { chatId, unitId: Number(unit.id), boundBy: 'cli', ...(digest && { digest }) }, now(), replace);
      return { result, group: await findGroup(m, chatId) };
    });
    if (outcome.result === 'taken') return out.fail(`群 ${chatId} 已绑定${outcome.group?.unitName ?? '其他单位'}。如需改绑，请加 --replace。`);
    out.print(`已把群 ${chatId} 绑定到${unitName}；${DIGEST_WORDS[outcome.group!.digest]}。审核人可在群里 @机器人 发送“进度”“未交”“查看 单位名称”“催办 单位名称”。`);
    return 0;
  });
}
