// The 智能机器人's callback URL end to end over real HTTP, WeCom's side played by the independent
// encryptor: each message answered at once with an unfinished stream, its turn's replies shown by
// the stream refreshes, cards through response_url; the same journal, engine and outbox as the
// long connection. Refused with nothing changed: a bad signature, tampered ciphertext, a stale
// timestamp, an oversized body.
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { readReport } from '../../src/bot/store.ts';
import { formats } from '../../src/report/formats.ts';
import { readTranscript } from '../handlers/helpers.ts';
import { forEachDatabase } from '../support/databases.ts';
import { botKeys, startAibotCallbackService, textBody } from '../support/fake-aibot-callback.ts';
import { encryptForWecom, signWecom, verifyUrlRequest, wecomVectors } from '../support/wecom-encryptor.ts';
import { startService } from '../../src/service.ts';
import { expectedValues, previousOf, seedReport, seedTranscripts } from '../support/seed-transcripts.ts';

const seed = seedReport(seedTranscripts['001'].file);
const plan = { supervisingUnit: '某县政务公开办', year: seed.year, format: '2019' as const, units: [{ name: seed.unit, officialId: 'official', lastYear: previousOf(seed) }] };
const lines = readTranscript(new URL('../transcripts/seed-001.txt', import.meta.url));
const unregistered = '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。';

forEachDatabase('a seed transcript filed through the callback URL stores the seed, every reply shown by its stream\'s refreshes', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  for (const [i, text] of lines.entries()) {
    const shown = await harness.say('official', text, `m-${i}`);
    t.true(shown.length > 0, `a reply to ${text.slice(0, 20)}`);
    if (i === lines.length - 1) t.regex(shown, /已提交，审核人审核后会通知您/);
  }
  const record = await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed.year });
  const stored = await readReport(harness.service.db.manager, record, seed.unit);
  t.is(record.status, 'submitted');
  t.deepEqual(Object.fromEntries(formats['2019'].cells.map((c) => [c.id, stored.values[c.id] ?? 0])), expectedValues('001', seed));
  for (const key of ['overview', 'problems', 'other'] as const) t.is(stored.texts[key], seed.texts[key], key);
  const journal = await harness.service.db.manager.find(InboundMessage, { order: { id: 'ASC' } });
  t.deepEqual(journal.map((m) => [m.key, m.channel, m.status]), lines.map((_, i) => [`aibot:m-${i}`, 'aibot-callback', 'done']));
  const texts = await harness.service.db.manager.find(OutboxMessage, { where: { channel: 'aibot-callback', kind: 'text' } });
  t.true(texts.length >= lines.length);
  t.true(texts.every((r) => r.state === 'sent'));
});

forEachDatabase('URL verification echoes the decrypted echostr; a stale or badly signed one is refused', async (t, database) => {
  const harness = await startAibotCallbackService(t, database);
  t.deepEqual(await harness.verify('1288432023552776189'), { status: 200, text: '1288432023552776189' });
  const stale = String(Math.floor(harness.clock.now().getTime() / 1000) - 600);
  t.is((await harness.verify('1288432023552776189', { timestamp: stale })).status, 401);
  t.is((await harness.verify('1288432023552776189', { signature: '0'.repeat(40) })).status, 401);
}, 'sqlite');

forEachDatabase('a message is answered at once with an open stream; a redelivery opens no second turn; a refresh shows the reply and finishes', async (t, database) => {
  const harness = await startAibotCallbackService(t, database);
  const body = textBody(harness.responseBase, 'visitor', '你好', 'v-1');
  const first = await harness.post(body);
  t.deepEqual(first.reply, { msgtype: 'stream', stream: { id: 'nb-v-1', finish: false, content: '' } });
  const again = await harness.post(body);
  t.deepEqual(again.reply, first.reply);
  await harness.service.idle();
  t.deepEqual(await harness.refresh('visitor', 'nb-v-1'), { content: unregistered, finish: true });
  t.deepEqual(await harness.refresh('visitor', 'nb-v-1'), { content: unregistered, finish: true }, 'a repeated refresh shows the same, once');
  t.is(await harness.service.db.manager.count(InboundMessage), 1);
  t.deepEqual((await harness.service.db.manager.find(OutboxMessage)).map((r) => [r.idempotencyKey, r.state]), [['reply:aibot:v-1:0', 'sent']]);
  t.deepEqual(await harness.refresh('someone-else', 'nb-v-1'), { content: '', finish: true }, 'another member\'s refresh shows nothing of it');
  t.deepEqual(harness.responses, []);
}, 'sqlite');

