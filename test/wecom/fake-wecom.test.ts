// The fake's own behaviour, over raw HTTP: other tests rely on it answering as WeCom does.
import test from 'ava';
import { startFakeWecom, type FakeWecom } from '../support/fake-wecom.ts';

type Json = Record<string, unknown>;

async function call(fake: FakeWecom, path: string, body?: Json | FormData): Promise<{ status: number; json: Json | undefined }> {
  const response = await fetch(fake.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: response.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Json) : undefined };
}

async function tokenOf(fake: FakeWecom): Promise<string> {
  const { json } = await call(fake, `/cgi-bin/gettoken?corpid=${fake.corpId}&corpsecret=${fake.secret}`);
  return String(json?.access_token);
}

const errcodeOf = async (reply: Promise<{ json: Json | undefined }>) => (await reply).json?.errcode;
const text = (fake: FakeWecom, content: string, extra: Json = {}): Json => ({ touser: 'zhangsan', agentid: fake.agentId, msgtype: 'text', text: { content }, ...extra });
const checked = { enable_duplicate_check: 1, duplicate_check_interval: 1800 };

test('gettoken issues distinct tokens, rejects a wrong corpid or secret, and counts every call', async (t) => {
  const fake = await startFakeWecom(t, { corpId: 'ww1', secret: 'sec1', tokenTtlS: 300 });
  t.deepEqual((await call(fake, '/cgi-bin/gettoken?corpid=ww1&corpsecret=sec1')).json, { errcode: 0, errmsg: 'ok', access_token: 'tok-1', expires_in: 300 });
  t.is((await call(fake, '/cgi-bin/gettoken?corpid=ww1&corpsecret=sec1')).json?.access_token, 'tok-2');
  t.is(await errcodeOf(call(fake, '/cgi-bin/gettoken?corpid=ww2&corpsecret=sec1')), 40013);
  t.is(await errcodeOf(call(fake, '/cgi-bin/gettoken?corpid=ww1&corpsecret=nope')), 40001);
  t.is(fake.tokenCalls, 4);
});

test('an unknown token answers 40014, a missing one 41001, expired ones 42001 while a new one works', async (t) => {
  const fake = await startFakeWecom(t);
  t.is(await errcodeOf(call(fake, '/cgi-bin/message/send?access_token=forged', text(fake, '你好'))), 40014);
  t.is(await errcodeOf(call(fake, '/cgi-bin/message/send', text(fake, '你好'))), 41001);
  const old = await tokenOf(fake);
  fake.expireTokens();
  t.is(await errcodeOf(call(fake, `/cgi-bin/message/send?access_token=${old}`, text(fake, '你好'))), 42001);
  t.is(await errcodeOf(call(fake, `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`, text(fake, '你好'))), 0);
  t.is(fake.messages.length, 1);
});

test('a token expires after tokenTtlS on the injected clock', async (t) => {
  let now = 1_000_000;
  const fake = await startFakeWecom(t, { tokenTtlS: 60, now: () => now });
  const token = await tokenOf(fake);
  now += 59_999;
  t.is(await errcodeOf(call(fake, `/cgi-bin/message/send?access_token=${token}`, text(fake, '一'))), 0);
  now += 1;
  t.is(await errcodeOf(call(fake, `/cgi-bin/message/send?access_token=${token}`, text(fake, '二'))), 42001);
});

test('the duplicate check suppresses an identical JSON with the flag and delivers one without it', async (t) => {
  let now = 1_000_000;
  const fake = await startFakeWecom(t, { now: () => now });
  const path = `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`;
  const first = await call(fake, path, text(fake, '提醒', checked));
  t.deepEqual((await call(fake, path, text(fake, '提醒', checked))).json, first.json, 'answered ok, as the first send was');
  t.deepEqual(fake.suppressedDuplicates, [text(fake, '提醒', checked)]);
  await call(fake, path, text(fake, '提醒'));
  await call(fake, path, text(fake, '提醒'));
  now += 1_800_000;
  await call(fake, path, text(fake, '提醒', checked));
  t.deepEqual(fake.messages, [text(fake, '提醒', checked), text(fake, '提醒'), text(fake, '提醒'), text(fake, '提醒', checked)], 'after the window it is delivered again');
});

