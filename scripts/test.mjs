// Runs ava with its TAP reporter, passes the output through, and ends with the plain
// "N passed, N failed" line that CI reads. Exits with ava's status.
import { spawn } from 'node:child_process';

const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', '--tap', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let passed = 0;
let failed = 0;
let rest = '';
ava.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (rest + chunk.toString('utf8')).split('\n');
  rest = lines.pop() ?? '';
  for (const line of lines) {
    const pass = /^# pass (\d+)$/.exec(line);
    const fail = /^# fail (\d+)$/.exec(line);
    if (pass) passed = Number(pass[1]);
    if (fail) failed = Number(fail[1]);
  }
});
ava.on('close', (code) => {
  if (code !== 0 && failed === 0) failed = 1; // ava itself failed (e.g. a crash before any test)
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(code ?? 1);
});
