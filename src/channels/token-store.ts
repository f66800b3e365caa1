// The access_token of one WeCom app, cached in its database row so that every process shares it.
// A refresh is single-flight twice over: one promise per process, and a lease on the row across
// processes; gettoken is called with no transaction open. WeCom blocks gettoken after frequent,
// above all failing, calls (https://developer.work.weixin.qq.com/document/path/91039), so a failure
// is thrown to the caller, never retried here.
import type { DataSource } from 'typeorm';
import { AppError } from '../app-error.ts';
import { datetime, execute, inStatement, inTransaction, query, readDatetime } from '../bot/sql.ts';
import { driverCode, isUniqueViolation } from '../db/query-errors.ts';
import { fetchAccessToken, TokenUnavailableError, type TokenSource, type WecomApp } from '../wecom/api-client.ts';

/** What the store is given besides the database and the app; the defaults suit production. */
export interface TokenStoreOptions {
  now?: () => Date;
  /** How long gettoken may take; keep it below leaseMs, or another process may fetch too. */
  timeoutMs?: number;
  /** Refresh this long before expiresAt (at most half the token's lifetime). */
  refreshBeforeMs?: number;
  /** How long a refreshing process holds the row before others may take over (it died). */
  leaseMs?: number;
  /** Pause between two looks at the row while another process refreshes. */
  wait?: (ms: number) => Promise<void>;
}

interface Row {
  token: string | null;
  expiresAt: Date | null;
  leaseUntil: Date | null;
  updatedAt: Date;
}

const POLL_MS = 100;

