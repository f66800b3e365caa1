import test from 'ava';
import { loadConfig } from '../../config/load-config.ts';

const wecom = {
  WECOM_CORP_ID: 'ww1436e0e65a779aee',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'sEcReT-value-0123456789',
  WECOM_TOKEN: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  WECOM_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
};

test('with no environment at all: the embedded SQLite file, port 8080, both roles, local mode', (t) => {
  t.deepEqual(loadConfig({}), { databaseUrl: 'sqlite:data/nianbao.sqlite', port: 8080, role: 'all', sendHours: { from: '09:00', to: '18:00' } });
});

test('a DATABASE_URL that cannot be read fails at start, naming the variable and not echoing the URL', (t) => {
  const error = t.throws(() => loadConfig({ DATABASE_URL: 'postgres://u:secret@h/db' }), { code: 'CONFIG_INVALID' });
  t.regex(error!.message, /DATABASE_URL 无效：不支持的协议 postgres:/);
  t.false(error!.message.includes('secret'));
});

test('the five WeCom settings make the WeCom mode, with the official API as default', (t) => {
  t.deepEqual(loadConfig({ ...wecom, PORT: '3000', WECOM_ROBOT_KEY: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' }), {
    databaseUrl: 'sqlite:data/nianbao.sqlite', port: 3000, role: 'all', sendHours: { from: '09:00', to: '18:00' },
    wecom: {
      corpId: 'ww1436e0e65a779aee', agentId: 1000002, secret: 'sEcReT-value-0123456789', token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
      encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', apiBase: 'https://qyapi.weixin.qq.com', callbackPath: '/wecom/callback',
    },
    robotKey: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
  });
});

test('every problem is reported at once, naming each variable, and no secret is echoed', (t) => {
  const error = t.throws(() => loadConfig({
    PORT: 'eighty', NIANBAO_ROLE: 'worker', WECOM_CORP_ID: 'ww14 36', WECOM_AGENT_ID: '-3', WECOM_TOKEN: 'token-with-dash!', WECOM_SECRET: 'sEcReT value',
    WECOM_AES_KEY: 'tooShortAesKeyValue', WECOM_API_BASE: 'qyapi.weixin.qq.com', WECOM_ROBOT_KEY: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc12345',
    NIANBAO_SEND_HOURS: '18:00-09:00',
  }), { code: 'CONFIG_INVALID' });
  const lines = error!.message.split('\n').slice(1).map((l) => l.trim().split(/\s/)[0]);
  t.deepEqual(lines, ['PORT', 'NIANBAO_ROLE', 'WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY', 'WECOM_API_BASE', 'WECOM_ROBOT_KEY', 'NIANBAO_SEND_HOURS']);
  for (const secret of ['sEcReT value', 'token-with-dash!', 'tooShortAesKeyValue', 'abc12345']) t.false(error!.message.includes(secret), secret);
});

test('a partial WeCom configuration names what is still missing', (t) => {
  const { WECOM_SECRET: _secret, WECOM_AES_KEY: _key, ...partial } = wecom;
  const error = t.throws(() => loadConfig(partial), { code: 'CONFIG_INVALID' });
  t.regex(error!.message, /企业微信配置不完整，还需设置：WECOM_SECRET、WECOM_AES_KEY/);
});

test('the configuration is frozen', (t) => {
  const config = loadConfig(wecom);
  t.true(Object.isFrozen(config));
  t.true(Object.isFrozen(config.wecom));
});

test('the hours reminders may be sent in are set by NIANBAO_SEND_HOURS', (t) => {
  t.deepEqual(loadConfig({ NIANBAO_SEND_HOURS: '08:30-17:30' }).sendHours, { from: '08:30', to: '17:30' });
});

test('NIANBAO_WECHAT_KEY is kept when it is 64 hex digits, and named (not echoed) otherwise', (t) => {
  t.is(loadConfig({ NIANBAO_WECHAT_KEY: 'ab'.repeat(32) }).wechatKey, 'ab'.repeat(32));
  const error = t.throws(() => loadConfig({ NIANBAO_WECHAT_KEY: 'secret-but-short' }), { code: 'CONFIG_INVALID' });
  t.regex(error!.message, /NIANBAO_WECHAT_KEY 应为 64 位十六进制数字/);
  t.false(error!.message.includes('secret-but-short'));
});

test('NIANBAO_WECHAT without NIANBAO_WECHAT_KEY is a configuration problem, not a process PM2 restarts forever', (t) => {
  const error = t.throws(() => loadConfig({ NIANBAO_WECHAT: '1' }), { code: 'CONFIG_INVALID' });
  t.regex(error!.message, /已设置 NIANBAO_WECHAT（启用个人微信通道），但缺少 NIANBAO_WECHAT_KEY/);
  t.is(loadConfig({ NIANBAO_WECHAT: '1', NIANBAO_WECHAT_KEY: 'ab'.repeat(32) }).wechatKey, 'ab'.repeat(32));
});
