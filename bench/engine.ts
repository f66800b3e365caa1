// The conversation engine on a real database: one turn (claim, read, handle, commit) measured
// for one user at a time (five users filing the five seeds one after another) on SQLite and on
// MariaDB (p50/p99, target p99 < 20 ms), and the throughput of 200 users typing at once on
// MariaDB (target ≥ 300 turns/s). Each user files a seed report by its transcript, waiting for
// each reply as a person would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { setUpDemo } from '../src/admin/set-up-demo.ts';
import { createEngine } from '../src/bot/engine.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { readTranscript } from '../test/handlers/helpers.ts';
import { previousOf, seedReport, seedTranscripts } from '../test/support/seed-transcripts.ts';
import { spawnWorker } from '../test/support/worker-process.ts';
import type { Row } from './index.ts';
import { withMariadb } from './mariadb.ts';

const seeds = Object.entries(seedTranscripts).map(([id, { file }]) => ({
  report: seedReport(file),
  lines: readTranscript(new URL(`../test/transcripts/seed-${id}.txt`, import.meta.url)),
}));

async function prepare(db: DataSource, users: number) {
  await setUpDemo(db, {
    supervisingUnit: '某县政务公开办', year: 2020, format: '2019',
    units: Array.from({ length: users }, (_, i) => ({ name: `${i}号${seeds[i % seeds.length].report.unit}`, officialId: `user-${i}`, lastYear: previousOf(seeds[i % seeds.length].report) })),
  });
  return createEngine(db);
}

/** Every user files its seed by transcript through engine processes of its own (as PM2 runs them); turns/s. */
async function fileAllInProcesses(url: string, users: number, processes: number): Promise<{ turns: number; rate: number }> {
  const db = await openDatabase(url);
  await prepare(db, users);
  await db.destroy();
  const workers = await Promise.all(Array.from({ length: processes }, () => spawnWorker(url)));
  let turns = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: users }, async (_, i) => {
    for (const [n, text] of seeds[i % seeds.length].lines.entries()) {
      await workers[(i + n) % processes].send({ key: `u${i}-${n}`, userId: `user-${i}`, text });
      turns++;
    }
  }));
  const rate = turns / ((performance.now() - start) / 1000);
  await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  return { turns, rate };
}

/** Every user files its seed by transcript, all users at once (or one after another); each turn's latency in ms. */
async function fileAll(db: DataSource, users: number, oneAtATime = false): Promise<number[]> {
  const engine = await prepare(db, users);
  const latencies: number[] = [];
  const each = oneAtATime
    ? async (work: (i: number) => Promise<void>) => { for (let i = 0; i < users; i++) await work(i); }
    : (work: (i: number) => Promise<void>) => Promise.all(Array.from({ length: users }, (_, i) => work(i)));
  await each(async (i) => {
    for (const [n, text] of seeds[i % seeds.length].lines.entries()) {
      const start = performance.now();
      await engine.handle({ key: `u${i}-${n}`, userId: `user-${i}`, text, receivedAt: new Date() });
      latencies.push(performance.now() - start);
    }
  });
  return latencies;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];

function latencyRows(name: string, latencies: number[]): Row[] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 0.99);
  return [
    { name: `${name}: one turn, p50`, value: percentile(sorted, 0.5), unit: 'ms' },
    { name: `${name}: one turn, p99 (${sorted.length} turns)`, value: p99, unit: 'ms', target: '< 20 ms', ok: p99 < 20 },
  ];
}

export async function run(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  const sqlite = (name: string) => openDatabase(`sqlite:${join(dir, name)}`);
  try {
    const warm = await sqlite('warm.sqlite');
    await fileAll(warm, 5); // compile the code paths before measuring
    const measured = await sqlite('measured.sqlite');
    rows.push(...latencyRows('SQLite', await fileAll(measured, seeds.length, true)));
    await Promise.all([warm, measured].map((db) => db.destroy()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    rows.push(...await withMariadb(async (url) => {
      const db = await openDatabase(url);
      try {
        return latencyRows('MariaDB', await fileAll(db, seeds.length, true)); // the code is warm from the SQLite runs
      } finally {
        await db.destroy();
      }
    }));
    rows.push(...await withMariadb(async (url) => {
      const db = await openDatabase(url);
      try {
        const start = performance.now();
        const turns = (await fileAll(db, 200)).length;
        const seconds = (performance.now() - start) / 1000;
        const rate = turns / seconds;
        return [{ name: `MariaDB: 200 users at once, one process, ${turns} turns`, value: rate, unit: 'turns/s' }];
      } finally {
        await db.destroy();
      }
    }));
    rows.push(await withMariadb(async (url) => {
      const { turns, rate } = await fileAllInProcesses(url, 200, 2);
      return { name: `MariaDB: 200 users at once, 2 processes (one per core), ${turns} turns`, value: rate, unit: 'turns/s', target: '≥ 300 turns/s', ok: rate >= 300 };
    }));
  } catch (error) {
    rows.push({ name: `MariaDB not measured: ${(error as Error).message}`, value: 0, unit: '', ok: false, target: 'MariaDB at 127.0.0.1:3306' });
  }
  return rows;
}
