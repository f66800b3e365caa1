// The service with no WeCom settings (local mode) and its health endpoint.
import test from 'ava';
import { loadConfig } from '../config/load-config.ts';
import { startService } from '../src/service.ts';
import { databases } from './support/databases.ts';

const sqlite = databases.find((d) => d.name === 'sqlite')!;

test('with no WeCom settings the service starts in local mode: /healthz answers, no callback is served', async (t) => {
  const service = await startService(loadConfig({ DATABASE_URL: await sqlite.url(t), PORT: '0' }), { log: () => {}, tick: false });
  t.teardown(() => service.stop());
  const health = await fetch(`${service.url}/healthz`);
  t.is(health.status, 200);
  t.deepEqual(await health.json(), { status: 'ok', mode: 'local', database: 'ok', outbox: { pending: 0, failed: 0, oldestPendingS: null }, journal: { waiting: 0, retrying: 0, setAside: 0 }, dispatcher: null, aibot: null });
  t.is((await fetch(`${service.url}/wecom/callback`, { method: 'POST', body: '<xml/>' })).status, 404);
});

test('/healthz says down with 503 when the database cannot be reached', async (t) => {
  const service = await startService(loadConfig({ DATABASE_URL: await sqlite.url(t), PORT: '0' }), { log: () => {}, tick: false });
  t.teardown(() => service.stop());
  await service.db.destroy();
  const health = await fetch(`${service.url}/healthz`);
  t.is(health.status, 503);
  t.like(await health.json(), { status: 'down', database: 'unreachable' });
  await service.db.initialize(); // for stop()
});
