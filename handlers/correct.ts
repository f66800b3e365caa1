// Random access by name (product.md, principle 4): 「改 三（一）自然人 10」, 「把行政处罚改成3」,
// 「行政许可处理决定数量改为57」, and answers that name their rows (「行政许可 5 0 57 行政处罚 13 0 82」)
// at any question. Every change shows 原为 → 改为 and re-runs the identities it touches.
import { applyValues } from './changes.ts';
import { echoChanges, echoRow } from './echo.ts';
import { askUnit, forwardProblem } from './fill.ts';
import { enter, settle } from './flow/advance.ts';
import { findNames, namingLexicon, columnLexicon, type NameHit } from './flow/lexicon.ts';
import { readRow, type RowSpec } from './flow/parse.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, known, stepById, stepOfCell, stepsOf } from './flow/steps.ts';

const VERB_START = /^(?:请)?(?:把|将)?(?:改|修改|更正|更改)?/;
const VERB_MID = /(?:应该?改为|修改为|更正为|更改为|改为|改成|应该是|应为)/g;
const EXPLICIT = /^(?:请)?(?:把|将|改|修改|更正|更改)|改为|改成|修改为|更正为|应为/;
const REST_ZERO = /[\s,;、。]*(?:其余|其他|剩下的?|剩余)(?:各项|的)?(?:都|均|全部|全)?(?:是|为)?(?:0|零|无)$/;

/** A row named in the message (or the current question's row) and the text that follows its name. */
interface Part {
  row: RowSpec;
  step: string;
  body: string;
}

/** The row a name stands for, with only the named cell's column when it names one cell. */
function partOf(turn: Turn, hit: NameHit, body: string): Part | undefined {
  const t = hit.target;
  if (t.kind === 'row') return { row: rowSpec(turn.format, t.section, t.row)!, step: t.step, body };
  if (t.kind !== 'cell') return undefined;
  const cell = turn.format.cell.get(t.id)!;
  const row = rowSpec(turn.format, cell.section, cell.row)!;
  return { row: { ...row, columns: row.columns.filter((c) => c.id === t.id) }, step: stepOfCell(turn.format, t.id)!.id, body };
}

/** The current question's row, for 「改 自然人 10」 without a row name. */
function currentPart(turn: Turn, body: string): Part | undefined {
  const step = stepById(turn.format, turn.flow.step);
  if (step.section !== '二' && step.section !== '三' && step.section !== '四') return undefined;
  if (!step.row) return undefined;
  return { row: rowSpec(turn.format, step.section, step.row)!, step: step.id, body };
}

/** 「行政处罚有3项：…请问要把哪一项改为3？」 */
function askColumn(turn: Turn, row: RowSpec, value: number): Outcome {
  const ref = `${row.section}|${row.columns[0].id.split('.').slice(1, -1).join('.')}`;
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'column', row: ref, value } },
    question: `${row.label}有${row.columns.length}项：${row.columns.map((c) => c.label).join('、')}。请问要把哪一项改为${value}？请回复项目名称，如“${row.columns.at(-1)!.label}”。`,
  };
}

/** Values for the named rows, or the outcome that stops there (a question, a refusal). */
function readParts(turn: Turn, parts: Part[], explicit: boolean): Record<string, number> | Outcome {
  const values: Record<string, number> = {};
  for (const { row, body } of parts) {
    const blank = row.columns.every((c) => !known(turn.draft, c.id));
    const read = readRow(body.replace(VERB_MID, ' '), row, { single: 'ask', unnamed: blank || !explicit ? 'zero' : 'keep' });
    if (read.kind === 'invalid') return reject(turn, [`未能识别：${row.label}，${read.reason}。`]);
    if (read.kind === 'needsUnit') return askUnit(turn, read.cell, read.amount, { ...values, ...read.values });
    if (read.kind === 'values') {
      Object.assign(values, read.values);
      continue;
    }
    // One number for a row of several columns: 自然人 when the row has nothing elsewhere, otherwise ask.
    const onlyFirst = row.section === '三' && row.columns.slice(1).every((c) => (turn.draft.report.values[c.id] ?? 0) === 0);
    if (onlyFirst) values[row.columns[0].id] = read.value;
    else if (parts.length === 1) return askColumn(turn, row, read.value);
    else return reject(turn, [`未能识别：${row.label}需要${row.columns.length}个数。`]);
  }
  return values;
}

