// The contract between the engine (src/bot) and the conversation handlers: a handler gets one
// user message, the conversation state and the report being filed, and returns a tagged
// result. Handlers are pure: no I/O, no clock of their own, no database, no WeCom or Koa.
import type { Coverage } from '../src/report/import/import-text.ts';
import type { Contact } from '../src/report/opening.ts';
import type { Report } from '../src/report/report.ts';
import type { ReportRecordStatus } from './standing.ts';

/** Where the report being filed is in its life: its stored status (imported when stored from its publication). */
export type ReportStatus = ReportRecordStatus;

/** The report being filed, as handlers see and change it. */
export interface Draft {
  report: Report;
  status: ReportStatus;
  /** After a return: the cell ids (and `texts.<id>`) the supervisor reopened; others stay read-only. */
  reopened?: string[];
}

/** What a handler may read besides the message. */
export interface TurnContext {
  unitName: string;
  draft: Draft;
  /** Last year's report of the same unit, when the database has one (prefill of 上年结转, copy warning). */
  previous?: Report;
  now: Date;
  /** The unit's deadline in the campaign, ISO (「截止」). */
  deadline?: string;
  /** When the deadline is a day off: the last working day before it, ISO (「截止」 says so). */
  lastWorkingDay?: string;
  /** Working days the deadline is past today (0 before it), as reminders and supervisors count them; worked out when asked. */
  daysLate?: () => number;
  /** Last year's report was filed in nianbao (not imported): a file never replaces it. */
  previousFiled?: boolean;
  /** Whom readers of the unit's report ask, once the unit set it (the opening paragraph's last sentence). */
  contact?: Contact;
  /** After a return: the supervisor's reason, as typed (「为什么退回了」, 预览, 进度). */
  returnReason?: string;
}

/** What the engine does besides storing the draft: 「明天再提醒我」 plans a reminder for the next working day. */
/** What the engine does beside the reply: remind tomorrow, send the report as a Word file, store a report sent as a file as the unit's report of last year, or store the unit's contact. */
export type TurnAction = { kind: 'snooze' } | { kind: 'document' } | { kind: 'previousReport'; report: Report } | { kind: 'contact'; contact: Contact };

/** What a file the user sent was found to be, read before the turn (src/bot/file-intake.ts): a report, or why not. */
export type FileRead =
  | { kind: 'imported'; source: 'docx' | 'pdf' | 'html' | 'text'; report: Report; coverage: Coverage }
  | { kind: 'refused'; reason: string };

/** A file the user sent, downloaded and read outside the turn. */
export interface ReceivedFile {
  kind: 'file';
  fileName: string;
  read: FileRead;
}

/**
 * Conversation state: plain JSON data, never a suspended computation. `version` names its shape;
 * the engine drops a state whose version it does not know (the user resumes at the first open
 * question, nothing saved is lost). The handlers own everything inside `flow`.
 */
export interface ConversationState {
  version: typeof STATE_VERSION;
  flow: unknown;
}

/** The shape of ConversationState the handlers of this build read and write. */
export const STATE_VERSION = 1;

/** Buttons that answer the question of the last reply, where the channel can show them (a WeCom card); each key is the message a tap sends. */
export interface Choice {
  title: string;
  description: string;
  buttons: { key: string; text: string }[];
}

/** What a turn answers: a message, opening the chat (the welcome when it has been a while), or a supervisor turning to their own unit's report. */
export type TurnInput = string | { kind: 'opened' | 'entered' } | ReceivedFile;

/** The outcome of one turn. The engine commits draft, state and replies in one transaction. */
export type TurnResult = {
  kind: 'reply';
  /** A handler threw: the user got the apology, nothing changed; the engine logs it (never the message). */
  failure?: unknown;
  /** One or more messages, each at most 2048 bytes of UTF-8 (WeCom's text limit). */
  replies: string[];
  choice?: Choice;
  actions?: TurnAction[];
  state: ConversationState;
  draft: Draft;
};
