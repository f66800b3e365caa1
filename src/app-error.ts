// The one error type: a stable code from the catalogue below, a message for the operator, and
// the cause. Expected outcomes (a bad number, a failed identity) are values, never AppErrors.

/** Every code an AppError may carry, with what it means. */
export const errorCodes = {
  CONFIG_INVALID: 'an environment variable is missing or malformed',
  DATABASE_URL_INVALID: 'DATABASE_URL cannot be understood',
  DATABASE_UNAVAILABLE: 'the database cannot be reached or migrated',
  TURN_FAILED: 'a conversation turn failed after its retries',
  HANDLER_FAILED: 'a conversation handler threw; the user got an apology and nothing of the turn was stored',
  TURN_SET_ASIDE: 'a message was set aside because its handling failed every time it ran (counted on /healthz)',
  OUTBOX_SEND_FAILED: 'sending from the outbox failed unexpectedly; the sweep retries',
  OUTBOX_GAVE_UP: 'an outgoing message could not be delivered and was given up',
  OUTBOX_RATE_LIMITED: "a recipient reached WeCom's per-member message limit; sending resumes later",
  OUTBOX_PAYLOAD_INVALID: 'an outbox row did not carry what its kind says (written by other code, or changed by hand) and was given up unsent',
  OUTBOX_EXPIRED: 'an outgoing message was only worth sending until a time that passed (a day\'s reminder) and was given up',
  CHANNEL_HALTED: 'a channel stopped sending because of a configuration error the operator must fix',
  TOKEN_UNAVAILABLE: 'no access_token could be obtained from WeCom',
} as const;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof errorCodes;

/** An unexpected failure, named by a stable code. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
  }
}

/**
 * One line for operators: the code, the message and the messages of its causes. Never the whole
 * error object: a failed query carries its parameters (message text, tokens), and mysql2 writes
 * them into its SQL text too.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${typeof code === 'string' ? `[${code}] ` : ''}${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join(': ');
}
