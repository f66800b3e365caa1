// The 智能机器人's settings: the long connection by BotID and Secret, the official address by
// default, and every problem named at start without echoing the secret.
import test from 'ava';
import { loadConfig } from '../../config/load-config.ts';

const bot = { WECOM_BOT_ID: 'aibMXy2Q1m6V7eQ', WECOM_BOT_SECRET: 'bot-SeCrEt-0123456789' };

test('a BotID and Secret alone make the bot channel, at the official address, beside no self-built app', (t) => {
  t.deepEqual(loadConfig(bot), {
    databaseUrl: 'sqlite:data/nianbao.sqlite', port: 8080, role: 'all', sendHours: { from: '09:00', to: '18:00' },
    aibot: { botId: 'aibMXy2Q1m6V7eQ', secret: 'bot-SeCrEt-0123456789', wsUrl: 'wss://openws.work.weixin.qq.com' },
  });
});

test('a private deployment sets its own address', (t) => {
  t.is(loadConfig({ ...bot, WECOM_BOT_WS_URL: 'wss://openws.zwwx.example.gov.cn:8443/ws' }).aibot?.wsUrl, 'wss://openws.zwwx.example.gov.cn:8443/ws');
});

test('a missing Secret, a bad address, and an address without a bot are each named, the secret never echoed', (t) => {
  const missing = t.throws(() => loadConfig({ WECOM_BOT_ID: 'aibMXy2Q1m6V7eQ' }), { code: 'CONFIG_INVALID' });
  t.regex(missing!.message, /还需设置：WECOM_BOT_SECRET/);
  const address = t.throws(() => loadConfig({ ...bot, WECOM_BOT_WS_URL: 'https://openws.work.weixin.qq.com' }), { code: 'CONFIG_INVALID' });
  t.regex(address!.message, /WECOM_BOT_WS_URL 应为 wss:\/\/主机/);
  t.false(address!.message.includes(bot.WECOM_BOT_SECRET));
  const alone = t.throws(() => loadConfig({ WECOM_BOT_WS_URL: 'wss://openws.work.weixin.qq.com' }), { code: 'CONFIG_INVALID' });
  t.regex(alone!.message, /未设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET/);
});
