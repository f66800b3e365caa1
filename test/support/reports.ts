// Fixture reports for the checker tests: the five seeds and the two 2021-format texts, imported
// once by the real importer, handed out as fresh clones; and a helper to change a few cells.
import { readFileSync } from 'node:fs';
import { importText } from '../../src/report/import/import-text.ts';
import type { Finding, Report, TextId } from '../../src/report/report.ts';

/** A report as the importer gave it, with what the importer itself noticed. */
export interface Imported {
  report: Report;
  findings: Finding[];
}

/** The seed files of shared/seeds by their three-digit prefix. */
export const seedFiles = {
  '000': '000_cc3b440ac1b55c30.txt',
  '001': '001_5e19d69b53729175.txt',
  '002': '002_7afbdd925f005157.txt',
  '003': '003_8fc14f64dbb32946.txt',
  '004': '004_941be4f5122c1a33.txt',
} as const;

export type SeedId = keyof typeof seedFiles;

const cache = new Map<string, Imported>();

/** Import a text file; a failed import is a broken fixture, so it throws with the importer's reason. */
function importFile(url: URL): Imported {
  let hit = cache.get(url.href);
  if (!hit) {
    const result = importText(readFileSync(url, 'utf8'));
    if (result.kind !== 'imported') throw new Error(`${url.pathname}: ${result.reason}`);
    hit = { report: result.report, findings: result.findings };
    cache.set(url.href, hit);
  }
  return structuredClone(hit);
}

/** A seed report (2019 format), imported from /work/shared/seeds. */
export function seed(id: SeedId): Imported {
  return importFile(new URL(`../../../shared/seeds/${seedFiles[id]}`, import.meta.url));
}

/** A 2021-format fixture report, imported from test/fixtures/reports-2021. */
export function report2021(name: 'jiedao-2022' | 'variant-2023'): Imported {
  return importFile(new URL(`../fixtures/reports-2021/${name}.txt`, import.meta.url));
}

/** A copy of the report with some cells set (null = blank) and, optionally, other fields replaced. */
export function withValues(report: Report, values: Record<string, number | null>, rest: Partial<Omit<Report, 'values' | 'texts'>> = {}): Report {
  const copy = structuredClone(report);
  return { ...copy, ...rest, values: { ...copy.values, ...values } };
}

/** A copy of the report with some texts replaced; `undefined` removes the text. */
export function withTexts(report: Report, texts: Partial<Record<TextId, string | undefined>>): Report {
  const copy = structuredClone(report);
  for (const [id, text] of Object.entries(texts) as [TextId, string | undefined][]) {
    if (text === undefined) delete copy.texts[id];
    else copy.texts[id] = text;
  }
  return copy;
}
