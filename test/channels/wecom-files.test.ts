// Files and cards are delivered once even when WeCom accepts a message and the answer is lost: a
// file is uploaded once per outbox row and its media_id kept, so the resend is the identical
// request that WeCom's duplicate check drops (https://developer.work.weixin.qq.com/document/path/90236).
import type { ExecutionContext } from 'ava';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { enqueue, type Outgoing } from '../../src/bot/outbox.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { startWecomService, type WecomHarness } from '../support/wecom-service.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const file: Outgoing = { idempotencyKey: 'file:msg:1:0', channel: 'wecom', recipient: 'o1', kind: 'file', payload: { name: '某县统计局2025年度政府信息公开工作年度报告.docx', contentType: DOCX, base64: Buffer.from('PK'.repeat(200)).toString('base64') } };
const card: Outgoing = { idempotencyKey: 'card:msg:1', channel: 'wecom', recipient: 'o1', kind: 'card', payload: { taskId: 'nb-1-abc', title: '确认提交', description: '提交后不能再修改，除非审核人退回。', buttons: [{ text: '确认提交', key: '确认提交', style: 1 }, { text: '暂不提交', key: '暂不提交', style: 2 }] } };

async function started(t: ExecutionContext, database: TestDatabase, message: Outgoing): Promise<WecomHarness> {
  const h = await startWecomService(t, database, { apiTimeoutMs: 1000 });
  await h.service.db.transaction((m) => enqueue(m, [message], h.clock.now()));
  return h;
}

/** The next attempt, as the scheduler's sweep finds it once its backoff is over. */
async function later(h: WecomHarness, ms: number): Promise<void> {
  h.clock.advance(ms);
  await h.service.dispatcher!.sweep();
  await h.service.idle();
}

const state = async (h: WecomHarness, key: string) => (await h.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: key })).state;

forEachDatabase('a file WeCom accepted but whose answer was lost is resent with the same media_id, uploaded once: delivered once', async (t, database) => {
  const h = await started(t, database, file);
  h.fake.inject('message/send', { dropAfterDelivery: true });
  await h.service.dispatcher!.kick('wecom', 'o1');
  t.is(h.fake.uploads.length, 1);
  t.is(h.fake.messages.length, 1);
  t.is(await state(h, 'file:msg:1:0'), 'pending');

  await later(h, 60_000);
  t.is(h.fake.uploads.length, 1, 'not uploaded again');
  t.is(h.fake.messages.length, 1, 'delivered once');
  t.deepEqual(h.fake.suppressedDuplicates, [h.fake.messages[0]], 'the resend was the identical request');
  t.is(await state(h, 'file:msg:1:0'), 'sent');
});

forEachDatabase('a file retried after its kept media_id is about to expire (3 days) is uploaded again', async (t, database) => {
  const h = await started(t, database, file);
  h.fake.inject('message/send', { errcode: -1 });
  await h.service.dispatcher!.kick('wecom', 'o1');
  t.is(h.fake.uploads.length, 1);
  t.is(h.fake.messages.length, 0);
  await later(h, 3 * 24 * 3600_000 - 30 * 60_000);
  t.deepEqual(h.fake.uploads.map((u) => u.mediaId), ['media-1', 'media-2']);
  t.deepEqual(h.fake.messages.map((m) => m.file), [{ media_id: 'media-2' }]);
});

forEachDatabase('a card WeCom accepted but whose answer was lost is delivered once', async (t, database) => {
  const h = await started(t, database, card);
  h.fake.inject('message/send', { dropAfterDelivery: true });
  await h.service.dispatcher!.kick('wecom', 'o1');
  await later(h, 60_000);
  t.is(h.fake.messages.length, 1);
  t.is(h.fake.suppressedDuplicates.length, 1);
  t.is(await state(h, 'card:msg:1'), 'sent');
});
