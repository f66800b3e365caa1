// The scheduler's ticks through an injected schedule: which ticks each process role schedules and
// when, the reminder tick planning once a day and handing what is due to the dispatcher, all fired
// by hand; and the production schedule (node-cron) reading its expressions in Asia/Shanghai.
import test from 'ava';
import cron from 'node-cron';
import { Campaign } from '../../entities/campaign.ts';
import { Member } from '../../entities/member.ts';
import { Reminder } from '../../entities/reminder.ts';
import { Unit } from '../../entities/unit.ts';
import { setUpDemo } from '../../src/admin/set-up-demo.ts';
import { findWriter } from '../../src/bot/store.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import type { Config } from '../../config/load-config.ts';
import { cronSchedule } from '../../src/jobs/schedule.ts';
import { startService } from '../../src/service.ts';
import { forEachDatabase } from '../support/databases.ts';
import { manualSchedule } from '../support/manual-schedule.ts';
import { startFakeWecom } from '../support/fake-wecom.ts';
import { clockAt, startWecomService, testKeys } from '../support/wecom-service.ts';

const plan = {
  supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const,
  units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }, { name: '丙镇', officialId: 'c' }],
};
const shanghai = (iso: string) => new Date(`${iso}+08:00`);

forEachDatabase('each role schedules its ticks: the scheduler sweeps every 5 s and reminds every minute, a web process refreshes its calendar each minute; stop() stops them', async (t, database) => {
  const url = await database.url(t);
  const fake = await startFakeWecom(t);
  const config: Config = {
    databaseUrl: url, port: 0, role: 'scheduler', sendHours: { from: '09:00', to: '18:00' },
    wecom: { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, token: testKeys.token, encodingAesKey: testKeys.encodingAesKey, apiBase: fake.url, callbackPath: '/wecom/callback' },
  };
  const running = async (role: Config['role']) => {
    const schedule = manualSchedule();
    const service = await startService({ ...config, role }, { schedule: schedule.schedule, log: () => {} });
    const scheduled = schedule.running();
    await service.stop();
    return [scheduled, schedule.running()];
  };
  t.deepEqual(await running('scheduler'), [{ outbox: '*/5 * * * * *', reminders: '0 * * * * *' }, {}]);
  t.deepEqual(await running('web'), [{ calendar: '30 * * * * *' }, {}]);
}, 'sqlite');

forEachDatabase('fired by hand, the reminder tick plans the day once and sends what is due; a tick in the quiet hours sends nothing', async (t, database) => {
  const schedule = manualSchedule();
  const h = await startWecomService(t, database, { plan, schedule, clock: clockAt(shanghai('2026-01-13T08:00')) });
  await h.service.db.createQueryBuilder().update(Campaign).set({ deadlines: JSON.stringify({ default: '2026-01-20' }) }).execute();
  await schedule.fire('reminders');
  await h.service.idle();
  t.is(h.fake.messages.length, 0, 'before 09:00 nothing goes out');
  t.deepEqual((await h.service.db.manager.find(Reminder)).map((r) => r.state).sort(), ['pending', 'pending', 'pending', 'pending'], 'the three towns\' T-7 reminders and the digest, planned');

  h.clock.advance(90 * 60_000); // 09:30
  await schedule.fire('reminders');
  await h.service.idle();
  t.deepEqual(h.fake.messages.map((m) => m.touser).sort(), ['a', 'b', 'c', 'demo-supervisor']);
  t.deepEqual((await h.service.db.manager.find(Reminder)).map((r) => r.state), ['sent', 'sent', 'sent', 'sent']);

  h.clock.advance(60_000);
  await schedule.fire('reminders');
  await h.service.idle();
  t.is(h.fake.messages.length, 4, 'each once');
}, 'sqlite');

test('the production schedule reads its expression in Asia/Shanghai, runs the tick, and is gone once stopped', async (t) => {
  let ran = 0;
  const stop = cronSchedule('0 0 9 * * *', async () => void ran++, 'schedule-test');
  const task = [...cron.getTasks().values()].find((task) => task.name === 'schedule-test');
  t.truthy(task);
  t.true(task!.match(new Date('2026-01-05T01:00:00Z')), '09:00 in Shanghai');
  t.false(task!.match(new Date('2026-01-05T09:00:00Z')), 'not 09:00 UTC');
  await task!.execute();
  t.is(ran, 1);
  await stop();
  t.false([...cron.getTasks().values()].some((task) => task.name === 'schedule-test'));
});

forEachDatabase('the scheduling process brings the stored unit ancestries in line at its start: a unit written by hand is found in its campaign, and the operator is told', async (t, database) => {
  const url = await database.url(t);
  const first = await startService({ databaseUrl: url, port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' } }, { schedule: manualSchedule().schedule, log: () => {} });
  await setUpDemo(first.db, plan);
  // A town written straight into the database under a unit the campaign names as its root.
  const root = await first.db.manager.findOneByOrFail(Unit, { name: '甲镇' });
  const town = await first.db.manager.save(Unit, { name: '甲镇新村', kind: '乡', parentId: root.id, createdAt: new Date() });
  await first.db.manager.save(Member, { userId: 'x', userKey: 'x', name: '新村填报人', role: 'filer', unitId: town.id, createdAt: new Date() });
  t.is((await findWriter(first.db.manager, 'x'))?.campaign, undefined, 'not found before the sync');
  await first.stop();
  for (const [role, told] of [['web', []], ['scheduler', ['已按上级单位更新1个单位的层级记录（unit_ancestors）。']], ['scheduler', []]] as const) {
    const said: string[] = [];
    const service = await startService({ databaseUrl: url, port: 0, role, sendHours: { from: '09:00', to: '18:00' } }, { schedule: manualSchedule().schedule, log: (line) => said.push(String(line)) });
    await service.stop();
    t.deepEqual(said.filter((line) => line.includes('层级')), [...told], role);
  }
  const db = await openDatabase(url);
  t.teardown(() => db.destroy());
  t.like((await findWriter(db.manager, 'x'))?.campaign, { year: 2025 });
});
