// What an outbox row carries, by its kind: a zod schema per kind, the union the writers are typed
// by, and the one reader of a stored row. A row that does not parse is never sent as a guess: the
// reader says why, and the outbox gives it up.
import { z } from 'zod';

const button = z.object({ key: z.string(), text: z.string(), style: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional() });
const documentScope = z.object({ campaignId: z.number().int(), rootId: z.number().int() });

/** The payload of each outbox kind. */
export const outboxPayloads = {
  text: z.object({ text: z.string() }),
  markdown: z.object({ markdown: z.string() }),
  /** A card of buttons; a tap comes back as its key. */
  card: z.object({ taskId: z.string(), title: z.string(), description: z.string(), buttons: z.array(button) }),
  /** The card tapped, updated to show the choice: responseCode is the event's handle on it. */
  'card-update': z.object({ responseCode: z.string(), replaceName: z.string() }),
  /** A file, base64-encoded: uploaded when sent. */
  file: z.object({ name: z.string(), contentType: z.string(), base64: z.string() }),
  /** Documents made when sent (src/publish/files.ts), see DocumentRequest. */
  'report-file': z.object({ reportId: z.number().int(), signedOn: z.string() }),
  'overview-file': documentScope,
  'rollup-file': documentScope,
};

/** A kind of outbox message. */
export type OutboxKind = keyof typeof outboxPayloads;

/** An outbox message's kind and payload, one union member per kind. */
export type OutboxMessage = { [K in OutboxKind]: { kind: K; payload: z.infer<(typeof outboxPayloads)[K]> } }[OutboxKind];

/** The payload of one kind. */
export type PayloadOf<K extends OutboxKind> = Extract<OutboxMessage, { kind: K }>['payload'];

/** A document asked for in a turn, made when the outbox sends it: a report's Word file (dated
 * the day it was handed in; a draft `signedOn`, the day it was asked for), or a campaign's Excel
 * overview or roll-up (of the units under `rootId`) as they stand then. */
export type DocumentRequest = Extract<OutboxMessage, { kind: 'report-file' | 'overview-file' | 'rollup-file' }>;

const outboxMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), payload: outboxPayloads.text }),
  z.object({ kind: z.literal('markdown'), payload: outboxPayloads.markdown }),
  z.object({ kind: z.literal('card'), payload: outboxPayloads.card }),
  z.object({ kind: z.literal('card-update'), payload: outboxPayloads['card-update'] }),
  z.object({ kind: z.literal('file'), payload: outboxPayloads.file }),
  z.object({ kind: z.literal('report-file'), payload: outboxPayloads['report-file'] }),
  z.object({ kind: z.literal('overview-file'), payload: outboxPayloads['overview-file'] }),
  z.object({ kind: z.literal('rollup-file'), payload: outboxPayloads['rollup-file'] }),
]) satisfies z.ZodType<OutboxMessage>;

/** A stored row's kind and JSON payload read back: the message, or why it cannot be one (for the operator). */
export function readOutboxMessage(kind: string, json: string): { kind: 'read'; message: OutboxMessage } | { kind: 'invalid'; reason: string } {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return { kind: 'invalid', reason: `the ${kind} payload is not JSON` };
  }
  const parsed = outboxMessage.safeParse({ kind, payload });
  if (parsed.success) return { kind: 'read', message: parsed.data };
  const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'kind'}: ${issue.message}`).join('; ');
  return { kind: 'invalid', reason: `the ${kind} payload does not match its schema (${where})` };
}

/** The text of a stored text payload that holds nothing else (a text that can be merged), or undefined. */
export function plainText(json: string): string | undefined {
  try {
    const parsed = outboxPayloads.text.strict().safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.text : undefined;
  } catch {
    return undefined;
  }
}
