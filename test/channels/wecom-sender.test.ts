// The outbox's WeCom kinds as they reach WeCom: a file is uploaded at send time, then sent by its media_id.
import { enqueue } from '../../src/bot/outbox.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startWecomService } from '../support/wecom-service.ts';

forEachDatabase('a file in the outbox is uploaded as temporary media with its name, then sent as a file message', async (t, database) => {
  const h = await startWecomService(t, database);
  const bytes = Buffer.from('PK\u0003\u0004 a Word document');
  await h.service.db.transaction((m) => enqueue(m, [
    { idempotencyKey: 'docx:1', channel: 'wecom', recipient: 'o1', kind: 'file', payload: { name: '杨舍镇2025年度报告.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', base64: bytes.toString('base64') } },
    { idempotencyKey: 'md:1', channel: 'wecom', recipient: 'o1', kind: 'markdown', payload: { markdown: '**已生成**' } },
  ], h.clock.now()));
  await h.service.dispatcher!.kick('wecom', 'o1');
  t.is(h.fake.uploads.length, 1);
  t.is(h.fake.uploads[0].filename, '杨舍镇2025年度报告.docx');
  t.deepEqual(Buffer.from(h.fake.uploads[0].bytes), bytes);
  t.deepEqual(h.fake.messages.map((m) => [m.msgtype, m.touser]), [['file', 'o1'], ['markdown', 'o1']]);
  t.deepEqual(h.fake.messages[0].file, { media_id: h.fake.uploads[0].mediaId });
  t.deepEqual(h.fake.messages[1].markdown, { content: '**已生成**' });
});
