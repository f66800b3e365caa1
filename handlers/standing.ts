// Where a unit's report stands, for the people who do not fill it: what is still missing (as a
// reminder says it: 「还差第三部分4行和第五部分文字，约5分钟」), how far it is, its errors and key
// figures. Pure: the scheduler and the supervisors' handler call it on stored drafts.
import { hasErrors, withoutMissingSections } from '../src/report/check.ts';
import type { Report } from '../src/report/report.ts';
import { reportFindings } from './checks.ts';
import { formatOf } from './flow/state.ts';
import { isFilled, known, stepsOf } from './flow/steps.ts';
import type { Draft } from './turn.ts';

const SECTION_NAMES = { 一: '第一部分', 二: '第二部分', 三: '第三部分', 四: '第四部分', 五: '第五部分', 六: '第六部分' } as const;
// About 20 seconds a table row, 2 minutes a text, as the seed transcripts take.
const SECONDS_PER_ROW = 20;
const SECONDS_PER_TEXT = 120;

/** A report's standing. */
export interface Standing {
  /** Share of the questions answered, in whole percent. */
  percent: number;
  started: boolean;
  /** 「第三部分4行和第五部分文字」, empty when nothing is missing. */
  missing: string;
  minutes: number;
  errors: number;
  /** The key figures: applications received, concluded, carried forward; reviews and suits. */
  figures: { received: number; concluded: number; carriedForward: number; reviews: number; suits: number };
}

/** The standing of a draft (last year's report sharpens its checks). */
export function standingOf(draft: Draft, previous?: Report): Standing {
  const format = formatOf(draft);
  const v = draft.report.values;
  const n = (id: string) => Number(v[id] ?? 0);
  const figures = {
    received: n('requests.received.total'), concluded: n('requests.total.total'), carriedForward: n('requests.carriedForward.total'),
    reviews: n('appeals.review.total'), suits: n('appeals.directSuit.total') + n('appeals.suitAfterReview.total'),
  };
  if (!format) return { percent: 0, started: false, missing: '全部内容', minutes: 15, errors: 0, figures };
  const steps = stepsOf(format).filter((s) => s.kind !== 'review');
  const open = steps.filter((s) => !isFilled(s, draft));
  const bySection = new Map<string, { rows: number; text: boolean }>();
  for (const step of open) {
    const entry = bySection.get(step.section!) ?? { rows: 0, text: false };
    if (step.kind === 'text') entry.text = true;
    else entry.rows += step.kind === 'outcomes' ? format.requestRows.filter((r) => r.role === 'outcome').length : 1;
    bySection.set(step.section!, entry);
  }
  const parts = [...bySection].sort(([a], [b]) => order(a) - order(b))
    .map(([section, { rows, text }]) => `${SECTION_NAMES[section as keyof typeof SECTION_NAMES]}${text ? '文字' : `${rows}行`}`);
  const rows = open.filter((s) => s.kind !== 'text').reduce((sum, s) => sum + (s.kind === 'outcomes' ? 3 : 1), 0);
  const texts = open.filter((s) => s.kind === 'text').length;
  const seconds = rows * SECONDS_PER_ROW + texts * SECONDS_PER_TEXT;
  const started = format.cells.some((c) => known(draft, c.id)) || Object.values(draft.report.texts).some((t) => (t ?? '').trim() !== '');
  // A missing section (T3) is what `missing` says; errors are the numbers that disagree (none before a start).
  const findings = started ? withoutMissingSections(reportFindings(draft, previous)) : [];
  return {
    percent: Math.floor((100 * (steps.length - open.length)) / steps.length),
    started,
    missing: parts.length > 1 ? `${parts.slice(0, -1).join('、')}和${parts.at(-1)}` : parts.join(''),
    minutes: open.length ? Math.max(1, Math.round(seconds / 60)) : 0,
    errors: hasErrors(findings) ? findings.filter((f) => f.severity === 'error').length : 0,
    figures,
  };
}

function order(section: string): number {
  return ['二', '三', '四', '一', '五', '六'].indexOf(section);
}
