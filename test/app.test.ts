// The service with no WeCom settings (local mode) and its health endpoint.
import test from 'ava';
import { loadConfig } from '../config/load-config.ts';
import { saveCalendarYear } from '../src/bot/calendar-store.ts';
import { startService } from '../src/service.ts';
import { databases } from './support/databases.ts';

const sqlite = databases.find((d) => d.name === 'sqlite')!;

test('with no WeCom settings the service starts in local mode: /healthz answers, no callback is served', async (t) => {
  const lines: string[] = [];
  const service = await startService(loadConfig({ DATABASE_URL: await sqlite.url(t), PORT: '0' }), { log: (line) => lines.push(line), tick: false, now: () => new Date('2026-12-07T02:00:00Z') });
  t.teardown(() => service.stop());
  t.deepEqual(lines, ['2026年节假日安排：已设置', '2027年节假日安排：未设置（按无调休计算）。国务院办公厅发布通知后，请运行 nianbao calendar set 2027 通知文件。']);
  const health = await fetch(`${service.url}/healthz`);
  t.is(health.status, 200);
  t.deepEqual(await health.json(), {
    status: 'ok', mode: 'local', database: 'ok', outbox: { pending: 0, failed: 0, oldestPendingS: null }, journal: { waiting: 0, retrying: 0, setAside: 0 }, engine: { handlerFailures: 0 }, dispatcher: null, aibot: null,
    calendar: ['2026年节假日安排：已设置', '2027年节假日安排：未设置（按无调休计算）'],
  });
  t.is((await fetch(`${service.url}/wecom/callback`, { method: 'POST', body: '<xml/>' })).status, 404);
  // Set while the service runs: /healthz reads the database, no restart needed.
  await saveCalendarYear(service.db, { year: 2027, festivals: [], holidays: ['2027-01-01'], workdays: [] }, 'test', new Date());
  t.deepEqual((await (await fetch(`${service.url}/healthz`)).json() as { calendar: string[] }).calendar, ['2026年节假日安排：已设置', '2027年节假日安排：已设置']);
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
