// Reading decrypted callback XML into typed messages: every kind, the string-only values, exact
// CDATA text, the dedupe keys, and the refusal of DTDs and of anything that is not WeCom's XML.
import { createHash } from 'node:crypto';
import test from 'ava';
import { dedupeKeyOf, readEnvelope, readInbound, type WecomInbound } from '../../src/wecom/inbound.ts';
import { eventXml, messageXml, textMessageXml } from '../support/wecom-encryptor.ts';

const corp = 'ww1436e0e65a779aee';
const common = { toUser: corp, fromUser: 'ZhangSan', createTime: '1700000123', agentId: '1000002' };
const who = { fromUser: 'ZhangSan', createTime: '1700000123', agentId: '1000002' };

/** The message read from a plaintext, failing the test when it is invalid. */
const readOk = (t: { fail: (m: string) => void }, xml: string): WecomInbound | undefined => {
  const m = readInbound(xml);
  if (m.kind === 'invalid') {
    t.fail(m.reason);
    return undefined;
  }
  return m;
};

test('a text message reads with its MsgId, CreateTime and AgentID as strings', (t) => {
  const xml = textMessageXml({ ...common, content: '本单位 2025 年报', msgId: '4561255354251345929' });
  t.deepEqual(readInbound(xml), { kind: 'text', msgId: '4561255354251345929', ...who, content: '本单位 2025 年报' });
});

test('a Content with leading and trailing spaces and newlines is kept exactly', (t) => {
  const content = '  \n 第一行\n\n  第二行 \t\n  ';
  t.deepEqual(readInbound(textMessageXml({ ...common, content, msgId: '1' })), { kind: 'text', msgId: '1', ...who, content });
});

test('CDATA text keeps markup, ]], ]]>, Chinese and emoji exactly', (t) => {
  for (const content of ['<b>粗</b> & <i>', 'a ]] b', 'x]]>y', '你好 👋🏽 🇨🇳', '&amp; stays &amp;', '<!DOCTYPE html>', '']) {
    const m = readInbound(textMessageXml({ ...common, content, msgId: '2' }));
    t.deepEqual(m, { kind: 'text', msgId: '2', ...who, content }, content);
  }
});

test('a text message without MsgId or without Content is invalid', (t) => {
  const noMsgId = `<xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>`;
  t.deepEqual(readInbound(noMsgId), { kind: 'invalid', reason: 'MsgId is missing' });
  const noContent = `<xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>9</MsgId></xml>`;
  t.deepEqual(readInbound(noContent), { kind: 'invalid', reason: 'Content is missing' });
});

test('image, voice, video, location and link read as media with their MsgType', (t) => {
  const fields = {
    image: { PicUrl: 'https://p.qpic.cn/x', MediaId: 'media-1' },
    voice: { MediaId: 'media-2', Format: 'amr' },
    video: { MediaId: 'media-3', ThumbMediaId: 'thumb-3' },
    location: { Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '某县政府' },
    link: { Title: '年报', Description: '说明', Url: 'https://example.gov.cn', PicUrl: 'https://p.qpic.cn/y' },
  } as const;
  for (const [msgType, extra] of Object.entries(fields)) {
    const m = readInbound(messageXml({ ...common, msgType, msgId: '77', fields: extra }));
    t.deepEqual(m, { kind: 'media', msgType, msgId: '77', ...who }, msgType);
  }
});

test('enter_agent reads as an event with every missing field empty', (t) => {
  const xml = eventXml({ ...common, event: 'enter_agent' });
  t.deepEqual(readInbound(xml), {
    kind: 'event', event: 'enter_agent', eventKey: '', ...who, taskId: '', cardType: '', responseCode: '',
    dedupeKey: `event:${createHash('sha256').update(xml).digest('hex')}`,
  });
});

