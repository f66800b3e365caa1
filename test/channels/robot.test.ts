// The supervisors' group robot: markdown through the outbox, at most 20 a minute (99110).
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { enqueue } from '../../src/bot/outbox.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startWecomService } from '../support/wecom-service.ts';

forEachDatabase('robot messages go to the group webhook, in order, within 20 a minute: ten at once, then one every 6 s (the outbox\'s pace)', async (t, database) => {
  const h = await startWecomService(t, database);
  const messages = Array.from({ length: 22 }, (_, i) => ({ idempotencyKey: `digest:${i}`, channel: 'robot', recipient: 'group', kind: 'markdown' as const, payload: { markdown: `**第${i}条**` } }));
  await h.service.db.transaction((m) => enqueue(m, messages, h.clock.now()));
  await h.service.dispatcher!.sweep();
  await h.service.idle();
  t.is(h.fake.robotMessages.length, 10);
  t.is(await h.service.db.manager.countBy(OutboxMessage, { state: 'pending' }), 12);
  for (let i = 1; i <= 12; i++) {
    h.clock.advance(6000);
    await h.service.dispatcher!.sweep();
    await h.service.idle();
    t.is(h.fake.robotMessages.length, 10 + i);
  }
  t.deepEqual(h.fake.robotMessages.map((m) => (m.markdown as { content: string }).content), messages.map((m) => m.payload.markdown));
  t.deepEqual(h.fake.robotMessages[0], { msgtype: 'markdown', markdown: { content: '**第0条**' } });
});
