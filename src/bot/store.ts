// The queries of one turn, on the transaction's EntityManager: find who is writing and what they
// file, lock their conversation, and write back what the handler decided.
import type { EntityManager } from 'typeorm';
import type { MemberRole } from '../../entities/member.ts';
import type { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import type { Draft } from '../../handlers/turn.ts';
import type { ReportRecordStatus } from '../../handlers/standing.ts';
import type { Contact } from '../report/opening.ts';
import type { FormatId, Report, TextId } from '../report/report.ts';
import { campaignsOfUnit, deadlineOf, type CampaignScopeRow } from './jurisdiction.ts';
import { pickByUserId, userIdKey } from './member-lookup.ts';
import { contactOf } from './unit-contact.ts';
import { datetime, query } from './sql.ts';

/** Who is writing: the member behind a WeCom userid, their role and unit, and the campaign it files for. */
export interface Writer {
  memberId: number;
  role: MemberRole;
  unitId: number;
  unitName: string;
  unitKind: string;
  parentId: number | null;
  /** An admin disabled the member: they are told so, and nothing of theirs is stored. */
  disabled: boolean;
  campaign?: OpenCampaign;
  /** Without an open campaign: the year of the closed one the unit filed in, if any. */
  closedYear?: number;
}

/** The campaign a unit files for. */
export interface OpenCampaign {
  id: number;
  year: number;
  format: FormatId;
  /** The unit's deadline, ISO. */
  deadline: string;
}

/**
 * The member behind a WeCom userid (its case aside: member-lookup.ts), with their unit and the
 * campaign it files in (campaignsOfUnit). One statement on every message: the members the userid
 * may stand for, each with their unit and every campaign; then (UNION ALL) the scope rows that name
 * the unit or a unit above it, found through the unit's stored ancestry (unit_ancestors), each
 * member's apart. Read from the ancestry, not from each campaign's rows: a campaign lists up to
 * every unit. Nothing is cached: a change made by another process is seen on the next message.
 */
export async function findWriter(m: EntityManager, userId: string): Promise<Writer | undefined> {
  const key = userIdKey(userId);
  const rows = await query<WriterRow>(m,
    `SELECT m.{id} AS {memberId}, m.{userId} AS {userId}, m.{disabledAt} AS {disabledAt}, m.{role} AS {role}, u.{id} AS {unitId}, u.{name} AS {unitName}, u.{kind} AS {unitKind}, u.{parentId} AS {parentId},
       c.{id} AS {id}, c.{year} AS {year}, c.{format} AS {format}, c.{deadlines} AS {deadlines}, c.{status} AS {status}, c.{scope} AS {scope}, NULL AS {scopeUnitId}, NULL AS {scopeRole}
     FROM {members} m JOIN {units} u ON u.{id} = m.{unitId} LEFT JOIN {campaigns} c ON 1 = 1
     WHERE m.{userKey} = ?
     UNION ALL
     SELECT m.{id}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, s.{campaignId}, NULL, NULL, NULL, NULL, NULL, s.{unitId}, s.{role}
     FROM {members} m JOIN {unit_ancestors} a ON a.{unitId} = m.{unitId} JOIN {campaign_units} s ON s.{unitId} = a.{ancestorId}
     WHERE m.{userKey} = ?`, [key, key]);
  // A member's rows carry their userid; a scope row only the member it was found for and its campaign.
  const members = rows.filter((r) => r.userId !== null).sort((a, b) => Number(a.memberId) - Number(b.memberId));
  const member = pickByUserId(members.map((r) => ({ id: Number(r.memberId), userId: r.userId!, disabled: r.disabledAt !== null })), userId);
  const mine = member ? members.filter((r) => Number(r.memberId) === member.id) : [];
  if (!member || !mine.length) return undefined;
  const [row] = mine;
  // The columns are all set on a row with a campaign (its id tells).
  const campaigns = new Map(mine.flatMap((r): [number, CampaignScopeRow][] => (r.id === null ? [] : [[Number(r.id),
    { id: Number(r.id), year: r.year!, format: r.format!, deadlines: r.deadlines!, status: r.status!, scope: r.scope!, scopeUnitId: null, scopeRole: null }]])));
  const scoped = rows.flatMap((r) => {
    const campaign = r.userId === null && Number(r.memberId) === member.id ? campaigns.get(Number(r.id)) : undefined;
    return campaign ? [{ ...campaign, scopeUnitId: r.scopeUnitId, scopeRole: r.scopeRole }] : [];
  });
  const { open, closed } = campaignsOfUnit(Number(row.unitId), [...campaigns.values(), ...scoped]);
  const campaign = open && { id: open.id, year: open.year, format: open.format, deadline: deadlineOf(open, row.unitKind!) };
  return {
    memberId: member.id, role: row.role!, unitId: Number(row.unitId), unitName: row.unitName!, unitKind: row.unitKind!,
    parentId: row.parentId === null ? null : Number(row.parentId), disabled: member.disabled, ...(campaign && { campaign }), ...(closed && { closedYear: closed.year }),
  };
}

/** findWriter's rows: a member with their unit and one campaign (all null without one), or (userId null) a scope row found for member `memberId`. */
type WriterRow = { memberId: number; userId: string | null; disabledAt: unknown; role: MemberRole | null; unitId: number | null; unitName: string | null; unitKind: string | null; parentId: number | null }
  & Nullable<Omit<CampaignScopeRow, 'id'>> & { id: number | null };

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A member's conversation as stored. */
export interface ConversationRow {
  memberId: number;
  reportId: number | null;
  state: string;
  version: number;
  updatedAt: unknown;
}

/** The member's conversation row, locked for this transaction (row lock where the database has one). */
export async function lockConversation(m: EntityManager, memberId: number, rowLocks: boolean, at: Date): Promise<ConversationRow> {
  const select = `SELECT {memberId}, {reportId}, {state}, {version}, {updatedAt} FROM {conversations} WHERE {memberId} = ?${rowLocks ? ' FOR UPDATE' : ''}`;
  const [found] = await query<ConversationRow>(m, select, [memberId]);
  if (found) return found;
  // The new row is this transaction's (a concurrent first insert fails on the key, and the turn runs again): as inserted.
  await query(m, "INSERT INTO {conversations} ({memberId}, {reportId}, {state}, {version}, {updatedAt}) VALUES (?, NULL, 'null', 0, ?)", [memberId, datetime(m, at)]);
  return { memberId, reportId: null, state: 'null', version: 0, updatedAt: at };
}

/** A report as stored, without its texts. */
interface ReportRow {
  id: number;
  year: number;
  format: FormatId;
  status: ReportRecordStatus;
  values: string;
  reopened: string | null;
  version: number;
}

function asReport(row: ReportRow, unitName: string, texts: { reportId: number; textId: string; content: string }[]): Report {
  return {
    format: row.format,
    year: Number(row.year),
    unit: unitName,
    values: JSON.parse(row.values) as Report['values'],
    texts: Object.fromEntries(texts.filter((t) => Number(t.reportId) === Number(row.id)).map((t) => [t.textId, t.content])),
  };
}

/** A stored report (read through its entity) with its texts as the report JSON. */
export async function readReport(m: EntityManager, record: ReportRecord, unitName: string): Promise<Report> {
  return asReport(record, unitName, await m.find(ReportText, { where: { reportId: record.id } }));
}

/** The draft being filed, with the stored row it came from. */
export interface StoredDraft {
  record: ReportRow;
  draft: Draft;
  previous?: Report;
  /** Last year's report's status (`imported` when it came from its publication). */
  previousStatus?: string;
  /** The unit's contact for its report's opening paragraph, if it set one. */
  contact?: Contact;
}

/** The unit's draft for the campaign (found, or created empty in the campaign's format), last year's report and the unit's contact, locked for the turn. */
export async function draftFor(m: EntityManager, writer: Writer, campaign: OpenCampaign, rowLocks: boolean): Promise<StoredDraft> {
  const { unitId, unitName } = writer;
  // Locked: two members of one unit file the same report, and each turn rewrites its values. The
  // contact and the texts come with them, read under the same lock (only a turn of the unit, holding
  // it, writes either): a report's row once per text it has, in one statement.
  const select = `SELECT r.{id} AS {id}, r.{year} AS {year}, r.{format} AS {format}, r.{status} AS {status}, r.{values} AS {values}, r.{reopened} AS {reopened}, r.{version} AS {version},
      c.{office} AS {office}, c.{address} AS {address}, c.{phone} AS {phone}, t.{textId} AS {textId}, t.{content} AS {content}
    FROM {reports} r LEFT JOIN {unit_contacts} c ON c.{unitId} = r.{unitId} LEFT JOIN {report_texts} t ON t.{reportId} = r.{id}
    WHERE r.{unitId} = ? AND r.{year} IN (?, ?)${rowLocks ? ' FOR UPDATE' : ''}`;
  let rows = await query<ReportRow & ContactColumns & TextColumns>(m, select, [unitId, campaign.year, campaign.year - 1]);
  if (!rows.some((r) => Number(r.year) === campaign.year)) {
    await query(m, "INSERT INTO {reports} ({unitId}, {campaignId}, {year}, {format}, {status}, {values}, {reopened}, {version}, {submittedAt}, {updatedAt}) VALUES (?, ?, ?, ?, 'draft', '{}', NULL, 0, NULL, ?)",
      [unitId, campaign.id, campaign.year, campaign.format, datetime(m, new Date())]);
    rows = await query<ReportRow & ContactColumns & TextColumns>(m, select, [unitId, campaign.year, campaign.year - 1]);
  }
  const record = rows.find((r) => Number(r.year) === campaign.year)!;
  const lastYear = rows.find((r) => Number(r.year) === campaign.year - 1);
  const texts = rows.flatMap((r) => (r.textId === null || r.content === null ? [] : [{ reportId: r.id, textId: r.textId, content: r.content }]));
  const reopened = record.reopened ? (JSON.parse(record.reopened) as string[]) : undefined;
  const contact = record.office !== null ? contactOf({ office: record.office, address: record.address, phone: record.phone }) : undefined;
  return {
    record,
    draft: { report: asReport(record, unitName, texts), status: record.status, ...(reopened && { reopened }) },
    ...(lastYear && { previous: asReport(lastYear, unitName, texts), previousStatus: lastYear.status }),
    ...(contact && { contact }),
  };
}

/** A report's text as joined to it (both null for a report without texts). */
interface TextColumns {
  textId: string | null;
  content: string | null;
}

/** A unit's contact as joined to its reports (all null without one). */
interface ContactColumns {
  office: string | null;
  address: string | null;
  phone: string | null;
}

/** Who changed the report and through which message. */
export interface ChangeSource {
  memberId: number;
  messageKey: string;
  at: Date;
}

/** Write the handler's draft over the stored one: changed cells, texts and status, each in the history. */
export async function saveDraft(m: EntityManager, record: ReportRow, before: Draft, after: Draft, source: ChangeSource): Promise<void> {
  const at = datetime(m, source.at);
  const changes: unknown[][] = [];
  const change = (cell: string, oldValue: unknown, newValue: unknown) => changes.push([
    record.id, cell, oldValue === null ? null : JSON.stringify(oldValue), newValue === null ? null : JSON.stringify(newValue), source.memberId, source.messageKey, at,
  ]);
  const [oldValues, newValues] = [before.report.values, after.report.values];
  for (const id of new Set([...Object.keys(oldValues), ...Object.keys(newValues)])) {
    if ((oldValues[id] ?? null) !== (newValues[id] ?? null)) change(id, oldValues[id] ?? null, newValues[id] ?? null);
  }
  const textIds = new Set([...Object.keys(before.report.texts), ...Object.keys(after.report.texts)]) as Set<TextId>;
  for (const id of textIds) {
    const [oldText, newText] = [before.report.texts[id], after.report.texts[id]];
    if (oldText === newText) continue;
    change(`texts.${id}`, oldText ?? null, newText ?? null);
    if (newText === undefined) await m.delete(ReportText, { reportId: record.id, textId: id });
    else await m.upsert(ReportText, { reportId: record.id, textId: id, content: newText }, ['reportId', 'textId']);
  }
  if (before.status !== after.status) change('status', before.status, after.status);
  const reopened = after.reopened?.length ? JSON.stringify(after.reopened) : null;
  if (!changes.length && reopened === record.reopened) return;
  if (changes.length) {
    await query(m, `INSERT INTO {cell_changes} ({reportId}, {cell}, {oldValue}, {newValue}, {memberId}, {messageKey}, {at}) VALUES ${changes.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, changes.flat());
  }
  const submitted = after.status === 'submitted' && before.status !== 'submitted';
  await query(m, `UPDATE {reports} SET {values} = ?, {status} = ?, {reopened} = ?, {version} = ?, {updatedAt} = ?${submitted ? ', {submittedAt} = ?' : ''} WHERE {id} = ?`,
    [JSON.stringify(newValues), after.status, reopened, Number(record.version) + 1, at, ...(submitted ? [at] : []), record.id]);
}

/** Store the conversation state after a turn. */
export async function saveConversation(m: EntityManager, conversation: ConversationRow, reportId: number | null, state: unknown, at: Date): Promise<void> {
  await query(m, 'UPDATE {conversations} SET {reportId} = ?, {state} = ?, {version} = ?, {updatedAt} = ? WHERE {memberId} = ?',
    [reportId, JSON.stringify(state), Number(conversation.version) + 1, datetime(m, at), conversation.memberId]);
}
