// The handlers' part of the conversation state (`ConversationState.flow`): plain JSON, validated
// on every turn. A flow of unknown shape is dropped, never misread: the user resumes at the first
// open question and nothing saved in the draft is lost.
import { z } from 'zod';
import { formats, type ReportFormat } from '../../src/report/formats.ts';
import type { Report } from '../../src/report/report.ts';
import type { Choice, Draft, TurnAction, TurnContext } from '../turn.ts';

const values = z.record(z.string(), z.number().nullable());

const pendingSchema = z.discriminatedUnion('kind', [
  /** A money amount without its unit; `values` are the other cells of the same answer. */
  z.object({ kind: z.literal('unit'), cell: z.string(), amount: z.number(), values: z.record(z.string(), z.number()), likely: z.enum(['元', '万元']).optional() }),
  /** A single number for a row of several columns: which column? With `reading`, the number corrects that reading asked about (correct-pending.ts). */
  z.object({ kind: z.literal('column'), row: z.string(), value: z.number(), reading: z.object({ values: z.record(z.string(), z.number()), what: z.string(), advance: z.boolean() }).optional() }),
  /** A finding's suggested fix, applied on 「是」. */
  z.object({ kind: z.literal('fix'), values: z.record(z.string(), z.number()) }),
  /** A reading said back and asked about (safety.ts): 「是」 stores exactly these values. */
  z.object({ kind: z.literal('confirm'), values: z.record(z.string(), z.number()), what: z.string(), advance: z.boolean() }),
  /** A row's total without its breakdown (「复议1件」): which column? `row` is `section|key`. */
  z.object({ kind: z.literal('total'), row: z.string(), total: z.number() }),
  /** 「法人3件」: which of the five 法人或其他组织 columns; `row` is the key of a section 三 input row. */
  z.object({ kind: z.literal('group'), row: z.string(), natural: z.number(), count: z.number() }),
  /** A short or chatty message while a text is collected: 「是」 adds it to the text. */
  z.object({ kind: z.literal('text'), id: z.enum(['overview', 'problems', 'other']), value: z.string() }),
  /** One figure of a text changed (text-figure.ts): 「是」 stores `value` as the whole text. */
  z.object({ kind: z.literal('textEdit'), id: z.enum(['overview', 'problems', 'other']), value: z.string() }),
  /** 「提交」 was asked; 「确认提交」 submits. */
  z.object({ kind: z.literal('submit') }),
  /** Last year's report read from a file (previous-report.ts): 「是」 stores it. */
  z.object({ kind: z.literal('previous'), report: z.object({ format: z.enum(['2019', '2021']), year: z.number(), unit: z.string(), values, texts: z.record(z.string(), z.string()) }) }),
]);

const undoSchema = z.object({
  values,
  /** Texts as they were before the change (null: there was none). */
  texts: z.record(z.string(), z.string().nullable()),
  /** A paragraph appended to a text: the text as it was is its first `length` characters (the state keeps no copy of it). */
  appended: z.object({ id: z.enum(['overview', 'problems', 'other']), length: z.number() }).optional(),
  step: z.string(),
  what: z.string(),
});

const flowSchema = z.object({
  /** The question being asked (a step id of flow/steps.ts). */
  step: z.string(),
  pending: pendingSchema.optional(),
  /** Previous cell values and texts, newest last, for 「撤销」. */
  undo: z.array(undoSchema),
  /** The cells the newest change on `undo` set as the message said them (not the totals and zeros that followed); none after 「撤销」. What 「刚才那个说错了，应该是4」 corrects. */
  lastCells: z.array(z.string()).optional(),
  /** Collecting a text: the first message replaces an existing text when `replace` is set. */
  text: z.object({ id: z.enum(['overview', 'problems', 'other']), replace: z.boolean() }).optional(),
  /** The outcome of the last turn, for logs and tests: an answer taken, refused, or only information given. */
  last: z.enum(['start', 'changed', 'rejected', 'info', 'failed']),
});

/** The handlers' conversation state. */
export type Flow = z.infer<typeof flowSchema>;
/** A question asked in passing, waiting for its answer. */
export type Pending = z.infer<typeof pendingSchema>;
/** The values and text a change replaced, for 「撤销」. */
export type UndoEntry = z.infer<typeof undoSchema>;
/** The texts the flow collects. */
export type TextKey = NonNullable<Flow['text']>['id'];

/** How many changes 「撤销」 can take back; older ones are dropped to keep the state small. */
export const UNDO_DEPTH = 10;

/** One turn's inputs, as every handler sees them. */
export interface Turn {
  ctx: TurnContext;
  draft: Draft;
  flow: Flow;
  format: ReportFormat;
}

/** What a handler made of a message: the new draft and flow, what to say, whether to ask the current question again. */
export interface Outcome {
  tag: 'changed' | 'rejected' | 'info';
  draft: Draft;
  flow: Flow;
  say: string[];
  ask: boolean;
  /** A question other than the current step's (the unit of an amount, which column). */
  question?: string;
  /** Buttons for the question, where the channel has them. */
  choice?: Choice;
  actions?: TurnAction[];
}

/** The message in three forms: as typed, normalised (half-width, quotes out, spaces collapsed), and compact (no spaces, no trailing punctuation). */
export interface Message {
  raw: string;
  norm: string;
  compact: string;
}

/** The flow inside a state, or undefined when it is missing or of another shape. */
export function parseFlow(flow: unknown): Flow | undefined {
  const parsed = flowSchema.safeParse(flow);
  return parsed.success ? parsed.data : undefined;
}

/** The format of a draft, or undefined when the draft is not a report this build understands. */
export function formatOf(draft: Draft | undefined): ReportFormat | undefined {
  const report = draft?.report as Partial<Report> | undefined;
  if (!report || typeof report !== 'object') return undefined;
  if (report.format !== '2019' && report.format !== '2021') return undefined;
  if (!report.values || typeof report.values !== 'object' || !report.texts || typeof report.texts !== 'object') return undefined;
  return formats[report.format];
}

/** An outcome that changes nothing and only informs. */
export function info(turn: Turn, say: string[], ask = true): Outcome {
  return { tag: 'info', draft: turn.draft, flow: turn.flow, say, ask };
}

/** An outcome that refuses the message: the draft stays exactly as it was. */
export function reject(turn: Turn, say: string[], ask = true): Outcome {
  return { tag: 'rejected', draft: turn.draft, flow: { ...turn.flow, pending: undefined }, say, ask };
}
