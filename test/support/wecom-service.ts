// The whole service with WeCom configured, on a test database, against the fake WeCom: messages
// are encrypted by the independent encryptor and POSTed over real HTTP, as WeCom would; the clock
// is the test's. Helpers take `t` and register teardown.
import type { ExecutionContext } from 'ava';
import type { Config } from '../../config/load-config.ts';
import { setUpDemo, type DemoPlan } from '../../src/admin/set-up-demo.ts';
import { startService, type Service } from '../../src/service.ts';
import type { TestDatabase } from './databases.ts';
import { startFakeWecom, type FakeWecom } from './fake-wecom.ts';
import { manualSchedule, type ManualSchedule } from './manual-schedule.ts';
import { callbackRequest, textMessageXml, wecomVectors } from './wecom-encryptor.ts';

/** A clock the test moves by hand. */
export interface Clock {
  now(): Date;
  advance(ms: number): void;
}

/** How long the simulated official takes to type a message. */
export const TYPING_MS = 10_000;

/** A clock starting at `start`, moving only when told. */
export function clockAt(start: Date): Clock {
  let time = start.getTime();
  return { now: () => new Date(time), advance: (ms) => (time += ms) };
}


/** An app's callback keys and ids. */
export interface AppKeys {
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: number;
}

/** The app's keys in the tests: Set A of the official vectors. */
export const testKeys: AppKeys = { token: wecomVectors.a.token, encodingAesKey: wecomVectors.a.encodingAesKey, corpId: wecomVectors.a.corpId, agentId: 1000002 };

/** A running service, its fake WeCom, and ways to talk to it as WeCom does. */
export interface WecomHarness {
  service: Service;
  /** The database the service runs on, for other processes. */
  databaseUrl: string;
  fake: FakeWecom;
  clock: Clock;
  url: string;
  /** POST a decrypted plaintext, encrypted and signed as WeCom does, now. */
  post(plaintext: string, options?: { timestamp?: string; nonce?: string; corpId?: string }): Promise<Response>;
  /** POST a text message from `userId`; the MsgId is new unless given. */
  say(userId: string, content: string, msgId?: string): Promise<Response>;
  /** The text replies received by the fake so far, as [touser, text]. */
  replies(): [string, string][];
  /** A second web process of the service on the same database and fake WeCom (MySQL: SQLite's one file blocks the event loop of whoever waits on it). */
  another(): Promise<{ service: Service; say(userId: string, content: string, msgId?: string): Promise<Response> }>;
}

let msgIds = 6_000_000_000_000_000_000n;

/**
 * Start the fake WeCom and the service (web and outbox) on `database`. The scheduler's ticks run
 * only as the test drives them: given `schedule`, the service schedules them there and the test
 * fires them; otherwise they are not scheduled.
 */
export async function startWecomService(t: ExecutionContext, database: TestDatabase, options: { plan?: DemoPlan; clock?: Clock; apiTimeoutMs?: number; app?: AppKeys; schedule?: ManualSchedule } = {}): Promise<WecomHarness> {
  const keys = options.app ?? testKeys;
  const clock = options.clock ?? clockAt(new Date('2026-01-05T02:00:00Z'));
  const fake = await startFakeWecom(t, { corpId: keys.corpId, agentId: keys.agentId, now: () => clock.now().getTime() });
  const databaseUrl = await database.url(t);
  const config: Config = {
    databaseUrl, port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' },
    wecom: { corpId: keys.corpId, agentId: keys.agentId, secret: fake.secret, token: keys.token, encodingAesKey: keys.encodingAesKey, apiBase: fake.url, callbackPath: '/wecom/callback' },
    robotKey: fake.robotKey,
  };
  const start = async (schedule?: ManualSchedule) => {
    const started = await startService(config, { now: clock.now, tick: Boolean(schedule), schedule: (schedule ?? manualSchedule()).schedule, log: () => {}, apiTimeoutMs: options.apiTimeoutMs ?? 2000 });
    t.teardown(() => started.stop());
    return started;
  };
  const service = await start(options.schedule);
  if (options.plan) await setUpDemo(service.db, options.plan);
  const postTo = (url: string): WecomHarness['post'] => (plaintext, o = {}) => {
    const timestamp = o.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
    const request = callbackRequest({ ...keys, agentId: String(keys.agentId), corpId: o.corpId ?? keys.corpId, plaintext, timestamp, nonce: o.nonce ?? String(Math.floor(Math.random() * 1e9)) });
    return fetch(`${url}/wecom/callback?${request.search}`, { method: 'POST', body: request.body, headers: { 'content-type': 'text/xml' } });
  };
  // An official takes some seconds to type each message: at this pace the replies stay within the
  // first half of WeCom's per-member limit and go out at once, never paced (the clock stands still
  // between messages; a burst is tested in outbox-pacing).
  const sayTo = (post: WecomHarness['post']): WecomHarness['say'] => (userId, content, msgId) =>
    (clock.advance(TYPING_MS), post(textMessageXml({ toUser: keys.corpId, agentId: String(keys.agentId), fromUser: userId, content, msgId: msgId ?? String(msgIds++), createTime: String(Math.floor(clock.now().getTime() / 1000)) })));
  const url = service.url!;
  const post = postTo(url);
  return {
    service, databaseUrl, fake, clock, url, post,
    say: sayTo(post),
    replies: () => fake.messages.filter((m) => m.msgtype === 'text').map((m) => [String(m.touser), String((m.text as { content: string }).content)]),
    async another() {
      const other = await start();
      return { service: other, say: sayTo(postTo(other.url!)) };
    },
  };
}
