// Stored outbox rows as the senders get them, for tests that hand a row to a sender themselves.
import type { OutboxMessage } from '../../entities/outbox-message.ts';
import type { OutboxRow } from '../../src/bot/outbox.ts';
import { readOutboxMessage, type OutboxMessage as Message, type PayloadOf } from '../../src/bot/outbox-payloads.ts';

/** A stored row on its first attempt, its payload read as claimDue reads it; a row that does not read fails the test. */
export function firstAttempt(row: OutboxMessage): OutboxRow {
  return { ...readOrFail(row).message, id: Number(row.id), channel: row.channel, recipient: row.recipient, attempt: 1, uncertain: false, repeat: false };
}

/** The file a sender was handed; anything else fails the test. */
export function fileOf(row: OutboxRow | undefined): PayloadOf<'file'> {
  if (row?.kind !== 'file') throw new Error(`a ${row?.kind ?? 'missing'} row where a file was expected`);
  return row.payload;
}

/** The text of a stored row as claimDue reads it; a row of another kind fails the test. */
export function storedText(row: OutboxMessage): string {
  return textOf(readOrFail(row).message);
}

/** The text of a message (enqueued, or handed to a sender); a message of another kind fails the test. */
export function textOf(message: Message): string {
  if (message.kind !== 'text') throw new Error(`a ${message.kind} message where a text was expected`);
  return message.payload.text;
}

function readOrFail(row: OutboxMessage) {
  const read = readOutboxMessage(row.kind, row.payload);
  if (read.kind === 'invalid') throw new Error(read.reason);
  return read;
}
