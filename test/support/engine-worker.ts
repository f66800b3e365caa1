// An engine in a process of its own, for tests of several processes and of crashes: reads JSON
// lines {key, userId, text} on stdin and answers each, in any order, with a JSON line
// {key, kind, replies} (or {key, error}) on stdout. Messages are handled concurrently, as a
// server would; the engine keeps each user's turns in order.
import { createInterface } from 'node:readline';
import { createEngine } from '../../src/bot/engine.ts';
import { openDatabase } from '../../src/db/open-database.ts';

const db = await openDatabase(process.argv[2]);
const engine = createEngine(db);
const write = (data: object) => process.stdout.write(`${JSON.stringify(data)}\n`);
write({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as { key: string; userId: string; text: string };
  engine.handle({ ...message, receivedAt: new Date() }).then(
    (outcome) => write({ key: message.key, ...outcome }),
    (error: Error) => write({ key: message.key, error: `${error.message}: ${String(error.cause)}` }),
  );
}
await db.destroy();
