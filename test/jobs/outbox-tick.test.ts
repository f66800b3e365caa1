// The scheduler's tick picks up what a process that died left: journaled messages nobody handled,
// and replies whose send was interrupted.
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { runOutboxTick } from '../../src/jobs/outbox-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startWecomService } from '../support/wecom-service.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '某县统计局', officialId: 'o1' }] };

forEachDatabase('a message journaled by a process that died before its turn is handled and answered by the tick', async (t, database) => {
  const h = await startWecomService(t, database, { plan });
  // As the callback of a process killed right after answering WeCom: journaled, never drained.
  t.true(await h.service.engine.accept({ key: 'msg:1', userId: 'o1', channel: 'wecom', content: { kind: 'text', text: '开始' }, receivedAt: h.clock.now() }));
  await runOutboxTick(h.service.engine, h.service.dispatcher, h.clock.now);
  await h.service.idle();
  t.is(h.fake.messages.length, 0, 'a message just journaled belongs to its own process for 5 s');
  h.clock.advance(5001);
  await runOutboxTick(h.service.engine, h.service.dispatcher, h.clock.now);
  await h.service.idle();
  t.regex(h.replies()[0][1], /现在开始填报某县统计局2025年度/);
});

forEachDatabase('a reply whose sender died mid-send is sent again by the tick once its lease lapses, with the duplicate check', async (t, database) => {
  const h = await startWecomService(t, database, { plan });
  await h.say('o1', '开始');
  await h.service.idle();
  // As a process killed after WeCom took the message, before the outbox recorded it.
  await h.service.db.createQueryBuilder().update(OutboxMessage).set({ state: 'sending', claimToken: 'dead', claimedUntil: new Date(h.clock.now().getTime() + 60_000), sentAt: null }).execute();
  h.clock.advance(61_000);
  await runOutboxTick(h.service.engine, h.service.dispatcher, h.clock.now);
  await h.service.idle();
  t.is(h.fake.messages.length, 1, 'WeCom dropped the resend as a duplicate');
  t.is(h.fake.suppressedDuplicates.length, 1);
  t.is((await h.service.db.manager.findOneByOrFail(OutboxMessage, {})).state, 'sent');
});