forEachDatabase('提交 brings its card through the response_url; clicking 确认提交 is answered at once with the card updated, and submits', async (t, database) => {
  const seed2 = seedReport(seedTranscripts['002'].file);
  const harness = await startAibotCallbackService(t, database, {
    plan: { supervisingUnit: '某县政务公开办', year: seed2.year, format: '2019', units: [{ name: seed2.unit, officialId: 'official', lastYear: previousOf(seed2) }] },
  });
  const transcript = readTranscript(new URL('../transcripts/seed-002.txt', import.meta.url));
  t.deepEqual(transcript.slice(-2), ['提交', '确认提交']);
  for (const [i, text] of transcript.slice(0, -1).entries()) await harness.say('official', text, `s-${i}`);
  const cards = harness.responses.filter((r) => r.body.msgtype === 'template_card');
  t.is(cards.length, 1);
  t.is(cards[0].code, `rc-s-${transcript.length - 2}`, 'the 提交 message\'s response_url');
  const card = cards[0].body.template_card as { card_type: string; task_id: string; main_title: { title: string }; button_list: { key: string; text: string }[] };
  t.is(card.main_title.title, '确认提交年度报告');
  t.deepEqual(card.button_list.map((b) => [b.key, b.text]), [['确认提交', '确认提交'], ['暂不提交', '暂不提交']]);

  const click = await harness.post({ msgid: 'click-1', aibotid: 'aib-test', chattype: 'single', from: { userid: 'official' }, response_url: `${harness.responseBase}/cgi-bin/aibot/response?response_code=rc-click-1`, msgtype: 'event', event: { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: '确认提交', task_id: card.task_id } } });
  t.deepEqual(click.reply, { response_type: 'update_template_card', template_card: { card_type: 'text_notice', main_title: { title: '已选择「确认提交」' }, task_id: card.task_id, card_action: { type: 0 } } });
  await harness.service.idle();
  t.is((await harness.service.db.manager.findOneByOrFail(ReportRecord, { year: seed2.year })).status, 'submitted');
  // A click opens no stream: its reply goes to the click's own response_url.
  const answer = harness.responses.find((r) => r.code === 'rc-click-1');
  t.regex((answer?.body.markdown as { content: string } | undefined)?.content ?? '', /已提交，审核人审核后会通知您/);
}, 'sqlite');

forEachDatabase('a bad signature, tampered ciphertext, a stale timestamp and an oversized body are refused with nothing changed', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan });
  const body = (msgid: string) => textBody(harness.responseBase, 'official', '你好', msgid);
  t.is((await harness.post(body('x-1'), { signature: 'f'.repeat(40) })).status, 401);
  const flipped = (encrypted: string) => `${encrypted.slice(0, 10)}${encrypted[10] === 'A' ? 'B' : 'A'}${encrypted.slice(11)}`;
  t.is((await harness.post(body('x-2'), { encrypted: flipped })).status, 401, 'tampered: the signature no longer matches');
  // Signed by someone holding the token, but not a ciphertext of the key: refused at decryption.
  t.is((await harness.post(body('x-2'), { encrypted: (e) => e.slice(0, -4), resign: true })).status, 400);
  const stale = String(Math.floor(harness.clock.now().getTime() / 1000) - 600);
  t.is((await harness.post(body('x-3'), { timestamp: stale })).status, 401);
  t.is((await harness.post(body('x-4'), { body: JSON.stringify({ encrypt: 'A'.repeat(70 * 1024) }) })).status, 413);
  t.is((await harness.post(body('x-5'), { body: '<xml><Encrypt>x</Encrypt></xml>' })).status, 400);
  await harness.service.idle();
  t.is(await harness.service.db.manager.count(InboundMessage), 0);
  t.is(await harness.service.db.manager.count(OutboxMessage), 0);
  t.deepEqual(harness.responses, []);
});

