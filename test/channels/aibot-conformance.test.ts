// The fake long-connection server checked against WeCom's own SDK (@wecom/aibot-node-sdk): its
// WSClient subscribes, receives a message, replies with a stream and sends a proactive markdown —
// so the fake cannot drift from the real protocol. Then our socket does the same against it.
import test from 'ava';
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import { createAibotSocket, type Pushed, type SocketState } from '../../src/wecom/aibot-socket.ts';
import { markdownBody, respondFrame, sendFrame, streamBody } from '../../src/wecom/aibot-frames.ts';
import { FAKE_ERRORS, startFakeAibot } from '../support/fake-aibot.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

test('the official SDK subscribes to the fake, gets a text message, replies with a stream, sends a markdown and uploads a file', async (t) => {
  const fake = await startFakeAibot(t);
  const client = new WSClient({ botId: fake.botId, secret: fake.secret, wsUrl: fake.url, logger: quiet, maxReconnectAttempts: 0 });
  t.teardown(() => client.disconnect());
  const authenticated = new Promise<void>((resolve) => client.on('authenticated', () => resolve()));
  const received = new Promise<WsFrame>((resolve) => client.on('message.text', (frame: WsFrame) => resolve(frame)));
  client.connect();
  await authenticated;
  t.is(fake.subscriptions, 1);
  t.deepEqual(fake.frames[0].body, { bot_id: fake.botId, secret: fake.secret });

  const reqId = fake.say('zhangsan', '进度');
  const frame = await received;
  t.is(frame.headers.req_id, reqId);
  t.is(frame.body.text.content, '进度');
  t.is(frame.body.from.userid, 'zhangsan');

  const answer = await client.replyStream(frame, 'stream-1', '各单位填报情况如下', true);
  t.is(answer.errcode, 0);
  const sent = await client.sendMessage('zhangsan', { msgtype: 'markdown', markdown: { content: '请于本周五前提交' } });
  t.is(sent.errcode, 0);
  t.deepEqual(fake.said(), [
    { to: 'zhangsan', via: 'respond', content: '各单位填报情况如下' },
    { to: 'zhangsan', via: 'send', content: '请于本周五前提交' },
  ]);

  // A file of more than one chunk, uploaded the SDK's way, arrives whole.
  const bytes = Buffer.alloc(700 * 1024, 7);
  const uploaded = await client.uploadMedia(bytes, { type: 'file', filename: '年度报告.docx' });
  t.is(fake.uploads.length, 1);
  t.is(uploaded.media_id, fake.uploads[0].mediaId);
  t.is(fake.uploads[0].filename, '年度报告.docx');
  t.true(fake.uploads[0].bytes.equals(bytes));
});

test('our socket subscribes, gets the message with its req_id, and its frames are answered as the SDK\'s are', async (t) => {
  const fake = await startFakeAibot(t);
  const states: SocketState[] = [];
  const pushes: Pushed[] = [];
  let resolveOnline!: () => void;
  const online = new Promise<void>((resolve) => (resolveOnline = resolve));
  const socket = createAibotSocket({ url: fake.url, botId: fake.botId, secret: fake.secret, onPush: (p) => pushes.push(p), onState: (s) => (states.push(s), s === 'online' && resolveOnline()), every: () => () => {} });
  t.teardown(() => socket.stop());
  socket.start();
  await online;
  const reqId = fake.say('zhangsan', '进度');
  while (!pushes.length) await new Promise((resolve) => setImmediate(resolve));
  t.is(pushes[0].reqId, reqId);
  t.is(pushes[0].body.text?.content, '进度');
  t.deepEqual(await socket.request(respondFrame(reqId, streamBody('s1', '好的'))), { kind: 'answered', errcode: 0, errmsg: 'ok' });
  t.deepEqual(await socket.request(sendFrame('mine-1', 'zhangsan', markdownBody('提醒'))), { kind: 'answered', errcode: 0, errmsg: 'ok' });
  t.deepEqual(await socket.request(respondFrame('never-pushed', streamBody('s2', '好的'))), { kind: 'answered', errcode: FAKE_ERRORS.unknownReqId, errmsg: 'req_id not found on this connection' });
  t.deepEqual(fake.said(), [{ to: 'zhangsan', via: 'respond', content: '好的' }, { to: 'zhangsan', via: 'send', content: '提醒' }]);
  t.deepEqual(states, ['connecting', 'online']);
});

