// The WeChat process around a real wechat4u instance: the login stored encrypted and resumed,
// the logout forgetting it and telling the admins and supervisors, wechat4u's global handler gone,
// reminders reaching members bound through WeChat, sends paced a second apart.
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { Campaign } from '../../entities/campaign.ts';
import { OutboxMessage } from '../../entities/outbox-message.ts';
import { WechatSession } from '../../entities/wechat-session.ts';
import type { OutboxRow } from '../../src/bot/outbox.ts';
import { loadCalendar } from '../../src/calendar/working-calendar.ts';
import { openSession, sealSession } from '../../src/channels/wechat-session.ts';
import { createWechatSender } from '../../src/channels/wechat-sender.ts';
import { loadWechat4u } from '../../src/channels/wechat4u.ts';
import { runReminderTick } from '../../src/jobs/reminder-tick.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startWechatHarness, testWechatKey } from '../support/wechat-harness.ts';
import { clockAt } from '../support/wecom-service.ts';

const plan = { supervisingUnit: '某县政务公开办', year: 2025, format: '2021' as const, units: [{ name: '杨舍镇', officialId: 'o1' }, { name: '乙镇', officialId: 'o2' }] };
const key = Buffer.from(testWechatKey, 'hex');
const wecom = { corpId: 'ww1', agentId: 1, secret: 's', token: 't', encodingAesKey: 'k', apiBase: 'http://127.0.0.1:1', callbackPath: '/wecom/callback' };

test('loading wechat4u leaves no uncaughtException listener of its own (a bare import leaves one)', (t) => {
  // In a fresh process: in this one the module may already be loaded.
  const count = (code: string) => execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }).trim();
  const loader = new URL('../../src/channels/wechat4u.ts', import.meta.url).href;
  t.is(count(`await (await import('${loader}')).loadWechat4u(); console.log(process.listenerCount('uncaughtException'))`), '0');
  t.is(count("await import('wechat4u'); console.log(process.listenerCount('uncaughtException'))"), '1');
});