test('template_card_event reads EventKey, TaskId, CardType and ResponseCode; selections are ignored', (t) => {
  const selected = '<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey>'
    + '<OptionIds><OptionId><![CDATA[o1]]></OptionId><OptionId><![CDATA[o2]]></OptionId></OptionIds></SelectedItem></SelectedItems>';
  const xml = eventXml({
    ...common, event: 'template_card_event', eventKey: 'approve:42', taskId: '2025-unit7-1',
    cardType: 'button_interaction', responseCode: 'rc-0123456789', extraXml: selected,
  });
  t.deepEqual(readInbound(xml), {
    kind: 'event', event: 'template_card_event', eventKey: 'approve:42', ...who, taskId: '2025-unit7-1',
    cardType: 'button_interaction', responseCode: 'rc-0123456789', dedupeKey: `event:${createHash('sha256').update(xml).digest('hex')}`,
  });
});

test('subscribe and click are events too', (t) => {
  for (const [event, eventKey] of [['subscribe', ''], ['click', 'menu:fill']]) {
    const m = readInbound(eventXml({ ...common, event, eventKey }));
    t.deepEqual(m.kind === 'event' ? [m.event, m.eventKey] : m, [event, eventKey]);
  }
});

test('an event without Event is invalid', (t) => {
  const xml = '<xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>';
  t.deepEqual(readInbound(xml), { kind: 'invalid', reason: 'Event is missing' });
});

test('an unknown MsgType such as miniprogram reads as unsupported, keyed on its MsgId', (t) => {
  const xml = messageXml({ ...common, msgType: 'miniprogram', msgId: '123456789012345678', fields: { Title: 't' } });
  t.deepEqual(readInbound(xml), { kind: 'unsupported', msgType: 'miniprogram', fromUser: 'ZhangSan', createTime: '1700000123', dedupeKey: 'msg:123456789012345678' });
});

test('an unsupported message without MsgId is keyed on its plaintext', (t) => {
  const xml = '<xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime><MsgType>mystery</MsgType></xml>';
  t.deepEqual(readInbound(xml), {
    kind: 'unsupported', msgType: 'mystery', fromUser: 'a', createTime: '1', dedupeKey: `plaintext:${createHash('sha256').update(xml).digest('hex')}`,
  });
});

test('messages are deduped on their MsgId', (t) => {
  const first = readOk(t, textMessageXml({ ...common, content: 'a', msgId: '4561255354251345929' }));
  const image = readOk(t, messageXml({ ...common, msgType: 'image', msgId: '4561255354251345930' }));
  t.is(first && dedupeKeyOf(first), 'msg:4561255354251345929');
  t.is(image && dedupeKeyOf(image), 'msg:4561255354251345930');
});

test('two different events from one member in the same second get different dedupe keys', (t) => {
  const click = readOk(t, eventXml({ ...common, event: 'template_card_event', eventKey: 'approve', taskId: 't1' }));
  const other = readOk(t, eventXml({ ...common, event: 'template_card_event', eventKey: 'reject', taskId: 't1' }));
  const enter = readOk(t, eventXml({ ...common, event: 'enter_agent', eventKey: '' }));
  const keys = [click, other, enter].map((m) => (m ? dedupeKeyOf(m) : ''));
  t.is(new Set(keys).size, 3);
});

test('the same event plaintext delivered twice gets the same dedupe key', (t) => {
  const xml = eventXml({ ...common, event: 'click', eventKey: 'menu:fill' });
  const [once, again] = [readOk(t, xml), readOk(t, xml)];
  t.is(once && dedupeKeyOf(once), again && dedupeKeyOf(again));
});

test('a billion-laughs document is invalid before it is parsed', (t) => {
  const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')
    + ']><xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1</MsgId><Content>&lol9;</Content></xml>';
  const refused = { kind: 'invalid', reason: 'a DOCTYPE or ENTITY declaration is not allowed' };
  t.deepEqual(readInbound(lol), refused);
  t.deepEqual(readEnvelope(lol), refused);
});

test('an external entity, a lower-case doctype and a bare ENTITY are invalid', (t) => {
  const refused = { kind: 'invalid', reason: 'a DOCTYPE or ENTITY declaration is not allowed' };
  const xxe = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>';
  for (const doc of [xxe, '<!doctype xml><xml><Encrypt>a</Encrypt></xml>', '<xml><!EnTiTy x "y"><Encrypt>a</Encrypt></xml>',
    // A CDATA opener inside a comment does not hide a declaration after the comment.
    '<!-- <![CDATA[ --><!DOCTYPE x [<!ENTITY y "z">]><!-- ]]> --><xml><Encrypt>a</Encrypt></xml>']) {
    t.deepEqual(readEnvelope(doc), refused, doc);
    t.deepEqual(readInbound(doc), refused, doc);
  }
});

