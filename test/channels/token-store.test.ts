// The shared access_token: one gettoken per expiry across stores (processes) and connections,
// refreshed before expiry, invalidated only when the cached token is the one that failed, a
// failure handed to the caller with the lease released, a dead process's lease taken over.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import type { DataSource } from 'typeorm';
import { datetime, execute, inTransaction, query, readDatetime } from '../../src/bot/sql.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { AppError } from '../../src/app-error.ts';
import { createApiClient, TokenUnavailableError, type WecomApp } from '../../src/wecom/api-client.ts';
import { createTokenStore, type TokenStoreOptions } from '../../src/channels/token-store.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { startFakeWecom, type FakeWecomOptions } from '../support/fake-wecom.ts';

const start = Date.parse('2026-01-05T02:00:00Z');
const minute = 60_000;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One database, a fake WeCom and a clock both read; `store` makes a store as another process would. */
async function setUp(t: ExecutionContext, database: TestDatabase, fakeOptions: FakeWecomOptions = {}) {
  const clock = { ms: start };
  const db = await database.open(t);
  const fake = await startFakeWecom(t, { now: () => clock.ms, ...fakeOptions });
  const app: WecomApp = { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, apiBase: fake.url };
  const store = (on: DataSource = db, options: TokenStoreOptions = {}) => createTokenStore(on, app, { now: () => new Date(clock.ms), wait: nextTick, timeoutMs: 60_000, ...options });
  return { clock, db, fake, app, store };
}

/** `n` DataSources on one database, as `n` processes have it. */
async function openMany(t: ExecutionContext, url: string, n: number): Promise<DataSource[]> {
  const opened: DataSource[] = [];
  for (let i = 0; i < n; i++) {
    const db = await openDatabase(url);
    t.teardown(() => db.destroy());
    opened.push(db);
  }
  return opened;
}

interface StoredRow {
  token: string | null;
  expiresAt: Date | null;
  leaseUntil: Date | null;
}

async function stored(db: DataSource, app: WecomApp): Promise<StoredRow[]> {
  const rows = await inTransaction(db, (m) => query<Record<string, unknown>>(m, 'SELECT {token}, {expiresAt}, {leaseUntil} FROM {access_tokens} WHERE {app} = ?', [`${app.corpId}:${app.agentId}`]));
  const at = (value: unknown) => (value === null ? null : readDatetime(value));
  return rows.map((r) => ({ token: r.token as string | null, expiresAt: at(r.expiresAt), leaseUntil: at(r.leaseUntil) }));
}

/** Write the row as a process that left it would have. */
async function leaveRow(db: DataSource, app: WecomApp, row: StoredRow): Promise<void> {
  await inTransaction(db, (m) => {
    const at = (value: Date | null) => (value === null ? null : datetime(m, value));
    return execute(m, 'INSERT INTO {access_tokens} ({app}, {token}, {expiresAt}, {leaseUntil}, {updatedAt}) VALUES (?, ?, ?, ?, ?)',
      [`${app.corpId}:${app.agentId}`, row.token, at(row.expiresAt), at(row.leaseUntil), datetime(m, new Date(start - 2 * 3600_000))]);
  });
}

forEachDatabase('the first current() fetches once; later calls and a second store reuse the row', async (t, database) => {
  const { db, fake, app, store } = await setUp(t, database);
  const first = store();
  t.is(await first.current(), 'tok-1');
  t.is(await first.current(), 'tok-1');
  t.is(await store().current(), 'tok-1');
  t.is(fake.tokenCalls, 1);
  t.deepEqual(await stored(db, app), [{ token: 'tok-1', expiresAt: new Date(start + 7200_000), leaseUntil: null }]);
});

forEachDatabase('20 concurrent current() calls on a fresh database across two stores make one gettoken', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const stores = [store(), store()];
  const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2].current()));
  t.deepEqual(tokens, Array(20).fill('tok-1'));
  t.is(fake.tokenCalls, 1);
});

// Three connections, because a duplicate-key error on MariaDB leaves a shared lock, and two
// holders of one then deadlock. MariaDB only: better-sqlite3 is synchronous, so a second SQLite
// connection in the same process waiting for the first one's lock blocks the thread that would
// release it.
forEachDatabase('20 concurrent current() calls across three connections to one fresh database make one gettoken', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const stores = (await openMany(t, await database.url(t), 3)).map((db) => store(db));
  const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 3].current()));
  t.deepEqual(tokens, Array(20).fill('tok-1'));
  t.is(fake.tokenCalls, 1);
}, 'mariadb');

