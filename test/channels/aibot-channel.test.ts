// The 智能机器人 channel end to end over a real WebSocket: the same journal, engine and outbox as
// the app's callback. A seed transcript filed through the long connection stores the seed; a
// connection dropped mid-transcript loses nothing and applies nothing twice.
import WebSocket from 'ws';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { readReport } from '../../src/bot/store.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { formats } from '../../src/report/formats.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { startAibotService } from '../support/aibot-service.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';

const seed = seedReport(seedTranscripts['001'].file);
const plan = { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019' as const, units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] };
const lines = readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url));

forEachDatabase('a seed transcript filed through the long connection stores the seed, every reply on the message\'s req_id', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  for (const [i, text] of lines.entries()) {
    const replies = await harness.say('official', text, { msgid: `m-${i}` });
    t.true(replies.length > 0, `a reply to ${text.slice(0, 20)}`);
  }
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  t.regex(harness.saidTo('official').at(-1)!, /已提交，审核人审核后会通知您/);
  t.true(harness.fake.said().filter((s) => s.to === 'official').every((s) => s.via === 'respond'));
  const journal = await harness.service.db.manager.find(InboundMessage);
  t.deepEqual(journal.map((m) => [m.key, m.status]), lines.map((_, i) => [`aibot:m-${i}`, 'done']));
  const rows = await harness.service.db.manager.find(OutboxMessage, { where: { channel: 'aibot', kind: 'text' } });
  t.true(rows.every((r) => r.state === 'sent'));
  // The submitted report comes back as a Word file, uploaded in chunks over the connection, and reads back as the stored report.
  await harness.fake.waitFor(() => harness.fake.frames.some((f) => f.body.msgtype === 'file'));
  const file = harness.fake.frames.find((f) => f.body.msgtype === 'file')!;
  t.is(harness.fake.uploads.length, 1);
  t.deepEqual(file.body.file, { media_id: harness.fake.uploads[0].mediaId });
  t.is(harness.fake.uploads[0].filename, `${seed.unit}${seed.year}年度政府信息公开工作年度报告.docx`);
  const word = await importDocx(harness.fake.uploads[0].bytes);
  if (word.kind !== 'imported') return t.fail(word.reason);
  t.deepEqual(word.report.values, Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])));
});

forEachDatabase('the connection dropped as a reply goes out: the reply is sent after reconnecting, a redelivered message is not applied again', async (t, database) => {
  const harness = await startAibotService(t, database, { plan });
  const half = Math.floor(lines.length / 2);
  for (const [i, text] of lines.slice(0, half).entries()) await harness.say('official', text, { msgid: `m-${i}` });
  // The next reply is lost with the connection: the socket reconnects at once and the sweep sends it again.
  harness.fake.dropOnNext('aibot_respond_msg');
  const after = await harness.say('official', lines[half], { msgid: `m-${half}` });
  t.is(harness.fake.subscriptions, 2);
  t.true(after.length > 0);
  t.true(harness.fake.said().filter((s) => s.to === 'official').slice(-after.length).every((s) => s.via === 'send'), 'on a new connection, the old req_id is not used');
  // WeCom pushing the same message again (same msgid): journaled once, answered once.
  const before = harness.saidTo('official').length;
  harness.fake.say('official', lines[half], { msgid: `m-${half}` });
  for (const [j, text] of lines.slice(half + 1).entries()) await harness.say('official', text, { msgid: `m-${half + 1 + j}` });
  t.true(harness.saidTo('official').length > before);
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  t.is(await harness.service.db.manager.count(InboundMessage), lines.length, 'the redelivery stopped at the journal');
  const rows = await harness.service.db.manager.find(OutboxMessage, { where: { channel: 'aibot', kind: 'text' } });
  t.true(rows.every((r) => r.state === 'sent'));
});

