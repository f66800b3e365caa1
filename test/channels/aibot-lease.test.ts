// Exactly one live connection per bot across processes: the process holding the lease connects,
// a second stands by; the holder SIGKILLed, the second takes the lease over and connects, and the
// bot's messages reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExecutionContext } from 'ava';
import { holdLease } from '../../src/channels/aibot-connection.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startFakeAibot } from '../support/fake-aibot.ts';

type State = { state: string; holder: boolean };

interface Worker {
  child: ChildProcess;
  /** The states it reported, in order. */
  states: State[];
  /** Resolves once the states it reported satisfy `predicate`: at once, or at the line that makes it so. */
  reported(predicate: (states: State[]) => boolean): Promise<void>;
}

function startWorker(t: ExecutionContext, args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('../support/aibot-worker.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => void child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout! });
  const worker: Worker = {
    child, states: [],
    reported: (predicate) => new Promise((resolve) => {
      if (predicate(worker.states)) return resolve();
      const watch = () => predicate(worker.states) && (lines.off('line', watch), resolve());
      lines.on('line', watch);
    }),
  };
  lines.on('line', (line) => worker.states.push(JSON.parse(line)));
  return worker;
}

forEachDatabase('a second process stands by while the first holds the bot; SIGKILLed, the first is replaced by the second', async (t, database) => {
  const fake = await startFakeAibot(t);
  const url = await database.url(t);
  // Migrated once before the processes start (they would race to migrate otherwise).
  await (await openDatabase(url)).destroy();
  const args = [url, fake.url, fake.botId, fake.secret];
  const first = startWorker(t, args);
  await first.reported((states) => states.at(-1)?.state === 'online');
  const second = startWorker(t, args);
  await second.reported((states) => states.length > 0);
  // Several of its lease beats, none of them won.
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  t.false(await holdLease(db.manager, fake.botId, 'a third process', new Date(), 1000), 'the lease is held');
  t.deepEqual(second.states.at(-1), { state: 'stopped', holder: false });
  t.is(fake.subscriptions, 1);

  first.child.kill('SIGKILL');
  await second.reported((states) => states.at(-1)?.state === 'online');
  t.is(fake.subscriptions, 2);
  t.deepEqual(second.states.at(-1), { state: 'online', holder: true });
  // The bot's messages now reach the second process: it answers (the sender is not registered).
  fake.say('someone', '你好');
  await fake.waitFor(() => fake.said().length === 1, 20_000);
  t.regex(fake.said()[0].content, /尚未登记为年报填报人员/);
});
