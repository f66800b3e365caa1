// The console channel: a terminal (or a pipe) talks to the same engine as WeCom. Piped input is
// one message per line, each reply printed as it comes; a literal \n inside a line is a line
// break, so a multi-line text can be sent in one message.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../bot/engine.ts';
import { consoleMessageKey } from '../message-keys.ts';

/** Where the console reads and writes, and whether a person is typing. */
export interface ConsoleOptions {
  engine: Engine;
  userId: string;
  input: Readable;
  output: Writable;
  interactive: boolean;
  now?: () => Date;
}

/** Talk to the engine until the input ends (or the person types 退出). Returns the number of messages sent. */
export async function runConsole({ engine, userId, input, output, interactive, now = () => new Date() }: ConsoleOptions): Promise<number> {
  const lines = createInterface({ input, terminal: interactive, ...(interactive && { output }) });
  const say = (text: string) => output.write(`${text}\n`);
  if (interactive) say(`已以 ${userId} 的身份进入对话。输入“帮助”查看可用指令，输入“退出”结束。`);
  let sent = 0;
  if (interactive) lines.setPrompt('> ');
  if (interactive) lines.prompt();
  for await (const line of lines) {
    const text = line.replace(/\\n/g, '\n');
    if (interactive && text.trim() === '退出') break;
    if (text.trim() !== '' || interactive) {
      const outcome = await engine.handle({ key: consoleMessageKey(randomUUID()), userId, text, receivedAt: now() });
      sent++;
      for (const reply of outcome.replies) say(interactive ? `\n${reply}\n` : reply);
      if (!interactive) say('────');
    }
    if (interactive) lines.prompt();
  }
  lines.close();
  return sent;
}
