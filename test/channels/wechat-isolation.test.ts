// The WeChat channel runs in a process of its own: killed (SIGKILL) in the middle of its work,
// it takes nothing of the web server with it — a transcript over HTTP goes on to the end.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { inTransaction } from '../../src/bot/sql.ts';
import { readReport } from '../../src/bot/store.ts';
import { createBindCode } from '../../src/bot/wechat-bindings.ts';
import { formats } from '../../src/report/formats.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { startWecomService } from '../support/wecom-service.ts';

forEachDatabase('killing the WeChat process with SIGKILL while the web server handles a transcript over HTTP: the transcript completes', async (t, database) => {
  const seed = seedReport(seedTranscripts['001'].file);
  const harness = await startWecomService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }, { name: '乙镇', officialId: 'o2' }] },
  });
  const created = await inTransaction(harness.service.db, (m) => createBindCode(m, 'o2', new Date()));
  if (created.kind !== 'created') return t.fail();

  const worker = spawn(process.execPath, ['--import', 'tsx', new URL('../support/wechat-worker.ts', import.meta.url).pathname, harness.databaseUrl], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(() => worker.kill('SIGKILL'));
  const exited = once(worker, 'exit');
  const sent: { to: string; text: string }[] = [];
  let heard = () => {};
  createInterface({ input: worker.stdout! }).on('line', (line) => {
    const data = JSON.parse(line) as { ready?: true; to: string; text: string };
    if (!data.ready) sent.push(data);
    heard();
  });
  const hear = () => new Promise<void>((resolve) => (heard = resolve));
  const tell = (text: string) => worker.stdin!.write(`${JSON.stringify({ from: '@o2', nickName: '乙镇小赵', text })}\n`);
  await hear();
  tell(created.code);
  await hear();
  t.regex(sent[0].text, /^绑定成功。/, 'the WeChat process works before it is killed');

  const lines = readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url));
  for (const [i, text] of lines.entries()) {
    const before = harness.replies().length;
    const answer = harness.say('official', text);
    if (i === 3) {
      for (const message of ['你好', '进度', '帮助']) tell(message);
      worker.kill('SIGKILL');
      await exited;
    }
    t.is((await answer).status, 200);
    await harness.service.idle();
    t.true(harness.replies().length > before, `a reply to ${text.slice(0, 20)}`);
  }
  t.is(worker.signalCode, 'SIGKILL');
  const unit = await harness.service.db.manager.findOneByOrFail(Unit, { name: seed.unit });
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year, unitId: unit.id });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
});
