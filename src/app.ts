// The HTTP service without listen: the WeCom callbacks (the app's, the 智能机器人's, when configured) and /healthz. One error
// path: anything unexpected is logged for operators and answered 500 without details.
import Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import type { WecomConfig } from '../config/load-config.ts';
import type { Dispatcher } from './bot/dispatcher.ts';
import type { Engine } from './bot/engine.ts';
import { journalSummary } from './bot/journal.ts';
import { outboxSummary } from './bot/outbox.ts';
import { inStatement } from './bot/sql.ts';
import { createWecomCallback } from './channels/wecom-callback.ts';
import { calendarStatusLine, readWorkingCalendar } from './bot/calendar-store.ts';
import { shanghaiDate } from './calendar/working-calendar.ts';
import type { AibotChannel } from './channels/aibot-connection.ts';
import type { AibotCallbackChannel } from './channels/aibot-callback.ts';
import { countUnreached, unreachedLine } from './bot/aibot-groups.ts';

/** What the web service is made of. */
export interface AppParts {
  db: DataSource;
  engine: Engine;
  /** Absent in local mode: no callback path is served. */
  wecom?: WecomConfig;
  dispatcher?: Dispatcher;
  /** The 智能机器人 long connection, when configured: its state is shown on /healthz. */
  aibot?: Pick<AibotChannel, 'status'>;
  /** The 智能机器人's callback URL, when configured, and where it is served. */
  aibotCallback?: { channel: Pick<AibotCallbackChannel, 'handlers'>; path: string };
  now?: () => Date;
  log?: (line: string) => void;
}

/** The Koa application. */
export function createApp(parts: AppParts): Koa {
  const { db, engine, wecom, dispatcher, aibot, aibotCallback, now = () => new Date(), log = (line) => console.error(line) } = parts;
  const app = new Koa();
  const router = new Router();
  app.silent = true;

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      log(`HTTP ${ctx.method} ${ctx.path} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      ctx.status = 500;
      ctx.type = 'text/plain';
      ctx.body = 'internal error';
    }
  });

  router.get('/healthz', async (ctx) => {
    let database: 'ok' | 'unreachable' = 'ok';
    let outbox: Awaited<ReturnType<typeof outboxSummary>> | undefined;
    let journal: Awaited<ReturnType<typeof journalSummary>> | undefined;
    let calendar: string[] | undefined;
    let unreached: number | undefined;
    try {
      outbox = await inStatement(db, (m) => outboxSummary(m, now()));
      journal = await inStatement(db, journalSummary);
      // This year's and next year's: 「2027年节假日安排：未设置（按无调休计算）」 until an admin sets it.
      const working = await readWorkingCalendar(db);
      const year = Number(shanghaiDate(now()).slice(0, 4));
      calendar = [year, year + 1].map((y) => calendarStatusLine(working, y));
      // A bot cannot start a chat with someone who never opened it: they are reminded only through the app, if any.
      if (aibot) unreached = await inStatement(db, (m) => countUnreached(m));
    } catch {
      database = 'unreachable';
    }
    const sending = dispatcher?.status();
    // Kicked by another connection, or its BotID/Secret refused: the operator has to act.
    const bot = aibot?.status();
    const botDown = bot?.state === 'kicked' || bot?.state === 'refused';
    ctx.status = database === 'ok' ? 200 : 503;
    ctx.body = {
      status: database !== 'ok' ? 'down' : sending?.halted.length || botDown ? 'degraded' : 'ok',
      mode: wecom ? 'wecom' : 'local',
      database,
      outbox: outbox ?? null,
      journal: journal ?? null,
      engine: engine.status(),
      dispatcher: sending ?? null,
      calendar: calendar ?? null,
      aibot: bot ? { ...bot, ...(unreached !== undefined && { unreached, notice: unreachedLine(unreached) }) } : null,
    };
  });

  if (wecom) {
    const callback = createWecomCallback({
      keys: { token: wecom.token, encodingAesKey: wecom.encodingAesKey, receiveId: wecom.corpId },
      agentId: wecom.agentId, engine, now, log,
    });
    router.get(wecom.callbackPath, callback.get);
    router.post(wecom.callbackPath, callback.post);
  }

  if (aibotCallback) {
    const callback = aibotCallback.channel.handlers(engine);
    router.get(aibotCallback.path, callback.get);
    router.post(aibotCallback.path, callback.post);
  }

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
