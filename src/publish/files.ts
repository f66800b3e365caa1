// Documents as file messages: what the outbox carries for a file (uploaded when sent). A report's
// Word file is asked for in the turn and made when the outbox sends it, so that rendering does not
// hold the turn's transaction; the report is then read as it stands.
import type { DataSource } from 'typeorm';
import { ReportRecord } from '../../entities/report-record.ts';
import { Unit } from '../../entities/unit.ts';
import type { Sender } from '../bot/dispatcher.ts';
import { readReport } from '../bot/store.ts';
import type { Report } from '../report/report.ts';
import type { Overview } from './campaign-overview.ts';
import { renderDocx } from './docx.ts';
import { renderOverviewXlsx } from './overview-xlsx.ts';

/** A file to send: its name, type and content. */
export interface FileMessage {
  name: string;
  contentType: string;
  base64: string;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The outbox kind of a report's Word file to be made when sent. */
export const REPORT_FILE = 'report-file';

/** What a `report-file` row holds: which report, signed on which day (ISO). */
export interface ReportFileRequest {
  reportId: number;
  signedOn: string;
}

/** A report as its Word file, signed on `signedOn` (ISO) unless it carries its own signature. */
export async function reportFile(report: Report, signedOn: string): Promise<FileMessage> {
  const bytes = await renderDocx(report, { signedOn });
  return { name: `${report.unit}${report.year}年度政府信息公开工作年度报告.docx`, contentType: DOCX_TYPE, base64: bytes.toString('base64') };
}

/** A campaign's overview as its Excel file. */
export async function overviewFile(overview: Overview): Promise<FileMessage> {
  const bytes = await renderOverviewXlsx(overview);
  return { name: `${overview.scope}${overview.campaign.year}年度政府信息公开工作年度报告填报汇总表（${overview.today}）.xlsx`, contentType: XLSX_TYPE, base64: bytes.toString('base64') };
}

/** The sender with `report-file` rows made into file rows first: the report read and rendered now. */
export function withReportFiles(sender: Sender, db: DataSource): Sender {
  return {
    quota: sender.quota,
    async send(row) {
      if (row.kind !== REPORT_FILE) return sender.send(row);
      const { reportId, signedOn } = row.payload as ReportFileRequest;
      const record = await db.manager.findOne(ReportRecord, { where: { id: reportId } });
      const unit = record && (await db.manager.findOne(Unit, { where: { id: record.unitId } }));
      if (!record || !unit) return { kind: 'failed', error: `report ${reportId} no longer exists` };
      return sender.send({ ...row, kind: 'file', payload: await reportFile(await readReport(db.manager, record, unit.name), signedOn) });
    },
  };
}