test('an unterminated comment or CDATA is invalid', (t) => {
  for (const doc of ['<xml><Encrypt><![CDATA[abc</Encrypt></xml>', '<xml><!-- <Encrypt>a</Encrypt></xml>']) {
    t.deepEqual(readEnvelope(doc), { kind: 'invalid', reason: 'an unterminated comment or CDATA section' });
  }
});

test('text that is not XML is invalid', (t) => {
  for (const body of ['', 'hello', '{"a":1}', '<xml><Encrypt>abc</Encrypt>', '<xml><Encrypt>abc</Encrypt></xml>trailing',
    '<xml><Encrypt>a</xml></Encrypt>', '<xml><Encrypt>a<b</Encrypt></xml>']) {
    t.is(readEnvelope(body).kind, 'invalid', body);
    t.is(readInbound(body).kind, 'invalid', body);
  }
});

test('a root other than xml is invalid', (t) => {
  const refused = { kind: 'invalid', reason: 'the root element must be <xml>' };
  t.deepEqual(readEnvelope('<XML><Encrypt>abc</Encrypt></XML>'), refused);
  t.deepEqual(readInbound('<root><MsgType>text</MsgType></root>'), refused);
});

test('a field given twice or holding elements is invalid', (t) => {
  t.deepEqual(readEnvelope('<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>'), { kind: 'invalid', reason: 'Encrypt is given more than once' });
  const nested = textMessageXml({ ...common, content: 'x', msgId: '1' }).replace('<FromUserName><![CDATA[ZhangSan]]></FromUserName>', '<FromUserName><a>ZhangSan</a></FromUserName>');
  t.deepEqual(readInbound(nested), { kind: 'invalid', reason: 'FromUserName must be text' });
  const twice = textMessageXml({ ...common, content: 'x', msgId: '1' }).replace('</xml>', '<MsgId>2</MsgId></xml>');
  t.deepEqual(readInbound(twice), { kind: 'invalid', reason: 'MsgId is given more than once' });
});

test('text loose inside <xml> is invalid, whitespace between elements is not', (t) => {
  t.deepEqual(readEnvelope('<xml>stray<Encrypt>a</Encrypt></xml>'), { kind: 'invalid', reason: '<xml> contains text outside its elements' });
  t.deepEqual(readEnvelope('<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <Encrypt>a</Encrypt>\n</xml>\n'),
    { kind: 'envelope', toUserName: '', agentId: '', encrypted: 'a' });
});

test('a tag named __proto__ or constructor is invalid, not thrown; toString is just a tag', (t) => {
  // fast-xml-parser throws on these names rather than risk prototype pollution.
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    const doc = `<xml><${name}>x</${name}><Encrypt>a</Encrypt></xml>`;
    t.deepEqual(readEnvelope(doc), { kind: 'invalid', reason: 'the XML parser refused the document' }, name);
  }
  t.deepEqual(readEnvelope('<xml><toString>x</toString><Encrypt>a</Encrypt></xml>'), { kind: 'envelope', toUserName: '', agentId: '', encrypted: 'a' });
});

test('an envelope without Encrypt, or with an empty one, is invalid', (t) => {
  const missing = { kind: 'invalid', reason: 'Encrypt is missing' };
  t.deepEqual(readEnvelope('<xml><ToUserName>ww1</ToUserName><AgentID>1</AgentID></xml>'), missing);
  t.deepEqual(readEnvelope('<xml><ToUserName>ww1</ToUserName><Encrypt><![CDATA[]]></Encrypt></xml>'), missing);
  t.deepEqual(readEnvelope('<xml></xml>'), { kind: 'invalid', reason: '<xml> has no child elements' });
});

test('an envelope without AgentID reads with an empty agentId', (t) => {
  t.deepEqual(readEnvelope('<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>'),
    { kind: 'envelope', toUserName: 'ww1', agentId: '', encrypted: 'abc+/=' });
});

