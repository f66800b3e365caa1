import test from 'ava';
import { loadConfig } from '../../config/load-config.ts';

test('without DATABASE_URL the embedded SQLite file is used', (t) => {
  t.deepEqual(loadConfig({}), { databaseUrl: 'sqlite:data/nianbao.sqlite' });
});

test('a DATABASE_URL that cannot be read fails at start, naming the variable and not echoing the URL', (t) => {
  const error = t.throws(() => loadConfig({ DATABASE_URL: 'postgres://u:secret@h/db' }), { code: 'CONFIG_INVALID' });
  t.regex(error!.message, /DATABASE_URL 无效：不支持的协议 postgres:/);
  t.false(error!.message.includes('secret'));
});
