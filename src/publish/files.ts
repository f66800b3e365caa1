// Documents as file messages: what the outbox carries for a WeCom file (uploaded when sent).
import { shanghaiDate } from '../calendar/working-calendar.ts';
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

/** A report as its Word file, signed on the day of `at` unless it carries its own signature. */
export async function reportFile(report: Report, at: Date): Promise<FileMessage> {
  const bytes = await renderDocx(report, { signedOn: shanghaiDate(at) });
  return { name: `${report.unit}${report.year}年度政府信息公开工作年度报告.docx`, contentType: DOCX_TYPE, base64: bytes.toString('base64') };
}

/** A campaign's overview as its Excel file. */
export async function overviewFile(overview: Overview): Promise<FileMessage> {
  const bytes = await renderOverviewXlsx(overview);
  return { name: `${overview.scope}${overview.campaign.year}年度政府信息公开工作年度报告填报汇总表（${overview.today}）.xlsx`, contentType: XLSX_TYPE, base64: bytes.toString('base64') };
}
