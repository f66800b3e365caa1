// The WeCom callback under load on MariaDB: 50 officials at once, each POSTing its next message
// (encrypted as WeCom does) when the bot's reply to the last one has reached the (fake) WeCom API;
// latency is POST → reply received. Beside it, in the same run, a bare endpoint that only reads,
// verifies and decrypts the same requests: the ceiling of the HTTP and crypto path. The service
// and the bare endpoint each run in a process of their own, this one generating the load.
// Targets: at least 40% of the ceiling's messages/s, p99 under 50 ms. Beside them, the CPU a
// message costs in each process, and the messages/s this machine's cores could carry at that cost:
// on a machine shared by the load, the service and the database, that bounds the share.
// BENCH_PROFILE=DIR writes a CPU profile of the service.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import getRawBody from 'raw-body';
import { setUpDemo } from '../src/admin/set-up-demo.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { readTranscript } from '../test/handlers/helpers.ts';
import { previousOf, seedReport, seedTranscripts } from '../test/support/seed-transcripts.ts';
import { callbackRequest, textMessageXml } from '../test/support/wecom-encryptor.ts';
import { testKeys } from '../test/support/wecom-service.ts';
import { withMariadb } from './mariadb.ts';
import type { Row } from './index.ts';

const USERS = 200;
// Officials whose transcripts run first on each endpoint and are not counted: the processes' JIT
// settles, as in a service that has been running for a while.
const WARM_UP = 20;
const CONCURRENCY = 50;
const LINES = 15; // the transcripts' first lines: tables, before 提交 (which adds a card)

const seeds = Object.entries(seedTranscripts).map(([id, { file }]) => ({
  report: seedReport(file),
  lines: readTranscript(new URL(`../test/transcripts/seed-${id}.txt`, import.meta.url)).slice(0, LINES),
}));

/** A minimal WeCom API: tokens, and message/send resolving whoever waits for a reply to that member. */
async function startApi(): Promise<{ url: string; next(userId: string): Promise<void>; close(): Promise<void> }> {
  const waiting = new Map<string, (() => void)[]>();
  const early = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/cgi-bin/gettoken') return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'bench-token', expires_in: 7200 }));
    const body = JSON.parse(await getRawBody(req, { encoding: 'utf8' })) as { touser: string };
    res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', msgid: '1' }));
    const queue = waiting.get(body.touser);
    const resolve = queue?.shift();
    if (resolve) resolve();
    else early.set(body.touser, (early.get(body.touser) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next: (userId) => {
      const arrived = early.get(userId) ?? 0;
      if (arrived) {
        early.set(userId, arrived - 1);
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.set(userId, [...(waiting.get(userId) ?? []), resolve]));
    },
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function requestFor(userId: string, content: string, msgId: bigint) {
  const plaintext = textMessageXml({ toUser: testKeys.corpId, fromUser: userId, content, msgId: String(msgId), createTime: String(Math.floor(Date.now() / 1000)) });
  return callbackRequest({ ...testKeys, agentId: String(testKeys.agentId), plaintext, timestamp: String(Math.floor(Date.now() / 1000)), nonce: String(msgId % 1_000_000_000n) });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];

/** Run `users` through `work` with CONCURRENCY at once; messages/s and latencies. */
async function load(users: number, work: (user: number, latencies: number[]) => Promise<number>, concurrency = CONCURRENCY) {
  const latencies: number[] = [];
  let nextUser = 0;
  let messages = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (nextUser < users) {
      const sent = await work(nextUser++, latencies);
      messages += sent; // after the await: `messages += await …` would add to a stale total
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { rate: messages / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), messages };
}

// The service runs as bin/nianbao-server.js starts it: from dist/ when built (a release), else the sources through tsx.
const serviceForm = existsSync(fileURLToPath(new URL('../dist/src/main.js', import.meta.url))) ? 'dist/, plain node' : 'sources through tsx';

/** A process's resident memory now and at its peak (Linux: VmRSS and VmHWM), in MB. */
function residentMemory(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Start `script` with `env` in a process of its own; resolves with its URL once it says which port it listens on. */
async function spawnServer(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; pid: number; statements(): Promise<number>; close(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL(script, import.meta.url))], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let said = '';
  const counts: ((n: number) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      const port = /监听端口 (\d+)/.exec(said)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
      // count-statements.js answers SIGUSR2 with the statements sent so far.
      for (let count = /statements sent: (\d+)\n/.exec(said); count; count = /statements sent: (\d+)\n/.exec(said)) {
        said = said.slice(count.index + count[0].length);
        counts.shift()?.(Number(count[1]));
      }
    });
    void exited.then(() => reject(new Error(`${script} exited: ${said}`)));
  });
  return {
    url, pid: child.pid!,
    statements: () => new Promise((resolve) => {
      counts.push(resolve);
      child.kill('SIGUSR2');
    }),
    close: async () => { child.kill('SIGTERM'); await exited; },
  };
}

