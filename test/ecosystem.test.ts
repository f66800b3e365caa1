// The PM2 configuration as PM2 loads it (require() of the ES module), for both databases.
import { execFileSync } from 'node:child_process';
import test from 'ava';

function appsFor(databaseUrl: string): { name: string; exec_mode: string; instances: number | string; env: { NIANBAO_ROLE: string }; script: string }[] {
  const script = "console.log(JSON.stringify(require('./ecosystem.config.js').apps))";
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' }));
}

test('on MySQL: the web app in cluster mode on every core, the scheduler once', (t) => {
  t.deepEqual(appsFor('mysql://u:p@db:3306/nianbao').map((a) => [a.name, a.exec_mode, a.instances, a.env.NIANBAO_ROLE, a.script]), [
    ['nianbao-web', 'cluster', 'max', 'web', 'bin/nianbao-server.js'],
    ['nianbao-scheduler', 'fork', 1, 'scheduler', 'bin/nianbao-server.js'],
  ]);
});

test('on the embedded SQLite: one process serving the web and running the scheduler', (t) => {
  t.deepEqual(appsFor('').map((a) => [a.name, a.exec_mode, a.instances, a.env.NIANBAO_ROLE]), [['nianbao', 'fork', 1, 'all']]);
});

test('the personal WeChat channel is a process of its own, only when NIANBAO_WECHAT is set', (t) => {
  const script = "console.log(JSON.stringify(require('./ecosystem.config.js').apps))";
  const apps = (env: Record<string, string>) => JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NIANBAO_WECHAT: '', ...env }, encoding: 'utf8' })) as { name: string; script: string; args?: string; instances: number }[];
  t.false(apps({}).some((a) => a.name === 'nianbao-wechat'));
  const wechat = apps({ NIANBAO_WECHAT: '1', DATABASE_URL: 'mysql://u:p@db:3306/nianbao' }).find((a) => a.name === 'nianbao-wechat');
  t.deepEqual([wechat?.script, wechat?.args, wechat?.instances], ['bin/nianbao.js', 'wechat', 1]);
});