/** A correction or an answer naming its rows; undefined when the message is neither. */
export function correct(turn: Turn, msg: Message): Outcome | undefined {
  const explicit = EXPLICIT.test(msg.compact);
  const restZero = REST_ZERO.test(msg.norm);
  const s = msg.norm.replace(VERB_START, '').replace(REST_ZERO, '');
  const hits = findNames(s, namingLexicon(turn.format));
  const subjects = hits.filter((h) => h.target.kind !== 'column');
  const first = subjects[0];
  const leading = first ? s.slice(0, first.start).trim() : s;
  if (!explicit && (!first || leading !== '' || !/[\d零一二两三四五六七八九十无]/.test(s.slice(first.end)))) return undefined;

  if (!first) {
    const part = hits.length ? currentPart(turn, s) : undefined;
    if (!part) return reject(turn, ['请说明要修改哪一项，如“改 三（一）自然人 10”或“把行政处罚处理决定数量改成3”。']);
    return apply(turn, [part], readParts(turn, [part], true), restZero);
  }
  const target = first.target;
  if (target.kind === 'total' || subjects.some((h) => h.target.kind === 'total')) {
    return reject(turn, ['总计由系统根据各项自动计算，不需填写；请修改相应的申请数或办理结果。']);
  }
  if (target.kind === 'text') {
    if (!explicit) return undefined;
    const step = stepsOf(turn.format).find((x) => x.text === target.id)!;
    return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: [`好的，请重新发送${step.label}。`], ask: true };
  }
  const parts = subjects.map((h, i) => partOf(turn, h, s.slice(h.end, subjects[i + 1]?.start ?? s.length)));
  if (parts.some((p) => !p)) return undefined;
  return apply(turn, parts as Part[], readParts(turn, parts as Part[], explicit), restZero);
}

const isOutcome = (x: Record<string, number> | Outcome): x is Outcome => typeof (x as Outcome).tag === 'string' && Array.isArray((x as Outcome).say);

function apply(turn: Turn, parts: Part[], read: Record<string, number> | Outcome, restZero: boolean): Outcome {
  if (isOutcome(read)) return read;
  const what = parts.map((p) => p.row.label).join('、');
  const values: Record<string, number> = { ...read };
  const section = turn.format.cell.get(Object.keys(values)[0] ?? '')?.section;
  if (restZero && section) {
    for (const c of turn.format.cells) if (c.section === section && !c.total && !known(turn.draft, c.id) && !(c.id in values)) values[c.id] = 0;
  }
  const problem = forwardProblem(turn, values);
  if (problem) return reject(turn, [problem]);
  const applied = applyValues(turn, values, what);
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const say: string[] = [];
  const fresh = applied.diff.filter((c) => !turn.format.cell.get(c.id)?.total && c.before === null && c.id in read);
  const touchedRows = new Set(fresh.map((c) => c.id.split('.').slice(0, -1).join('.')));
  for (const ref of touchedRows) {
    const [sec, ...key] = ref.split('.');
    const row = rowSpec(turn.format, sec === 'active' ? '二' : sec === 'requests' ? '三' : '四', key.join('.'));
    if (row) say.push(echoRow(turn.format, row, applied.diff, applied.draft.report.values));
  }
  say.push(...echoChanges(turn.format, applied.diff.filter((c) => c.before !== null)));
  if (restZero) say.push('其余空白项已记为0。');
  if (!say.length) say.push('与原值相同，未作修改。');
  // Move on when the change answered the current question, or when that question was already answered.
  const current = stepById(turn.format, turn.flow.step);
  return settle(turn, applied, say, parts.some((p) => p.step === current.id) || isFilled(current, turn.draft));
}

/** The answer to 「哪一项？」: a column name of the row asked about. */
export function answerColumn(turn: Turn, msg: Message, pending: { row: string; value: number }): Outcome | undefined {
  const [section, key] = pending.row.split('|') as ['二' | '三' | '四', string];
  const row = rowSpec(turn.format, section, key);
  if (!row) return undefined;
  const hits = findNames(msg.compact, columnLexicon(row.columns.map((c) => [c.key, [c.label, ...c.aliases]]), section));
  const ordinal = /^第?([1-9一二三四五六])(项|列|个)?$/.exec(msg.compact)?.[1];
  const index = ordinal ? '1一2二3三4四5五6六'.indexOf(ordinal) >> 1 : -1;
  const column = hits.length === 1 && hits[0].start === 0 && hits[0].end === msg.compact.length
    ? row.columns.find((c) => hits[0].target.kind === 'column' && c.key === hits[0].target.key)
    : row.columns[index];
  if (!column) return undefined;
  const cleared = { ...turn, flow: { ...turn.flow, pending: undefined } };
  return apply(cleared, [{ row, step: '', body: '' }], { [column.id]: pending.value }, false);
}
