// The whole service with only the 智能机器人 configured (no self-built app), on a test database,
// against the fake long-connection server: messages are pushed over a real WebSocket as WeCom
// pushes them. Helpers take `t` and register teardown.
import type { ExecutionContext } from 'ava';
import type { Config } from '../../config/load-config.ts';
import type { AibotStatus } from '../../src/channels/aibot-connection.ts';
import { setUpDemo, type DemoPlan } from '../../src/admin/set-up-demo.ts';
import { startService, type Service, type ServiceOptions } from '../../src/service.ts';
import type { TestDatabase } from './databases.ts';
import { startFakeAibot, type FakeAibot } from './fake-aibot.ts';
import { startFakeWecom, type FakeWecom } from './fake-wecom.ts';
import { manualSchedule } from './manual-schedule.ts';
import { clockAt, testKeys, TYPING_MS, type Clock } from './wecom-service.ts';

/** A running service with the bot, and its fake server. */
export interface AibotHarness {
  service: Service;
  fake: FakeAibot;
  /** The self-built app's fake, when the app is configured too (`app: true`). */
  app?: FakeWecom;
  clock: Clock;
  databaseUrl: string;
  /** Push a text from `userId` and wait until the bot has said `replies` more things to them (default: at least one). */
  say(userId: string, text: string, options?: { msgid?: string }): Promise<string[]>;
  /** Push a group message from `userId` in chat `chatId` and wait until the bot has said something more in the group. */
  sayInGroup(chatId: string, userId: string, text: string): Promise<string[]>;
  /** What the bot said to `userId` (or in the group `chatId`), in order. */
  saidTo(userId: string): string[];
  /** Resolves once the connection's status satisfies `predicate`: at once, or at the change that makes it so. */
  reached(predicate: (status: AibotStatus) => boolean): Promise<void>;
}

/** Status changes to wait on: each `reached` looks at the status now and again at each change. */
export function statusWatch(): { onStatus: (status: AibotStatus) => void; reached(current: () => AibotStatus | undefined, predicate: (status: AibotStatus) => boolean): Promise<void> } {
  const watchers = new Set<(status: AibotStatus) => void>();
  return {
    onStatus: (status) => watchers.forEach((watch) => watch(status)),
    reached: (current, predicate) => new Promise((resolve) => {
      const now = current();
      if (now && predicate(now)) return resolve();
      const watch = (status: AibotStatus) => {
        if (!predicate(status)) return;
        watchers.delete(watch);
        resolve();
      };
      watchers.add(watch);
    }),
  };
}

/** The fake server and the service (its lease beats and socket heartbeat driven by the test, reconnects at once). */
export async function startAibotService(t: ExecutionContext, database: TestDatabase, options: { plan?: DemoPlan; clock?: Clock; databaseUrl?: string; fake?: FakeAibot; aibot?: ServiceOptions['aibot']; app?: boolean } = {}): Promise<AibotHarness> {
  const clock = options.clock ?? clockAt(new Date('2026-01-05T02:00:00Z'));
  const fake = options.fake ?? await startFakeAibot(t, { now: () => clock.now().getTime() });
  const databaseUrl = options.databaseUrl ?? await database.url(t);
  const app = options.app ? await startFakeWecom(t, { corpId: testKeys.corpId, agentId: testKeys.agentId, now: () => clock.now().getTime() }) : undefined;
  const config: Config = {
    databaseUrl, port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' }, aibot: { botId: fake.botId, secret: fake.secret, wsUrl: fake.url },
    ...(app && { wecom: { corpId: testKeys.corpId, agentId: testKeys.agentId, secret: app.secret, token: testKeys.token, encodingAesKey: testKeys.encodingAesKey, apiBase: app.url, callbackPath: '/wecom/callback' } }),
  };
  const watch = statusWatch();
  const aibot = options.aibot ?? { every: () => () => {}, socket: { every: () => () => {}, backoffMs: () => 0 } };
  const service = await startService(config, { now: clock.now, tick: false, schedule: manualSchedule().schedule, log: () => {}, aibot: { ...aibot, onStatus: watch.onStatus } });
  t.teardown(() => service.stop());
  if (options.plan) await setUpDemo(service.db, options.plan);
  const saidTo = (userId: string) => fake.said().filter((s) => s.to === userId).map((s) => s.content);
  const reached = (predicate: (status: AibotStatus) => boolean) => watch.reached(() => service.aibot?.status(), predicate);
  const online = () => reached((status) => status.state === 'online');
  return {
    service, fake, app, clock, databaseUrl, saidTo, reached,
    async sayInGroup(chatId, userId, text) {
      await online();
      const before = saidTo(chatId).length;
      clock.advance(TYPING_MS);
      fake.say(userId, `@年报助手 ${text}`, { chattype: 'group', chatid: chatId });
      await fake.waitFor(() => saidTo(chatId).length > before);
      await service.idle();
      return saidTo(chatId).slice(before);
    },
    async say(userId, text, o = {}) {
      await online();
      const before = saidTo(userId).length;
      clock.advance(TYPING_MS);
      fake.say(userId, text, o);
      await fake.waitFor(() => saidTo(userId).length > before);
      await service.idle();
      return saidTo(userId).slice(before);
    },
  };
}
