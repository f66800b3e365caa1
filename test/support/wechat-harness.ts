// The WeChat process's parts around a REAL wechat4u instance that never connects: contacts are
// set on bot.contacts, messages emitted as wechat4u emits them (Message.extend of a raw message,
// HTML-escaped with <br/> as web WeChat sends), sendMsg stubbed to record what goes out.
import type { ExecutionContext } from 'ava';
import type { Config } from '../../config/load-config.ts';
import { setUpDemo, type DemoPlan } from '../../src/admin/set-up-demo.ts';
import { inTransaction } from '../../src/bot/sql.ts';
import { createBindCode } from '../../src/bot/wechat-bindings.ts';
import { createWechatProcess, type WechatProcess } from '../../src/channels/wechat-process.ts';
import { loadWechat4u, type WechatBot, type WechatContact } from '../../src/channels/wechat4u.ts';
import type { TestDatabase } from './databases.ts';
import { clockAt, type Clock } from './wecom-service.ts';

/** A key for the tests' stored logins. */
export const testWechatKey = 'a1'.repeat(32);

/** What the bot sent: the UserName and the text, or the file's name. */
export type Sent = [to: string, content: string];

/** The WeChat process under test and ways to talk to it. */
export interface WechatHarness {
  wechat: WechatProcess;
  bot: WechatBot;
  clock: Clock;
  sent: Sent[];
  logs: string[];
  /** Resolves with the first line logged (so far or later) that `matches`. */
  logged(matches: (line: string) => boolean): Promise<string>;
  /** Resolves when the messages emitted so far are handled and their replies sent. */
  idle(): Promise<void>;
  /** Add a contact of this login. */
  contact(contact: WechatContact): void;
  /** Emit a message from `from` (text, or another MsgType) and wait until it is handled and its replies sent. */
  say(from: string, content: string | { MsgType: number }): Promise<void>;
  /** A new binding code for the member. */
  bindCode(userId: string): Promise<string>;
}

let msgIds = 4_000_000_000_000_000_000n;

/** The WeChat process on `database` (no tick, no pacing), logged in as far as the bot's state goes. */
export async function startWechatHarness(t: ExecutionContext, database: TestDatabase, options: { plan?: DemoPlan; clock?: Clock; config?: Partial<Config>; url?: string } = {}): Promise<WechatHarness> {
  const clock = options.clock ?? clockAt(new Date('2026-01-05T02:00:00Z'));
  const config: Config = { databaseUrl: options.url ?? (await database.url(t)), port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' }, wechatKey: testWechatKey, ...options.config };
  const logs: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const log = (line: string) => {
    logs.push(line);
    watchers.forEach((watch) => watch(line));
  };
  const logged = (matches: (line: string) => boolean) => new Promise<string>((resolve) => {
    const found = logs.find(matches);
    if (found !== undefined) return resolve(found);
    const watch = (line: string) => {
      if (!matches(line)) return;
      watchers.delete(watch);
      resolve(line);
    };
    watchers.add(watch);
  });
  const wechat = await createWechatProcess(config, await loadWechat4u(), { now: clock.now, log, tick: false, sender: { intervalMs: 0 } });
  t.teardown(() => wechat.stop());
  if (options.plan) await setUpDemo(wechat.db, options.plan);
  const { bot } = wechat;
  bot.user = { UserName: '@self0000', NickName: '年报助手' };
  bot.state = 'login';
  const sent: Sent[] = [];
  bot.sendMsg = async (message, to) => {
    sent.push([to, typeof message === 'string' ? message : message.filename]);
    return {};
  };
  const idle = async () => {
    await wechat.channel.idle();
    await wechat.dispatcher.idle();
  };
  return {
    wechat, bot, clock, sent, logs, logged, idle,
    contact: (contact) => void (bot.contacts[contact.UserName] = contact),
    async say(from, content) {
      const raw = typeof content === 'string'
        ? { MsgType: 1, Content: content.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br/>') }
        : { MsgType: content.MsgType, Content: '' };
      bot.emit('message', bot.Message.extend({ MsgId: String(msgIds++), FromUserName: from, ToUserName: bot.user.UserName, CreateTime: Math.floor(clock.now().getTime() / 1000), ...raw }));
      await idle();
    },
    async bindCode(userId) {
      const created = await inTransaction(wechat.db, (m) => createBindCode(m, userId, clock.now()));
      if (created.kind !== 'created') throw new Error(`no member ${userId}`);
      return created.code;
    },
  };
}