test('a sealed login opens only under its key, and a tampered one not at all', (t) => {
  const sealed = sealSession(key, '{"PROP":{"uin":1}}');
  t.regex(sealed, /^v1:[^:]+:[^:]+:[^:]+$/);
  t.false(sealed.includes('uin'));
  t.is(openSession(key, sealed), '{"PROP":{"uin":1}}');
  t.is(openSession(Buffer.alloc(32, 7), sealed), undefined);
  const [v, iv, tag, body] = sealed.split(':');
  t.is(openSession(key, [v, iv, tag, Buffer.from(Buffer.from(body, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64')].join(':')), undefined);
  // Its tag cut to 4 bytes: a forger then needs to guess 32 bits, not 128.
  t.is(openSession(key, [v, iv, Buffer.from(tag, 'base64').subarray(0, 4).toString('base64'), body].join(':')), undefined);
});

forEachDatabase('the login is stored encrypted and resumed by the next process; a logout deletes it and tells the admins and supervisors through WeCom', async (t, database) => {
  const url = await database.url(t);
  const first = await startWechatHarness(t, database, { plan, url, config: { wecom } });
  first.bot.PROP.uin = 12345;
  first.bot.emit('login');
  await first.logged((line) => line.startsWith('个人微信的登录已保存')); // the save runs after the event
  const row = await first.wechat.db.manager.findOneByOrFail(WechatSession, { name: 'default' });
  t.false(row.data.includes('12345'));
  t.deepEqual(JSON.parse(openSession(key, row.data)!).PROP.uin, 12345);

  const second = await startWechatHarness(t, database, { url, config: { wecom } });
  t.is(second.bot.PROP.uin, 12345, 'new Wechat(botData): restart() resumes without scanning');
  second.bot.emit('logout');
  await second.wechat.loggedOut;
  t.is(await second.wechat.db.manager.countBy(WechatSession, {}), 0);
  const told = await second.wechat.db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
  t.deepEqual(told.map((m) => [m.channel, m.recipient]), [['wecom', 'demo-supervisor']]);
  t.regex(JSON.parse(told[0].payload).text, /^年报助手的个人微信通道已于2026\/1\/5 10:00:00退出登录.*请管理员查看 nianbao-wechat 的日志，用机器人微信扫码重新登录。$/);
});

forEachDatabase('without WeCom, a logout is told in the log', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.bot.emit('login');
  harness.bot.emit('logout');
  await harness.wechat.loggedOut;
  t.is(await harness.wechat.db.manager.count(OutboxMessage), 0);
  t.true(harness.logs.some((line) => line.startsWith('年报助手的个人微信通道已于')));
}, 'sqlite');

forEachDatabase('reminders and digests go through WeChat to members bound there, through WeCom to the others', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan, clock: clockAt(new Date('2026-01-13T09:25:00+08:00')) });
  await harness.wechat.db.createQueryBuilder().update(Campaign).set({ deadlines: JSON.stringify({ default: '2026-01-20', 县级部门: '2026-02-26' }) }).execute();
  harness.contact({ UserName: '@o1', NickName: '杨舍小张' });
  harness.contact({ UserName: '@sup', NickName: '县公开办' });
  await harness.say('@o1', await harness.bindCode('o1'));
  await harness.say('@sup', await harness.bindCode('demo-supervisor'));
  await runReminderTick(harness.wechat.db, harness.clock.now(), loadCalendar());
  const rows = await harness.wechat.db.manager.find(OutboxMessage, { order: { id: 'ASC' } });
  t.deepEqual(rows.filter((r) => r.idempotencyKey.startsWith('reminder:')).map((r) => [r.recipient, r.channel]).sort(), [['demo-supervisor', 'wechat'], ['o1', 'wechat'], ['o2', 'wecom']]);
});

test('sends are at least a second apart, whoever they go to', async (t) => {
  let time = 0;
  const waits: number[] = [];
  const bot = new (await loadWechat4u())();
  bot.state = 'login';
  bot.contacts = { '@a': { UserName: '@a' }, '@b': { UserName: '@b' } };
  const sent: [number, string][] = [];
  bot.sendMsg = async (_, to) => sent.push([time, to]);
  const sender = createWechatSender(bot, undefined as never, { now: () => time, sleep: async (ms) => { waits.push(ms); time += ms; } });
  const row = (recipient: string): OutboxRow => ({ id: 1, channel: 'wechat', recipient, kind: 'text', payload: { text: '好' }, attempt: 1, uncertain: false, repeat: false });
  const results = await Promise.all([sender.send(row('wechat:@a')), sender.send(row('wechat:@b')), sender.send(row('wechat:@a'))]);
  t.deepEqual(results, [{ kind: 'sent' }, { kind: 'sent' }, { kind: 'sent' }]);
  t.deepEqual(sent, [[0, '@a'], [1000, '@b'], [2000, '@a']]);
  t.deepEqual(waits, [1000, 1000]);
  t.deepEqual(await sender.send(row('wechat:@gone')), { kind: 'failed', error: 'the contact belongs to an earlier WeChat login' });
});

forEachDatabase('a new login shows its QR code in the log, drawn for the terminal, with its URL', async (t, database) => {
  const harness = await startWechatHarness(t, database, { plan });
  harness.bot.emit('uuid', 'Qb1z_x9');
  // Drawn after the URL is logged (the drawing is asynchronous).
  const drawn = await harness.logged((line) => /[▀▄█]/.test(line));
  t.true(harness.logs.some((line) => line.includes('https://login.weixin.qq.com/l/Qb1z_x9')));
  // A QR code of version 2 or more: at least 25 modules, drawn two rows a line.
  t.true(drawn.trim().split('\n').length >= 13);
}, 'sqlite');
