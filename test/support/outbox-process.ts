// Start and drive test/support/outbox-worker.ts (an engine and an outbox dispatcher in a process
// of its own) from a test; killed at the test's teardown.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExecutionContext } from 'ava';
import type { WecomApp } from '../../src/wecom/api-client.ts';

/** What the worker answers: a message's journal status, or the conflicts its queries met. */
export type WorkerAnswer = { key: string; status: string; error?: string } | { stats: { deadlocks: number; lockWaitTimeouts: number; sent: number } };

/** A running outbox worker. */
export interface OutboxWorker {
  /** Journal a WeCom text and drain its user; resolves with the message's status then ('exited' if the process died). */
  send(message: { key: string; userId: string; text: string }): Promise<Extract<WorkerAnswer, { key: string }>>;
  stats(): Promise<Extract<WorkerAnswer, { stats: unknown }>['stats']>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A worker on the database at `url`, sending to `app` (a fake WeCom) or to a sender that answers at once; its clock stands at `at` if given. */
export async function startOutboxWorker(t: ExecutionContext, url: string, app?: WecomApp, at?: Date): Promise<OutboxWorker> {
  const args = [url, ...(app ? [JSON.stringify(app)] : []), ...(app && at ? [at.toISOString()] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./outbox-worker.ts', import.meta.url).pathname, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  t.teardown(() => void child.kill('SIGKILL'));
  const waiting = new Map<string, (answer: WorkerAnswer) => void>();
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  void exited.then(() => waiting.forEach((resolve, key) => resolve({ key, status: 'exited' })));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const data = JSON.parse(line) as WorkerAnswer | { ready: true };
    if ('ready' in data) return ready();
    const key = 'stats' in data ? 'stats' : data.key;
    waiting.get(key)?.(data);
    waiting.delete(key);
  });
  await Promise.race([started, exited.then(() => Promise.reject(new Error('the outbox worker did not start')))]);
  const ask = (key: string, line: object) => new Promise<WorkerAnswer>((resolve) => {
    waiting.set(key, resolve);
    child.stdin.write(`${JSON.stringify(line)}\n`);
  });
  return {
    send: (message) => ask(message.key, message) as Promise<Extract<WorkerAnswer, { key: string }>>,
    stats: async () => ((await ask('stats', { stats: true })) as Extract<WorkerAnswer, { stats: unknown }>).stats,
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}
