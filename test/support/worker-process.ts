// Start and drive test/support/engine-worker.ts from a test.
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TurnOutcome } from '../../src/bot/engine.ts';

/** A running engine process. */
export interface Worker {
  /** Send a message; resolves with its outcome (rejects if the process dies first). */
  send(message: { key: string; userId: string; text: string }): Promise<TurnOutcome>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Start an engine process on the database at `url`; it is killed when the test ends. */
export async function startWorker(t: ExecutionContext, url: string): Promise<Worker> {
  const worker = await spawnWorker(url);
  t.teardown(() => worker.kill('SIGKILL'));
  return worker;
}

/** Start an engine process on the database at `url`; the caller kills it. */
export async function spawnWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./engine-worker.ts', import.meta.url).pathname, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<string, { resolve: (o: TurnOutcome) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => child.on('exit', () => {
    for (const { reject } of waiting.values()) reject(new Error('worker exited'));
    waiting.clear();
    resolve();
  }));
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const data = JSON.parse(line) as { ready?: true; key: string; error?: string } & TurnOutcome;
    if (data.ready) return ready();
    const entry = waiting.get(data.key);
    waiting.delete(data.key);
    if (data.error) entry?.reject(new Error(data.error));
    else entry?.resolve({ kind: data.kind, replies: data.replies });
  });
  await Promise.race([started, exited.then(() => Promise.reject(new Error('worker did not start')))]);
  return {
    send: (message) => new Promise((resolve, reject) => {
      waiting.set(message.key, { resolve, reject });
      child.stdin!.write(`${JSON.stringify(message)}\n`);
    }),
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}
