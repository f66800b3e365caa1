// Preloaded into the service by the callback bench (node --import): counts the SQL statements this
// process sends to MySQL/MariaDB, and writes the count to stderr on SIGUSR2. The server's own
// counter (Questions) counts every client of the server, other benches' and tests' too.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Connection } = require('mysql2');
let statements = 0;
for (const name of ['query', 'execute']) {
  const original = Connection.prototype[name];
  Connection.prototype[name] = function counted(...args) {
    statements++;
    return original.apply(this, args);
  };
}
process.on('SIGUSR2', () => process.stderr.write(`statements sent: ${statements}\n`));
