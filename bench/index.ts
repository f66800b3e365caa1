// `npm run bench`: runs each bench module in turn and prints one table. Figures are reported,
// not asserted: ✔/✖ shows each against its target, and the exit code is always 0.
// To add a bench, write a module exporting `async function run(): Promise<Row[]>` and list it below.
// `npm run bench -- publish campaign` runs only the modules named.
import * as reportCore from './report-core.ts';
import * as engine from './engine.ts';
import * as callback from './callback.ts';
import * as statements from './statements.ts';
import * as campaign from './campaign.ts';
import * as publish from './publish.ts';
import * as importing from './import.ts';

/** One measured figure. `target`/`ok` are absent for figures given for information only. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

const modules: { name: string; run: () => Promise<Row[]> }[] = [
  { name: 'report-core', run: reportCore.run },
  { name: 'engine', run: engine.run },
  { name: 'callback', run: callback.run },
  { name: 'statements', run: statements.run },
  { name: 'campaign', run: campaign.run },
  { name: 'publish', run: publish.run },
  { name: 'import', run: importing.run },
];
const named = process.argv.slice(2);

const format = (value: number) =>
  Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3);

function printTable(rows: { module: string; row: Row }[]) {
  const lines = rows.map(({ module, row }) => [
    row.ok === undefined ? ' ' : row.ok ? '✔' : '✖',
    `${module}: ${row.name}`,
    `${format(row.value)} ${row.unit}`,
    row.target ?? '(info)',
  ]);
  const header = [' ', 'benchmark', 'value', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const show = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(show(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(show(line));
}

const results: { module: string; row: Row }[] = [];
for (const module of modules.filter((m) => !named.length || named.includes(m.name))) {
  const started = performance.now();
  try {
    const rows = await module.run();
    results.push(...rows.map((row) => ({ module: module.name, row })));
    console.error(`${module.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`✖ ${module.name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}
console.log('');
printTable(results);
const missed = results.filter((r) => r.row.ok === false).length;
const targeted = results.filter((r) => r.row.ok !== undefined).length;
console.log(`\n${targeted - missed} of ${targeted} targets met${missed ? ` (${missed} missed)` : ''}.`);
process.exitCode = 0;
