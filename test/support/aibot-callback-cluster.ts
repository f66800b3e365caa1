// Another process of a cluster serving the bot's callback URL on the same database, for tests:
// it journals each message and answers WeCom (the stream opened, a refresh from the database) but
// dies before running any turn, so that whatever replies is another process. Torn down with `t`.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.ts';
import { createEngine } from '../../src/bot/engine.ts';
import { createAibotCallback } from '../../src/channels/aibot-callback.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { botKeys } from './fake-aibot-callback.ts';
import type { Clock } from './wecom-service.ts';

/** The process: its callback URL and its own connection to the database. */
export interface CallbackFront {
  url: string;
  db: DataSource;
}

/** Start a process that answers the callback at `/wecom/bot` and never runs a turn. */
export async function startCallbackFront(t: ExecutionContext, databaseUrl: string, clock: Clock): Promise<CallbackFront> {
  const db = await openDatabase(databaseUrl);
  t.teardown(() => db.destroy());
  const engine = createEngine(db, { now: clock.now, log: () => {} });
  const channel = createAibotCallback({ db, ...botKeys, now: clock.now, log: () => {} });
  // Its drain never runs: the process died right after answering WeCom.
  const front = { handlers: () => channel.handlers({ accept: engine.accept, drain: async () => {} }) };
  const app = createApp({ db, engine, aibotCallback: { channel: front, path: '/wecom/bot' }, now: clock.now, log: () => {} });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/bot`, db };
}
