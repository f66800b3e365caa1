// The layer rules of eslint.config.js on a temporary copy of the tree: the copy as it is passes,
// and a wrong import written into a copy of a real file fails, naming the rule that forbids it.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { ESLint, type Linter } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'nianbao-layers-'));
for (const folder of ['src', 'handlers', 'entities', 'config']) cpSync(join(root, folder), join(copy, folder), { recursive: true });
// Only the import rules (no type information, so no tsconfig needed in the copy). A path, not a
// static import: eslint.config.js is JavaScript, outside the type-checked tree.
const { layerRules } = await import(join(root, 'eslint.config.js')) as { layerRules: (basePath: string) => Linter.Config[] };
const eslint = new ESLint({ cwd: copy, overrideConfigFile: true, overrideConfig: layerRules(copy) });
test.after.always(() => rmSync(copy, { recursive: true, force: true }));

/** The rule and message of every problem found in `file` (of the copy) after `line` is added to it. */
async function problemsWith(file: string, line: string): Promise<[string | null, string][]> {
  appendFileSync(join(copy, file), `\n${line}\n`);
  const [result] = await eslint.lintFiles([join(copy, file)]);
  return result.messages.map((m) => [m.ruleId, m.message]);
}

const upward = 'A layer imports only the layers under it (eslint.config.js): move the shared piece down instead.';

test.serial('the tree as it is keeps its layers', async (t) => {
  const results = await eslint.lintFiles(['src', 'handlers', 'entities', 'config']);
  t.true(results.length > 100);
  t.deepEqual(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.message}`)), []);
});

test('src/report importing anything of ours fails', async (t) => {
  t.deepEqual(await problemsWith('src/report/read-number.ts', "import { loadCalendar } from '../calendar/working-calendar.ts';"), [
    ['import-x/no-restricted-paths', 'Unexpected path "../calendar/working-calendar.ts" imported in restricted zone. src/report is the domain: it imports nothing of ours.'],
    ['import-x/no-restricted-paths', `Unexpected path "../calendar/working-calendar.ts" imported in restricted zone. ${upward}`],
  ]);
});

test('a handler importing the database, Koa or the file system fails', async (t) => {
  t.deepEqual(await problemsWith('handlers/help.ts', "import { DataSource } from 'typeorm';"), [
    ['no-restricted-imports', "'typeorm' import is restricted from being used. Handlers are pure: the engine does the I/O."],
  ]);
  t.deepEqual(await problemsWith('handlers/echo.ts', "import { readFileSync } from 'node:fs';"), [
    ['no-restricted-imports', "'node:fs' import is restricted from being used. Handlers are pure: the engine does the I/O."],
  ]);
  t.deepEqual(await problemsWith('handlers/reply.ts', "import { enqueue } from '../src/bot/outbox.ts';"), [
    ['import-x/no-restricted-paths', 'Unexpected path "../src/bot/outbox.ts" imported in restricted zone. Handlers are pure: no database, engine or wire.'],
    ['import-x/no-restricted-paths', `Unexpected path "../src/bot/outbox.ts" imported in restricted zone. ${upward}`],
  ]);
});

test('the engine importing publishing again (the old bot ⇄ publish cycle) fails', async (t) => {
  t.deepEqual(await problemsWith('src/bot/engine.ts', "import { renderDocx } from '../publish/docx.ts';"), [
    ['import-x/no-restricted-paths', `Unexpected path "../publish/docx.ts" imported in restricted zone. ${upward}`],
  ]);
});

test('the wire importing the engine fails', async (t) => {
  t.deepEqual(await problemsWith('src/wecom/crypto.ts', "import { query } from '../bot/sql.ts';"), [
    ['import-x/no-restricted-paths', 'Unexpected path "../bot/sql.ts" imported in restricted zone. The wire (src/wecom) never imports the engine.'],
    ['import-x/no-restricted-paths', `Unexpected path "../bot/sql.ts" imported in restricted zone. ${upward}`],
  ]);
});
