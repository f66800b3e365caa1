// A fresh MariaDB database for one bench, dropped afterwards (127.0.0.1:3306, root, no password).
import mysql from 'mysql2/promise';

let created = 0;

/** Run `work` on the URL of a new, empty database. */
export async function withMariadb<T>(work: (url: string) => Promise<T>): Promise<T> {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  const name = `nianbao_bench_${process.pid}_${++created}`;
  await admin.query(`CREATE DATABASE \`${name}\``);
  try {
    return await work(`mariadb://root@127.0.0.1:3306/${name}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}
