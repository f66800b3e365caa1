// WeCom delivers a message again when it got no answer in time, and its API fails in many ways:
// every message is applied once and every reply delivered exactly once.
import type { ExecutionContext } from 'ava';
import { CellChange } from '../../entities/cell-change.ts';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import type { Fault } from '../support/fake-wecom.ts';
import { callbackRequest, textMessageXml } from '../support/wecom-encryptor.ts';
import { startWecomService, testKeys, type WecomHarness } from '../support/wecom-service.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '某县统计局', officialId: 'o1' }] };

async function started(t: ExecutionContext, database: TestDatabase): Promise<WecomHarness> {
  const h = await startWecomService(t, database, { plan, apiTimeoutMs: 1000 });
  await h.say('o1', '开始');
  await settle(h);
  t.is(h.fake.messages.length, 1);
  return h;
}

/** Let the turns run and the outbox empty, moving the clock past each backoff as the scheduler's tick would find it. */
async function settle(h: WecomHarness): Promise<void> {
  await h.service.idle();
  for (let round = 0; round < 10 && (await h.service.db.manager.countBy(OutboxMessage, { state: 'pending' })) > 0; round++) {
    h.clock.advance(61_000);
    await h.service.dispatcher!.sweep();
    await h.service.idle();
  }
}

/** The same signed request, as WeCom repeats it. */
function redelivery(h: WecomHarness, content: string) {
  const plaintext = textMessageXml({ toUser: testKeys.corpId, fromUser: 'o1', content, msgId: '4561255354251345929', createTime: '1767578400' });
  const request = callbackRequest({ ...testKeys, agentId: '1000002', plaintext, timestamp: String(Math.floor(h.clock.now().getTime() / 1000)), nonce: '77' });
  return () => fetch(`${h.url}/wecom/callback?${request.search}`, { method: 'POST', body: request.body });
}

async function assertAppliedOnce(t: ExecutionContext, h: WecomHarness) {
  await settle(h);
  t.is(await h.service.db.manager.countBy(InboundMessage, { key: 'msg:4561255354251345929' }), 1);
  t.is(await h.service.db.manager.count(CellChange), 3, 'the row of three cells, once');
  t.is(h.fake.messages.length, 2, 'one reply to 开始, one to the row');
  t.regex(h.replies()[1][1], /已记录：规章 1 \/ 0 \/ 1/);
}

forEachDatabase('the same message delivered three times, one after another, is applied and answered once', async (t, database) => {
  const h = await started(t, database);
  const send = redelivery(h, '1 0 1');
  for (let i = 0; i < 3; i++) t.is((await send()).status, 200);
  await assertAppliedOnce(t, h);
});

forEachDatabase('the same message delivered three times at once is applied and answered once', async (t, database) => {
  const h = await started(t, database);
  const send = redelivery(h, '1 0 1');
  t.deepEqual((await Promise.all([send(), send(), send()])).map((r) => r.status), [200, 200, 200]);
  await assertAppliedOnce(t, h);
});

/** Send `content` with `faults` injected into message/send; drive retries by the clock until the outbox is empty. */
async function replyThrough(t: ExecutionContext, h: WecomHarness, faults: Fault[], prepare: () => void = () => {}) {
  h.fake.inject('message/send', ...faults);
  prepare();
  await h.say('o1', '0 0 0');
  await settle(h);
  const rows = await h.service.db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
  t.deepEqual(rows.map((r) => r.state), ['sent', 'sent']);
  const replies = h.replies().filter(([, text]) => /已记录：规章 0 \/ 0 \/ 0/.test(text));
  t.is(replies.length, 1, 'delivered exactly once');
  return rows[1];
}

forEachDatabase('an access token WeCom expired early is refreshed once and the reply delivered once', async (t, database) => {
  const h = await started(t, database);
  const calls = h.fake.tokenCalls;
  await replyThrough(t, h, [], () => h.fake.expireTokens());
  t.is(h.fake.tokenCalls, calls + 1);
});

forEachDatabase('45009 stops sending for the window, then the reply goes out once', async (t, database) => {
  const h = await started(t, database);
  const row = await replyThrough(t, h, [{ errcode: 45009 }]);
  t.is(row.attempts, 2);
});

forEachDatabase('system busy (-1) and HTTP 500 are retried with backoff, the reply delivered once', async (t, database) => {
  const h = await started(t, database);
  const row = await replyThrough(t, h, [{ errcode: -1 }, { status: 500 }]);
  t.is(row.attempts, 3);
});

forEachDatabase('a send that timed out after WeCom delivered it is resent with the duplicate check: delivered once', async (t, database) => {
  const h = await started(t, database);
  const row = await replyThrough(t, h, [{ delayMs: 2500 }]);
  t.is(row.uncertain, 1);
  t.is(h.fake.suppressedDuplicates.length, 1);
});

forEachDatabase('a connection dropped after delivery is resent with the duplicate check: delivered once', async (t, database) => {
  const h = await started(t, database);
  await replyThrough(t, h, [{ dropAfterDelivery: true }]);
  t.is(h.fake.suppressedDuplicates.length, 1);
});

forEachDatabase('a wrong secret halts the channel, shown on /healthz; the reply waits and is sent once fixed', async (t, database) => {
  const h = await started(t, database);
  h.fake.expireTokens();
  h.fake.inject('gettoken', { errcode: 40001 });
  await h.say('o1', '0 0 0');
  await h.service.idle();
  const health = await (await fetch(`${h.url}/healthz`)).json() as { status: string; dispatcher: { halted: { channel: string; reason: string }[] } };
  t.is(health.status, 'degraded');
  t.deepEqual(health.dispatcher.halted.map((x) => x.channel), ['wecom']);
  t.regex(health.dispatcher.halted[0].reason, /应用Secret不正确/);
  t.false(JSON.stringify(health).includes(h.fake.secret));
  t.is(await h.service.db.manager.countBy(OutboxMessage, { state: 'pending' }), 1);
  h.clock.advance(5 * 60_000 + 1000);
  await h.service.dispatcher!.sweep();
  await h.service.idle();
  t.is(h.replies().filter(([, text]) => /已记录：规章 0 \/ 0 \/ 0/.test(text)).length, 1);
});