forEachDatabase('提交 brings a card with buttons; clicking 确认提交 submits the report and updates the card on the click\'s req_id', async (t, database) => {
  const seed2 = seedReport(seedTranscripts['002'].file);
  const harness = await startAibotService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed2.year, format: '2019', units: [{ name: seed2.unit, officialId: 'official', lastYear: previousOf(seed2) }] },
  });
  const transcript = readTranscript(new URL('../transcripts/seed-002.txt', import.meta.url));
  t.deepEqual(transcript.slice(-2), ['提交', '确认提交']);
  for (const text of transcript.slice(0, -1)) await harness.say('official', text);
  await harness.fake.waitFor(() => harness.fake.frames.some((f) => f.body.msgtype === 'template_card'));
  const cardFrame = harness.fake.frames.find((f) => f.body.msgtype === 'template_card')!;
  t.is(cardFrame.cmd, 'aibot_respond_msg', 'the card answers the 提交 message');
  const card = cardFrame.body.template_card as { card_type: string; task_id: string; main_title: { title: string }; button_list: { key: string; text: string }[] };
  t.is(card.card_type, 'button_interaction');
  t.is(card.main_title.title, '确认提交年度报告');
  t.deepEqual(card.button_list.map((b) => [b.key, b.text]), [['确认提交', '确认提交'], ['暂不提交', '暂不提交']]);

  const before = harness.saidTo('official').length;
  const click = harness.fake.event('official', { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: '确认提交', task_id: card.task_id } });
  await harness.fake.waitFor(() => harness.saidTo('official').length > before && harness.fake.frames.some((f) => f.cmd === 'aibot_respond_update_msg'));
  await harness.service.idle();
  const update = harness.fake.frames.find((f) => f.cmd === 'aibot_respond_update_msg')!;
  t.is(update.req_id, click);
  t.deepEqual(update.body, { response_type: 'update_template_card', template_card: { card_type: 'text_notice', main_title: { title: '已选择「确认提交」' }, task_id: card.task_id, card_action: { type: 0 } } });
  t.is((await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed2.year })).status, 'submitted');
  t.regex(harness.saidTo('official').at(-1)!, /已提交，审核人审核后会通知您/);
}, 'sqlite');

forEachDatabase('/healthz shows the bot\'s connection; kicked by another connection, the service is degraded and the bot stays down', async (t, database) => {
  const harness = await startAibotService(t, database);
  await harness.reached((status) => status.state === 'online');
  const online = await (await fetch(`${harness.service.url}/healthz`)).json() as { status: string; aibot: { state: string; holder: boolean } };
  t.is(online.status, 'ok');
  t.like(online.aibot, { state: 'online', holder: true });
  // Someone else subscribes as this bot (a test copy elsewhere): WeCom closes ours with a disconnected_event.
  const other = new WebSocket(harness.fake.url);
  t.teardown(() => other.close());
  await new Promise((resolve) => other.once('open', resolve));
  other.send(JSON.stringify({ cmd: 'aibot_subscribe', headers: { req_id: 'other' }, body: { bot_id: harness.fake.botId, secret: harness.fake.secret } }));
  await harness.reached((status) => status.state === 'kicked');
  const kicked = await (await fetch(`${harness.service.url}/healthz`)).json() as { status: string; aibot: { state: string; holder: boolean } };
  t.is(kicked.status, 'degraded');
  t.like(kicked.aibot, { state: 'kicked', holder: true });
  t.is(harness.fake.subscriptions, 2, 'not fought over');
}, 'sqlite');

forEachDatabase('frames refused with error codes: a refused reply on the req_id goes out proactively; a refused proactive send is retried and delivered once', async (t, database) => {
  const harness = await startAibotService(t, database);
  harness.fake.refuseNext('aibot_respond_msg', 40099, 'req_id expired');
  t.deepEqual(await harness.say('visitor', '你好'), ['您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。']);
  t.deepEqual(harness.fake.said().map((s) => s.via), ['send']);

  harness.fake.refuseNext('aibot_respond_msg', 40099, 'req_id expired');
  harness.fake.refuseNext('aibot_send_msg', 50001, 'system busy');
  harness.fake.say('visitor', '在吗');
  // Both refusals used: the send that met them is still under way, and idle() waits for it to put the message back.
  await harness.fake.waitFor(() => harness.fake.refusing === 0);
  await harness.service.idle();
  const [row] = await harness.service.db.manager.find(OutboxMessage, { where: { state: 'pending' } });
  t.is(harness.saidTo('visitor').length, 1, 'refused twice: not shown');
  t.like(row, { channel: 'aibot', recipient: 'visitor', attempts: 1, lastError: 'errcode 50001：system busy' });
  // Its backoff (1 s) passed: the sweep sends it, once, on the message's req_id again (still valid).
  harness.clock.advance(1000);
  await harness.service.dispatcher!.sweep();
  await harness.service.idle();
  t.deepEqual(harness.fake.said().map((s) => [s.via, s.content.slice(0, 6)]), [['send', '您好，您的企'], ['respond', '您好，您的企']]);
  t.is(await harness.service.db.manager.count(OutboxMessage, { where: { state: 'sent' } }), 2);
}, 'sqlite');