// Where the CPU goes (Linux): a process's user + system time from /proc/PID/stat, in ms (USER_HZ
// is 100 on Linux). This process is the load generator and the fake WeCom.
const cpuMsOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
/** The local MariaDB server's process, when it runs on this machine and /proc is there. */
function databasePid(): number | undefined {
  try {
    const pid = readdirSync('/proc').find((entry) => /^\d+$/.test(entry) && /^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim()));
    return pid === undefined ? undefined : Number(pid);
  } catch {
    return undefined;
  }
}

/** CPU ms spent by each of `pids` (and this process, `load`) while `work` runs. */
async function cpuDuring<T>(pids: Record<string, number | undefined>, work: () => Promise<T>): Promise<{ result: T; ms: Record<string, number> }> {
  const read = () => ({ load: ownCpuMs(), ...Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => (pid === undefined ? [] : [[name, cpuMsOf(pid)]]))) });
  const before = read() as Record<string, number>;
  const result = await work();
  const after = read() as Record<string, number>;
  return { result, ms: Object.fromEntries(Object.keys(before).map((name) => [name, after[name] - before[name]])) };
}

export async function run(): Promise<Row[]> {
  return withMariadb(async (databaseUrl) => {
    const db = await openDatabase(databaseUrl);
    await setUpDemo(db, {
      supervisingUnit: '某县政务公开办', year: 2020, format: '2019',
      units: Array.from({ length: USERS + WARM_UP }, (_, i) => ({ name: `${i}号${seeds[i % seeds.length].report.unit}`, officialId: `user-${i}`, lastYear: previousOf(seeds[i % seeds.length].report) })),
    });
    const db2 = db;
    const api = await startApi();
    // BENCH_PROFILE=DIR: a CPU profile of the service process, written to DIR when it stops.
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const wecom = {
      WECOM_CORP_ID: testKeys.corpId, WECOM_AGENT_ID: String(testKeys.agentId), WECOM_SECRET: 'bench-secret', WECOM_TOKEN: testKeys.token,
      WECOM_AES_KEY: testKeys.encodingAesKey, WECOM_API_BASE: api.url,
    };
    // Each in a process of its own, as in production; this process only generates the load and plays WeCom.
    const bare = await spawnServer('./bare-endpoint.js', wecom);
    // The service counts the statements it sends (count-statements.js): MariaDB's own counter counts every client of a shared server.
    const counting = ['--import', fileURLToPath(new URL('./count-statements.js', import.meta.url))];
    const service = await spawnServer('../bin/nianbao-server.js', { ...wecom, DATABASE_URL: databaseUrl, PORT: '0', NIANBAO_ROLE: 'all' }, [...counting, ...profile]);
    try {
      let msgId = 7_000_000_000_000_000_000n;
      const database = databasePid();
      const bareTurns = async (user: number, latencies: number[]) => {
        for (const text of seeds[user % seeds.length].lines) {
          const request = requestFor(`user-${user}`, text, msgId++);
          const started = performance.now();
          const answer = await fetch(`${bare.url}/?${request.search}`, { method: 'POST', body: request.body });
          await answer.arrayBuffer();
          if (answer.status !== 200) throw new Error(`the bare endpoint answered ${answer.status}`);
          latencies.push(performance.now() - started);
        }
        return seeds[user % seeds.length].lines.length;
      };
      await load(WARM_UP, (user, latencies) => bareTurns(USERS + user, latencies));
      const { result: bareRun, ms: bareCpu } = await cpuDuring({ endpoint: bare.pid }, () => load(USERS, bareTurns));
      const questions = async () => Number((await db2.query("SHOW GLOBAL STATUS LIKE 'Questions'"))[0].Value);
      const fullTurns = async (user: number, latencies: number[]) => {
        for (const text of seeds[user % seeds.length].lines) {
          const request = requestFor(`user-${user}`, text, msgId++);
          const replied = api.next(`user-${user}`);
          const started = performance.now();
          const answer = await fetch(`${service.url}/wecom/callback?${request.search}`, { method: 'POST', body: request.body });
          await answer.arrayBuffer();
          if (answer.status !== 200) throw new Error(`callback answered ${answer.status}`);
          await replied;
          latencies.push(performance.now() - started);
        }
        return seeds[user % seeds.length].lines.length;
      };
      await load(WARM_UP, (user, latencies) => fullTurns(USERS + user, latencies));
      const [q0, s0] = [await questions(), await service.statements()];
      const { result: fullRun, ms: fullCpu } = await cpuDuring({ service: service.pid, database }, () => load(USERS / 2, fullTurns));
      const [questionsSeen, statements] = [(await questions()) - q0, (await service.statements()) - s0];
      // The same turns at a load this machine is not saturated by: the latency of a turn itself.
      const lightRun = await load(USERS / 2, (user, latencies) => fullTurns(USERS / 2 + user, latencies), 5);
      const memory = residentMemory(service.pid);
      const [retried] = await db2.query("SELECT COUNT(*) AS n, MAX(lastError) AS error FROM outbox_messages WHERE attempts > 1");
      if (Number(retried.n)) console.error(`callback: ${retried.n} replies needed a retry, e.g. ${retried.error}`);
      const share = fullRun.rate / bareRun.rate;
      // The CPU a message costs, and how many messages a second this machine's cores could carry
      // at that cost if every one of them were busy all the time.
      const perMessage = (ms: Record<string, number>, messages: number) => Object.values(ms).reduce((a, b) => a + b, 0) / messages;
      const cores = availableParallelism();
      const cpuRows = [
        { name: 'callback ceiling: CPU per message (load generator and endpoint)', value: perMessage(bareCpu, bareRun.messages), unit: 'ms' },
        { name: 'full callback turn: CPU per message in the service', value: fullCpu.service / fullRun.messages, unit: 'ms' },
        ...(fullCpu.database === undefined ? [] : [{ name: 'full callback turn: CPU per message in MariaDB', value: fullCpu.database / fullRun.messages, unit: 'ms' }]),
        { name: 'full callback turn: CPU per message in the load generator and fake WeCom', value: fullCpu.load / fullRun.messages, unit: 'ms' },
        { name: `full callback turn: the most ${cores} cores carry at that CPU per message`, value: (cores * 1000) / perMessage(fullCpu, fullRun.messages), unit: 'msg/s' },
      ];
      return [
        { name: `callback ceiling (read, verify, decrypt, parse only), ${CONCURRENCY} at once: messages/s`, value: bareRun.rate, unit: 'msg/s' },
        { name: 'callback ceiling: p50', value: bareRun.p50, unit: 'ms' },
        { name: 'callback ceiling: p99', value: bareRun.p99, unit: 'ms' },
        { name: `full callback turn on MariaDB (POST → reply at WeCom), ${CONCURRENCY} at once, ${fullRun.messages} messages`, value: fullRun.rate, unit: 'msg/s' },
        { name: 'full callback turn: share of the ceiling', value: Math.round(share * 100), unit: '%', target: '≥ 40 %', ok: share >= 0.4 },
        { name: 'full callback turn: SQL statements per message (sent by the service)', value: statements / fullRun.messages, unit: '' },
        { name: 'full callback turn: statements per message by MariaDB\'s Questions (every client of the server)', value: questionsSeen / fullRun.messages, unit: '' },
        { name: 'full callback turn: replies that needed a retry', value: Number(retried.n), unit: '' },
        { name: 'full callback turn: p50', value: fullRun.p50, unit: 'ms' },
        { name: 'full callback turn: p99', value: fullRun.p99, unit: 'ms', target: '< 50 ms', ok: fullRun.p99 < 50 },
        { name: `full callback turn, 5 at once, ${lightRun.messages} messages: messages/s`, value: lightRun.rate, unit: 'msg/s' },
        { name: 'full callback turn, 5 at once: p50', value: lightRun.p50, unit: 'ms' },
        { name: 'full callback turn, 5 at once: p99', value: lightRun.p99, unit: 'ms' },
        ...cpuRows,
        { name: `service's resident memory after the runs (${serviceForm})`, value: memory.now, unit: 'MB' },
        { name: `service's peak resident memory (${serviceForm})`, value: memory.peak, unit: 'MB' },
      ];
    } finally {
      await service.close();
      await bare.close();
      await api.close();
      await db2.destroy();
    }
  });
}
