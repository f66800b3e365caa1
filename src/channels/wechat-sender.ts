// The WeChat side of the outbox: a row becomes wechat4u's sendMsg to the contact's UserName of
// this login (found again by the binding's attributes), one send at least a second after the
// last: a personal account sending fast is what gets it banned (wecom.md §6).
import type { DataSource } from 'typeorm';
import type { Sender, SendResult } from '../bot/dispatcher.ts';
import type { OutboxRow } from '../bot/outbox.ts';
import { inStatement } from '../bot/sql.ts';
import { bindingOf } from '../bot/wechat-bindings.ts';
import { contactsWith, UNBOUND_PREFIX } from './wechat-channel.ts';
import type { WechatBot } from './wechat4u.ts';

/** Tuning and the injected clock of the sender. */
export interface WechatSenderOptions {
  /** The least time between two sends (default 1 s). */
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}


// Contacts arrive a few seconds after the login: a member not found yet is looked for again.
const NOT_FOUND_RETRY_MS = 60_000;

/** The sender of the `wechat` outbox channel. */
export function createWechatSender(bot: WechatBot, db: DataSource, options: WechatSenderOptions = {}): Sender {
  const { intervalMs = 1000, now = Date.now, sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = options;
  let last = -Infinity;
  let queue = Promise.resolve();

  /** Run `send` when its turn comes, at least intervalMs after the one before. */
  function throttled<T>(send: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      const wait = last + intervalMs - now();
      if (wait > 0) await sleep(wait);
      last = now();
      return send();
    });
    queue = run.then(() => undefined, () => undefined);
    return run;
  }

  /** The UserName of the recipient in this login, or why there is none. */
  async function userNameOf(recipient: string): Promise<string | SendResult> {
    if (recipient.startsWith(UNBOUND_PREFIX)) {
      const userName = recipient.slice(UNBOUND_PREFIX.length);
      return bot.contacts[userName] ? userName : { kind: 'failed', error: 'the contact belongs to an earlier WeChat login' };
    }
    const binding = await inStatement(db, (m) => bindingOf(m, recipient));
    if (!binding) return { kind: 'failed', error: 'the member is not bound to a WeChat contact' };
    const found = contactsWith(bot, binding);
    if (found.length > 1) return { kind: 'failed', error: 'several WeChat contacts have the bound nickname and remark' };
    return found[0] ?? { kind: 'retry', afterMs: NOT_FOUND_RETRY_MS, error: 'the bound contact is not among the contacts of this login' };
  }

  function message(row: OutboxRow): string | { file: Buffer; filename: string } | undefined {
    // The outbox's payloads are the same whichever channel sends them.
    switch (row.kind) {
      case 'text': return row.payload.text;
      case 'markdown': return row.payload.markdown;
      // No cards in WeChat: the buttons become what to reply, after what the card says.
      case 'card': {
        const { title, buttons, description } = row.payload;
        return `${title}：请回复${buttons.map((b) => `“${b.key}”`).join('或')}${description ? `\n${description}` : ''}`;
      }
      case 'file': return { file: Buffer.from(row.payload.base64, 'base64'), filename: row.payload.name };
      default: return undefined;
    }
  }

  return {
    // Per contact; the interval above bounds the whole account.
    quota: { perMinute: 30, perHour: 600 },
    async send(row) {
      // A greyed-out card has no counterpart in WeChat.
      if (row.kind === 'card-update') return { kind: 'sent' };
      const content = message(row);
      if (content === undefined) return { kind: 'failed', error: `unknown outbox kind ${row.kind}` };
      // Logged out until an admin scans again, maybe for hours: the channel waits, no attempt is counted.
      if (bot.state !== 'login') return { kind: 'halt', afterMs: NOT_FOUND_RETRY_MS, error: 'web WeChat is not logged in' };
      const to = await userNameOf(row.recipient);
      if (typeof to !== 'string') return to;
      try {
        await throttled(() => bot.sendMsg(content, to));
        return { kind: 'sent' };
      } catch (error) {
        // No duplicate check in WeChat: a send that failed late may still have arrived.
        return { kind: 'retry', afterMs: Math.min(5000 * row.attempt, 300_000), error: `sendMsg failed: ${error instanceof Error ? error.message : String(error)}`, uncertain: true };
      }
    },
  };
}
