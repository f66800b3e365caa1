// In the 2021 format 「（六）其他处理」 is a heading over three rows (report-format.md §3.2, D12):
// 1.逾期不补正, 2.逾期未缴费, 3.其他. 「其他处理1」 may mean one application under any of them (or
// the row （六）1), so it is read as （六）3.其他 only when nothing else can be meant: the message
// also names （六）1 and （六）2, or says the application was withdrawn (撤回, which is （六）3).
import type { ReportFormat } from '../../src/report/formats.ts';
import type { Choice } from '../turn.ts';
import { findNames, outcomeLexicon } from './lexicon.ts';

/** Why 「其他处理」 in this message is not certainly （六）3.其他, or undefined when it is (or the format has one row). */
export function otherHandlingDoubt(format: ReportFormat, text: string): string | undefined {
  if (format.id !== '2021') return undefined;
  const hits = findNames(text, outcomeLexicon(format));
  const group = hits.filter((h) => h.alias === '其他处理' && !/^(?:中|里)?的?(?:其他|其它|第三项)|^[\s、]*3[.、]\s*其他/.test(text.slice(h.end)));
  if (!group.length || /撤回|撤销申请|撤诉/.test(text)) return undefined;
  const rows = new Set(hits.map((h) => (h.target.kind === 'row' ? h.target.row : '')));
  if (rows.has('otherHandling.noCorrection') && rows.has('otherHandling.unpaidFee')) return undefined;
  return OTHER_HANDLING_DOUBT;
}

/** The question said with the reading as （六）3.其他. */
export const OTHER_HANDLING_DOUBT = '「其他处理」在本格式中分为三项：1.逾期不补正、2.逾期未缴费、3.其他（如申请人撤回申请），上面按“3.其他”理解。如属于前两项，请直接回复，如“逾期不补正1”或“逾期未缴费1”。';

/** Buttons for that question: 是 stores the reading as （六）3.其他; 不是 stores nothing. */
export const otherHandlingChoice: Choice = {
  title: '其他处理属于哪一项',
  description: '1.逾期不补正　2.逾期未缴费　3.其他（如申请人撤回）',
  buttons: [{ key: '是', text: '是，属于3.其他' }, { key: '不是', text: '不是，我重新回复' }],
};
