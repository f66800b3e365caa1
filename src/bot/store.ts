// The queries of one turn, on the transaction's EntityManager: claim the message, find who is
// writing and what they file, lock their conversation, and write back what the handler decided.
import type { EntityManager } from 'typeorm';
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
import type { Report, TextId } from '../report/report.ts';

/** Insert the message's dedupe key; a key already there (a redelivery) gives the stored row. */
export async function claimMessage(m: EntityManager, key: string, userId: string, at: Date): Promise<InboundMessage | undefined> {
  const existing = await m.findOne(InboundMessage, { where: { key } });
  if (existing) return existing;
  await m.insert(InboundMessage, { key, memberUserId: userId, receivedAt: at, status: 'processing', replies: null });
  return undefined;
}

/** Record the replies of a handled message, so that a redelivery gets the same answer. */
export async function finishMessage(m: EntityManager, key: string, replies: string[]): Promise<void> {
  await m.update(InboundMessage, { key }, { status: 'done', replies: JSON.stringify(replies) });
}

/** The member behind a WeCom userid, with their unit. */
export async function findMember(m: EntityManager, userId: string): Promise<{ member: Member; unit: Unit } | undefined> {
  const member = await m.findOne(Member, { where: { userId } });
  if (!member) return undefined;
  const unit = await m.findOneOrFail(Unit, { where: { id: member.unitId } });
  return { member, unit };
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
  const texts = await m.find(ReportText, { where: { reportId: record.id } });
  return {
    format: record.format as Report['format'],
    year: record.year,
    unit: unitName,
    values: JSON.parse(record.values) as Report['values'],
    texts: Object.fromEntries(texts.map((t) => [t.textId, t.content])),
  };
}

/** The unit's report of a year, if stored. */
export function findReport(m: EntityManager, unitId: number, year: number): Promise<ReportRecord | null> {
  return m.findOne(ReportRecord, { where: { unitId, year } });
}

/** The unit's draft for the campaign: found, or created empty in the campaign's format. */
export async function draftFor(m: EntityManager, unit: Unit, campaign: Campaign): Promise<{ record: ReportRecord; draft: Draft }> {
  let record = await findReport(m, unit.id, campaign.year);
  if (!record) {
    await m.insert(ReportRecord, {
      unitId: unit.id, campaignId: campaign.id, year: campaign.year, format: campaign.format, status: 'draft',
      values: '{}', reopened: null, version: 0, submittedAt: null, updatedAt: new Date(),
    });
    record = await m.findOneOrFail(ReportRecord, { where: { unitId: unit.id, year: campaign.year } });
  }
  const report = await readReport(m, record, unit.name);
  const reopened = record.reopened ? (JSON.parse(record.reopened) as string[]) : undefined;
  return { record, draft: { report, status: record.status as ReportStatus, ...(reopened && { reopened }) } };
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
    else await m.save(ReportText, { reportId: record.id, textId: id, content: newText });
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