forEachDatabase('an event opens no stream: its reply goes to its response_url, and without one it fails saying why', async (t, database) => {
  const harness = await startAibotCallbackService(t, database, { plan: { ...plan, units: [...plan.units, { name: '某县百步镇人民政府', officialId: 'official2' }] } });
  const entered = (msgid: string, userid: string, responseUrl?: string) => ({ msgid, aibotid: 'aib-test', chattype: 'single', from: { userid }, ...(responseUrl && { response_url: responseUrl }), msgtype: 'event', event: { eventtype: 'enter_chat' } });
  const answer = await harness.post(entered('e-1', 'official', `${harness.responseBase}/cgi-bin/aibot/response?response_code=rc-e-1`));
  t.deepEqual([answer.status, answer.text], [200, '']);
  await harness.service.idle();
  const greeting = await harness.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'reply:aibot:e-1:0' });
  t.like(greeting, { channel: 'aibot-callback', recipient: 'official', state: 'sent' });
  t.deepEqual(harness.responses.map((r) => [r.code, r.body.msgtype, (r.body.markdown as { content: string }).content]), [['rc-e-1', 'markdown', (JSON.parse(greeting.payload) as { text: string }).text]]);

  // No response_url of that member in this process: the callback mode cannot write first, and does not pretend it did.
  await harness.post(entered('e-2', 'official2'));
  await harness.service.idle();
  const unsent = await harness.service.db.manager.findOneByOrFail(OutboxMessage, { idempotencyKey: 'reply:aibot:e-2:0' });
  t.like(unsent, { recipient: 'official2', state: 'failed' });
  t.regex(unsent.lastError ?? '', /cannot write first: no unused response_url/);
  t.deepEqual(harness.responses.map((r) => r.code), ['rc-e-1']);
}, 'sqlite');

forEachDatabase('beside the self-built app, each callback path verifies with its own keys only', async (t, database) => {
  const app = { token: wecomVectors.b.token, encodingAesKey: wecomVectors.b.encodingAesKey, corpId: wecomVectors.b.corpId };
  const now = new Date('2026-01-05T02:00:00Z');
  const service = await startService({
    databaseUrl: await database.url(t), port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' },
    wecom: { ...app, agentId: 1000002, secret: 'app-secret', apiBase: 'http://127.0.0.1:9', callbackPath: '/wecom/callback' },
    aibotCallback: { ...botKeys, callbackPath: '/wecom/bot' },
  }, { now: () => now, tick: false, log: () => {} });
  t.teardown(() => service.stop());
  const timestamp = String(now.getTime() / 1000);
  const appVerify = verifyUrlRequest({ ...app, echo: 'app-echo', timestamp });
  t.is(await (await fetch(`${service.url}/wecom/callback?${appVerify.search}`)).text(), 'app-echo');
  const echostr = encryptForWecom(botKeys.encodingAesKey, 'bot-echo', '');
  const botSearch = new URLSearchParams({ msg_signature: signWecom(botKeys.token, timestamp, 'n', echostr), timestamp, nonce: 'n', echostr }).toString();
  t.is(await (await fetch(`${service.url}/wecom/bot?${botSearch}`)).text(), 'bot-echo');
  // Each path's keys only: the app's verification sent to the bot's path, and the bot's to the app's, are refused.
  t.is((await fetch(`${service.url}/wecom/bot?${appVerify.search}`)).status, 401);
  t.is((await fetch(`${service.url}/wecom/callback?${botSearch}`)).status, 401);
}, 'sqlite');
