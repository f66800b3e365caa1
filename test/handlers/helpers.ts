// A conversation under test: the draft and state the engine would store, fed one message at a
// time through handleTurn, with the replies of the last turn at hand.
import { readFileSync } from 'node:fs';
import { handleTurn, initialState } from '../../handlers/index.ts';
import type { ConversationState, Draft, ReportStatus, TurnResult } from '../../handlers/turn.ts';
import type { FormatId, Report } from '../../src/report/report.ts';
import { formats } from '../../src/report/formats.ts';

/** One conversation: what the engine stores between turns. */
export interface Session {
  draft: Draft;
  state?: ConversationState;
  previous?: Report;
  /** The unit's deadline, ISO (the clock is 2021-01-10). */
  deadline?: string;
  last?: TurnResult;
}

/** Options for a new conversation. */
export interface SessionOptions {
  format?: FormatId;
  year?: number;
  unit?: string;
  values?: Record<string, number | null>;
  texts?: Report['texts'];
  status?: ReportStatus;
  reopened?: string[];
  previous?: Report;
  /** The unit's deadline, ISO (the clock is 2021-01-10). */
  deadline?: string;
  /** Leave the state undefined, as for a conversation the engine has no state of (default: initialState). */
  fresh?: boolean;
}

/** A new conversation on a fresh or partly filled draft. */
export function session(options: SessionOptions = {}): Session {
  const format = options.format ?? '2019';
  const report: Report = {
    format, year: options.year ?? (format === '2019' ? 2020 : 2022), unit: options.unit ?? '杨舍镇',
    values: { ...options.values }, texts: { ...options.texts },
  };
  const draft: Draft = { report, status: options.status ?? 'draft', ...(options.reopened ? { reopened: options.reopened } : {}) };
  const state = options.fresh ? undefined : initialState(contextOf(draft, options.previous, options.deadline));
  return { draft, state, previous: options.previous, deadline: options.deadline };
}

function contextOf(draft: Draft, previous?: Report, deadline?: string) {
  return { unitName: draft.report.unit, draft, previous, now: new Date(Date.UTC(2021, 0, 10)), ...(deadline && { deadline }) };
}

/** Send one message; the session keeps the new draft and state. Returns the replies joined by a blank line. */
export function say(s: Session, text: string): string {
  const result = handleTurn(text, s.state, contextOf(s.draft, s.previous, s.deadline));
  s.last = result;
  s.draft = result.draft;
  s.state = result.state;
  return result.replies.join('\n\n');
}


/** The outcome tag of the last turn (changed, rejected, info). */
export function lastTag(s: Session): string {
  return (s.state?.flow as { last?: string } | undefined)?.last ?? '';
}

/** The current step id. */
export function stepOf(s: Session): string {
  return (s.state?.flow as { step?: string } | undefined)?.step ?? '';
}

/** A value of the draft. */
export function value(s: Session, id: string): number | null | undefined {
  return s.draft.report.values[id];
}

/** Last year's report with the given 结转下年度 (per applicant column, 总计 computed). */
export function previousWith(carriedForward: Record<string, number>, options: { year?: number; unit?: string; texts?: Report['texts'] } = {}): Report {
  const values: Record<string, number> = {};
  let total = 0;
  for (const c of ['natural', 'business', 'research', 'publicInterest', 'legalService', 'otherOrg']) {
    values[`requests.carriedForward.${c}`] = carriedForward[c] ?? 0;
    total += carriedForward[c] ?? 0;
  }
  values['requests.carriedForward.total'] = total;
  return { format: '2019', year: options.year ?? 2019, unit: options.unit ?? '杨舍镇', values, texts: { ...options.texts } };
}

/** The user lines of a transcript file: `#` lines are comments, blank lines skipped, `\n` `\t` `\\` unescaped. */
export function readTranscript(url: URL): string[] {
  return readFileSync(url, 'utf8').split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)));
}

/** Zeros for every input cell of the given sections (totals too, as the bot would have computed them). */
export function zeros(format: FormatId, sections: ('二' | '三' | '四')[]): Record<string, number> {
  return Object.fromEntries(formats[format].cells.filter((c) => sections.includes(c.section)).map((c) => [c.id, 0]));
}

/** The lines of a reply. */
export function lines(reply: string): string[] {
  return reply.split('\n');
}
