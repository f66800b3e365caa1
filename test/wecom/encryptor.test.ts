// The independent test encryptor (test/support/wecom-encryptor.ts) agrees with the official
// vectors and with src/wecom: what it builds, our code opens, and what WeCom sent, it decrypts.
import test from 'ava';
import { openEnvelope, type CallbackKeys } from '../../src/wecom/crypto.ts';
import { readEnvelope, readInbound } from '../../src/wecom/inbound.ts';
import {
  callbackRequest, decryptFromWecom, encryptForWecom, eventXml, signWecom, textMessageXml, verifyUrlRequest, wecomVectors,
} from '../support/wecom-encryptor.ts';

const { a, b, c } = wecomVectors;
const keysA: CallbackKeys = { token: a.token, encodingAesKey: a.encodingAesKey, receiveId: a.corpId };
const sideA = { token: a.token, encodingAesKey: a.encodingAesKey, corpId: a.corpId };

test('it decrypts the official A2 and B2 ciphertexts to the expected plaintexts', (t) => {
  const a2 = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(a.message.body)?.[1] ?? '';
  t.deepEqual(decryptFromWecom(a.encodingAesKey, a2), { message: a.message.plaintext, receiveId: a.corpId });
  t.deepEqual(decryptFromWecom(b.encodingAesKey, b.message.encrypted), { message: b.message.plaintext, receiveId: b.corpId });
});

test('it decrypts the official A1 and B1 echostr to the numbers to echo', (t) => {
  t.deepEqual(decryptFromWecom(a.encodingAesKey, a.verify.echostr), { message: a.verify.echo, receiveId: a.corpId });
  t.deepEqual(decryptFromWecom(b.encodingAesKey, b.verify.echostr), { message: b.verify.echo, receiveId: b.corpId });
});

test('it signs the official vectors with their official signatures', (t) => {
  t.is(signWecom(a.token, a.verify.timestamp, a.verify.nonce, a.verify.echostr), a.verify.signature);
  t.is(signWecom(b.token, b.message.timestamp, b.message.nonce, b.message.encrypted), b.message.signature);
});

test('with Set C\'s random it encrypts exactly the derived passive-reply ciphertext', (t) => {
  t.is(encryptForWecom(a.encodingAesKey, c.plaintext, a.corpId, Buffer.from(c.random)), c.encrypted);
  t.is(signWecom(a.token, c.timestamp, c.nonce, c.encrypted), c.signature);
});

test('a POST it builds is read and opened by our code to the same message', (t) => {
  const plaintext = textMessageXml({ toUser: a.corpId, fromUser: 'LiSi', createTime: '1700000001', content: ' 填报 ]]> 完成\n', msgId: '4561255354251345929', agentId: '1000002' });
  const request = callbackRequest({ ...sideA, plaintext, timestamp: '1700000001', nonce: 'n-1', agentId: '1000002' });
  t.deepEqual(request.query, { msg_signature: signWecom(a.token, '1700000001', 'n-1', request.encrypted), timestamp: '1700000001', nonce: 'n-1' });
  const envelope = readEnvelope(request.body);
  t.deepEqual(envelope, { kind: 'envelope', toUserName: a.corpId, agentId: '1000002', encrypted: request.encrypted });
  const q = new URLSearchParams(request.search);
  const opened = openEnvelope(keysA, {
    signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '', encrypted: request.encrypted,
  });
  t.deepEqual(opened, { kind: 'opened', plaintext });
  t.deepEqual(readInbound(plaintext), {
    kind: 'text', msgId: '4561255354251345929', fromUser: 'LiSi', createTime: '1700000001', agentId: '1000002', content: ' 填报 ]]> 完成\n',
  });
});

test('a GET verification it builds opens to the echo, through the percent-encoded query', (t) => {
  const request = verifyUrlRequest({ ...sideA, echo: '9876543210123456789', random16: Buffer.alloc(16, 0xfb) });
  const q = new URLSearchParams(request.search);
  t.is(q.get('echostr'), request.query.echostr);
  t.deepEqual(openEnvelope(keysA, {
    signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '', encrypted: q.get('echostr') ?? '',
  }), { kind: 'opened', plaintext: '9876543210123456789' });
});

test('an event it builds opens and reads as that event', (t) => {
  const plaintext = eventXml({ toUser: a.corpId, fromUser: 'LiSi', event: 'template_card_event', eventKey: 'ok', taskId: 'task-1', cardType: 'button_interaction', responseCode: 'rc' });
  const { query, encrypted } = callbackRequest({ ...sideA, plaintext });
  const opened = openEnvelope(keysA, { signature: query.msg_signature, timestamp: query.timestamp, nonce: query.nonce, encrypted });
  if (opened.kind !== 'opened') return t.fail(opened.reason);
  const m = readInbound(opened.plaintext);
  t.deepEqual(m.kind === 'event' ? [m.event, m.eventKey, m.taskId, m.cardType, m.responseCode] : m,
    ['template_card_event', 'ok', 'task-1', 'button_interaction', 'rc']);
});

test('its text message XML matches the shape of the official plaintexts', (t) => {
  t.is(textMessageXml({ toUser: 'ww1', fromUser: 'u', createTime: '1', content: 'c', msgId: '2', agentId: '3' }),
    '<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime>'
    + '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[c]]></Content><MsgId>2</MsgId><AgentID>3</AgentID></xml>');
});
