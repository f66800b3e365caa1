// The rows a user can answer or correct, as RowSpecs: section 二 rows with their sub-table's
// columns, section 三 rows with the six applicant columns, section 四 groups with four outcomes.
import { applicantColumns, type ReportFormat } from '../../src/report/formats.ts';
import { activeColumnAliases, appealAliases, applicantAliases } from './lexicon.ts';
import type { RowSpec } from './parse.ts';

/** The row of a section and key (section 二 row key, section 三 row id, section 四 group key), or undefined. */
export function rowSpec(format: ReportFormat, section: '二' | '三' | '四', row: string): RowSpec | undefined {
  if (section === '二') {
    const table = format.active.find((t) => t.rows.some((r) => r.key === row));
    const label = table?.rows.find((r) => r.key === row)?.label;
    if (!table || !label) return undefined;
    return {
      label, section,
      columns: table.columns.map((c) => ({
        id: `active.${row}.${c.key}`, key: c.key, label: c.label, kind: c.kind,
        aliases: [c.label, ...(activeColumnAliases[c.key] ?? [])],
      })),
      ...(format.id === '2021' && row === 'fees' ? { defaultUnit: '万元' as const } : {}),
    };
  }
  if (section === '三') {
    const request = format.requestRows.find((r) => r.id === row && r.role !== 'total');
    if (!request) return undefined;
    return {
      label: request.short.replace(/^[一二四]、/, ''), section,
      columns: format.requestColumns.filter((c) => applicantColumns.includes(c.key)).map((c) => ({
        id: `requests.${row}.${c.key}`, key: c.key, label: c.label, kind: c.kind, aliases: applicantAliases[c.key] ?? [c.label],
      })),
    };
  }
  const group = format.appealGroups.find((g) => g.key === row);
  if (!group) return undefined;
  return {
    label: group.label, section,
    columns: format.appealOutcomes.filter((c) => c.key !== 'total').map((c) => ({
      id: `appeals.${row}.${c.key}`, key: c.key, label: c.label, kind: c.kind, aliases: appealAliases[c.key] ?? [c.label],
    })),
  };
}
