// wechat4u (personal WeChat through web WeChat), loaded only when the channel runs: its module
// installs a process-wide uncaughtException listener that only logs, which would swallow our own
// crashes; it is removed as soon as the module is loaded (wecom.md §6). The package has no types:
// the part used here is declared below, as src/wechat4u's source has it.
import type { EventEmitter } from 'node:events';

/** A contact as web WeChat gives it; UserName is new at every login. */
export interface WechatContact {
  UserName: string;
  NickName?: string;
  RemarkName?: string;
  Alias?: string;
  /** Official accounts (公众号) have bit 8. */
  VerifyFlag?: number;
}

/** A message as wechat4u emits it (`message` event). */
export interface WechatMessage {
  MsgId: string;
  MsgType: number;
  FromUserName: string;
  ToUserName: string;
  Content: string;
  CreateTime: number;
  isSendBySelf: boolean;
}

/** The wechat4u bot, as far as nianbao uses it. */
export interface WechatBot extends EventEmitter {
  state: string;
  botData: unknown;
  user: WechatContact;
  contacts: Record<string, WechatContact>;
  PROP: { uin: string | number };
  Message: { extend(raw: object): WechatMessage };
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): void;
  sendMsg(message: string | { file: Buffer; filename: string }, toUserName: string): Promise<unknown>;
  setPollingTargetGetter(getter: () => string): void;
  /** Where a sync's new messages go in (then out as `message` events). */
  handleMsg(messages: { Content?: string; ToUserName?: string }[]): void;
}

// wechat4u logs out when anyone sends it 「🌚 🌝」 three times, or 「退出wechat4u」 to the file
// helper (its handleMsg): a stranger could take the channel down until an admin scans again.
const LOGS_OUT = /^(.\udf1a\u0020\ud83c.){3}$/;

/** The bot with those messages dropped before wechat4u sees them. */
export function withoutRemoteLogout(bot: WechatBot): WechatBot {
  const handle = bot.handleMsg.bind(bot);
  bot.handleMsg = (messages) => handle(messages.filter((m) => !LOGS_OUT.test(m.Content ?? '') && !(m.ToUserName === 'filehelper' && m.Content === '退出wechat4u')));
  return bot;
}

/** wechat4u's constructor: a new login, or the saved one resumed. */
export type WechatConstructor = new (botData?: unknown) => WechatBot;

/** Load wechat4u and take away the uncaughtException listener its module installs. */
export async function loadWechat4u(): Promise<WechatConstructor> {
  const before = new Set(process.listeners('uncaughtException'));
  const { default: Wechat } = (await import('wechat4u')) as { default: WechatConstructor };
  for (const listener of process.listeners('uncaughtException')) if (!before.has(listener)) process.off('uncaughtException', listener);
  return Wechat;
}
