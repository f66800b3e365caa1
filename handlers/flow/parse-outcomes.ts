// The outcome list of section 三: 「予以公开9 部分公开1 不掌握8 其他处理2」 — outcome names by
// keyword, each followed by a number (自然人), a row in brackets, or named cells
// (「予以公开 自然人7 律所2」). A name given twice adds up (「信访3 投诉2」 is 5 under （五）1).
import type { ReportFormat } from '../../src/report/formats.ts';
import { findNames, outcomeLexicon, type NameHit } from './lexicon.ts';
import { clip, readRow, tokenize } from './parse.ts';
import { readSentence } from './sentence.ts';
import { rowSpec } from './rows.ts';

/** Outcome rows read from a message, by row id then cell id; or why not; or no outcome named at all. */
export type OutcomesRead =
  /** `bare`: rows given as a lone number, which the reader put under 自然人. */
  | { kind: 'rows'; rows: Record<string, Record<string, number>>; bare: string[] }
  | { kind: 'invalid'; reason: string }
  | { kind: 'none' };

const FILLER = /^(其中|办理结果|结果|本年|分别|分别为|包括)?[\s:,;、。]*$/;

/** Reads an outcome list. */
export function readOutcomes(raw: string, format: ReportFormat): OutcomesRead {
  // A remark in brackets that names no applicant (「其他处理1（撤回）」) is no part of the count.
  // (The ordinals of the printed labels, 「（三）」, are no remark.)
  const remarkless = raw.replace(/[(（][^()（）\d]*[)）]/g, (m) => (/自然人|个人|企业|公司|科研|公益|律|其他组织|法人/.test(m) || /^[(（][一二三四五六七八九十]+[)）]$/.test(m) ? m : ' '));
  // 「行政执法案卷2件，另一件逾期不补正」: the other one is 1 of the outcome named after it.
  const another = remarkless.replace(/另(?:外)?(?:一|1)\s*[件个](?:是|为|属于)?([^,，;；。\s\d]+?)(?:的)?(?=$|[,，;；。\s])/g, '$1 1');
  const text = numbersAfterNames(another, format);
  const hits = findNames(text, outcomeLexicon(format));
  const heads = hits.filter((h) => h.target.kind === 'row' || h.target.kind === 'group' || h.target.kind === 'total');
  if (!heads.length) return { kind: 'none' };
  const before = text.slice(0, heads[0].start);
  if (!FILLER.test(before)) return { kind: 'invalid', reason: `未能识别“${clip(before.trim())}”` };

  const rows: Record<string, Record<string, number>> = {};
  const bare: string[] = [];
  for (const [i, head] of heads.entries()) {
    const body = text.slice(head.end, heads[i + 1]?.start ?? text.length);
    const target = head.target;
    if (target.kind === 'group') return { kind: 'invalid', reason: `“${target.name}”${target.hint}` };
    if (target.kind !== 'row') return { kind: 'invalid', reason: '（七）总计由系统计算，不需填写' };
    // 「其他2」: the outcome （六）其他处理, or the applicant column 「其他」? Never guessed.
    if (head.alias === '其他') return { kind: 'invalid', reason: '“其他”是指（六）其他处理，还是申请人中的“其他”组织？请写“其他处理2”或“予以公开 其他组织2”' };
    const row = rowSpec(format, '三', target.row)!;
    const plain = body;
    let read = readRow(plain, row, { single: 'first', unnamed: 'zero' });
    // 「予以公开的是3件，个人2件，公司1件」: the count in a sentence, with its applicants.
    if (read.kind === 'invalid') {
      const sentence = readSentence(plain, row);
      const sum = sentence.kind === 'values' ? Object.values(sentence.values).reduce((a, n) => a + n, 0) : -1;
      if (sentence.kind === 'values' && !sentence.hedged && (sentence.total === undefined || sentence.total === sum)) {
        read = { kind: 'values', values: { ...Object.fromEntries(sentence.unsaid.map((id) => [id, 0])), ...sentence.values }, said: Object.keys(sentence.values) };
      }
    }
    if (read.kind === 'invalid') return { kind: 'invalid', reason: `${nameOf(head)}：${read.reason}` };
    if (read.kind !== 'values') return { kind: 'invalid', reason: `${nameOf(head)}：请填写件数` };
    if (!read.said && tokenize(bare0(body)).length === 1) bare.push(target.row);
    const sum = rows[target.row] ?? {};
    for (const [id, v] of Object.entries(read.values)) sum[id] = (sum[id] ?? 0) + v;
    rows[target.row] = sum;
  }
  return { kind: 'rows', rows, bare };
}

const nameOf = (hit: NameHit) => `“${hit.alias}”`;

const bare0 = (body: string) => body.replace(/^[\s:：,，;；、。]+|[\s:：,，;；、。]+$/g, '');

const COUNT_BEFORE = /(?:另外?|还有|其余|剩下的?)?(\d+|[一两二三四五六七八九十]+)\s*[件个]?\s*(?:是|为|被|都|均|属于)?\s*$/;

/**
 * 「3件公开，1件不掌握」 → 「公开 3，不掌握 1」: when a message gives its counts before the outcomes
 * (the first outcome has one before it and the last none after it), each count moves after its outcome.
 */
function numbersAfterNames(text: string, format: ReportFormat): string {
  const heads = findNames(text, outcomeLexicon(format)).filter((h) => h.target.kind === 'row');
  if (!heads.length) return text;
  const counts = heads.map((h, i) => COUNT_BEFORE.exec(text.slice(heads[i - 1]?.end ?? 0, h.start)));
  const tail = text.slice(heads.at(-1)!.end).replace(/[(（][^)）]*[)）]/g, '');
  if (!counts[0] || /\d|[一两二三四五六七八九十]+\s*[件个]/.test(tail)) return text;
  let out = '';
  let at = 0;
  for (const [i, head] of heads.entries()) {
    const from = heads[i - 1]?.end ?? 0;
    const count = counts[i];
    out += count ? `${text.slice(at, from + count.index)} ${text.slice(head.start, head.end)} ${count[1]}` : text.slice(at, head.end);
    at = head.end;
  }
  return out + text.slice(at);
}
