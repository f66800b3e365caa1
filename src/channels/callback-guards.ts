// What both WeCom callbacks (the self-built app's, wecom-callback.ts, and the 智能机器人's,
// aibot-callback.ts) check before anything is decrypted: the signed query, the timestamp's
// freshness, and how a refusal is answered (a status and a word, the reason only in the log).
import type Koa from 'koa';

/** A refusal for `who`'s requests: the status and a plain word answered, the reason to the operator's log only. */
export function refuser(log: (line: string) => void, who: string): (ctx: Koa.Context, status: 400 | 401 | 413 | 503, reason: string) => void {
  return (ctx, status, reason) => {
    log(`${who} refused (${status}): ${reason}`);
    ctx.status = status;
    ctx.type = 'text/plain';
    ctx.body = status === 401 ? 'unauthorized' : status === 413 ? 'payload too large' : status === 503 ? 'unavailable' : 'bad request';
  };
}

/** The signed query parameters, or undefined when one is missing, empty or given twice. */
export function signedQuery(ctx: Koa.Context, names: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = ctx.query[name];
    if (typeof value !== 'string' || value === '') return undefined;
    out[name] = value;
  }
  return out;
}

/** Whether a request's timestamp (seconds) is within `maxClockSkewS` of `now`: older captures are not replayed. */
export function isFresh(timestamp: string, now: Date, maxClockSkewS: number): boolean {
  return /^\d{1,12}$/.test(timestamp) && Math.abs(now.getTime() / 1000 - Number(timestamp)) <= maxClockSkewS;
}
