// Personal WeChat as a channel (wechat4u's `message` events): a text from a bound contact is an
// inbound message of their member for the engine (dedupe key `wechat:<MsgId>`), anything else
// they send gets the engine's 「请发送文字」. An unbound contact may send a binding code, and is
// otherwise told how to bind, at most once in ten minutes, without a journal entry or a turn; so
// is a bound contact another contact now looks the same as, whose messages are not applied. A
// contact's messages are handled one after another, in the order they came. Every reply is an
// outbox row on the `wechat` channel.
import type { DataSource } from 'typeorm';
import { describeError } from '../app-error.ts';
import type { Engine } from '../bot/engine.ts';
import type { InboundContent } from '../bot/journal.ts';
import { enqueue, textMessages } from '../bot/outbox.ts';
import { inStatement, inTransaction } from '../bot/sql.ts';
import { BIND_CODE, boundMember, redeemBindCode, type ContactAttributes, type Redeemed } from '../bot/wechat-bindings.ts';
import type { WechatBot, WechatContact, WechatMessage } from './wechat4u.ts';
import { replyKey, wechatMessageKey } from '../message-keys.ts';

/** The outbox channel of personal WeChat. */
export const WECHAT_CHANNEL = 'wechat';

/** The outbox recipient of a contact not bound to a member: their UserName, good for this login only. */
export const UNBOUND_PREFIX = 'wechat:';

// Web WeChat's message types (wecom.md §6): 1 text; 51 status notify, 10000 system notice,
// 10002 recalled carry nothing the person sent.
const TEXT = 1;
const NOT_SENT_BY_A_PERSON = new Set([51, 9999, 10000, 10002]);
const SPECIAL_USERS = new Set(['filehelper', 'weixin', 'newsapp', 'fmessage']);
const OFFICIAL_ACCOUNT = 8;

const bound = (name: string) => `绑定成功。${name}您好，今后可以通过本微信填报政府信息公开工作年度报告、接收提醒。请回复“你好”开始，回复“帮助”查看可用的指令。`;
const invalid = '抱歉，该绑定码无效或已过期（每个绑定码只能使用一次，24小时内有效）。请联系本单位或上级政务公开管理员重新生成。';
const tooMany = '抱歉，绑定码输错次数过多，请1小时后再试，或联系管理员确认绑定码。';
// Wrong codes a contact may send in an hour: with 8 digits, guessing stays hopeless.
const MAX_WRONG = 5;
const WRONG_WINDOW_MS = 3_600_000;
const ambiguous = '抱歉，暂时无法确认您的微信身份：有其他联系人与您的微信昵称相同。请联系管理员在机器人微信中为您设置备注名后，重新生成绑定码。';
const notBound = '您好，这里是政府信息公开工作年度报告填报助手。您的微信尚未绑定填报账号，请向本单位或上级政务公开管理员索取8位绑定码，直接发送给我即可完成绑定。';
// A contact the bot cannot act for is told so at most this often, so that nobody can fill the
// account's shared sending pace.
const NOTICE_EVERY_MS = 600_000;

/** The attributes a contact is bound by. */
export function attributesOf(contact: WechatContact): ContactAttributes {
  return { nickName: (contact.NickName ?? '').slice(0, 100), remarkName: (contact.RemarkName ?? '').slice(0, 100), alias: (contact.Alias ?? '').slice(0, 100) };
}

/** The UserNames of this login's contacts with these attributes. */
export function contactsWith(bot: WechatBot, attributes: ContactAttributes): string[] {
  const same = (c: WechatContact) => {
    const a = attributesOf(c);
    return a.nickName === attributes.nickName && a.remarkName === attributes.remarkName && a.alias === attributes.alias;
  };
  return Object.values(bot.contacts).filter(same).map((c) => c.UserName);
}

