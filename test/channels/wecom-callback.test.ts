// The callback over real HTTP: the official vectors, messages encrypted by the independent
// encryptor, the bot's replies arriving at the fake WeCom through message/send.
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { readReport } from '../../src/bot/store.ts';
import { importDocx } from '../../src/publish/read-docx.ts';
import { formats } from '../../src/report/formats.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { forEachDatabase } from '../support/databases.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';
import { eventXml, wecomVectors } from '../support/wecom-encryptor.ts';
import { clockAt, startWecomService } from '../support/wecom-service.ts';

const { a, b } = wecomVectors;
const setA = { token: a.token, encodingAesKey: a.encodingAesKey, corpId: a.corpId, agentId: 1000002 };
const setB = { token: b.token, encodingAesKey: b.encodingAesKey, corpId: b.corpId, agentId: 218 };
const at = (timestamp: string) => clockAt(new Date(Number(timestamp) * 1000));
const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '某县统计局', officialId: 'o1' }, { name: '杨舍镇', officialId: 'o2' }] };

forEachDatabase('URL verification echoes the plaintext of both official vectors, as plain text', async (t, database) => {
  const withA = await startWecomService(t, database, { app: setA, clock: at(a.verify.timestamp) });
  const search = new URLSearchParams({ msg_signature: a.verify.signature, timestamp: a.verify.timestamp, nonce: a.verify.nonce, echostr: a.verify.echostr });
  const answerA = await fetch(`${withA.url}/wecom/callback?${search}`);
  t.is(answerA.status, 200);
  t.is(answerA.headers.get('content-type'), 'text/plain; charset=utf-8');
  t.is(await answerA.text(), '1288432023552776189');
  const withB = await startWecomService(t, database, { app: setB, clock: at(b.verify.timestamp) });
  const answerB = await fetch(`${withB.url}/wecom/callback?${b.verify.wire}`);
  t.is(await answerB.text(), '1616140317555161061');
}, 'sqlite');

