// Writes test/fast/part-1.ts and part-2.ts from the fast set (test/fast/parts.ts), after a test file
// was added to or removed from it: `node --import tsx scripts/fast-parts.ts`.
import { writeFileSync } from 'node:fs';
import { partOf } from '../test/fast/parts.ts';

for (const index of [0, 1]) {
  const imports = partOf(index, 2).map((file) => `import '../${file}';`).join('\n');
  writeFileSync(new URL(`../test/fast/part-${index + 1}.ts`, import.meta.url), `// Half of the fast set (test/fast/parts.ts), written out.\n${imports}\n`);
}
