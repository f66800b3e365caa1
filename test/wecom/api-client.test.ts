import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { createApiClient, createRobotClient, fetchAccessToken, TokenUnavailableError, type TokenSource, type WecomApp } from '../../src/wecom/api-client.ts';
import { actionOf, backoffOf } from '../../src/wecom/errcodes.ts';
import { startFakeWecom, type FakeWecomOptions } from '../support/fake-wecom.ts';

const moreInfo = (errcode: number) => `more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;

/** A token cache in memory, as the real one behaves: refresh only if the cached token is the failing one. */
function memoryTokens(app: WecomApp): TokenSource & { invalidated: string[] } {
  let cached: string | undefined;
  const invalidated: string[] = [];
  const refresh = async () => {
    const fetched = await fetchAccessToken(app, 1000);
    if (fetched.kind !== 'token') throw new TokenUnavailableError(fetched);
    cached = fetched.token;
    return cached;
  };
  return {
    invalidated,
    current: async () => cached ?? refresh(),
    invalidate: async (failing) => {
      invalidated.push(failing);
      return cached !== undefined && cached !== failing ? cached : refresh();
    },
  };
}

async function setUp(t: ExecutionContext, options: { timeoutMs?: number; app?: Partial<WecomApp>; fake?: FakeWecomOptions } = {}) {
  const fake = await startFakeWecom(t, options.fake);
  const app: WecomApp = { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, apiBase: fake.url, ...options.app };
  const tokens = memoryTokens(app);
  const client = createApiClient({ app, tokens, timeoutMs: options.timeoutMs ?? 2000 });
  return { fake, app, tokens, client };
}

/** A base URL where nothing listens: a port that was just free. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

test('a text message arrives as message/send JSON with the agentid', async (t) => {
  const { fake, client } = await setUp(t);
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '请于3月1日前提交年报' });
  t.deepEqual(result, { kind: 'ok', body: { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: 'msg-1' } });
  t.deepEqual(fake.messages, [{ touser: 'zhangsan', agentid: 1000002, msgtype: 'text', text: { content: '请于3月1日前提交年报' } }]);
});

test('a markdown message with duplicateCheck carries the duplicate-check flag and a 1800 s window', async (t) => {
  const { fake, client } = await setUp(t);
  await client.sendMessage({ kind: 'markdown', touser: 'zhangsan|lisi', content: '**已收到**', duplicateCheck: true });
  t.deepEqual(fake.messages, [
    { touser: 'zhangsan|lisi', agentid: 1000002, msgtype: 'markdown', markdown: { content: '**已收到**' }, enable_duplicate_check: 1, duplicate_check_interval: 1800 },
  ]);
});

test('a file is uploaded as multipart field media with its filename, then sent by its media_id', async (t) => {
  const { fake, client } = await setUp(t, { fake: { now: () => 1_760_000_000_000 } });
  const bytes = new TextEncoder().encode('%PDF-1.4 年报');
  const uploaded = await client.uploadMedia({ name: '2025年度报告.pdf', bytes, contentType: 'application/pdf' }, 'file');
  t.deepEqual(uploaded, { kind: 'ok', body: { errcode: 0, errmsg: 'ok', type: 'file', media_id: 'media-1', created_at: '1760000000' } });
  t.deepEqual(fake.uploads, [{ type: 'file', mediaId: 'media-1', filename: '2025年度报告.pdf', contentType: 'application/pdf', bytes }]);
  await client.sendMessage({ kind: 'file', touser: 'zhangsan', mediaId: 'media-1' });
  t.deepEqual(fake.messages, [{ touser: 'zhangsan', agentid: 1000002, msgtype: 'file', file: { media_id: 'media-1' } }]);
});

test('a card is sent as a button_interaction template card, and its response_code greys out the buttons once', async (t) => {
  const { fake, client } = await setUp(t);
  const sent = await client.sendMessage({
    kind: 'card', touser: 'lisi', taskId: 'c2025-u7-1', title: '某县统计局年报待审核', description: '请审核后选择',
    buttons: [{ key: 'approve:7', text: '通过', style: 1 }, { key: 'return:7', text: '退回' }],
  });
  t.deepEqual(sent, { kind: 'ok', body: { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: 'msg-1', response_code: 'rc-2' } });
  t.deepEqual(fake.messages, [{
    touser: 'lisi', agentid: 1000002, msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title: '某县统计局年报待审核', desc: '请审核后选择' },
      task_id: 'c2025-u7-1',
      button_list: [{ type: 0, text: '通过', key: 'approve:7', style: 1 }, { type: 0, text: '退回', key: 'return:7' }],
    },
  }]);
  const update = { userids: ['lisi'], responseCode: 'rc-2', replaceName: '已通过' };
  t.deepEqual(await client.updateTemplateCard(update), { kind: 'ok', body: { errcode: 0, errmsg: 'ok', invaliduser: [] } });
  t.deepEqual(fake.cardUpdates, [{ userids: ['lisi'], agentid: 1000002, response_code: 'rc-2', button: { replace_name: '已通过' } }]);
  const again = await client.updateTemplateCard(update);
  t.deepEqual(again, { kind: 'failed', errcode: 42022, errmsg: `response_code has been used, ${moreInfo(42022)}`, ...actionOf(42022) });
});

test('42001 makes the client invalidate exactly the failing token, fetch a new one and deliver once', async (t) => {
  const { fake, tokens, client } = await setUp(t);
  fake.inject('message/send', { errcode: 42001 });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.is(result.kind, 'ok');
  t.deepEqual(tokens.invalidated, ['tok-1']);
  t.is(fake.tokenCalls, 2);
  t.is(fake.messages.length, 1);
});

test('tokens WeCom expired early are refreshed and the message delivered', async (t) => {
  const { fake, tokens, client } = await setUp(t);
  await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '一' });
  fake.expireTokens();
  t.is((await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '二' })).kind, 'ok');
  t.deepEqual(tokens.invalidated, ['tok-1']);
  t.deepEqual(fake.messages.map((m) => m.text), [{ content: '一' }, { content: '二' }]);
});

test('two token failures in a row are returned as failed with action refresh-token', async (t) => {
  const { fake, tokens, client } = await setUp(t);
  fake.inject('message/send', { errcode: 42001 }, { errcode: 40014, errmsg: 'invalid access_token' });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, { kind: 'failed', errcode: 40014, errmsg: 'invalid access_token', action: 'refresh-token', hint: actionOf(40014).hint });
  t.deepEqual(tokens.invalidated, ['tok-1']);
  t.deepEqual(fake.messages, []);
});

test('45009 and -1 are failed with action backoff and their errcode', async (t) => {
  const { fake, client } = await setUp(t);
  fake.inject('message/send', { errcode: 45009, errmsg: 'api freq out of limit' }, { errcode: -1, errmsg: 'system busy' });
  const message = { kind: 'text', touser: 'zhangsan', content: '你好' } as const;
  t.deepEqual(await client.sendMessage(message), { kind: 'failed', errcode: 45009, errmsg: 'api freq out of limit', action: 'backoff', hint: actionOf(45009).hint });
  t.deepEqual(await client.sendMessage(message), { kind: 'failed', errcode: -1, errmsg: 'system busy', action: 'backoff', hint: actionOf(-1).hint });
  t.deepEqual(fake.messages, []);
});

test('HTTP 500 is unreachable http with the status', async (t) => {
  const { fake, client } = await setUp(t);
  fake.inject('message/send', { status: 500 });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, { kind: 'unreachable', reason: 'http', status: 500, detail: 'POST /cgi-bin/message/send answered HTTP 500' });
});

test('an answer later than the timeout is unreachable timeout: the message may have been delivered', async (t) => {
  const { fake, client } = await setUp(t, { timeoutMs: 500 });
  fake.inject('message/send', { delayMs: 5000 });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, { kind: 'unreachable', reason: 'timeout', detail: 'POST /cgi-bin/message/send: no answer within 500 ms; the request may have been delivered' });
  t.is((await fake.waitForMessages(1)).length, 1);
});

test('a connection dropped after delivery is unreachable timeout, not network', async (t) => {
  const { fake, client } = await setUp(t);
  fake.inject('message/send', { dropAfterDelivery: true });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, { kind: 'unreachable', reason: 'timeout', detail: 'POST /cgi-bin/message/send: connection closed before the answer (ECONNRESET); the request may have been delivered' });
  t.is(fake.messages.length, 1);
});

test('a closed port is unreachable network', async (t) => {
  const apiBase = await closedPortUrl();
  const tokens: TokenSource = { current: async () => 'tok-x', invalidate: async () => 'tok-y' };
  const client = createApiClient({ app: { corpId: 'ww1', agentId: 1, secret: 's', apiBase }, tokens, timeoutMs: 1000 });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, { kind: 'unreachable', reason: 'network', detail: 'POST /cgi-bin/message/send: cannot connect (ECONNREFUSED)' });
  const token = await fetchAccessToken({ corpId: 'ww1', agentId: 1, secret: 's', apiBase }, 1000);
  t.deepEqual(token, { kind: 'unreachable', reason: 'network', detail: 'GET /cgi-bin/gettoken: cannot connect (ECONNREFUSED)' });
});

test('60020 is a config failure telling the operator to add the egress IP, with neither token nor secret in it', async (t) => {
  const { fake, client } = await setUp(t);
  // Even if WeCom echoed them, the token and the secret are masked.
  fake.inject('message/send', { errcode: 60020, errmsg: `not allow to access from your ip, token tok-1, secret ${fake.secret}` });
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, {
    kind: 'failed', errcode: 60020, errmsg: 'not allow to access from your ip, token ***, secret ***', action: 'config',
    hint: '服务器出口IP不在应用的企业可信IP中：请在管理后台→应用→企业可信IP中加入本服务器的出口IP',
  });
});

test('a wrong secret is a config failure from gettoken, returned as the send result, without the secret', async (t) => {
  const { client, app } = await setUp(t, { app: { secret: 'wrong-secret-0d9f' } });
  const expected = { kind: 'failed', errcode: 40001, errmsg: `invalid credential, ${moreInfo(40001)}`, action: 'config', hint: actionOf(40001).hint } as const;
  t.deepEqual(await fetchAccessToken(app, 1000), expected);
  const result = await client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' });
  t.deepEqual(result, expected);
  t.false(JSON.stringify(result).includes('wrong-secret-0d9f'));
});

test('a wrong CorpID is a config failure from gettoken', async (t) => {
  const { app } = await setUp(t, { app: { corpId: 'ww-other' } });
  t.deepEqual(await fetchAccessToken(app, 1000), { kind: 'failed', errcode: 40013, errmsg: `invalid corpid, ${moreInfo(40013)}`, action: 'config', hint: actionOf(40013).hint });
});

test('gettoken returns the token and its lifetime', async (t) => {
  const { app } = await setUp(t, { fake: { tokenTtlS: 600 } });
  t.deepEqual(await fetchAccessToken(app, 1000), { kind: 'token', token: 'tok-1', expiresInS: 600 });
});

test('a token source failing for another reason rejects the send: that is not a WeCom answer', async (t) => {
  const { app } = await setUp(t);
  const tokens: TokenSource = { current: async () => Promise.reject(new Error('database down')), invalidate: async () => 'x' };
  const client = createApiClient({ app, tokens, timeoutMs: 1000 });
  await t.throwsAsync(client.sendMessage({ kind: 'text', touser: 'zhangsan', content: '你好' }), { message: 'database down' });
});

test('the robot posts markdown to webhook/send', async (t) => {
  const fake = await startFakeWecom(t, { robotKey: 'robot-key-1' });
  const robot = createRobotClient({ key: 'robot-key-1', apiBase: fake.url, timeoutMs: 1000 });
  t.deepEqual(await robot.send('### 年报进度\n> 已提交 **12** / 15'), { kind: 'ok', body: { errcode: 0, errmsg: 'ok' } });
  t.deepEqual(fake.robotMessages, [{ msgtype: 'markdown', markdown: { content: '### 年报进度\n> 已提交 **12** / 15' } }]);
});

test('a wrong robot key is failed 93000 config, and the key is not in the failure', async (t) => {
  const fake = await startFakeWecom(t, { robotKey: 'robot-key-1' });
  const robot = createRobotClient({ key: 'stale-key-7f3a', apiBase: fake.url, timeoutMs: 1000 });
  const result = await robot.send('进度');
  t.deepEqual(result, { kind: 'failed', errcode: 93000, errmsg: `invalid webhook url, ${moreInfo(93000)}`, action: 'config', hint: actionOf(93000).hint });
  t.false(JSON.stringify(result).includes('stale-key-7f3a'));
  t.deepEqual(fake.robotMessages, []);
});

test('every errcode of the WeCom table maps to its action, and an unknown one to bug', (t) => {
  const codes = [-1, 40001, 40091, 40013, 40014, 42001, 41001, 45009, 45033, 48002, 48006, 50003, 60011, 60020, 81013, 40003, 44004, 45002, 40007, 93000, 12345];
  t.deepEqual(Object.fromEntries(codes.map((code) => [code, actionOf(code).action])), {
    '-1': 'backoff', 40001: 'config', 40091: 'config', 40013: 'config', 40014: 'refresh-token', 42001: 'refresh-token',
    41001: 'bug', 45009: 'backoff', 45033: 'backoff', 48002: 'config', 48006: 'config', 50003: 'config', 60011: 'recipient',
    60020: 'config', 81013: 'recipient', 40003: 'recipient', 44004: 'content', 45002: 'content', 40007: 'content',
    93000: 'config', 12345: 'bug',
  });
});

test('the hints say what the admin must do', (t) => {
  t.is(actionOf(60020).hint, '服务器出口IP不在应用的企业可信IP中：请在管理后台→应用→企业可信IP中加入本服务器的出口IP');
  t.is(actionOf(50003).hint, '应用已禁用：请管理员在管理后台→应用管理中启用本应用');
  t.is(actionOf(12345).hint, '未预期的企业微信错误码 12345：请联系开发人员');
});

test('backoffOf waits out the minute window for 45009, a few growing seconds for 45033, exponential for -1', (t) => {
  const attempts = [1, 2, 3, 4, 5, 9, 10, 50];
  t.deepEqual(attempts.map((n) => backoffOf(45009, n)), [60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000]);
  t.deepEqual(attempts.map((n) => backoffOf(45033, n)), [2_000, 4_000, 6_000, 8_000, 10_000, 18_000, 20_000, 30_000]);
  t.deepEqual(attempts.map((n) => backoffOf(-1, n)), [1_000, 2_000, 4_000, 8_000, 16_000, 256_000, 300_000, 300_000]);
  t.is(backoffOf(-1, 0), 1_000, 'an attempt below 1 counts as the first');
});

test('media/get downloads a file a member sent, with the name WeCom gives it', async (t) => {
  const { fake, client } = await setUp(t);
  const bytes = Buffer.from('PK\u0003\u0004 a word file');
  const mediaId = fake.addMedia({ bytes, fileName: '杨舍镇2020年度报告.docx', contentType: 'application/octet-stream' });
  t.deepEqual(await client.downloadMedia(mediaId, 1024), { kind: 'media', bytes, fileName: '杨舍镇2020年度报告.docx', contentType: 'application/octet-stream' });
});

test('media/get refuses a file over the cap without reading it, and names an expired media_id by its errcode', async (t) => {
  const { fake, client } = await setUp(t);
  const mediaId = fake.addMedia({ bytes: Buffer.alloc(2048, 1), fileName: 'big.pdf' });
  t.deepEqual(await client.downloadMedia(mediaId, 1024), { kind: 'tooLarge', maxBytes: 1024 });
  const expired = await client.downloadMedia('no-such-media', 1024);
  t.like(expired, { kind: 'failed', errcode: 40007 });
});

test('media/get refreshes a rejected token once and retries', async (t) => {
  const { fake, client, tokens } = await setUp(t);
  const mediaId = fake.addMedia({ bytes: Buffer.from('%PDF-1.4'), fileName: 'a.pdf' });
  t.is((await client.downloadMedia(mediaId, 1024)).kind, 'media');
  fake.expireTokens();
  t.like(await client.downloadMedia(mediaId, 1024), { kind: 'media', fileName: 'a.pdf' });
  t.is(tokens.invalidated.length, 1);
});

test('media/get reads a file name sent as raw UTF-8 bytes, percent-encoded, or as filename*', async (t) => {
  const names: string[] = [];
  for (const header of [Buffer.from('attachment; filename="杨舍镇年报.docx"'), Buffer.from('attachment; filename="%E6%9D%A8%E8%88%8D%E9%95%87.pdf"'), Buffer.from("attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.html")]) {
    // Raw bytes on the wire, as node:http's server would not write them.
    const server = createNetServer((socket) => socket.once('data', () => socket.end(Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: close\r\nContent-Disposition: '), header, Buffer.from('\r\n\r\nPK'),
    ]))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const app: WecomApp = { corpId: 'c', agentId: 1, secret: 's', apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    const client = createApiClient({ app, tokens: { current: async () => 'tok', invalidate: async () => 'tok' }, timeoutMs: 2000 });
    const got = await client.downloadMedia('m', 1024);
    names.push(got.kind === 'media' ? got.fileName : got.kind);
  }
  t.deepEqual(names, ['杨舍镇年报.docx', '杨舍镇.pdf', '年报.html']);
});
