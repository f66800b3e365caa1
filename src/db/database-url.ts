// DATABASE_URL read into a tagged target. Messages never echo the URL: it may hold a password.
import { AppError } from '../app-error.ts';

/** Where the data lives: an SQLite file, or a MySQL/MariaDB database. */
export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'mysql';
      flavour: 'mysql' | 'mariadb';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
    };

/** Read a database URL (`sqlite:PATH`, `mysql://…`, `mariadb://…`); throws when it is not one. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    // sqlite:///var/lib/x.sqlite is the common way to write an absolute path.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '' || path.startsWith('//')) throw invalid('SQLite 文件路径为空', 'the SQLite file path is empty');
    return { kind: 'sqlite', path };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('无法解析', 'it cannot be parsed');
  }
  const flavour = parsed.protocol === 'mysql:' ? 'mysql' : parsed.protocol === 'mariadb:' ? 'mariadb' : undefined;
  if (!flavour) throw invalid(`不支持的协议 ${parsed.protocol}`, `unsupported scheme ${parsed.protocol}`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw invalid('缺少主机名', 'the host is missing');
  if (!parsed.username) throw invalid('缺少用户名', 'the user is missing');
  if (database === '' || database.includes('/')) throw invalid('缺少库名', 'the database name is missing');
  if (parsed.search !== '') throw invalid('不支持查询参数', 'query parameters are not supported');
  return {
    kind: 'mysql',
    flavour,
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

function invalid(zh: string, en: string): AppError {
  return new AppError(
    'DATABASE_URL_INVALID',
    `DATABASE_URL 无效：${zh}。应为 sqlite:路径 或 mysql://用户:密码@主机:端口/库名。` +
      ` / DATABASE_URL is invalid: ${en}. Set it to sqlite:PATH or mysql://user:pass@host:port/db (or mariadb://).`,
  );
}
