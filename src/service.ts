// The service put together from its configuration: the database, the engine, the outbox
// dispatcher with the WeCom senders, the web server and the scheduler's tick — each part only in
// the process role that runs it (PM2: the web app in every cluster process, the scheduler once).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/load-config.ts';
import { describeError } from './app-error.ts';
import { createApp } from './app.ts';
import { createDispatcher, type Dispatcher, type Sender } from './bot/dispatcher.ts';
import { createEngine, type Engine } from './bot/engine.ts';
import { createRobotSender, createWecomSender } from './channels/wecom-sender.ts';
import { AIBOT_GROUP_CHANNEL } from './bot/aibot-groups.ts';
import { AIBOT_CHANNEL, createAibotChannel, type AibotChannel, type AibotChannelOptions } from './channels/aibot-connection.ts';
import { AIBOT_CALLBACK_CHANNEL, createAibotCallback } from './channels/aibot-callback.ts';
import { createAibotFileReader } from './channels/aibot-file.ts';
import { createWecomFileReader } from './channels/wecom-file.ts';
import type { FileReader } from './bot/file-intake.ts';
import { withDocuments } from './publish/files.ts';
import { openDatabase } from './db/open-database.ts';
import { scheduleOutboxTick } from './jobs/outbox-tick.ts';
import { scheduleReminderTick } from './jobs/reminder-tick.ts';
import { scheduleCalendarRefresh } from './jobs/calendar-tick.ts';
import type { Schedule, StopTick } from './jobs/schedule.ts';
import { calendarStatusLine, openLiveCalendar } from './bot/calendar-store.ts';
import { storeAncestries } from './bot/jurisdiction.ts';
import { inTransaction } from './bot/sql.ts';
import { shanghaiDate } from './calendar/working-calendar.ts';
import { createApiClient, createRobotClient } from './wecom/api-client.ts';
import { createTokenStore } from './channels/token-store.ts';

