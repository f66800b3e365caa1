// The corpus of reports as users have them (issue 15): the real ones in ../shared/real-reports and
// the ones built from the national format (test/fixtures/built-reports), each form with its gold,
// and one scoring of an import against the gold: format, year, unit, every non-zero cell, and the
// check's errors against the printed inconsistencies.
import { readdirSync, readFileSync } from 'node:fs';
import { checkReport } from '../../src/report/check.ts';
import { importHtml, importText, type ImportResult } from '../../src/report/import/import-text.ts';

/** One form of one report, with what it must give. */
export interface Form {
  name: string;
  file: URL;
  gold: { format: string; year: number; unit: string | null; values: Record<string, number>; errors?: string[] };
  /** Only these cells are visible in the source (the openings); undefined: every cell of the gold. */
  visible?: string[];
  /** Whether check is run (whole reports only). */
  check: boolean;
  /** The errors this form has beyond the report's own (a converter dropped a cell), found as they should be. */
  formErrors?: string[];
}

/** The score of one form. */
export interface Score {
  name: string;
  imported: boolean;
  reason?: string;
  header: boolean;
  /** Non-zero gold cells, and how many of them came out right. */
  nonZero: number;
  right: number;
  wrongCells: string[];
  falseErrors: string[];
  missedErrors: string[];
}

const real = new URL('../../../shared/real-reports/', import.meta.url);
const built = new URL('../fixtures/built-reports/', import.meta.url);
const json = (url: URL) => JSON.parse(readFileSync(url, 'utf8'));

/** Every form of every report in the corpus. */
export function corpusForms(): Form[] {
  const forms: Form[] = [];
  const pingtan = json(new URL('full/fj-pingtan-2023/gold.json', real));
  for (const file of ['source.html', 'innertext-page.txt', 'innertext-article.txt', 'crawler.txt']) {
    forms.push({ name: `real fj-pingtan-2023/${file}`, file: new URL(`full/fj-pingtan-2023/${file}`, real), gold: { ...pingtan, errors: [] }, check: true });
  }
  // The converter dropped the 总计 of 结转下年度 (meta.json): the text prints it blank, and check says what it should be.
  forms.push({ name: 'real sh-stcsm-2024/source.txt', file: new URL('full/sh-stcsm-2024/source.txt', real), gold: { ...json(new URL('full/sh-stcsm-2024/gold.json', real)), errors: [] }, check: true, formErrors: ['T7'] });
  for (const dir of readdirSync(new URL('openings/', real)).sort()) {
    const base = new URL(`openings/${dir}/`, real);
    forms.push({ name: `opening ${dir}`, file: new URL('source.txt', base), gold: json(new URL('gold.json', base)), visible: json(new URL('meta.json', base)).visible_cells, check: false });
  }
  for (const dir of readdirSync(built).filter((d) => /^\d\d-/.test(d)).sort()) {
    const base = new URL(`${dir}/`, built);
    const file = readdirSync(base).find((f) => f !== 'gold.json')!;
    forms.push({ name: `built ${dir}`, file: new URL(file, base), gold: json(new URL('gold.json', base)), check: true });
  }
  return forms;
}

/** Import a form by its kind of file. */
export function importForm(form: Form): ImportResult {
  const bytes = readFileSync(form.file);
  return /\.html$/.test(form.file.pathname) ? importHtml(bytes) : importText(bytes.toString('utf8'));
}

/** Score an import against the gold. */
export function scoreForm(form: Form, result: ImportResult): Score {
  const ids = (form.visible ?? Object.keys(form.gold.values)).filter((id) => (form.gold.values[id] ?? 0) !== 0);
  const base = { name: form.name, nonZero: ids.length, wrongCells: [], falseErrors: [], missedErrors: [] };
  if (result.kind !== 'imported') return { ...base, imported: false, reason: result.reason, header: false, right: 0, missedErrors: form.gold.errors ?? [] };
  const { report } = result;
  const wrongCells = ids.filter((id) => report.values[id] !== form.gold.values[id]).map((id) => `${id}: ${report.values[id]} ≠ ${form.gold.values[id]}`);
  const header = report.format === form.gold.format && report.year === form.gold.year && (form.gold.unit === null || report.unit === form.gold.unit);
  // As nianbao check does: an import that did not find all its tables is not checked (its gaps would read as errors).
  const tablesFound = !result.coverage.gaps.some((g) => g.startsWith('未找到表格') || g.startsWith('表格'));
  if (!form.check || !tablesFound) return { ...base, imported: true, header, right: ids.length - wrongCells.length, wrongCells, missedErrors: form.check ? form.gold.errors ?? [] : [] };
  const errors = [...result.findings, ...checkReport(report, { printed: true })].filter((f) => f.severity === 'error');
  const expected = [...(form.gold.errors ?? []), ...(form.formErrors ?? [])];
  // R5 (区分处理 counted twice) is how R2 explains an outcome sum above the total: part of the same misprint.
  const allowed = new Set([...expected, ...(expected.includes('R2') ? ['R5'] : [])]);
  return {
    ...base, imported: true, header, right: ids.length - wrongCells.length, wrongCells,
    falseErrors: errors.filter((f) => !allowed.has(f.rule)).map((f) => `${f.rule} ${f.message}`),
    missedErrors: expected.filter((rule) => !errors.some((f) => f.rule === rule)),
  };
}
