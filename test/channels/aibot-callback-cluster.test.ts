// The bot's callback mode in a cluster (PM2 processes on one MariaDB; SQLite is one process): a message accepted by one
// process is replied to by another — the stream's refreshes answered by either, an event's
// response_url used by the process that runs the turn — and a response_url is used exactly once
// however many processes reach for it.
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { claimResponseUrl, keepCallback } from '../../src/channels/aibot-callback-store.ts';
import { inStatement } from '../../src/bot/sql.ts';
import { startCallbackFront } from '../support/aibot-callback-cluster.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startAibotCallbackService, textBody } from '../support/fake-aibot-callback.ts';
import { storedText } from '../support/outbox-rows.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '甲镇', officialId: 'a' }, { name: '乙镇', officialId: 'b' }] };

forEachDatabase('a message accepted by one process is answered by another: its stream shows the reply at either, and an event\'s response_url is used by the process that ran the turn', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  const front = await startCallbackFront(t, harness.databaseUrl, harness.clock);
  const { db, engine } = harness.service;

  const opened = await harness.postTo(front.url, textBody(harness.responseBase, 'a', '你好', 'c-1'));
  t.deepEqual(opened.reply, { msgtype: 'stream', stream: { id: 'nb-c-1', finish: false, content: '' } });
  t.deepEqual(await harness.refresh('a', 'nb-c-1', front.url), { content: '', finish: false }, 'journaled, its turn not run yet');
  // The front died before the turn: the other process's recovery runs it and sends the replies.
  t.is(await engine.recover(new Date(harness.clock.now().getTime() + 1)), 1);
  await harness.service.idle();
  const replies = await db.manager.find(OutboxMessage, { where: { recipient: 'a' }, order: { id: 'ASC' } });
  t.true(replies.length > 0);
  t.true(replies.every((r) => r.channel === 'aibot-callback' && r.state === 'sent'));
  const said = replies.map((r) => storedText(r)).join('\n\n');
  t.regex(said, /甲镇/);
  t.deepEqual(await harness.refresh('a', 'nb-c-1', front.url), { content: said, finish: true }, 'the front shows what the other process sent');
  t.deepEqual(await harness.refresh('a', 'nb-c-1'), { content: said, finish: true });

  const entered = { msgid: 'c-2', aibotid: 'aib-test', chattype: 'single', from: { userid: 'b' }, response_url: `${harness.responseBase}/cgi-bin/aibot/response?response_code=rc-c-2`, msgtype: 'event', event: { eventtype: 'enter_chat' } };
  t.deepEqual((await harness.postTo(front.url, entered)).status, 200);
  t.is(await engine.recover(new Date(harness.clock.now().getTime() + 1)), 1);
  await harness.service.idle();
  const greeting = await db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'reply:aibot:c-2:0' });
  t.like(greeting, { channel: 'aibot-callback', recipient: 'b', state: 'sent' });
  t.deepEqual(harness.responses.map((r) => [r.code, (r.body.markdown as { content: string }).content]), [['rc-c-2', storedText(greeting)]]);
}, 'mariadb');

forEachDatabase('two processes reaching for the same response_url at once: exactly one gets it, and a used one is never given again', async (t, database) => {
  const harness = await startAibotCallbackService(t, database);
  const front = await startCallbackFront(t, harness.databaseUrl, harness.clock);
  const at = harness.clock.now();
  const url = 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=rc-once';
  await inStatement(front.db, (m) => keepCallback(m, { messageKey: 'aibot:o-1', userId: 'a', chatId: null, streamedAt: null, responseUrl: url }, at));
  const single = { kind: 'single', userId: 'a' } as const;
  const claims = await Promise.all([
    inStatement(front.db, (m) => claimResponseUrl(m, 'aibot:o-1', single, at)),
    inStatement(harness.service.db, (m) => claimResponseUrl(m, 'aibot:o-1', single, at)),
  ]);
  t.deepEqual(claims.filter((c) => c !== undefined), [url]);
  t.is(await inStatement(harness.service.db, (m) => claimResponseUrl(m, undefined, single, at)), undefined);
  // Nor in another chat: a group's response_url never carries a single chat's reply, nor the reverse.
  await inStatement(front.db, (m) => keepCallback(m, { messageKey: 'aibot:o-2', userId: 'a', chatId: 'group-1', streamedAt: null, responseUrl: `${url}-2` }, at));
  t.is(await inStatement(front.db, (m) => claimResponseUrl(m, undefined, single, at)), undefined);
  t.is(await inStatement(front.db, (m) => claimResponseUrl(m, undefined, { kind: 'group', chatId: 'group-1' }, at)), `${url}-2`);
  // Past its hour it is not used.
  await inStatement(front.db, (m) => keepCallback(m, { messageKey: 'aibot:o-3', userId: 'a', chatId: null, streamedAt: null, responseUrl: `${url}-3` }, at));
  t.is(await inStatement(front.db, (m) => claimResponseUrl(m, 'aibot:o-3', single, new Date(at.getTime() + 3600_000))), undefined);
}, 'mariadb');
