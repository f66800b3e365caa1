// Documents as file messages: what the outbox carries for a file (uploaded when sent). A turn only
// asks for a document (a report's Word file, a campaign's overview or roll-up); the outbox makes it
// when it sends it, so that rendering never holds the turn's transaction.
import type { DataSource } from 'typeorm';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import { campaignRowOf, findCampaign } from '../admin/campaigns.ts';
import type { Sender } from '../bot/dispatcher.ts';
import type { DocumentRequest, PayloadOf } from '../bot/outbox-payloads.ts';
import { readReport } from '../bot/store.ts';
import { findContact } from '../bot/unit-contact.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import type { Report } from '../report/report.ts';
import { loadOverview, type Overview } from './campaign-overview.ts';
import { renderDocx, type DocxOptions } from './docx.ts';
import { renderOverviewXlsx } from './overview-xlsx.ts';

/** A file to send: its name, type and content. */
export type FileMessage = PayloadOf<'file'>;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A report as its Word file, signed as `options` say unless it carries its own signature. */
async function reportFile(report: Report, options: DocxOptions): Promise<FileMessage> {
  const bytes = await renderDocx(report, options);
  return { name: `${report.unit}${report.year}年度政府信息公开工作年度报告.docx`, contentType: DOCX_TYPE, base64: bytes.toString('base64') };
}

/** A campaign's overview as its Excel file. */
async function overviewFile(overview: Overview): Promise<FileMessage> {
  const bytes = await renderOverviewXlsx(overview);
  return { name: `${overview.scope}${overview.campaign.year}年度政府信息公开工作年度报告填报汇总表（${overview.today}）.xlsx`, contentType: XLSX_TYPE, base64: bytes.toString('base64') };
}

/** The file a request stands for, made now; undefined when what it names is gone. */
async function documentFile(db: DataSource, request: DocumentRequest, at: Date): Promise<FileMessage | undefined> {
  if (request.kind === 'report-file') {
    const { reportId, signedOn } = request.payload;
    const record = await db.manager.findOne(ReportRecord, { where: { id: reportId } });
    const unit = record && (await db.manager.findOne(Unit, { where: { id: record.unitId } }));
    if (!record || !unit) return undefined;
    // A report not handed in (a draft, or one returned for changes) says so under its title and
    // carries the day it was asked for; a handed-in one the day it was handed in.
    const draft = record.status === 'draft' || record.status === 'returned';
    const contact = await findContact(db.manager, unit.id);
    return reportFile(await readReport(db.manager, record, unit.name), {
      signedOn: !draft && record.submittedAt ? shanghaiDate(record.submittedAt) : signedOn, draft, ...(contact && { contact }),
    });
  }
  const { campaignId, rootId } = request.payload;
  const overview = await db.transaction(async (m) => {
    const found = await findCampaign(m, campaignId);
    return found.kind === 'found' ? loadOverview(m, campaignRowOf(found.campaign), at, rootId) : undefined;
  });
  if (!overview) return undefined;
  if (request.kind === 'overview-file') return overviewFile(overview);
  return reportFile(overview.rollUp.report, { signedOn: overview.today, signer: overview.scope, omitEmptyTexts: true });
}

/** The sender with document requests made into file rows first, from the database as it stands. */
export function withDocuments(sender: Sender, db: DataSource, now: () => Date = () => new Date()): Sender {
  return {
    quota: sender.quota,
    async send(row) {
      if (row.kind !== 'report-file' && row.kind !== 'overview-file' && row.kind !== 'rollup-file') return sender.send(row);
      const file = await documentFile(db, row, now());
      if (!file) return { kind: 'failed', error: `the ${row.kind} of ${JSON.stringify(row.payload)} names what no longer exists` };
      return sender.send({ ...row, kind: 'file', payload: file });
    },
  };
}
