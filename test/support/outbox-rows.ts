// Stored outbox rows as the senders get them, for tests that hand a row to a sender themselves.
import type { OutboxMessage } from '../../entities/outbox-message.ts';
import type { OutboxRow } from '../../src/bot/outbox.ts';
import { readOutboxMessage, type PayloadOf } from '../../src/bot/outbox-payloads.ts';

/** A stored row on its first attempt, its payload read as claimDue reads it; a row that does not read fails the test. */
export function firstAttempt(row: OutboxMessage): OutboxRow {
  const read = readOutboxMessage(row.kind, row.payload);
  if (read.kind === 'invalid') throw new Error(read.reason);
  return { ...read.message, id: Number(row.id), channel: row.channel, recipient: row.recipient, attempt: 1, uncertain: false, repeat: false };
}

/** The file a sender was handed; anything else fails the test. */
export function fileOf(row: OutboxRow | undefined): PayloadOf<'file'> {
  if (row?.kind !== 'file') throw new Error(`a ${row?.kind ?? 'missing'} row where a file was expected`);
  return row.payload;
}