/** Resolves the first time the state becomes `state` (our socket tells its changes through onState). */
function states(): { onState: (state: SocketState) => void; reached(state: SocketState): Promise<void> } {
  const seen: SocketState[] = [];
  const waiting = new Map<SocketState, () => void>();
  return {
    onState: (state) => {
      seen.push(state);
      waiting.get(state)?.();
      waiting.delete(state);
    },
    reached: (state) => (seen.includes(state) ? Promise.resolve() : new Promise((resolve) => waiting.set(state, resolve))),
  };
}

test('a wrong secret is refused and said so; a second connection kicks the first, which stays down', async (t) => {
  const fake = await startFakeAibot(t);
  const lines: string[] = [];
  const wrongStates = states();
  const wrong = createAibotSocket({ url: fake.url, botId: fake.botId, secret: 'wrong', onPush: () => {}, onState: wrongStates.onState, log: (l) => lines.push(l), every: () => () => {}, after: () => () => {} });
  t.teardown(() => wrong.stop());
  wrong.start();
  await wrongStates.reached('refused');
  t.is(wrong.status().state, 'refused');
  t.true(lines.some((l) => l.includes('WECOM_BOT_SECRET')));
  t.false(lines.some((l) => l.includes('wrong')), 'the secret is never logged');

  const firstStates = states();
  const secondStates = states();
  const first = createAibotSocket({ url: fake.url, botId: fake.botId, secret: fake.secret, onPush: () => {}, onState: firstStates.onState, log: (l) => lines.push(l), every: () => () => {} });
  const second = createAibotSocket({ url: fake.url, botId: fake.botId, secret: fake.secret, onPush: () => {}, onState: secondStates.onState, every: () => () => {} });
  t.teardown(() => first.stop());
  t.teardown(() => second.stop());
  first.start();
  await firstStates.reached('online');
  second.start();
  await firstStates.reached('kicked');
  await secondStates.reached('online');
  t.is(first.status().state, 'kicked');
  t.true(lines.some((l) => l.includes('disconnected_event')));
  t.is(fake.subscriptions, 2, 'the kicked socket did not subscribe again');
});

test('a half-alive connection (open, but nothing arrives) is closed by the watchdog and subscribed again', async (t) => {
  const fake = await startFakeAibot(t);
  let time = Date.parse('2026-01-05T02:00:00Z');
  const lines: string[] = [];
  let online = 0;
  let onlineAgain!: () => void;
  const reconnected = new Promise<void>((resolve) => (onlineAgain = resolve));
  let first!: () => void;
  const connected = new Promise<void>((resolve) => (first = resolve));
  const socket = createAibotSocket({
    url: fake.url, botId: fake.botId, secret: fake.secret, onPush: () => {}, now: () => new Date(time), every: () => () => {}, backoffMs: () => 0, heartbeatMs: 30_000, log: (l) => lines.push(l),
    onState: (s) => s === 'online' && (++online === 1 ? first() : onlineAgain()),
  });
  t.teardown(() => socket.stop());
  socket.start();
  await connected;
  fake.silence();
  time += 60_000;
  socket.beat();
  t.is(fake.subscriptions, 1, 'two heartbeats of silence are tolerated');
  time += 31_000;
  socket.beat();
  await reconnected;
  t.is(fake.subscriptions, 2);
  t.is(socket.status().generation, 2);
  t.deepEqual(lines.slice(0, 1), ['aibot: no frame for 90 s although the connection looks open; reconnecting']);
});