/** A running service. */
export interface Service {
  db: DataSource;
  engine: Engine;
  dispatcher?: Dispatcher;
  /** The 智能机器人 long connection, when configured. */
  aibot?: AibotChannel;
  /** The web server's base URL (web roles only). */
  url?: string;
  /** Resolves when no turn and no send is running in this process. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Test and simulation hooks: an injected clock, an operator log. */
export interface ServiceOptions {
  now?: () => Date;
  log?: (line: string) => void;
  /** Run the scheduler's tick (default: when the role includes the scheduler). */
  tick?: boolean;
  /** When the ticks run (default node-cron, Asia/Shanghai; tests fire them by hand). */
  schedule?: Schedule;
  /** How long a WeCom API call may take (default 10 s). */
  apiTimeoutMs?: number;
  /** The 智能机器人 connection's lease and socket timers, and its status changes (tests). */
  aibot?: Pick<AibotChannelOptions, 'leaseMs' | 'leaseBeatMs' | 'every' | 'socket' | 'onStatus'>;
}

const API_TIMEOUT_MS = 10_000;

/** Open the database and start what the role runs. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const { now = () => new Date(), log = (line) => console.error(line), apiTimeoutMs = API_TIMEOUT_MS } = options;
  const db = await openDatabase(config.databaseUrl);
  const operatorLog = (error: Error) => log(describeError(error));

  const senders: Record<string, Sender> = {};
  let readFile: FileReader | undefined;
  if (config.wecom) {
    const app = { corpId: config.wecom.corpId, agentId: config.wecom.agentId, secret: config.wecom.secret, apiBase: config.wecom.apiBase };
    const tokens = createTokenStore(db, app, { now, timeoutMs: apiTimeoutMs });
    const client = createApiClient({ app, tokens, timeoutMs: apiTimeoutMs });
    senders.wecom = withDocuments(createWecomSender(client), db, now);
    readFile = createWecomFileReader(client);
    if (config.robotKey) senders.robot = createRobotSender(createRobotClient({ key: config.robotKey, apiBase: config.wecom.apiBase, timeoutMs: apiTimeoutMs }));
  }
  // The bot's connection is opened by whichever process holds its lease, whatever its role.
  const aibot = config.aibot && createAibotChannel({ db, url: config.aibot.wsUrl, botId: config.aibot.botId, secret: config.aibot.secret, now, log, ...options.aibot });
  if (aibot) {
    senders[AIBOT_CHANNEL] = withDocuments(aibot.sender, db, now);
    senders[AIBOT_GROUP_CHANNEL] = aibot.sender;
  }
  // The bot's callback URL: its replies are shown by WeCom's stream refreshes or posted to a response_url.
  // Neither carries a file: a file goes through the app when it is configured.
  const aibotCallback = config.aibotCallback && createAibotCallback({ db, token: config.aibotCallback.token, encodingAesKey: config.aibotCallback.encodingAesKey, now, log, timeoutMs: apiTimeoutMs, ...(senders.wecom && { files: senders.wecom }) });
  if (aibotCallback) {
    readFile = createAibotFileReader(config.aibotCallback!.encodingAesKey, readFile);
    senders[AIBOT_CALLBACK_CHANNEL] = aibotCallback.sender;
    senders[AIBOT_GROUP_CHANNEL] = aibotCallback.groupSender(aibot?.sender);
  }
  const dispatcher = Object.keys(senders).length ? createDispatcher(db, { senders, now, log: operatorLog }) : undefined;
  // Read from the database; the scheduler's tick reads it again, so a `calendar set` needs no restart.
  const calendar = await openLiveCalendar(db);
  // Without the app a member is reached only through a channel of their own (the bot they opened, WeChat they bound, in its own process): a 催办 says who cannot be.
  const channels = config.wecom ? undefined : [...Object.keys(senders), 'wechat'];
  const engine = createEngine(db, { now, log: operatorLog, calendar, sendHours: config.sendHours, dispatcher, readFile, ...(channels && { channels }) });

  // Once up again, what waited for the connection goes out: after the sends under way when it
  // dropped have put their messages back.
  aibot?.start(engine, () => void dispatcher?.idle().then(() => dispatcher.sweep()).catch((cause: unknown) => log(`aibot: sending what waited failed: ${(cause as Error).message}`)));

  let server: Server | undefined;
  let url: string | undefined;
  if (config.role !== 'scheduler') {
    const app = createApp({ db, engine, wecom: config.wecom, dispatcher, aibot, aibotCallback: aibotCallback && { channel: aibotCallback, path: config.aibotCallback!.callbackPath }, now, log });
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, () => resolve(listening)).once('error', reject);
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  // A turn's replies start a send; a send starts nothing: wait for the turns, then the sends.
  async function idle(): Promise<void> {
    await engine.idle();
    await dispatcher?.idle();
  }
  // The stored ancestries brought in line with the parent column by the one process that schedules,
  // once a start: a unit written into the database by hand is then found in its campaign.
  if (config.role !== 'web') {
    const rewritten = await inTransaction(db, storeAncestries).catch((cause: unknown) => (log(`单位层级记录未能更新：${(cause as Error).message}`), 0));
    if (rewritten) log(`已按上级单位更新${rewritten}个单位的层级记录（unit_ancestors）。`);
  }
  const { schedule } = options;
  const ticks: StopTick[] = [];
  let reminding = false;
  if (options.tick ?? config.role !== 'web') {
    ticks.push(scheduleOutboxTick(engine, dispatcher, now, log, schedule));
    // Reminders only where they can be delivered: planned in local mode, they would wait in the
    // outbox and go out stale the day WeCom is configured. With the personal WeChat channel
    // (NIANBAO_WECHAT_KEY), its process sends those of members bound there; with the 智能机器人,
    // it sends those of members who have talked to it (and the digests of bound groups).
    reminding = Boolean(senders.wecom || senders[AIBOT_CHANNEL] || config.wechatKey);
    if (reminding) ticks.push(scheduleReminderTick(db, now, calendar, config.sendHours, (channel, recipient) => void dispatcher?.kick(channel, recipient), log, new Set(Object.keys(senders).filter((c) => c !== AIBOT_GROUP_CHANNEL || aibot)), schedule));
  }
  // Where no reminder tick reads the calendar again, the engine's copy is refreshed on its own.
  if (!reminding) ticks.push(scheduleCalendarRefresh(calendar, log, schedule));
  const year = Number(shanghaiDate(now()).slice(0, 4));
  for (const y of [year, year + 1]) {
    log(calendar.covers(y) ? calendarStatusLine(calendar, y) : `${calendarStatusLine(calendar, y)}。国务院办公厅发布通知后，请运行 nianbao calendar set ${y} 通知文件。`);
  }

  return {
    db, engine, dispatcher, aibot, url, idle,
    async stop() {
      for (const stopTick of ticks) await stopTick();
      await aibot?.stop();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      // Turns and sends under way finish first: what they leave half done, the journal and the outbox redo.
      await idle();
      await db.destroy();
    },
  };
}
