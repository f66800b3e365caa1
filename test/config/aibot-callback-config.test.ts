// The 智能机器人's callback URL settings: Token and EncodingAESKey, served at /wecom/bot unless
// WECOM_BOT_CALLBACK_PATH says otherwise; beside the long connection and the self-built app or
// alone; every problem named at start without echoing the secrets.
import test from 'ava';
import { loadConfig } from '../../config/load-config.ts';

const callback = { WECOM_BOT_TOKEN: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo', WECOM_BOT_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt' };
const app = { WECOM_CORP_ID: 'ww1436e0e65a779aee', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 'app-secret', WECOM_TOKEN: 'QDG6eK', WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

test('a Token and EncodingAESKey alone make the callback mode at /wecom/bot, beside no self-built app', (t) => {
  t.deepEqual(loadConfig(callback), {
    databaseUrl: 'sqlite:data/nianbao.sqlite', port: 8080, role: 'all', sendHours: { from: '09:00', to: '18:00' },
    aibotCallback: { token: callback.WECOM_BOT_TOKEN, encodingAesKey: callback.WECOM_BOT_AES_KEY, callbackPath: '/wecom/bot' },
  });
});

test('both modes of the bot and the self-built app together, the bot at its own path', (t) => {
  const config = loadConfig({ ...app, ...callback, WECOM_BOT_ID: 'aibMXy2Q1m6V7eQ', WECOM_BOT_SECRET: 'bot-secret', WECOM_BOT_CALLBACK_PATH: '/gov/bot' });
  t.is(config.wecom?.callbackPath, '/wecom/callback');
  t.is(config.aibot?.botId, 'aibMXy2Q1m6V7eQ');
  t.is(config.aibotCallback?.callbackPath, '/gov/bot');
});

test('a missing key, a bad key, a bad path, a path without a bot and a path shared with the app are each named, no secret echoed', (t) => {
  const missing = t.throws(() => loadConfig({ WECOM_BOT_TOKEN: callback.WECOM_BOT_TOKEN }), { code: 'CONFIG_INVALID' });
  t.regex(missing!.message, /还需设置：WECOM_BOT_AES_KEY/);
  t.false(missing!.message.includes(callback.WECOM_BOT_TOKEN));
  const bad = t.throws(() => loadConfig({ ...callback, WECOM_BOT_AES_KEY: 'short', WECOM_BOT_CALLBACK_PATH: 'wecom/bot' }), { code: 'CONFIG_INVALID' });
  t.regex(bad!.message, /WECOM_BOT_AES_KEY 应为智能机器人 URL 回调设置中的 EncodingAESKey/);
  t.regex(bad!.message, /WECOM_BOT_CALLBACK_PATH 应为以 \/ 开头的路径/);
  const alone = t.throws(() => loadConfig({ WECOM_BOT_CALLBACK_PATH: '/wecom/bot' }), { code: 'CONFIG_INVALID' });
  t.regex(alone!.message, /未设置 WECOM_BOT_TOKEN 和 WECOM_BOT_AES_KEY/);
  const shared = t.throws(() => loadConfig({ ...app, ...callback, WECOM_BOT_CALLBACK_PATH: '/wecom/callback' }), { code: 'CONFIG_INVALID' });
  t.regex(shared!.message, /WECOM_BOT_CALLBACK_PATH 与 WECOM_CALLBACK_PATH 不能相同/);
  t.false(shared!.message.includes(app.WECOM_SECRET));
});
