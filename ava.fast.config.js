// `npm run test:fast`: the report core, the handlers and the other pure parts — no database, no
// processes, no LibreOffice — for a quick run while working (well under a minute on 2 cores). The
// files are listed in test/fast/parts.ts and run in two processes, not one a file (test/fast/
// part-1.ts, part-2.ts); the property and fuzz tests try a tenth of their inputs here
// (test/support/runs.ts). CI runs everything, one process a file, in full (`npm test`).
export default {
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  workerThreads: false,
  timeout: '2m',
  environmentVariables: { NIANBAO_TEST_QUICK: '1' },
  files: ['test/fast/part-*.ts', 'test/fast/parts.test.ts'],
};