/** A listening channel. */
export interface WechatChannel {
  /** Resolves when every message received so far is handled (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

/** What the channel is given besides the bot, the database and the engine. */
export interface WechatChannelOptions {
  now?: () => Date;
  /** Send what a turn put in the outbox (the dispatcher's kick). */
  kick: (channel: string, recipient: string) => void;
  /** For operators; never receives message text. */
  log?: (line: string) => void;
}

/** Feed the bot's messages to the engine. */
export function attachWechatChannel(bot: WechatBot, db: DataSource, engine: Engine, options: WechatChannelOptions): WechatChannel {
  const { now = () => new Date(), kick, log = (line) => console.error(line) } = options;
  const running = new Set<Promise<void>>();
  // Wrong codes by contact, in this process (the only one that reads WeChat).
  const wrong = new Map<string, number[]>();
  // When each contact the bot cannot act for was last told why.
  const noticed = new Map<string, number>();
  // Each contact's messages in the order they came: the binding lookup before the journal must not reorder them.
  const byContact = new Map<string, Promise<void>>();

  function ignored(message: WechatMessage): boolean {
    const contact = bot.contacts[message.FromUserName];
    return message.isSendBySelf || message.FromUserName.startsWith('@@') || SPECIAL_USERS.has(message.FromUserName)
      || NOT_SENT_BY_A_PERSON.has(message.MsgType) || ((contact?.VerifyFlag ?? 0) & OFFICIAL_ACCOUNT) !== 0;
  }

  async function bind(message: WechatMessage, code: string, attributes: ContactAttributes): Promise<void> {
    const at = now();
    const unbound = `${UNBOUND_PREFIX}${message.FromUserName}`;
    // Counted by the contact's attributes and by its UserName: changing the nickname starts no new count.
    const keys = [JSON.stringify(attributes), message.FromUserName];
    const recentOf = (key: string) => (wrong.get(key) ?? []).filter((time) => time > at.getTime() - WRONG_WINDOW_MS);
    const recent = keys.map(recentOf).reduce((a, b) => (b.length > a.length ? b : a));
    const recipient = await inTransaction(db, async (m) => {
      // Two contacts that look alike could not be told apart at the next login.
      const result: Redeemed | { kind: 'tooMany' } = recent.length >= MAX_WRONG ? { kind: 'tooMany' }
        : contactsWith(bot, attributes).length > 1 ? { kind: 'ambiguous' } : await redeemBindCode(m, code, attributes, at);
      if (result.kind === 'invalid') for (const key of keys) wrong.set(key, [...recentOf(key), at.getTime()]);
      const to = result.kind === 'bound' ? result.userId : unbound;
      const text = result.kind === 'bound' ? bound(result.name) : result.kind === 'ambiguous' ? ambiguous : result.kind === 'tooMany' ? tooMany : invalid;
      // Keyed by the message: a redelivery of the code does not answer again.
      await enqueue(m, textMessages(replyKey(wechatMessageKey(message.MsgId), 0), WECHAT_CHANNEL, to, text), at);
      return to;
    });
    kick(WECHAT_CHANNEL, recipient);
  }

  /** Tell a contact the bot cannot act for why, unless they were told in the last ten minutes. */
  async function notice(message: WechatMessage, text: string): Promise<void> {
    const at = now();
    if (at.getTime() - (noticed.get(message.FromUserName) ?? -Infinity) < NOTICE_EVERY_MS) return;
    noticed.set(message.FromUserName, at.getTime());
    const to = `${UNBOUND_PREFIX}${message.FromUserName}`;
    await inTransaction(db, (m) => enqueue(m, textMessages(replyKey(wechatMessageKey(message.MsgId), 0), WECHAT_CHANNEL, to, text), at));
    kick(WECHAT_CHANNEL, to);
  }

  async function receive(message: WechatMessage): Promise<void> {
    if (ignored(message)) return;
    const contact = bot.contacts[message.FromUserName];
    const attributes = contact && attributesOf(contact);
    const member = attributes && (await inStatement(db, (m) => boundMember(m, attributes)));
    const text = message.MsgType === TEXT ? message.Content : undefined;
    const code = text?.replace(/^\s*绑定/, '').trim();
    if (!member && attributes && code && BIND_CODE.test(code)) return bind(message, code, attributes);
    if (!member) return notice(message, notBound);
    // Another contact now looks the same as the bound one: neither can be told apart from the member.
    if (contactsWith(bot, attributes).length > 1) return notice(message, ambiguous);
    const content: InboundContent = text === undefined ? { kind: 'unsupported' } : { kind: 'text', text };
    if (await engine.accept({ key: wechatMessageKey(message.MsgId), userId: member, channel: WECHAT_CHANNEL, content, receivedAt: now() })) await engine.drain(member);
  }

  const listener = (message: WechatMessage) => {
    const previous = byContact.get(message.FromUserName) ?? Promise.resolve();
    const work = previous.then(() => receive(message)).catch((error: unknown) => log(`WeChat message ${message.MsgId} could not be handled (nothing stored): ${describeError(error)}`));
    byContact.set(message.FromUserName, work);
    running.add(work);
    void work.finally(() => {
      running.delete(work);
      if (byContact.get(message.FromUserName) === work) byContact.delete(message.FromUserName);
    });
  };
  bot.on('message', listener);
  return {
    idle: async () => {
      while (running.size) await Promise.all(running);
      await engine.idle();
    },
    close: () => void bot.off('message', listener),
  };
}
