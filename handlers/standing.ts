// Where a unit's report stands, for the people who do not fill it: what is still missing (as a
// reminder says it: 「还差第三部分4行和第五部分文字，约5分钟」), how far it is, its errors and key
// figures. Pure: the scheduler and the supervisors' handler call it on stored drafts.
import { hasErrors, withoutMissingSections } from '../src/report/check.ts';
import type { Report } from '../src/report/report.ts';
import { applicantColumns, type ReportFormat } from '../src/report/formats.ts';
import { reportFindings } from './checks.ts';
import { formatOf } from './flow/state.ts';
import { isFilled, known, stepsOf } from './flow/steps.ts';
import type { Draft } from './turn.ts';
import { shanghaiDate, type WorkingCalendar } from '../src/calendar/working-calendar.ts';

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

/** The cells each key figure sums (a figure none of whose cells is filled is not given yet). */
export const FIGURE_CELLS: Record<keyof Standing['figures'], string[]> = {
  received: ['requests.received.total'], concluded: ['requests.total.total'], carriedForward: ['requests.carriedForward.total'],
  reviews: ['appeals.review.total'], suits: ['appeals.directSuit.total', 'appeals.suitAfterReview.total'],
};

/** The questions answered, in whole percent: the one share the official's header and the supervisors both show. */
export function percentDone(format: ReportFormat, draft: Draft): number {
  const steps = stepsOf(format).filter((s) => s.kind !== 'review');
  return Math.floor((100 * steps.filter((s) => isFilled(s, draft)).length) / steps.length);
}

