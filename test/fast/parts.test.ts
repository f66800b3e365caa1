// The fast run's two parts import exactly the fast set: a test file added to a fast folder and
// not to a part would be left out of `npm run test:fast` without a word.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { partOf } from './parts.ts';

const imported = (part: number) => [...readFileSync(new URL(`part-${part}.ts`, import.meta.url), 'utf8').matchAll(/^import '\.\.\/(.+)';$/gm)].map((m) => m[1]);

test('part-1.ts and part-2.ts import every file of the fast set, each once, split in two', (t) => {
  t.deepEqual(imported(1), partOf(0, 2), 'part-1.ts is stale: node --import tsx scripts/fast-parts.ts');
  t.deepEqual(imported(2), partOf(1, 2), 'part-2.ts is stale: node --import tsx scripts/fast-parts.ts');
});
