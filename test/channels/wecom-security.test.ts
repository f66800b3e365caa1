// Requests WeCom did not send, or that must not be acted on: each is refused with the right
// status and nothing is journaled, changed or sent.
import type { ExecutionContext } from 'ava';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { forEachDatabase, type TestDatabase } from '../support/databases.ts';
import { callbackRequest, encryptForWecom, signWecom, textMessageXml, verifyUrlRequest } from '../support/wecom-encryptor.ts';
import { startWecomService, testKeys, type WecomHarness } from '../support/wecom-service.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '某县统计局', officialId: 'o1' }, { name: '杨舍镇', officialId: 'o2' }] };
const text = (content: string, fromUser = 'o1', msgId = '900001') => textMessageXml({ toUser: testKeys.corpId, fromUser, content, msgId, createTime: '1767578400' });

async function harnessFor(t: ExecutionContext, database: TestDatabase): Promise<WecomHarness> {
  return startWecomService(t, database, { plan });
}

/** A signed request for `plaintext`, at the harness clock. */
function signed(h: WecomHarness, plaintext: string) {
  return callbackRequest({ ...testKeys, agentId: String(testKeys.agentId), plaintext, timestamp: String(Math.floor(h.clock.now().getTime() / 1000)), nonce: '4242' });
}

const send = (h: WecomHarness, search: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/wecom/callback?${search}`, { method: 'POST', body, headers });

async function assertNothingHappened(t: ExecutionContext, h: WecomHarness) {
  t.is(await h.service.db.manager.count(InboundMessage), 0, 'nothing journaled');
  t.is(await h.service.db.manager.count(OutboxMessage), 0, 'nothing to send');
  t.is(await h.service.db.manager.count(ReportRecord), 0, 'no report touched');
  t.is(h.fake.messages.length, 0, 'nothing sent');
}

forEachDatabase('a forged signature is refused with 401', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('改 行政许可 5'));
  const forged = new URLSearchParams({ ...request.query, msg_signature: request.query.msg_signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
  t.is((await send(h, forged.toString(), request.body)).status, 401);
  await assertNothingHappened(t, h);
});

forEachDatabase('a tampered ciphertext is refused: 401 with the original signature, 400 even when re-signed', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('改 行政许可 5'));
  const flipped = request.encrypted.replace(/^(.{20})(.)/, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
  const body = request.body.replace(request.encrypted, flipped);
  t.is((await send(h, request.search, body)).status, 401);
  const resigned = new URLSearchParams({ ...request.query, msg_signature: signWecom(testKeys.token, request.query.timestamp, request.query.nonce, flipped) });
  t.is((await send(h, resigned.toString(), body)).status, 400);
  await assertNothingHappened(t, h);
});

forEachDatabase('a message encrypted for another CorpID is refused with 401', async (t, database) => {
  const h = await harnessFor(t, database);
  const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
  const encrypted = encryptForWecom(testKeys.encodingAesKey, text('改 行政许可 5'), 'wwffffffffffffffff');
  const query = new URLSearchParams({ msg_signature: signWecom(testKeys.token, timestamp, '1', encrypted), timestamp, nonce: '1' });
  t.is((await send(h, query.toString(), `<xml><ToUserName><![CDATA[${testKeys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`)).status, 401);
  await assertNothingHappened(t, h);
});

forEachDatabase('a timestamp more than 5 minutes old or ahead is refused with 401, though signed correctly', async (t, database) => {
  const h = await harnessFor(t, database);
  const now = Math.floor(h.clock.now().getTime() / 1000);
  for (const timestamp of [now - 301, now + 301]) {
    const request = callbackRequest({ ...testKeys, agentId: '1000002', plaintext: text('改 行政许可 5'), timestamp: String(timestamp), nonce: '1' });
    t.is((await send(h, request.search, request.body)).status, 401, String(timestamp - now));
  }
  const inWindow = callbackRequest({ ...testKeys, agentId: '1000002', plaintext: text('你好'), timestamp: String(now - 299), nonce: '1' });
  t.is((await send(h, inWindow.search, inWindow.body)).status, 200, 'within the window');
});

forEachDatabase('a body over 64 KB is refused with 413', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('好'.repeat(30_000)));
  t.is((await send(h, request.search, request.body)).status, 413);
  await assertNothingHappened(t, h);
});

forEachDatabase('XML with a DOCTYPE or entities is refused with 400, outside or inside the encryption', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('你好'));
  const outer = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${request.body.replace('<xml>', '<xml><Note>&x;</Note>')}`;
  t.is((await send(h, request.search, outer)).status, 400);
  const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    + `<xml><ToUserName>${testKeys.corpId}</ToUserName><FromUserName>o1</FromUserName><CreateTime>1767578400</CreateTime><MsgType>text</MsgType><Content>&b;</Content><MsgId>5</MsgId><AgentID>1000002</AgentID></xml>`;
  const inner = signed(h, bomb);
  t.is((await send(h, inner.search, inner.body)).status, 400);
  await assertNothingHappened(t, h);
});

forEachDatabase('a body that is not XML, or XML that is not a message, is refused with 400', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('你好'));
  for (const body of ['hello', '{"Encrypt":"abc"}', '<xml><Encrypt>', '<root><Encrypt>x</Encrypt></root>', '']) {
    t.is((await send(h, request.search, body)).status, 400, body);
  }
  const notAMessage = signed(h, '<xml><Hello>world</Hello></xml>');
  t.is((await send(h, notAMessage.search, notAMessage.body)).status, 400);
  await assertNothingHappened(t, h);
});

