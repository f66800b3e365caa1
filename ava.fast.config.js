// `npm run test:fast`: the report core, the handlers and the other pure parts — no database, no
// processes, no LibreOffice — for a quick run while working; CI runs everything (`npm test`).
export default {
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  workerThreads: false,
  timeout: '2m',
  files: [
    'test/report/**/*.test.ts',
    '!test/report/import-corpus.test.ts',
    'test/handlers/**/*.test.ts',
    'test/calendar/**/*.test.ts',
    'test/config/**/*.test.ts',
    'test/app-error.test.ts',
    'test/admin/read-csv.test.ts',
    'test/bot/coalesce.test.ts',
    'test/db/database-url.test.ts',
    'test/publish/docx.test.ts',
    'test/publish/rollup.test.ts',
    'test/wecom/crypto.test.ts',
    'test/wecom/encryptor.test.ts',
    'test/wecom/inbound.test.ts',
  ],
};