test('a message missing MsgType, FromUserName or CreateTime is invalid', (t) => {
  t.deepEqual(readInbound('<xml><FromUserName>a</FromUserName><CreateTime>1</CreateTime></xml>'), { kind: 'invalid', reason: 'MsgType is missing' });
  t.deepEqual(readInbound('<xml><MsgType>text</MsgType><CreateTime>1</CreateTime></xml>'), { kind: 'invalid', reason: 'FromUserName is missing' });
  t.deepEqual(readInbound('<xml><MsgType>text</MsgType><FromUserName>a</FromUserName></xml>'), { kind: 'invalid', reason: 'CreateTime is missing' });
});

test('identifiers longer than WeCom ever sends are invalid: a UserID over 64 bytes, a MsgId over 20 digits or not a number, a task_id over 128 bytes, a button key over 1024', (t) => {
  const text = (fromUser: string, msgId: string) => readInbound(textMessageXml({ ...common, fromUser, content: '进度', msgId }));
  t.deepEqual(text('u'.repeat(65), '1'), { kind: 'invalid', reason: 'FromUserName is longer than 64 bytes' });
  t.deepEqual(text('张'.repeat(22), '1'), { kind: 'invalid', reason: 'FromUserName is longer than 64 bytes' }, '66 bytes in UTF-8');
  t.deepEqual(text('ZhangSan', '1'.repeat(21)), { kind: 'invalid', reason: 'MsgId is not a 64-bit integer (at most 20 digits)' });
  t.deepEqual(text('ZhangSan', '9'.repeat(200)), { kind: 'invalid', reason: 'MsgId is not a 64-bit integer (at most 20 digits)' });
  t.deepEqual(text('ZhangSan', '12ab'), { kind: 'invalid', reason: 'MsgId is not a 64-bit integer (at most 20 digits)' });
  const card = (taskId: string, eventKey: string) => readInbound(eventXml({ ...common, event: 'template_card_event', eventKey, taskId, cardType: 'button_interaction', responseCode: 'rc' }));
  t.deepEqual(card('t'.repeat(129), 'ok'), { kind: 'invalid', reason: 'TaskId is longer than 128 bytes' });
  t.deepEqual(card('task-1', 'k'.repeat(1025)), { kind: 'invalid', reason: 'EventKey is longer than 1024 bytes' });
  // The largest WeCom sends still read.
  t.is(text('u'.repeat(64), '18446744073709551615').kind, 'text');
  t.is(card('t'.repeat(128), 'k'.repeat(1024)).kind, 'event');
});

test('a file message reads with its MediaId and FileName, keyed by its MsgId; FileName may be absent', (t) => {
  const xml = messageXml({ ...common, msgType: 'file', msgId: '4561255354251345929', fields: { MediaId: '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0', FileName: '杨舍镇2024年度政府信息公开工作年度报告.docx' } });
  const m = readInbound(xml);
  t.deepEqual(m, { kind: 'file', msgId: '4561255354251345929', ...who, mediaId: '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0', fileName: '杨舍镇2024年度政府信息公开工作年度报告.docx' });
  t.is(dedupeKeyOf(m as WecomInbound), 'msg:4561255354251345929');
  t.deepEqual(readInbound(messageXml({ ...common, msgType: 'file', msgId: '5', fields: { MediaId: 'm' } })), { kind: 'file', msgId: '5', ...who, mediaId: 'm', fileName: '' });
});

test('a file message without MediaId, or with a MediaId or FileName larger than WeCom sends, is invalid', (t) => {
  t.deepEqual(readInbound(messageXml({ ...common, msgType: 'file', msgId: '5', fields: { FileName: 'a.docx' } })), { kind: 'invalid', reason: 'MediaId is missing' });
  t.deepEqual(readInbound(messageXml({ ...common, msgType: 'file', msgId: '5', fields: { MediaId: 'm'.repeat(257) } })), { kind: 'invalid', reason: 'MediaId is longer than 256 bytes' });
  t.deepEqual(readInbound(messageXml({ ...common, msgType: 'file', msgId: '5', fields: { MediaId: 'm', FileName: `${'年'.repeat(86)}.docx` } })), { kind: 'invalid', reason: 'FileName is longer than 255 bytes' });
});