test('message/send checks agentid, msgtype, content size and media_id as WeCom does', async (t) => {
  const fake = await startFakeWecom(t);
  const path = `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`;
  t.is(await errcodeOf(call(fake, path, text(fake, ''))), 44004);
  t.is(await errcodeOf(call(fake, path, text(fake, '年'.repeat(682) + 'abc'))), 45002, '2048 + 1 bytes');
  t.is(await errcodeOf(call(fake, path, text(fake, '年'.repeat(682) + 'ab'))), 0, 'exactly 2048 bytes');
  t.is(await errcodeOf(call(fake, path, text(fake, '你好', { agentid: 1 }))), 40056);
  t.is(await errcodeOf(call(fake, path, text(fake, '你好', { msgtype: 'fax' }))), 40008);
  t.is(await errcodeOf(call(fake, path, { touser: 'zhangsan', agentid: fake.agentId, msgtype: 'file', file: { media_id: 'never-uploaded' } })), 40007);
  t.is(fake.messages.length, 1);
});

test('media/upload wants a media part with a filename and more than 5 bytes', async (t) => {
  const fake = await startFakeWecom(t);
  const path = `/cgi-bin/media/upload?access_token=${await tokenOf(fake)}&type=file`;
  const form = (bytes: string, name?: string) => {
    const data = new FormData();
    if (name === undefined) data.append('media', bytes);
    else data.append('media', new Blob([bytes], { type: 'text/plain' }), name);
    return data;
  };
  t.is(await errcodeOf(call(fake, path, form('12345', 'a.txt'))), 40006);
  t.is(await errcodeOf(call(fake, path, form('123456'))), 44001);
  t.is((await call(fake, path, form('123456', 'a.txt'))).json?.media_id, 'media-1');
  t.deepEqual(fake.uploads.map((u) => [u.filename, new TextDecoder().decode(u.bytes)]), [['a.txt', '123456']]);
});

test('update_template_card accepts a response_code it issued, once', async (t) => {
  const fake = await startFakeWecom(t);
  const path = `/cgi-bin/message/update_template_card?access_token=${await tokenOf(fake)}`;
  const update = (code: string): Json => ({ userids: ['lisi'], agentid: fake.agentId, response_code: code, button: { replace_name: '已处理' } });
  const code = fake.issueResponseCode();
  t.is(await errcodeOf(call(fake, path, update('rc-unknown'))), 40058);
  t.is(await errcodeOf(call(fake, path, update(code))), 0);
  t.is(await errcodeOf(call(fake, path, update(code))), 42022);
  t.deepEqual(fake.cardUpdates, [update(code)]);
});

test('injected faults are consumed in order, per endpoint', async (t) => {
  const fake = await startFakeWecom(t);
  const path = `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`;
  fake.inject('message/send', { errcode: 45009 }, { status: 500 });
  t.is(await errcodeOf(call(fake, path, text(fake, '一'))), 45009);
  t.deepEqual(await call(fake, path, text(fake, '二')), { status: 500, json: undefined });
  t.is(await tokenOf(fake), 'tok-2', 'gettoken has its own queue');
  t.is(await errcodeOf(call(fake, path, text(fake, '三'))), 0);
  t.deepEqual(fake.messages, [text(fake, '三')]);
});

test('a dropped answer still delivers the message', async (t) => {
  const fake = await startFakeWecom(t);
  fake.inject('message/send', { dropAfterDelivery: true });
  await t.throwsAsync(call(fake, `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`, text(fake, '你好')), { message: 'fetch failed' });
  t.deepEqual(fake.messages, [text(fake, '你好')]);
});

test('waitForMessages resolves when the nth message is delivered', async (t) => {
  const fake = await startFakeWecom(t);
  const waiting = fake.waitForMessages(2);
  const path = `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`;
  await call(fake, path, text(fake, '一'));
  await call(fake, path, text(fake, '二'));
  t.deepEqual(await waiting, [text(fake, '一'), text(fake, '二')]);
});

test('waitForMessages times out listing what arrived', async (t) => {
  const fake = await startFakeWecom(t);
  const path = `/cgi-bin/message/send?access_token=${await tokenOf(fake)}`;
  await call(fake, path, text(fake, '你好', checked));
  await call(fake, path, text(fake, '你好', checked));
  await t.throwsAsync(fake.waitForMessages(2, 50), {
    message: 'waited 50 ms for 2 message(s) but 1 arrived:\n  1. text to zhangsan {"content":"你好"}; 1 suppressed as duplicates',
  });
});

test('the robot webhook checks its key and content', async (t) => {
  const fake = await startFakeWecom(t, { robotKey: 'k1' });
  const markdown = { msgtype: 'markdown', markdown: { content: '进度' } };
  t.is(await errcodeOf(call(fake, '/cgi-bin/webhook/send?key=k2', markdown)), 93000);
  t.is(await errcodeOf(call(fake, '/cgi-bin/webhook/send?key=k1', { msgtype: 'markdown', markdown: { content: '' } })), 44004);
  t.deepEqual((await call(fake, '/cgi-bin/webhook/send?key=k1', markdown)).json, { errcode: 0, errmsg: 'ok' });
  t.deepEqual(fake.robotMessages, [markdown]);
});
