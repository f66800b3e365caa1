// Exactly one live connection per bot across processes: the process holding the lease connects,
// a second stands by; the holder SIGKILLed, the second takes the lease over and connects, and the
// bot's messages reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExecutionContext } from 'ava';
import { holdLease } from '../../src/channels/aibot-connection.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { until } from '../support/aibot-service.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startFakeAibot } from '../support/fake-aibot.ts';

interface Worker {
  child: ChildProcess;
  /** The states it reported, in order. */
  states: { state: string; holder: boolean }[];
}

function startWorker(t: ExecutionContext, args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('../support/aibot-worker.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => void child.kill('SIGKILL'));
  const worker: Worker = { child, states: [] };
  createInterface({ input: child.stdout! }).on('line', (line) => worker.states.push(JSON.parse(line)));
  return worker;
}

forEachDatabase('a second process stands by while the first holds the bot; SIGKILLed, the first is replaced by the second', async (t, database) => {
  const fake = await startFakeAibot(t);
  const url = await database.url(t);
  // Migrated once before the processes start (they would race to migrate otherwise).
  await (await openDatabase(url)).destroy();
  const args = [url, fake.url, fake.botId, fake.secret];
  const first = startWorker(t, args);
  await until(() => first.states.at(-1)?.state === 'online', 20_000);
  const second = startWorker(t, args);
  await until(() => second.states.length > 0, 20_000);
  // Several of its lease beats, none of them won.
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  t.false(await holdLease(db.manager, fake.botId, 'a third process', new Date(), 1000), 'the lease is held');
  t.deepEqual(second.states.at(-1), { state: 'stopped', holder: false });
  t.is(fake.subscriptions, 1);

  first.child.kill('SIGKILL');
  await until(() => second.states.at(-1)?.state === 'online', 20_000);
  t.is(fake.subscriptions, 2);
  t.deepEqual(second.states.at(-1), { state: 'online', holder: true });
  // The bot's messages now reach the second process: it answers (the sender is not registered).
  fake.say('someone', '你好');
  await fake.waitFor(() => fake.said().length === 1, 20_000);
  t.regex(fake.said()[0].content, /尚未登记为年报填报人员/);
});
