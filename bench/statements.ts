// The SQL statements a WeCom message costs, counted exactly (not from the server's global
// counter, which other clients of a shared MariaDB add to): the callback bench's work — each
// official sends the first 15 lines of a seed's transcript; each message is journaled, its turn
// run and its replies claimed and sent — done one message at a time in this process, with every
// statement the DataSource runs counted by its logger. On SQLite and on MariaDB.
// BENCH_STATEMENTS=1 prints the statements of every message, grouped and counted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, Logger } from 'typeorm';
import { setUpDemo } from '../src/admin/set-up-demo.ts';
import { createDispatcher } from '../src/bot/dispatcher.ts';
import { createEngine } from '../src/bot/engine.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { readTranscript } from '../test/handlers/helpers.ts';
import { previousOf, seedReport, seedTranscripts } from '../test/support/seed-transcripts.ts';
import type { Row } from './index.ts';
import { withMariadb } from './mariadb.ts';

const USERS = 10;
const LINES = 15; // as in the callback bench

const seeds = Object.entries(seedTranscripts).map(([id, { file }]) => ({
  report: seedReport(file),
  lines: readTranscript(new URL(`../test/transcripts/seed-${id}.txt`, import.meta.url)).slice(0, LINES),
}));

/** Every statement the DataSource runs from now on, in order. */
function countStatements(db: DataSource): string[] {
  const seen: string[] = [];
  const logger: Logger = {
    logQuery: (query) => void seen.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.defineProperty(db, 'logger', { value: logger, configurable: true });
  return seen;
}

/** A statement's text with its parameter lists and literals folded, for grouping. */
const shape = (query: string) => query.replace(/\s+/g, ' ').replace(/\((\?, )+\?\)/g, '(?…)').replace(/'[^']*'/g, "'…'").slice(0, 160);

/** The callback's work for USERS officials, one message at a time; statements per message. */
async function statementsPerMessage(url: string): Promise<number> {
  const db = await openDatabase(url);
  try {
    await setUpDemo(db, {
      supervisingUnit: '某县政务公开办', year: 2020, format: '2019',
      units: Array.from({ length: USERS }, (_, i) => ({ name: `${i}号${seeds[i % seeds.length].report.unit}`, officialId: `user-${i}`, lastYear: previousOf(seeds[i % seeds.length].report) })),
    });
    const dispatcher = createDispatcher(db, { senders: { wecom: { quota: { perMinute: 30, perHour: 1000 }, send: () => Promise.resolve({ kind: 'sent' }) } }, every: () => () => undefined, after: () => undefined });
    const engine = createEngine(db, { dispatcher });
    const seen = countStatements(db);
    const groups = new Map<string, number>();
    let messages = 0;
    let start = 0;
    for (let user = 0; user < USERS; user++) {
      for (const [n, text] of seeds[user % seeds.length].lines.entries()) {
        const userId = `user-${user}`;
        if (!(await engine.accept({ key: `u${user}-${n}`, userId, channel: 'wecom', content: { kind: 'text', text }, receivedAt: new Date() }))) throw new Error('a fresh key was refused');
        await engine.drain(userId);
        await dispatcher.idle();
        messages++;
        for (const query of seen.slice(start)) groups.set(shape(query), (groups.get(shape(query)) ?? 0) + 1);
        start = seen.length;
      }
    }
    if (process.env.BENCH_STATEMENTS) {
      console.error(`\n${db.options.type}: ${seen.length} statements, ${messages} messages`);
      for (const [query, n] of [...groups].sort((a, b) => b[1] - a[1])) console.error(`${(n / messages).toFixed(2).padStart(6)}  ${query}`);
    }
    return seen.length / messages;
  } finally {
    await db.destroy();
  }
}

export async function run(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  const rows: Row[] = [];
  try {
    rows.push({ name: `SQLite: SQL statements per message (${USERS} officials × ${LINES} messages, journal, turn, send)`, value: await statementsPerMessage(`sqlite:${join(dir, 'statements.sqlite')}`), unit: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push({ name: `MariaDB: SQL statements per message (${USERS} officials × ${LINES} messages, journal, turn, send)`, value: await withMariadb(statementsPerMessage), unit: '' });
  return rows;
}
