// Validation of report JSON read from outside (a file, the database): the shape of field-ids.md.
import { z } from 'zod';
import { formats } from './formats.ts';
import type { Report } from './report.ts';

const textIds = ['preface', 'overview', 'requestsNote', 'problems', 'other', 'signature'] as const;

const reportSchema = z.object({
  format: z.enum(['2019', '2021']),
  year: z.number().int().min(2008).max(2100),
  unit: z.string().min(1),
  values: z.record(z.number().finite().nullable()),
  texts: z.object(Object.fromEntries(textIds.map((id) => [id, z.string().optional()]))).strict(),
}).strict().superRefine((report, ctx) => {
  const unknown = Object.keys(report.values).filter((id) => !formats[report.format].cell.has(id));
  if (unknown.length) ctx.addIssue({ code: 'custom', path: ['values'], message: `${report.format}年格式中没有这些单元格：${unknown.join('、')}` });
});

/** Parse report JSON; a wrong shape gives every problem in one Chinese line. */
export function parseReport(json: string): { kind: 'report'; report: Report } | { kind: 'invalid'; reason: string } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { kind: 'invalid', reason: `不是有效的 JSON：${(error as Error).message}` };
  }
  const parsed = reportSchema.safeParse(data);
  if (parsed.success) return { kind: 'report', report: parsed.data as Report };
  return { kind: 'invalid', reason: `报告 JSON 格式不符：${parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'}：${i.message}`).join('；')}` };
}
