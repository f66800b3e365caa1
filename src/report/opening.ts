// The opening paragraph every published report has (the seeds, 平潭 2023, 同江 2020): the rules it
// is written under, what it contains, the period its figures cover and whom to ask. Generated from
// the unit, the year, the format and the contact the unit set once; the unit may write its own.
import { formats } from './formats.ts';
import type { Report } from './report.ts';

/** Whom readers of a unit's report ask: the office, and its address and telephone when given. */
export interface Contact {
  office: string;
  address?: string;
  phone?: string;
}

const CONTENTS = '总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项';

/** The contact sentence: 「如对本报告有疑问，请与…联系（地址：…；电话：…）。」 */
export function contactSentence(contact: Contact): string {
  const details = [contact.address && `地址：${contact.address}`, contact.phone && `电话：${contact.phone}`].filter(Boolean).join('；');
  return `如对本报告有疑问，请与${contact.office}联系${details ? `（${details}）` : ''}。`;
}

/** The generated opening paragraph of `report`; without a contact it ends before the contact sentence. */
export function openingOf(report: Report, contact?: Contact): string {
  const format = formats[report.format];
  return [
    `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《${format.name}》（${format.notice}）要求，由${report.unit}编制。`,
    `全文包括${CONTENTS}。`,
    `本报告中所列数据的统计期限自${report.year}年1月1日起至${report.year}年12月31日止。`,
    contact ? contactSentence(contact) : '',
  ].join('');
}
