// 「上面那个填错了，上年没有结转的，8件是今年收的」: an official restating 上年结转, 本年新收 or 结转下年度
// in plain words, without the rows' names, as a correction. Each clause is tied to one row by its
// words (上年…结转, 今年…收, 结转下年度); what was understood is always said back and asked about.
import { readNumber } from '../src/report/read-number.ts';
import { applicantSummary } from './echo.ts';
import { forwardProblem } from './fill.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { known } from './flow/steps.ts';
import { propose } from './safety.ts';

const MARK = /填错|写错|搞错|弄错|打错|输错|错了|不对|搞反|弄反|写反|记反|填反|更正|纠正|应该是|应该没|其实是|其实没/;
type InputRow = 'carriedOver' | 'received' | 'carriedForward';
const ROW_WORDS: [InputRow, RegExp][] = [
  ['carriedForward', /结转(?:到)?下(?:一)?年|结转明年|转到明年|转入下年|年底(?:还)?(?:没|未)(?:办完|办结)/],
  ['carriedOver', /(?:上年|去年|上一年)[^,，;；。]*(?:结转|没办完|未办结|转过来|转入)|(?:结转|转过来)[^,，;；。]*(?:上年|去年)|上年结转/],
  ['received', /(?:今年|本年|当年)[^,，;；。]*(?:新收|收到|收的|收了|受理|接到)|(?:新收|收到|受理)[^,，;；。]*(?:今年|本年)/],
];
const QUANTITY = /(\d+|[零一二两三四五六七八九十]+)\s*[件个]?/;
const NONE = /没有|无|没|为0|是0|为零|是零|都办完/;

/** The rows the clauses restate: a count (自然人, the only column a lone number names) or 0. */
function readClauses(text: string): Partial<Record<InputRow, number>> | undefined {
  const out: Partial<Record<InputRow, number>> = {};
  for (const clause of text.split(/[,，;；。!！?？\n]+/)) {
    const rows = ROW_WORDS.filter(([, re]) => re.test(clause)).map(([row]) => row);
    // 「结转下年度」 also says 结转: the most specific row only.
    const row = rows.includes('carriedForward') ? 'carriedForward' : rows.length === 1 ? rows[0] : undefined;
    if (!row) {
      if (rows.length > 1) return undefined;
      continue;
    }
    const n = QUANTITY.exec(clause.replace(/上一?年|去年|今年|本年|下一?年/g, ''));
    let value: number | undefined;
    if (n) {
      const r = readNumber(n[1], { kind: 'count' });
      if (r.kind !== 'number') return undefined;
      value = r.value;
    } else if (NONE.test(clause)) value = 0;
    if (value === undefined || (out[row] !== undefined && out[row] !== value)) return undefined;
    out[row] = value;
  }
  return out;
}

/** A restatement of the input rows of section 三, said back and asked about; undefined when the message is not one. */
export function answerRestatement(turn: Turn, msg: Message): Outcome | undefined {
  // A message naming applicant columns (「不对，本年新收企业是3」) is a correction by name (correct.ts).
  if (!MARK.test(msg.compact) || /自然人|个人|企业|公司|科研|公益|律|组织|法人/.test(msg.compact)) return undefined;
  const read = readClauses(msg.norm);
  if (!read) return undefined;
  const rows = Object.entries(read) as [InputRow, number][];
  // One row named by its own name (「不对，上年结转是0」) is an ordinary correction (correct.ts).
  if (!rows.length || (rows.length === 1 && /上年结转|本年新收|结转下年度/.test(msg.compact))) return undefined;
  const values: Record<string, number> = {};
  const said: string[] = [];
  for (const [key, n] of rows) {
    const row = rowSpec(turn.format, '三', key)!;
    const others = row.columns.slice(1);
    // A count for a row with other applicants filled: which of them changes is not said.
    if (n > 0 && others.some((c) => (turn.draft.report.values[c.id] ?? 0) !== 0)) {
      return reject(turn, [`${row.label}除自然人外还有其他申请人，请写明各类申请人的件数，如“改 ${row.label} 自然人${n} 企业0”。`]);
    }
    values[row.columns[0].id] = n;
    for (const c of others) if (n === 0 || !known(turn.draft, c.id) || turn.draft.report.values[c.id] !== 0) values[c.id] = 0;
    said.push(`${row.label} ${applicantSummary(row, Object.fromEntries(row.columns.map((c) => [c.id, values[c.id] ?? turn.draft.report.values[c.id] ?? 0])))}`);
  }
  const problem = forwardProblem(turn, values);
  if (problem) return reject(turn, [problem]);
  const what = said.join('；');
  return propose(turn, { values, named: [], what, advance: false, reading: what, doubt: '（按您的更正理解，单个数字记为自然人。）' }, () => [`已记录：${what}。`]);
}