/** The standing of a draft (last year's report sharpens its checks). */
export function standingOf(draft: Draft, previous?: Report): Standing {
  const format = formatOf(draft);
  const v = draft.report.values;
  const figures = Object.fromEntries(Object.entries(FIGURE_CELLS).map(([key, ids]) => [key, ids.reduce((sum, id) => sum + Number(v[id] ?? 0), 0)])) as Standing['figures'];
  if (!format) return { percent: 0, started: false, missing: '全部内容', minutes: 15, errors: 0, figures };
  const steps = stepsOf(format).filter((s) => s.kind !== 'review');
  const open = steps.filter((s) => !isFilled(s, draft));
  const bySection = new Map<string, { rows: number; text: boolean }>();
  for (const step of open) {
    const entry = bySection.get(step.section!) ?? { rows: 0, text: false };
    if (step.kind === 'text') entry.text = true;
    // The outcome block is asked at once but counted as the official's 进度 counts it: row by row.
    else entry.rows += step.kind === 'outcomes'
      ? format.requestRows.filter((r) => r.role === 'outcome' && !applicantColumns.every((c) => known(draft, `requests.${r.id}.${c}`))).length
      : 1;
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
    percent: percentDone(format, draft),
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

/** Where a stored report is: filled, handed in, sent back, accepted, or imported from its publication. */
export type ReportRecordStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'imported';

/** Where a report is in its life, as everyone but its filler sees it: 'none' before its first answer. */
export type ReportState = 'none' | ReportRecordStatus;

/** One word for each state, in chat, the preview, the admin's table and the workbook: the only place they are spelled. */
export const stateWords: Record<ReportState, string> = {
  none: '未开始', draft: '填报中', imported: '已导入', submitted: '已提交', returned: '已退回', approved: '已通过',
};

/**
 * Handed in: submitted, approved, or imported. An imported report of the campaign's year (`nianbao
 * import --save`, the unit published on its own) counts as handed in on time: it is summed, never
 * reminded, and may be approved or returned like a submission.
 */
export function isHandedIn(state: ReportState): boolean {
  return state === 'submitted' || state === 'approved' || state === 'imported';
}

/** What the status history (the audit trail) says of a report: its first submission and its last return. */
export interface StatusHistory {
  firstSubmittedAt?: Date;
  returnedAt?: Date;
  /** The supervisor's reason for the last return, as typed (absent when none was kept). */
  returnReason?: string;
  /** It was handed in first as an import (on time), then returned. */
  importedFirst?: boolean;
}

/** How lateness is judged. */
export interface LatenessRules {
  /** Working days a returned report has to come back (never before the deadline). */
  resubmitDays: number;
}

/** By default a returned report has three working days. */
export const defaultLateness: LatenessRules = { resubmitDays: 3 };

/** What a unit's standing is worked out from. */
export interface ReportFacts {
  state: ReportState;
  /** The unit's own deadline (by its kind), ISO. */
  deadline: string;
  /** The last submission; null when never submitted (or imported). */
  submittedAt: Date | null;
  history: StatusHistory;
  progress: Standing;
}

/** A unit's report as it stands on a day: the one answer every supervisor view, message and file reads. */
export interface ReportStanding {
  state: ReportState;
  handedIn: boolean;
  /** The unit's own deadline, ISO. */
  deadline: string;
  /** When it is due now: the deadline, or after a return the resubmission date (never before the deadline). */
  due: string;
  submittedAt: Date | null;
  /** After a return: when it was returned. */
  returnedAt: Date | null;
  /** After a return: the supervisor's reason, as typed (absent when none was kept). */
  returnReason?: string;
  /** Working days late: the first hand-in past the deadline, plus a resubmission past its date; for a report not handed in, counted to today. */
  daysLate: number;
  /** Not handed in and past its due date. */
  overdue: boolean;
  progress: Standing;
}

/** Counts working days, cached: a province's units share a few deadlines. */
export interface WorkingDays {
  /** Working days d with from < d ≤ to (0 when to ≤ from). */
  after(from: string, to: string): number;
  /** The date n working days after `from`. */
  plus(from: string, n: number): string;
}

/** A counter of working days on a calendar. */
export function workingDays(calendar: Pick<WorkingCalendar, 'isWorkingDay' | 'nextWorkingDay'>): WorkingDays {
  const cache = new Map<string, number>();
  return {
    after(from, to) {
      if (to <= from) return 0;
      const key = `${from}|${to}`;
      let n = cache.get(key);
      if (n === undefined) {
        n = 0;
        for (let d = calendar.nextWorkingDay(from); d <= to; d = calendar.nextWorkingDay(d)) n++;
        cache.set(key, n);
      }
      return n;
    },
    plus(from, n) {
      let d = from;
      for (let i = 0; i < n; i++) d = calendar.nextWorkingDay(d);
      return d;
    },
  };
}

/** The standing of a unit's report on `today` (Shanghai, ISO). */
export function reportStanding(f: ReportFacts, today: string, days: WorkingDays, rules: LatenessRules = defaultLateness): ReportStanding {
  const handedIn = isHandedIn(f.state);
  const first = f.history.firstSubmittedAt ?? f.submittedAt;
  const firstLate = first && !f.history.importedFirst ? days.after(f.deadline, shanghaiDate(first)) : 0;
  const returnedAt = f.history.returnedAt && ['returned', 'submitted', 'approved'].includes(f.state) ? f.history.returnedAt : null;
  let due = f.deadline;
  let daysLate: number;
  if (returnedAt) {
    // A return is not lateness: the unit has its own date to resubmit by, and is late only past it.
    const back = days.plus(shanghaiDate(returnedAt), rules.resubmitDays);
    due = back > f.deadline ? back : f.deadline;
    const until = f.state === 'returned' ? today : f.submittedAt ? shanghaiDate(f.submittedAt) : due;
    daysLate = firstLate + days.after(due, until);
  } else if (handedIn) daysLate = f.submittedAt ? days.after(f.deadline, shanghaiDate(f.submittedAt)) : 0;
  else daysLate = days.after(f.deadline, today);
  return {
    state: f.state, handedIn, deadline: f.deadline, due, submittedAt: f.submittedAt, returnedAt, ...(returnedAt && f.history.returnReason !== undefined && { returnReason: f.history.returnReason }), daysLate,
    overdue: !handedIn && today > due, progress: f.progress,
  };
}
