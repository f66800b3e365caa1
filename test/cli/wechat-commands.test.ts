// member bind-code and wechat on a fresh SQLite file (ava runs each test file in a process of its
// own, so setting DATABASE_URL here touches no other file).
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-wechat-cli-'));
process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;
delete process.env.NIANBAO_WECHAT_KEY;

test.serial('member bind-code prints a one-time code of eight digits for a known member, and refuses an unknown userid', async (t) => {
  writeFileSync(join(dir, 'units.csv'), 'name,kind,parent\n政务公开办,县级部门,\n杨舍镇,镇,政务公开办\n');
  writeFileSync(join(dir, 'members.csv'), 'userid,name,role,unit\nf1,张三,填报人,杨舍镇\n');
  t.is((await runCli('unit', 'import', join(dir, 'units.csv'))).code, 0);
  t.is((await runCli('member', 'import', join(dir, 'members.csv'))).code, 0);
  const made = await runCli('member', 'bind-code', 'f1');
  t.is(made.code, 0);
  t.regex(made.stdout, /^已为张三（f1）生成个人微信绑定码：\d{8}\n有效期至 .+（24小时），只能使用一次；重新生成后，之前未使用的绑定码作废。\n请张三先添加机器人微信为好友/);
  t.deepEqual(await runCli('member', 'bind-code', 'nobody'), { code: 2, stdout: '', stderr: '没有账号为「nobody」的成员。请先用 nianbao member import 导入该成员。' });
  t.is((await runCli('member', 'delete', 'f1')).stderr.split('\n')[0], '「member」只支持 import、list、disable、enable、bind-code。用法：');
});

test.serial('wechat refuses to start without NIANBAO_WECHAT_KEY, and names a malformed one', async (t) => {
  const missing = await runCli('wechat');
  t.is(missing.code, 2);
  t.is(missing.stderr, '未设置 NIANBAO_WECHAT_KEY，个人微信通道不能启动：登录信息须加密保存在数据库中。请设置 64 位十六进制的密钥（可用 openssl rand -hex 32 生成）后重试；密钥更换后须重新扫码登录。');
  process.env.NIANBAO_WECHAT_KEY = 'not-hex';
  t.teardown(() => delete process.env.NIANBAO_WECHAT_KEY);
  const bad = await runCli('wechat');
  t.is(bad.code, 2);
  t.is(bad.stderr, '配置有误，请检查以下环境变量：\n  NIANBAO_WECHAT_KEY 应为 64 位十六进制数字（32 字节），可用 openssl rand -hex 32 生成');
});
