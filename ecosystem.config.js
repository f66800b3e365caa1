// PM2: `pm2 start ecosystem.config.js`. The web app answers WeCom's callbacks; on MySQL it runs in
// cluster mode (one process per core, sharing the database). The scheduler (the outbox's retries,
// reminders, digests) always runs exactly once; the personal WeChat channel, when enabled, once.
// Settings come from the environment (see README): PM2 passes its own environment through.
// The bins run dist/ with plain node (see bin/entry.js and the README's Build and deploy).
const databaseUrl = process.env.DATABASE_URL ?? '';
const clustered = /^(mysql|mariadb):\/\//.test(databaseUrl);

const common = {
  script: 'bin/nianbao-server.js',
  cwd: import.meta.dirname,
  kill_timeout: 10_000,
  max_memory_restart: '512M',
  time: true,
};

// On SQLite one process does both (two processes on one SQLite file would wait on each other's
// locks with their event loops blocked); on MySQL the scheduler is its own single process.
const config = {
  apps: clustered
    ? [
      { ...common, name: 'nianbao-web', exec_mode: 'cluster', instances: 'max', env: { NIANBAO_ROLE: 'web' } },
      { ...common, name: 'nianbao-scheduler', exec_mode: 'fork', instances: 1, env: { NIANBAO_ROLE: 'scheduler' } },
    ]
    : [
      { ...common, name: 'nianbao', exec_mode: 'fork', instances: 1, env: { NIANBAO_ROLE: 'all' } },
    ],
};

// The personal WeChat channel (wechat4u), only when NIANBAO_WECHAT is set: a process of its own, so
// that its crashes and restarts never touch the web server; after a logout it exits and starts
// again with a new QR code in its log, waiting longer each time.
if (process.env.NIANBAO_WECHAT) {
  config.apps.push({ ...common, name: 'nianbao-wechat', script: 'bin/nianbao.js', args: 'wechat', exec_mode: 'fork', instances: 1, exp_backoff_restart_delay: 10_000 });
}

// PM2 loads its configuration with require(): Node returns this binding for require() of an ES module.
export { config as 'module.exports' };
