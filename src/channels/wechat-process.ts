// The personal WeChat channel's own process (`nianbao wechat`, the PM2 app nianbao-wechat): the
// wechat4u bot, its channel into the engine, and a dispatcher that sends only the `wechat` outbox.
// Apart from the web server, so that wechat4u's crashes and restarts never touch it.
import QRCode from 'qrcode';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/load-config.ts';
import { describeError } from '../app-error.ts';
import { createDispatcher, type Dispatcher } from '../bot/dispatcher.ts';
import { createEngine } from '../bot/engine.ts';
import { enqueue, textMessages } from '../bot/outbox.ts';
import { inTransaction, query } from '../bot/sql.ts';
import { openLiveCalendar } from '../bot/calendar-store.ts';
import { openDatabase } from '../db/open-database.ts';
import { scheduleCalendarRefresh } from '../jobs/calendar-tick.ts';
import { scheduleOutboxTick } from '../jobs/outbox-tick.ts';
import type { StopTick } from '../jobs/schedule.ts';
import { withDocuments } from '../publish/files.ts';
import { attachWechatChannel, WECHAT_CHANNEL, type WechatChannel } from './wechat-channel.ts';
import { createWechatSender, type WechatSenderOptions } from './wechat-sender.ts';
import { deleteSession, loadSession, saveSession } from './wechat-session.ts';
import { withoutRemoteLogout, type WechatBot, type WechatConstructor } from './wechat4u.ts';
import { wechatLogoutKey } from '../message-keys.ts';

/** The parts of a running WeChat process. */
export interface WechatProcess {
  db: DataSource;
  bot: WechatBot;
  channel: WechatChannel;
  dispatcher: Dispatcher;
  /** Log in: resume the stored login, or show a new QR code. */
  connect(): Promise<void>;
  /** Resolves when the account is logged out (the stored login is then deleted and the supervisors told). */
  loggedOut: Promise<void>;
  /** Stop without logging out: the next start resumes the login. */
  stop(): Promise<void>;
}

/** Test hooks: the clock, the operator log, the sender's pacing, the outbox tick. */
export interface WechatProcessOptions {
  now?: () => Date;
  log?: (line: string) => void;
  sender?: WechatSenderOptions;
  tick?: boolean;
}

/** Open the database and set the bot up (not yet logged in); config.wechatKey must be set. */
export async function createWechatProcess(config: Config, Wechat: WechatConstructor, options: WechatProcessOptions = {}): Promise<WechatProcess> {
  const { now = () => new Date(), log = (line) => console.error(line) } = options;
  const key = Buffer.from(config.wechatKey!, 'hex');
  const db = await openDatabase(config.databaseUrl);
  const stored = await loadSession(db, key);
  const bot = withoutRemoteLogout(new Wechat(stored));
  // Otherwise wechat4u writes 「心跳」 into the account's 文件传输助手 every five minutes.
  bot.setPollingTargetGetter(() => '');
  const dispatcher = createDispatcher(db, { senders: { [WECHAT_CHANNEL]: withDocuments(createWechatSender(bot, db, options.sender), db, now) }, now, log: (e) => log(describeError(e)) });
  const kick = (channel: string, recipient: string) => void dispatcher.kick(channel, recipient);
  // The calendar in force, read again every minute (a `calendar set` needs no restart).
  const calendar = await openLiveCalendar(db);
  const engine = createEngine(db, { now, log: (e) => log(describeError(e)), calendar, dispatcher });
  const channel = attachWechatChannel(bot, db, engine, { now, kick, log });
  const ticks: StopTick[] = options.tick === false ? [] : [scheduleOutboxTick(engine, dispatcher, now, log), scheduleCalendarRefresh(calendar, log)];
  let loggedIn = stored !== undefined;

  bot.on('uuid', (uuid: string) => {
    const url = `https://login.weixin.qq.com/l/${uuid}`;
    log(`请用作为机器人的微信扫码登录：${url} （二维码图片：https://login.weixin.qq.com/qrcode/${uuid}）`);
    QRCode.toString(url, { type: 'terminal', small: true }).then(log, (error: unknown) => log(`the QR code could not be drawn: ${describeError(error)}`));
  });
  bot.on('login', () => {
    loggedIn = true;
    log('个人微信已登录。');
    saveSession(db, key, bot.botData, now()).then(() => log('个人微信的登录已保存（加密），重启后无需重新扫码。'), (error: unknown) => log(`the WeChat login could not be stored: ${describeError(error)}`));
  });
  // Without a listener, EventEmitter throws 'error' events: wechat4u emits one for every failed poll.
  bot.on('error', (error: unknown) => log(`wechat4u: ${error instanceof Error ? error.message : String(error)}`));
  const loggedOut = new Promise<void>((resolve) => bot.once('logout', () => {
    const was = loggedIn;
    loggedIn = false;
    void afterLogout(db, config, was, now(), log).catch((error: unknown) => log(`after the WeChat logout: ${describeError(error)}`)).finally(resolve);
  }));

  return {
    db, bot, channel, dispatcher, loggedOut,
    connect: () => (stored !== undefined && bot.PROP.uin ? bot.restart() : bot.start()),
    async stop() {
      for (const stopTick of ticks) await stopTick();
      channel.close();
      await channel.idle();
      await dispatcher.idle();
      await db.destroy();
    },
  };
}

const loggedOutText = (at: Date) => `年报助手的个人微信通道已于${at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}退出登录，通过个人微信绑定的人员暂时收不到回复和提醒。请管理员查看 nianbao-wechat 的日志，用机器人微信扫码重新登录。`;

/** Forget the login, and tell the admins and supervisors (through WeCom if there is one, else the log). */
async function afterLogout(db: DataSource, config: Config, wasLoggedIn: boolean, at: Date, log: (line: string) => void): Promise<void> {
  await deleteSession(db);
  if (!wasLoggedIn) return;
  const text = loggedOutText(at);
  if (!config.wecom) return log(text);
  await inTransaction(db, async (m) => {
    const members = await query<{ userId: string }>(m, "SELECT {userId} FROM {members} WHERE {role} IN ('admin', 'supervisor') AND {disabledAt} IS NULL ORDER BY {id}");
    await enqueue(m, members.flatMap((r) => textMessages(wechatLogoutKey(at, r.userId), 'wecom', r.userId, text)), at);
  });
  log('个人微信已退出登录，已通知管理员和审核人。');
}