forEachDatabase('the official POST vectors decrypt and are handled; B\'s 64-bit MsgId survives as a string', async (t, database) => {
  const withA = await startWecomService(t, database, { app: setA, clock: at(a.message.timestamp) });
  const answer = await fetch(`${withA.url}/wecom/callback?${new URLSearchParams({ msg_signature: a.message.signature, timestamp: a.message.timestamp, nonce: a.message.nonce })}`, { method: 'POST', body: a.message.body });
  t.is(answer.status, 200);
  t.is(await answer.text(), '');
  await withA.fake.waitForMessages(1);
  t.deepEqual(withA.replies(), [['ChenJiaShun', '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。']]);

  const withB = await startWecomService(t, database, { app: setB, clock: at(b.message.timestamp) });
  const body = `<xml><ToUserName><![CDATA[${b.corpId}]]></ToUserName><Encrypt><![CDATA[${b.message.encrypted}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
  const answerB = await fetch(`${withB.url}/wecom/callback?${new URLSearchParams({ msg_signature: b.message.signature, timestamp: b.message.timestamp, nonce: b.message.nonce })}`, { method: 'POST', body });
  t.is(answerB.status, 200);
  await withB.fake.waitForMessages(1);
  const journaled = await withB.service.db.manager.find(InboundMessage);
  t.deepEqual(journaled.map((m) => [m.key, m.memberUserId, m.status]), [['msg:4561255354251345929', 'mycreate', 'done']]);
});

forEachDatabase('a seed transcript filed over HTTP, each reply received by the fake WeCom, stores the seed', async (t, database) => {
  const seed = seedReport(seedTranscripts['001'].file);
  const harness = await startWecomService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] },
  });
  const lines = readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url));
  for (const text of lines) {
    const before = harness.replies().length;
    t.is((await harness.say('official', text)).status, 200);
    await harness.service.idle();
    t.true(harness.replies().length > before, `a reply to ${text.slice(0, 20)}`);
  }
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  const toOfficial = harness.replies().filter(([to]) => to === 'official').map(([, text]) => text);
  t.true(toOfficial.every((text) => text.trim() !== ''));
  t.is(await harness.service.db.manager.count(OutboxMessage), harness.fake.messages.length, 'one delivery per reply');
  t.regex(toOfficial.at(-1)!, /已提交，审核人审核后会通知您/);
  t.deepEqual(harness.replies().filter(([to]) => to !== 'official').map(([to]) => to), ['demo-supervisor'], 'the supervisor is told of the submission');
  // The submitted report comes back as a Word file, and that file reads back as the stored report.
  const files = harness.fake.messages.filter((m) => m.msgtype === 'file');
  t.deepEqual(files.map((m) => m.touser), ['official']);
  const upload = harness.fake.uploads.find((u) => u.mediaId === (files[0].file as { media_id: string }).media_id)!;
  t.is(upload.filename, `${seed.unit}${seed.year}年度政府信息公开工作年度报告.docx`);
  const word = await importDocx(upload.bytes);
  if (word.kind !== 'imported') return t.fail(word.reason);
  t.deepEqual(word.report.values, Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])));
  t.is(word.report.texts.overview, stored.texts.overview);
});

forEachDatabase('a transcript whose messages alternate between two web processes, each sent as soon as the last reply arrived, gets every reply once and promptly, without the scheduler', async (t, database) => {
  const seed = seedReport(seedTranscripts['001'].file);
  const harness = await startWecomService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] },
  });
  const other = await harness.another();
  const toOfficial = () => harness.fake.messages.filter((m) => m.touser === 'official' && m.msgtype === 'text').length;
  const lines = readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url));
  for (const [i, text] of lines.entries()) {
    const before = toOfficial();
    // As a load balancer would: each message to the other process. The next is sent the moment a
    // reply arrives, while its sender still waits for WeCom's answer (held back 100 ms here): the
    // member's lease is then still held by the other process.
    harness.fake.inject('message/send', { delayMs: 100 });
    t.is((await (i % 2 ? other : harness).say('official', text)).status, 200);
    // Looked at as each message reaches the fake; the 5 s are a guard, not a wait.
    const replied = await harness.fake.waitFor(() => toOfficial() > before).then(() => true, () => false);
    if (!replied) return t.fail(`no reply to 「${text.slice(0, 20)}」 within 5 s: left to the sweep`);
  }
  await Promise.all([harness.service.idle(), other.service.idle()]);
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  const rows = await harness.service.db.manager.find(OutboxMessage);
  t.true(rows.every((r) => r.state === 'sent'));
  t.is(rows.length, harness.fake.messages.length, 'one delivery per reply');
}, 'mariadb');

forEachDatabase('an image is answered with a request for text', async (t, database) => {
  const harness = await startWecomService(t, database, { plan });
  const image = `<xml><ToUserName><![CDATA[${setA.corpId}]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1767578400</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>77</MsgId><AgentID>1000002</AgentID></xml>`;
  t.is((await harness.post(image)).status, 200);
  await harness.fake.waitForMessages(1);
  t.deepEqual(harness.replies(), [['o1', '抱歉，目前只能识别文字消息，请直接发送文字回复。如需帮助，请回复“帮助”。']]);
});

forEachDatabase('提交 brings a card; tapping 确认提交 on it submits the report and greys the card out', async (t, database) => {
  const seed = seedReport(seedTranscripts['002'].file);
  const harness = await startWecomService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019', units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] },
  });
  const lines = readTranscript(new URL('../transcripts/seed-002.txt', import.meta.url));
  t.deepEqual(lines.slice(-2), ['提交', '确认提交']);
  for (const text of lines.slice(0, -1)) {
    await harness.say('official', text);
    await harness.service.idle();
  }
  const card = harness.fake.messages.at(-1)!;
  t.is(card.msgtype, 'template_card');
  const template = card.template_card as { task_id: string; main_title: { title: string }; button_list: { key: string; text: string; type: number }[] };
  t.is(template.main_title.title, '确认提交年度报告');
  t.deepEqual(template.button_list.map((b) => [b.type, b.key, b.text]), [[0, '确认提交', '确认提交'], [0, '暂不提交', '暂不提交']]);

  const responseCode = harness.fake.issueResponseCode();
  const tap = eventXml({ toUser: setA.corpId, fromUser: 'official', event: 'template_card_event', eventKey: '确认提交', taskId: template.task_id, cardType: 'button_interaction', responseCode, createTime: '1767578400' });
  t.is((await harness.post(tap)).status, 200);
  t.is((await harness.post(tap)).status, 200, 'WeCom delivering the tap again');
  await harness.service.idle();
  t.is((await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year })).status, 'submitted');
  t.deepEqual(harness.fake.cardUpdates, [{ userids: ['official'], agentid: 1000002, response_code: responseCode, button: { replace_name: '已选择「确认提交」' } }]);
  t.regex(harness.replies().filter(([to]) => to === 'official').at(-1)![1], /已提交，审核人审核后会通知您/);
});
