// Where the commands' code comes from: dist/, built by `npm run build` (a release runs it with plain
// node, no TypeScript tooling installed), or, in a checkout that was never built, the TypeScript
// sources through tsx (the quick start). The repository's tsconfig is named explicitly: run from
// another directory, tsx would not find it and would compile the TypeORM decorators the wrong way.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The module at `path` (from the repository's root, without extension): built, or its source. */
export async function importEntry(path) {
  const built = new URL(`../dist/${path}.js`, import.meta.url);
  if (existsSync(built)) return import(built.href);
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  return import(new URL(`../${path}.ts`, import.meta.url).href);
}
