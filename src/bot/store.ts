// The queries of one turn, on the transaction's EntityManager: claim the message, find who is
// writing and what they file, lock their conversation, and write back what the handler decided.
import { In, type EntityManager } from 'typeorm';
import { CampaignUnit } from '../../entities/campaign-unit.ts';
import { Campaign } from '../../entities/campaign.ts';
import { CellChange } from '../../entities/cell-change.ts';
import { Conversation } from '../../entities/conversation.ts';
import { InboundMessage } from '../../entities/inbound-message.ts';
import { Member } from '../../entities/member.ts';
import { ReportRecord } from '../../entities/report-record.ts';
import { ReportText } from '../../entities/report-text.ts';
import { Unit } from '../../entities/unit.ts';
import type { Draft, ReportStatus } from '../../handlers/turn.ts';
import { isUniqueViolation } from '../db/query-errors.ts';
import type { Report, TextId } from '../report/report.ts';

/** Insert the message's dedupe key; a key already there (a redelivery) gives the stored row. */
export async function claimMessage(m: EntityManager, key: string, userId: string, at: Date): Promise<InboundMessage | undefined> {
  try {
    await m.insert(InboundMessage, { key, memberUserId: userId, receivedAt: at, status: 'processing', replies: null });
    return undefined;
  } catch (error) {
    // A concurrent claim of the same key waits for the other turn's commit, then lands here.
    if (!isUniqueViolation(error)) throw error;
    return m.findOneOrFail(InboundMessage, { where: { key } });
  }
}

/** Record the replies of a handled message, so that a redelivery gets the same answer. */
export async function finishMessage(m: EntityManager, key: string, replies: string[]): Promise<void> {
  await m.update(InboundMessage, { key }, { status: 'done', replies: JSON.stringify(replies) });
}

/** Who is writing: the member behind a WeCom userid and their unit, in one query. */
export interface Writer {
  memberId: number;
  unitId: number;
  unitName: string;
}

/** The member behind a WeCom userid, with their unit. */
export async function findMember(m: EntityManager, userId: string): Promise<Writer | undefined> {
  const row = await m.createQueryBuilder(Member, 'm')
    .innerJoin(Unit, 'u', 'u.id = m.unitId')
    .select(['m.id AS memberId', 'u.id AS unitId', 'u.name AS unitName'])
    .where('m.userId = :userId', { userId })
    .getRawOne<{ memberId: number | string; unitId: number | string; unitName: string }>();
  return row && { memberId: Number(row.memberId), unitId: Number(row.unitId), unitName: row.unitName };
}

/** The newest open campaign that includes the unit. */
export async function findOpenCampaign(m: EntityManager, unitId: number): Promise<Campaign | undefined> {
  const campaign = await m.createQueryBuilder(Campaign, 'c')
    .innerJoin(CampaignUnit, 'cu', 'cu.campaignId = c.id AND cu.unitId = :unitId', { unitId })
    .where('c.status = :open', { open: 'open' })
    .orderBy('c.year', 'DESC')
    .getOne();
  return campaign ?? undefined;
}

/** The member's conversation row, locked for this transaction (row lock where the database has one). */
export async function lockConversation(m: EntityManager, memberId: number, rowLocks: boolean): Promise<Conversation> {
  const lock = rowLocks ? { mode: 'pessimistic_write' as const } : undefined;
  const found = await m.findOne(Conversation, { where: { memberId }, ...(lock && { lock }) });
  if (found) return found;
  await m.insert(Conversation, { memberId, reportId: null, state: 'null', version: 0, updatedAt: new Date() });
  return m.findOneOrFail(Conversation, { where: { memberId }, ...(lock && { lock }) });
}

/** A stored report with its texts as the report JSON. */
export async function readReport(m: EntityManager, record: ReportRecord, unitName: string): Promise<Report> {
  return asReport(record, unitName, await m.find(ReportText, { where: { reportId: record.id } }));
}

function asReport(record: ReportRecord, unitName: string, texts: ReportText[]): Report {
  return {
    format: record.format,
    year: record.year,
    unit: unitName,
    values: JSON.parse(record.values) as Report['values'],
    texts: Object.fromEntries(texts.filter((t) => t.reportId === record.id).map((t) => [t.textId, t.content])),
  };
}

/** The unit's draft for the campaign (found, or created empty in the campaign's format) and last year's report: two queries. */
export async function draftFor(m: EntityManager, writer: Writer, campaign: Campaign): Promise<{ record: ReportRecord; draft: Draft; previous?: Report }> {
  const { unitId, unitName } = writer;
  const records = await m.find(ReportRecord, { where: { unitId, year: In([campaign.year, campaign.year - 1]) } });
  let record = records.find((r) => r.year === campaign.year);
  if (!record) {
    await m.insert(ReportRecord, {
      unitId, campaignId: campaign.id, year: campaign.year, format: campaign.format, status: 'draft',
      values: '{}', reopened: null, version: 0, submittedAt: null, updatedAt: new Date(),
    });
    record = await m.findOneOrFail(ReportRecord, { where: { unitId, year: campaign.year } });
  }
  const lastYear = records.find((r) => r.year === campaign.year - 1);
  const texts = await m.find(ReportText, { where: { reportId: In([record.id, ...(lastYear ? [lastYear.id] : [])]) } });
  const reopened = record.reopened ? (JSON.parse(record.reopened) as string[]) : undefined;
  return {
    record,
    draft: { report: asReport(record, unitName, texts), status: record.status as ReportStatus, ...(reopened && { reopened }) },
    ...(lastYear && { previous: asReport(lastYear, unitName, texts) }),
  };
}

/** Who changed the report and through which message. */
export interface ChangeSource {
  memberId: number;
  messageKey: string;
  at: Date;
}

/** Write the handler's draft over the stored one: changed cells, texts and status, each in the history. */
export async function saveDraft(m: EntityManager, record: ReportRecord, before: Draft, after: Draft, source: ChangeSource): Promise<void> {
  const changes: Omit<CellChange, 'id'>[] = [];
  const change = (cell: string, oldValue: unknown, newValue: unknown) => changes.push({
    reportId: record.id, cell, oldValue: oldValue === undefined ? null : JSON.stringify(oldValue),
    newValue: newValue === undefined ? null : JSON.stringify(newValue), memberId: source.memberId, messageKey: source.messageKey, at: source.at,
  });
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
  if (changes.length) await m.insert(CellChange, changes);
  await m.update(ReportRecord, { id: record.id }, {
    values: JSON.stringify(newValues), status: after.status, reopened, version: record.version + 1, updatedAt: source.at,
    ...(after.status === 'submitted' && before.status !== 'submitted' && { submittedAt: source.at }),
  });
}

/** Store the conversation state after a turn. */
export async function saveConversation(m: EntityManager, conversation: Conversation, reportId: number, state: unknown, at: Date): Promise<void> {
  await m.update(Conversation, { memberId: conversation.memberId }, {
    reportId, state: JSON.stringify(state), version: conversation.version + 1, updatedAt: at,
  });
}
