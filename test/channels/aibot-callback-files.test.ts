// The Word file in the bot's callback mode: neither the stream nor a response_url can carry a
// file (101031, 101138), so it goes through the self-built app when the app is configured, and
// otherwise the member is told plainly that it was not sent and how to get it — never that it was.
// A file an official sends (last year's report) is fetched from its URL and decrypted with the
// callback's key (100719), then read as the app's are.
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { renderDocx } from '../../src/publish/docx.ts';
import { FILE_BY_APP, NO_FILE } from '../../src/channels/aibot-callback.ts';
import { startCallbackFront } from '../support/aibot-callback-cluster.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startAibotCallbackService, textBody } from '../support/fake-aibot-callback.ts';
import { seed } from '../support/reports.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '甲镇', officialId: 'a' }] };
const promised = /^好的，正在按官方版式生成 Word 文件，稍后发送给您。/;

forEachDatabase('without the app, 生成报告 in callback mode says in the stream that the file was not sent and how to get it', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  await harness.say('a', '你好', 'f-0');
  const shown = await harness.say('a', '生成报告', 'f-1');
  t.regex(shown, promised);
  t.true(shown.endsWith(`\n\n${NO_FILE}`));
  const file = await harness.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'file:aibot:f-1:0' });
  t.like(file, { channel: 'aibot-callback', recipient: 'a', kind: 'report-file', state: 'failed' });
  t.regex(file.lastError ?? '', /cannot send files/);
  t.deepEqual(harness.responses, []);
});

forEachDatabase('with the app configured, 生成报告 in callback mode sends the Word file through the app, and the stream says where to find it', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan, app: true });
  await harness.say('a', '你好', 'f-0');
  const shown = await harness.say('a', '生成报告', 'f-1');
  t.regex(shown, promised);
  t.true(shown.endsWith(`\n\n${FILE_BY_APP}`));
  t.deepEqual(harness.app!.uploads.map((u) => [u.type, u.filename]), [['file', '甲镇2025年度政府信息公开工作年度报告.docx']]);
  t.deepEqual(harness.app!.messages.map((m) => [m.touser, m.msgtype, (m.file as { media_id: string }).media_id]), [['a', 'file', harness.app!.uploads[0].mediaId]]);
  t.like(await harness.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'file:aibot:f-1:0' }), { state: 'sent' });
}, 'sqlite');

forEachDatabase('without the app, a file asked for after the stream closed: the member is told through the response_url', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  await harness.say('a', '你好', 'f-0');
  const front = await startCallbackFront(t, harness.databaseUrl, harness.clock);
  await harness.postTo(front.url, textBody(harness.responseBase, 'a', '生成报告', 'f-1'));
  harness.clock.advance(5 * 60_000);
  t.is(await harness.service.engine.recover(harness.clock.now()), 1);
  await harness.service.idle();
  // The reply's text took the message's own response_url; the notice the latest other one left (f-0's).
  t.deepEqual(harness.responses.map((r) => r.code), ['rc-f-1', 'rc-f-0']);
  t.regex((harness.responses[0].body.markdown as { content: string }).content, promised);
  t.is((harness.responses[1].body.markdown as { content: string }).content, NO_FILE);
  t.like(await harness.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'file:aibot:f-1:0' }), { state: 'failed' });
}, 'sqlite');

// Seed 000 is 杨舍镇's 2020 report (2019 format): last year's for a 2021 campaign.
const plan2021 = { supervisingUnit: '某县政务公开办', year: 2021, format: '2021' as const, units: [{ name: '杨舍镇', officialId: 'o1' }] };

forEachDatabase('last year\'s report sent to the bot as a file in callback mode is fetched, decrypted with the callback\'s key, read back, and stored on 是', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan: plan2021 });
  await harness.say('o1', '你好', 'p-0');
  const docx = await renderDocx(seed('000').report, { signedOn: '2021-01-15' });
  const read = await harness.sayBody('o1', harness.fileBody('o1', { bytes: docx, fileName: '杨舍镇2020年度政府信息公开工作年度报告.docx' }, 'p-1'));
  // The message carries no file name (100719); the download's is used to read it, not kept.
  t.is(read, [
    '已读取这个文件（Word 文件）：',
    '杨舍镇2020年度政府信息公开工作年度报告，国办公开办函〔2019〕60号格式；',
    '表格共198个单元格，198个有数字；',
    '结转下年度：自然人2件。',
    '这是贵单位2020年度的报告，作为上年报告保存吗？回复“是”保存',
  ].join('\n'));
  t.is(harness.fileGets, 1);
  await harness.say('o1', '是', 'p-2');
  t.is((await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: 2020 })).status, 'imported');
});

forEachDatabase('a file whose URL expired (5 minutes) before it was read is refused, asking for it again; nothing is stored', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan: plan2021 });
  await harness.say('o1', '你好', 'p-0');
  const body = harness.fileBody('o1', { bytes: Buffer.from('x'), fileName: 'a.docx' }, 'p-1');
  harness.clock.advance(6 * 60_000);
  t.regex(await harness.sayBody('o1', body), /文件已过期，无法下载，请重新发送。/);
  t.is(harness.fileGets, 0);
  t.is(await harness.service.db.manager.countBy(ReportRecord, { year: 2020 }), 0);
}, 'sqlite');
