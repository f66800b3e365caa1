// The long connection's frames as the docs show them (101463, 100719, 101027), read into typed
// values; the reply bodies; the split of long Markdown replies.
import test from 'ava';
import { aibotKeyOf, buttonCard, readAibotInbound, readFrame, respondFrame, sendFrame, streamBody, subscribeFrame, type AibotBody } from '../../src/wecom/aibot-frames.ts';
import { AIBOT_MAX_BYTES, splitMarkdown } from '../../src/wecom/aibot-split.ts';

const textCallback = {
  cmd: 'aibot_msg_callback',
  headers: { req_id: 'REQ1' },
  body: { msgid: 'CAIQ16HMjQYY', aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'zhangsan' }, response_url: 'https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC', msgtype: 'text', text: { content: '进度' } },
};

test('a text message callback reads as a message with its req_id, keyed by msgid', (t) => {
  const frame = readFrame(JSON.stringify(textCallback));
  if (frame.kind !== 'message') return t.fail(frame.kind);
  t.is(frame.reqId, 'REQ1');
  t.is(aibotKeyOf(frame.body), 'aibot:CAIQ16HMjQYY');
  t.deepEqual(readAibotInbound(frame.body), { kind: 'text', text: '进度' });
});

test('voice arrives transcribed and mixed messages keep their text parts', (t) => {
  const base = { msgid: 'm', from: { userid: 'u' } };
  t.deepEqual(readAibotInbound({ ...base, msgtype: 'voice', voice: { content: '提交' } } as AibotBody), { kind: 'text', text: '提交' });
  t.deepEqual(readAibotInbound({ ...base, msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: '第一行' } }, { msgtype: 'image', image: { url: 'x' } }, { msgtype: 'text', text: { content: '第二行' } }] } } as AibotBody), { kind: 'text', text: '第一行\n第二行' });
  t.deepEqual(readAibotInbound({ ...base, msgtype: 'image' } as AibotBody), { kind: 'unsupported' });
  t.deepEqual(readAibotInbound({ ...base, msgtype: 'file', file: { url: 'https://f', aeskey: 'K' } } as AibotBody), { kind: 'file', url: 'https://f', aeskey: 'K' });
});

test('events: entering the chat, a card button, being kicked by another connection', (t) => {
  const event = (e: object) => readFrame(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: 'E' }, body: { msgid: 'ev', create_time: 1700000000, from: { userid: 'u' }, msgtype: 'event', event: e } }));
  const read = (e: object) => {
    const f = event(e);
    return f.kind === 'event' ? readAibotInbound(f.body) : f;
  };
  t.deepEqual(read({ eventtype: 'enter_chat' }), { kind: 'entered' });
  t.deepEqual(read({ eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: '确认提交', task_id: 'T1' } }), { kind: 'button', key: '确认提交', taskId: 'T1' });
  t.deepEqual(read({ eventtype: 'disconnected_event' }), { kind: 'kicked' });
  t.deepEqual(read({ eventtype: 'feedback_event' }), { kind: 'ignored' });
});

test('answers to our frames carry the req_id and errcode; a malformed frame is invalid and says where', (t) => {
  t.deepEqual(readFrame('{"headers":{"req_id":"S1"},"errcode":0,"errmsg":"ok"}'), { kind: 'answer', reqId: 'S1', errcode: 0, errmsg: 'ok' });
  t.deepEqual(readFrame('{"headers":{"req_id":"S1"},"errcode":40058,"errmsg":"invalid secret"}'), { kind: 'answer', reqId: 'S1', errcode: 40058, errmsg: 'invalid secret' });
  t.deepEqual(readFrame('not json'), { kind: 'invalid', reason: 'not JSON' });
  t.is(readFrame(JSON.stringify({ ...textCallback, body: { ...textCallback.body, from: {} } })).kind, 'invalid');
  t.is(readFrame(JSON.stringify({ ...textCallback, body: { ...textCallback.body, msgid: undefined } })).kind, 'invalid');
});

test('our frames: subscribe, a stream reply on the message\'s req_id, a proactive markdown to a chat', (t) => {
  t.deepEqual(subscribeFrame('R', 'BOT', 'SEC'), { cmd: 'aibot_subscribe', headers: { req_id: 'R' }, body: { bot_id: 'BOT', secret: 'SEC' } });
  t.deepEqual(respondFrame('REQ1', streamBody('nb-7', '好的')), { cmd: 'aibot_respond_msg', headers: { req_id: 'REQ1' }, body: { msgtype: 'stream', stream: { id: 'nb-7', finish: true, content: '好的' } } });
  t.deepEqual(sendFrame('R2', 'zhangsan', { msgtype: 'markdown', markdown: { content: '请填报' } }), { cmd: 'aibot_send_msg', headers: { req_id: 'R2' }, body: { chatid: 'zhangsan', msgtype: 'markdown', markdown: { content: '请填报' } } });
  t.deepEqual(buttonCard('T', '确认提交年度报告', '提交后不能修改', [{ text: '确认提交', key: '确认提交' }, { text: '暂不提交', key: '暂不提交' }]).button_list, [{ text: '确认提交', key: '确认提交', style: 1 }, { text: '暂不提交', key: '暂不提交', style: 2 }]);
});

test('a reply within the limit is one message; an empty one is none', (t) => {
  t.deepEqual(splitMarkdown('您好'), ['您好']);
  t.deepEqual(splitMarkdown('  \n'), []);
});

test('a long reply is cut between blocks, never inside a list or a table that fits one message', (t) => {
  const list = ['- 第一项', '- 第二项', '- 第三项'].join('\n');
  const table = ['| 单位 | 状态 |', '| --- | --- |', '| 统计局 | 已提交 |', '| 杨舍镇 | 未提交 |'].join('\n');
  const text = ['甲'.repeat(20), list, '乙'.repeat(20), table, '丙'.repeat(20)].join('\n');
  const pieces = splitMarkdown(text, 100);
  t.true(pieces.every((p) => Buffer.byteLength(p) <= 100));
  t.true(pieces.some((p) => p.includes(list)), 'the list whole in one message');
  t.true(pieces.some((p) => p.includes(table)), 'the table whole in one message');
  t.is(pieces.join('\n'), text);
});

test('a table longer than a message is cut between rows, each piece with the header', (t) => {
  const rows = Array.from({ length: 40 }, (_, i) => `| 单位${i} | 已提交 |`);
  const table = ['| 单位 | 状态 |', '| --- | --- |', ...rows].join('\n');
  const pieces = splitMarkdown(table, 300);
  t.true(pieces.length > 1);
  for (const piece of pieces) {
    t.true(Buffer.byteLength(piece) <= 300);
    t.true(piece.startsWith('| 单位 | 状态 |\n| --- | --- |\n| 单位'));
  }
  t.deepEqual(pieces.flatMap((p) => p.split('\n').slice(2)), rows);
});

test('the default limit is the bot\'s 20 480 bytes', (t) => {
  const line = '字'.repeat(1000); // 3000 bytes
  const pieces = splitMarkdown(Array.from({ length: 10 }, () => line).join('\n'));
  t.is(AIBOT_MAX_BYTES, 20_480);
  t.deepEqual(pieces.map((p) => p.split('\n').length), [6, 4]);
});
