// The WeChat process on its own, for tests of crashes: a real wechat4u instance that never
// connects, on the database at argv[2]. Reads JSON lines {from, nickName, text} on stdin and emits
// each as a wechat4u message from that contact; writes {ready: true}, then {to, text} for each send.
import { createInterface } from 'node:readline';
import { createWechatProcess } from '../../src/channels/wechat-process.ts';
import { loadWechat4u } from '../../src/channels/wechat4u.ts';
import { testWechatKey } from './wechat-harness.ts';

const write = (data: object) => process.stdout.write(`${JSON.stringify(data)}\n`);
const wechat = await createWechatProcess({ databaseUrl: process.argv[2], port: 0, role: 'all', sendHours: { from: '09:00', to: '18:00' }, wechatKey: testWechatKey }, await loadWechat4u(), { tick: false, sender: { intervalMs: 0 }, log: () => {} });
const { bot } = wechat;
bot.user = { UserName: '@self0000' };
bot.state = 'login';
bot.sendMsg = async (message, to) => write({ to, text: typeof message === 'string' ? message : message.filename });
write({ ready: true });
let msgId = 7_000_000_000;
// The channel reads no CreateTime; one fixed time keeps the worker off the wall clock.
const createTime = Math.floor(Date.parse('2026-01-05T02:00:00Z') / 1000);
for await (const line of createInterface({ input: process.stdin })) {
  const { from, nickName, text } = JSON.parse(line) as { from: string; nickName: string; text: string };
  bot.contacts[from] = { UserName: from, NickName: nickName };
  bot.emit('message', bot.Message.extend({ MsgId: String(msgId++), MsgType: 1, FromUserName: from, ToUserName: '@self0000', Content: text, CreateTime: createTime }));
}