/** The token source of `app`, backed by its row in `access_tokens`. */
export function createTokenStore(db: DataSource, app: WecomApp, options: TokenStoreOptions = {}): TokenSource {
  const {
    now = () => new Date(),
    timeoutMs = 5_000,
    refreshBeforeMs = 5 * 60_000,
    leaseMs = 10_000,
    wait = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options;
  // A token works only for its own app (https://developer.work.weixin.qq.com/document/path/91039).
  const key = `${app.corpId}:${app.agentId}`;
  let flight: { stale: string | null; token: Promise<string> } | undefined;
  // The row as last read or written here: every send needs the token, and the row changes only
  // on a refresh, which a rejected token (invalidate) makes this process look for.
  let memo: (Row & { token: string }) | undefined;

  async function read(): Promise<Row | undefined> {
    const [row] = await inStatement(db, (m) =>
      query<Record<string, unknown>>(m, 'SELECT {token}, {expiresAt}, {leaseUntil}, {updatedAt} FROM {access_tokens} WHERE {app} = ?', [key]));
    if (!row) return undefined;
    const at = (value: unknown) => (value === null || value === undefined ? null : readDatetime(value));
    return { token: (row.token as string | null) ?? null, expiresAt: at(row.expiresAt), leaseUntil: at(row.leaseUntil), updatedAt: readDatetime(row.updatedAt) };
  }

  // Half the lifetime at most: a token issued for less than twice refreshBeforeMs would
  // otherwise be refreshed by every call.
  function usable(row: Row | undefined): row is Row & { token: string } {
    if (!row?.token || !row.expiresAt) return false;
    const expires = row.expiresAt.getTime();
    const margin = Math.min(refreshBeforeMs, (expires - row.updatedAt.getTime()) / 2);
    return now().getTime() < expires - margin;
  }

  // The row is inserted in a transaction of its own: on MariaDB a duplicate-key error leaves a
  // shared lock on the row until the transaction ends, and two such holders updating it deadlock.
  async function insertRow(at: Date): Promise<void> {
    await inTransaction(db, async (m) => {
      try {
        await execute(m, 'INSERT INTO {access_tokens} ({app}, {token}, {expiresAt}, {leaseUntil}, {updatedAt}) VALUES (?, NULL, NULL, NULL, ?)', [key, datetime(m, at)]);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    });
  }

  // The lease is taken only while the row still holds `seen`: a process that wrote a new token
  // between our read and this update has already done the work.
  async function takeLease(seen: string | null, missing: boolean): Promise<Date | undefined> {
    const at = now();
    if (missing) await insertRow(at);
    const until = new Date(at.getTime() + leaseMs);
    const taken = await withoutToken(seen, 'take the refresh lease', () => inTransaction(db, (m) =>
      execute(m,
        `UPDATE {access_tokens} SET {leaseUntil} = ? WHERE {app} = ? AND ({leaseUntil} IS NULL OR {leaseUntil} < ?)
         AND ({token} = ? OR ({token} IS NULL AND ? IS NULL))`, [datetime(m, until), key, datetime(m, at), seen, seen])));
    return taken === 1 ? until : undefined;
  }

  async function fetchUnderLease(lease: Date): Promise<string> {
    const asked = now();
    // Outside any transaction: no connection or SQLite queue is held while WeCom answers.
    const fetched = await fetchAccessToken(app, timeoutMs);
    if (fetched.kind !== 'token') {
      await release(lease);
      throw new TokenUnavailableError(fetched);
    }
    await withoutToken(fetched.token, 'store the new token', () => inTransaction(db, (m) =>
      execute(m,
        `UPDATE {access_tokens} SET {token} = ?, {expiresAt} = ?, {updatedAt} = ?,
         {leaseUntil} = CASE WHEN {leaseUntil} = ? THEN NULL ELSE {leaseUntil} END WHERE {app} = ?`,
        [fetched.token, datetime(m, new Date(asked.getTime() + fetched.expiresInS * 1000)), datetime(m, asked), datetime(m, lease), key])))
      // If the database cannot release it either, the lease passes by itself.
      .catch(async (error: unknown) => {
        await release(lease).catch(() => 0);
        throw error;
      });
    return fetched.token;
  }

  // A failed query carries its parameters, and mysql2 its SQL with them written in: logged, the
  // error would show the token. Its code and redacted message are kept; the error itself is not.
  async function withoutToken<T>(token: string | null, doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const redacted = token ? message.split(token).join('***') : message;
      throw new AppError('TOKEN_UNAVAILABLE', `cannot ${doing} in access_tokens for ${key} (${driverCode(error) ?? 'error'}: ${redacted})`);
    }
  }

  // Only our own lease: if it lapsed and another process took the row over, that one keeps it.
  function release(lease: Date): Promise<number> {
    return inTransaction(db, (m) => execute(m, 'UPDATE {access_tokens} SET {leaseUntil} = NULL WHERE {app} = ? AND {leaseUntil} = ?', [key, datetime(m, lease)]));
  }

  // Another process holds the lease: its new token, or undefined once the lease is gone (it
  // finished without a token, or died) and the caller may try for the lease itself.
  async function awaitHolder(seen: string | null): Promise<string | undefined> {
    for (;;) {
      await wait(POLL_MS);
      const row = await read();
      if (row?.token && row.token !== seen) return row.token;
      if (!row?.leaseUntil || row.leaseUntil.getTime() < now().getTime()) return undefined;
    }
  }

  // The row's token unless it is near expiry or is `stale`, else a new one. gettoken is called
  // at most once: its answer, token or failure, ends the loop.
  async function renew(stale: string | null): Promise<string> {
    for (;;) {
      const row = await read();
      if (usable(row) && row.token !== stale) {
        memo = row;
        return row.token;
      }
      const seen = row?.token ?? null;
      const lease = await takeLease(seen, row === undefined);
      if (lease) return fetchUnderLease(lease);
      const fresh = await awaitHolder(seen);
      if (fresh !== undefined) return fresh;
    }
  }

  // Callers at the same time share one look at the row and the refresh it leads to.
  function shared(stale: string | null): Promise<string> {
    if (!flight) flight = { stale, token: renew(stale).finally(() => (flight = undefined)) };
    return flight.token;
  }

  return {
    current: () => (usable(memo) ? Promise.resolve(memo.token) : shared(null)),
    async invalidate(failing) {
      if (memo?.token === failing) memo = undefined;
      // A flight begun for another reason may end with the cached token, the one that failed.
      const joined = flight !== undefined && flight.stale !== failing;
      const token = await shared(failing);
      return joined && token === failing ? shared(failing) : token;
    },
  };
}
