// `npm run test:fast` runs the pure tests in two processes (one a core), not one process a file:
// starting a process with tsx costs more than most of these files' tests. part-1.ts and part-2.ts
// import every other file of the list below (ava wants tests declared synchronously: static
// imports, written out); test/fast/parts.test.ts fails when they no longer match the list.
import { readdirSync } from 'node:fs';

/** The report core, the handlers and the other pure parts: no database, no processes, no LibreOffice. */
const folders = ['report', 'handlers', 'calendar', 'config'];
const files = [
  'app-error.test.ts', 'admin/read-csv.test.ts', 'bot/coalesce.test.ts', 'db/database-url.test.ts', 'publish/docx.test.ts',
  'publish/rollup.test.ts', 'wecom/crypto.test.ts', 'wecom/encryptor.test.ts', 'wecom/inbound.test.ts',
];
/** In those folders but not pure: the corpus of real reports (slow), and tests on both databases. */
const left = ['report/import-corpus.test.ts', 'calendar/calendar-store.test.ts', 'calendar/calendar-2027.test.ts'];

const test = new URL('../', import.meta.url);

/** The fast set's files, relative to test/, in a stable order. */
export function fastFiles(): string[] {
  const inFolders = folders.flatMap((folder) => readdirSync(new URL(`${folder}/`, test), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${folder}/${name}`));
  return [...inFolders, ...files].filter((file) => !left.includes(file)).sort();
}

/** Part `index` (0-based) of `count`: every count-th file. */
export function partOf(index: number, count: number): string[] {
  return fastFiles().filter((_, i) => i % count === index);
}
