// Saying back what was understood, compactly, so that a misread is seen: 「已记录：行政许可 5 / 0 / 57」,
// 「本年新收 自然人21、法律服务机构4（共25件）」, and every change as 「原为X，改为Y」.
import type { ReportFormat } from '../src/report/formats.ts';
import type { Change } from './changes.ts';
import type { RowSpec } from './flow/parse.ts';

/** A number as the table shows it: money as 万元 with its 元, counts as they are, changes with a sign. */
export function shown(format: ReportFormat, id: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '未填';
  const kind = format.cell.get(id)?.kind;
  if (kind === 'money') {
    const wan = Math.round(value * 100) / 1e6;
    return value >= 10000 ? `${wan}万元（${value}元）` : `${value}元`;
  }
  if (kind === 'signed' && value > 0) return `+${value}`;
  return String(value);
}

/** A row's values in order: 「5 / 0 / 57」; section 三 rows name only the nonzero columns. */
export function rowValues(format: ReportFormat, row: RowSpec, values: Record<string, number | null>): string {
  if (row.section === '三') return applicantSummary(row, values);
  return row.columns.map((c) => shown(format, c.id, values[c.id])).join(' / ');
}

/** 「自然人21、法律服务机构4（共25件）」 or 「0件」. */
export function applicantSummary(row: RowSpec, values: Record<string, number | null>): string {
  if (row.columns.some((c) => values[c.id] === null || values[c.id] === undefined)) return '未填完';
  const parts = row.columns.filter((c) => (values[c.id] ?? 0) !== 0).map((c) => `${c.label}${values[c.id]}`);
  const sum = row.columns.reduce((a, c) => a + (values[c.id] ?? 0), 0);
  if (!parts.length) return '0件';
  return parts.length === 1 && row.columns[0].id.endsWith('.natural') && parts[0].startsWith('自然人') ? `${parts[0]}件` : `${parts.join('、')}（共${sum}件）`;
}

/** 「已记录：行政许可 5 / 0 / 57」 for a row answered for the first time; 「原为X，改为Y」 per cell otherwise. */
export function echoRow(format: ReportFormat, row: RowSpec, diff: Change[], values: Record<string, number | null>): string {
  const mine = diff.filter((c) => row.columns.some((col) => col.id === c.id));
  if (mine.every((c) => c.before === null)) return `已记录：${row.label} ${rowValues(format, row, values)}`;
  return echoChanges(format, mine).join('\n');
}

/** Each changed input cell as 「行政许可·处理决定数量：原为56，改为57」; totals are summed up in one line. */
export function echoChanges(format: ReportFormat, diff: Change[], limit = 8): string[] {
  const inputs = diff.filter((c) => !format.cell.get(c.id)?.total);
  const lines = inputs.slice(0, limit).map((c) => {
    const label = format.cell.get(c.id)?.label ?? c.id;
    return c.before === null ? `${label}：记为${shown(format, c.id, c.after)}` : `${label}：原为${shown(format, c.id, c.before)}，改为${shown(format, c.id, c.after)}`;
  });
  if (inputs.length > limit) lines.push(`……共${inputs.length}项`);
  return lines;
}

/** 「总计已重新计算」 when a change moved totals the user had seen. */
export function totalsNote(format: ReportFormat, diff: Change[]): string[] {
  const moved = diff.filter((c) => format.cell.get(c.id)?.total && c.before !== null);
  if (!moved.length) return [];
  const key = moved.find((c) => c.id === 'requests.total.total') ?? moved.find((c) => c.id.endsWith('.total')) ?? moved[0];
  return [`合计已重新计算（${format.cell.get(key.id)?.label}：原为${shown(format, key.id, key.before)}，现为${shown(format, key.id, key.after)}）。`];
}

/** The length of a text in characters, line breaks not counted (「共856字」). */
export function charCount(text: string): number {
  return [...text.replace(/\n/g, '')].length;
}