forEachDatabase('a token is refreshed once it is within 5 minutes of expiry, by one gettoken', async (t, database) => {
  const { clock, fake, store } = await setUp(t, database, { tokenTtlS: 600 });
  const tokens = store();
  t.is(await tokens.current(), 'tok-1');
  clock.ms = start + 4 * minute;
  t.is(await tokens.current(), 'tok-1', 'six minutes left');
  clock.ms = start + 6 * minute;
  t.deepEqual(await Promise.all([tokens.current(), store().current(), tokens.current()]), ['tok-2', 'tok-2', 'tok-2']);
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('a token issued for less than 10 minutes is kept for half its life, not refreshed on every call', async (t, database) => {
  const { clock, fake, store } = await setUp(t, database, { tokenTtlS: 120 });
  const tokens = store();
  t.is(await tokens.current(), 'tok-1');
  clock.ms = start + 59_000;
  t.is(await tokens.current(), 'tok-1');
  clock.ms = start + 61_000;
  t.is(await tokens.current(), 'tok-2');
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('invalidate(stale token) after another store refreshed returns the fresh token without gettoken', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const [worker, other] = [store(), store()];
  t.is(await worker.current(), 'tok-1');
  t.is(await other.invalidate('tok-1'), 'tok-2');
  t.is(fake.tokenCalls, 2);
  t.is(await worker.invalidate('tok-1'), 'tok-2', 'the stale worker does not wipe the fresh token');
  t.is(fake.tokenCalls, 2);
  t.is(await worker.current(), 'tok-2');
});

forEachDatabase('invalidate(current token) fetches one new token, shared by concurrent callers', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const [one, two] = [store(), store()];
  t.is(await one.current(), 'tok-1');
  t.deepEqual(await Promise.all([one.invalidate('tok-1'), two.invalidate('tok-1'), one.invalidate('tok-1')]), ['tok-2', 'tok-2', 'tok-2']);
  t.is(await two.current(), 'tok-2');
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('current() while an invalidate refreshes waits for the new token, not the one that failed', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const tokens = store();
  t.is(await tokens.current(), 'tok-1');
  t.deepEqual(await Promise.all([tokens.invalidate('tok-1'), tokens.current()]), ['tok-2', 'tok-2']);
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('an invalidate that joins a look at the row ending with the failing token refreshes after it', async (t, database) => {
  const { fake, store } = await setUp(t, database);
  const tokens = store();
  t.is(await tokens.current(), 'tok-1');
  t.deepEqual(await Promise.all([tokens.current(), tokens.invalidate('tok-1')]), ['tok-1', 'tok-2']);
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('the API client retries a send once with a new token when WeCom expired the cached one', async (t, database) => {
  const { fake, app, store } = await setUp(t, database);
  const client = createApiClient({ app, tokens: store(), timeoutMs: 60_000 });
  t.is((await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '一' })).kind, 'ok');
  fake.expireTokens();
  t.is((await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '二' })).kind, 'ok');
  t.is(fake.tokenCalls, 2);
  t.is(fake.messages.length, 2);
});

forEachDatabase('a failing gettoken rejects every waiting caller with one call, releases the lease, and a later call fetches', async (t, database) => {
  const { db, fake, app, store } = await setUp(t, database);
  fake.inject('gettoken', { errcode: 40001 });
  const [one, two] = [store(), store()];
  const errors = await Promise.all([one.current(), one.current(), one.invalidate('tok-0')].map((call) => t.throwsAsync(call, { instanceOf: TokenUnavailableError })));
  for (const error of errors) {
    t.is(error?.failure.kind === 'failed' && error.failure.errcode, 40001);
    t.is(error?.failure.kind === 'failed' && error.failure.action, 'config');
  }
  t.is(fake.tokenCalls, 1);
  t.deepEqual(await stored(db, app), [{ token: null, expiresAt: null, leaseUntil: null }]);
  t.is(await two.current(), 'tok-1');
  t.is(fake.tokenCalls, 2);
});

forEachDatabase('gettoken answering HTTP 500 rejects with an unreachable failure that names no secret', async (t, database) => {
  const { db, fake, app, store } = await setUp(t, database);
  fake.inject('gettoken', { status: 500 });
  const error = await t.throwsAsync(store().current(), { instanceOf: TokenUnavailableError });
  t.deepEqual(error?.failure, { kind: 'unreachable', reason: 'http', status: 500, detail: 'GET /cgi-bin/gettoken answered HTTP 500' });
  t.false(error?.message.includes(fake.secret));
  t.is((await stored(db, app))[0].leaseUntil, null);
});

forEachDatabase('a lease left by a process that died is taken over', async (t, database) => {
  const { db, fake, app, store } = await setUp(t, database);
  await leaveRow(db, app, { token: 'tok-old', expiresAt: new Date(start - minute), leaseUntil: new Date(start - 1000) });
  t.is(await store().current(), 'tok-1');
  t.is(fake.tokenCalls, 1);
  t.deepEqual(await stored(db, app), [{ token: 'tok-1', expiresAt: new Date(start + 7200_000), leaseUntil: null }]);
});

forEachDatabase('a live lease is waited for until it passes, then taken over', async (t, database) => {
  const { clock, db, fake, app } = await setUp(t, database);
  await leaveRow(db, app, { token: 'tok-old', expiresAt: new Date(start - minute), leaseUntil: new Date(start + 10_000) });
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
    clock.ms += ms;
    await nextTick();
  };
  const tokens = createTokenStore(db, app, { now: () => new Date(clock.ms), wait, timeoutMs: 60_000 });
  t.is(await tokens.current(), 'tok-1');
  t.deepEqual(waits, Array(101).fill(100), 'polled every 100 ms until the lease passed');
  t.is(fake.tokenCalls, 1);
});

forEachDatabase('a waiter takes the token the lease holder writes, without gettoken', async (t, database) => {
  const { db, fake, app } = await setUp(t, database);
  await leaveRow(db, app, { token: null, expiresAt: null, leaseUntil: new Date(start + 10_000) });
  let polls = 0;
  // The other process finishes during the third pause.
  const wait = async () => {
    if (++polls === 3) {
      await inTransaction(db, (m) => execute(m, 'UPDATE {access_tokens} SET {token} = ?, {expiresAt} = ?, {leaseUntil} = NULL WHERE {app} = ?',
        ['tok-other', datetime(m, new Date(start + 7200_000)), `${app.corpId}:${app.agentId}`]));
    }
    await nextTick();
  };
  const tokens = createTokenStore(db, app, { now: () => new Date(start), wait });
  t.is(await tokens.current(), 'tok-other');
  t.is(polls, 3);
  t.is(fake.tokenCalls, 0);
});

forEachDatabase('each app has its own row and token', async (t, database) => {
  const { db, fake, app, store } = await setUp(t, database);
  t.is(await store().current(), 'tok-1');
  const otherAgent = createTokenStore(db, { ...app, agentId: 1000003 }, { wait: nextTick });
  t.is(await otherAgent.current(), 'tok-2');
  t.is(await store().current(), 'tok-1');
  t.is(fake.tokenCalls, 2);
});

// MariaDB only: SQLite does not enforce a varchar's length.
forEachDatabase('a token the row cannot hold fails with TOKEN_UNAVAILABLE, names no token, and releases the lease', async (t, database) => {
  const db = await database.open(t);
  const token = 'T'.repeat(1500);
  const server = createServer((_, response) => response.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const app: WecomApp = { corpId: 'ww-corp', agentId: 1000002, secret: 'app-secret', apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  const error = await t.throwsAsync(createTokenStore(db, app, { wait: nextTick }).current(), { instanceOf: AppError });
  t.is(error?.code, 'TOKEN_UNAVAILABLE');
  t.regex(error?.message ?? '', /^cannot store the new token in access_tokens for ww-corp:1000002 \(ER_DATA_TOO_LONG: /);
  t.false(JSON.stringify({ ...error, message: error?.message, stack: error?.stack }).includes('TTTT'));
  t.is(error?.cause, undefined);
  t.deepEqual(await stored(db, app), [{ token: null, expiresAt: null, leaseUntil: null }]);
}, 'mariadb');
