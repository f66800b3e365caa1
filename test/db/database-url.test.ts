import test from 'ava';
import { AppError } from '../../src/app-error.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';

test('sqlite:PATH names a file, relative or absolute', (t) => {
  t.deepEqual(parseDatabaseUrl('sqlite:data/nianbao.sqlite'), { kind: 'sqlite', path: 'data/nianbao.sqlite' });
  t.deepEqual(parseDatabaseUrl('sqlite:/var/lib/nianbao/db.sqlite'), { kind: 'sqlite', path: '/var/lib/nianbao/db.sqlite' });
  t.deepEqual(parseDatabaseUrl('sqlite:///var/lib/nianbao/db.sqlite'), { kind: 'sqlite', path: '/var/lib/nianbao/db.sqlite' });
});

test('mysql:// and mariadb:// give the connection fields, percent-decoded, port 3306 by default', (t) => {
  t.deepEqual(parseDatabaseUrl('mysql://nianbao:p%40ss%3Aw0rd@db.internal:3307/nianbao'), {
    kind: 'mysql',
    flavour: 'mysql',
    host: 'db.internal',
    port: 3307,
    username: 'nianbao',
    password: 'p@ss:w0rd',
    database: 'nianbao',
  });
  t.deepEqual(parseDatabaseUrl('mariadb://root@127.0.0.1/test'), {
    kind: 'mysql',
    flavour: 'mariadb',
    host: '127.0.0.1',
    port: 3306,
    username: 'root',
    password: '',
    database: 'test',
  });
});

const bad: [url: string, reason: string][] = [
  ['', '无法解析'],
  ['nianbao.sqlite', '无法解析'],
  ['sqlite:', 'SQLite 文件路径为空'],
  ['postgres://u:p@h/db', '不支持的协议 postgres:'],
  ['mysql://u:secret@h:3306/', '缺少库名'],
  ['mysql://h:3306/db', '缺少用户名'],
  ['mysql://u:secret@h/db?ssl=true', '不支持查询参数'],
];

for (const [url, reason] of bad) {
  test(`${JSON.stringify(url)} is refused with a message naming DATABASE_URL and what is wrong`, (t) => {
    const error = t.throws(() => parseDatabaseUrl(url), { instanceOf: AppError });
    t.is(error?.code, 'DATABASE_URL_INVALID');
    t.true(error?.message.startsWith(`DATABASE_URL 无效：${reason}。`), error?.message);
    t.true(error?.message.includes('DATABASE_URL is invalid'), error?.message);
    t.false(error?.message.includes('secret'), 'the password is not repeated');
  });
}