forEachDatabase('missing or doubled parameters are refused with 400, for POST and GET', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('你好'));
  for (const name of ['msg_signature', 'timestamp', 'nonce']) {
    const query = new URLSearchParams({ ...request.query });
    query.delete(name);
    t.is((await send(h, query.toString(), request.body)).status, 400, name);
  }
  t.is((await send(h, `${request.search}&nonce=2`, request.body)).status, 400, 'nonce twice');
  const verify = verifyUrlRequest({ ...testKeys, echo: '123', timestamp: String(Math.floor(h.clock.now().getTime() / 1000)) });
  t.is((await fetch(`${h.url}/wecom/callback?${verify.search}`)).status, 200);
  const noEcho = new URLSearchParams({ ...verify.query });
  noEcho.delete('echostr');
  t.is((await fetch(`${h.url}/wecom/callback?${noEcho}`)).status, 400);
  await assertNothingHappened(t, h);
});

forEachDatabase('an unknown userid is told to contact the administrator, and nothing else is stored', async (t, database) => {
  const h = await harnessFor(t, database);
  const request = signed(h, text('改 三（一）自然人 10', 'intruder'));
  t.is((await send(h, request.search, request.body)).status, 200);
  await h.fake.waitForMessages(1);
  t.deepEqual(h.replies(), [['intruder', '您好，您的企业微信账号尚未登记为年报填报人员，请联系本单位或上级政务公开管理员开通。']]);
  t.is(await h.service.db.manager.count(ReportRecord), 0);
});

forEachDatabase("an official naming another unit changes neither report and sees nothing of the other's", async (t, database) => {
  const h = await harnessFor(t, database);
  await h.say('o2', '开始');
  await h.say('o2', '3 0 3');
  await h.fake.waitForMessages(2);
  const town = await h.service.db.manager.findOneByOrFail(Unit, { name: '杨舍镇' });
  const before = await h.service.db.manager.findOneByOrFail(ReportRecord, { unitId: town.id });
  for (const attempt of ['改 杨舍镇 规章 9 9 9', '查看 杨舍镇', '杨舍镇 预览']) await h.say('o1', attempt);
  await h.fake.waitForMessages(5);
  const after = await h.service.db.manager.findOneByOrFail(ReportRecord, { unitId: town.id });
  t.deepEqual([after.values, after.version], [before.values, before.version]);
  const toO1 = h.replies().filter(([to]) => to === 'o1').map(([, reply]) => reply).join('\n');
  t.false(toO1.includes('3 / 0 / 3'), "the town's figures are not shown to the bureau");
  const bureau = await h.service.db.manager.findOneBy(ReportRecord, { unitId: (await h.service.db.manager.findOneByOrFail(Unit, { name: '某县统计局' })).id });
  t.is(bureau?.values ?? '{}', '{}');
});

forEachDatabase('a command for supervisors sent by an official is refused politely', async (t, database) => {
  const h = await harnessFor(t, database);
  await h.say('o1', '催办 全部未交');
  await h.fake.waitForMessages(1);
  t.regex(h.replies()[0][1], /“催办”是审核人使用的指令/);
});

forEachDatabase('oversized identifiers (a UserID of 65 characters, a MsgId of 200 digits) are refused with 400, never 5xx, and never journaled', async (t, database) => {
  const h = await harnessFor(t, database);
  for (const plaintext of [text('进度', 'u'.repeat(65)), text('进度', 'o1', '9'.repeat(200)), text('进度', 'o1', '1'.repeat(21))]) {
    const request = signed(h, plaintext);
    t.is((await send(h, request.search, request.body)).status, 400);
  }
  await h.service.idle();
  await assertNothingHappened(t, h);
});
