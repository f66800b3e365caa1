// Answering the current question with a row: section 二 rows, 上年结转 (confirming last year's
// 结转下年度), 本年新收, 结转下年度 and the section 四 groups. Money without a unit is asked about.
import { applicantColumns } from '../src/report/formats.ts';
import { echoRow } from './echo.ts';
import { readRow, type RowSpec } from './flow/parse.ts';
import { exampleOf, prefillOf } from './flow/questions.ts';
import { readSentence } from './flow/sentence.ts';
import { columnLexicon, findNames, namingLexicon } from './flow/lexicon.ts';
import { propose } from './safety.ts';
import { asks } from './commands.ts';
import { rowSpec } from './flow/rows.ts';
import { info, reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, known, stepById, stepsOf } from './flow/steps.ts';
import { continueAfter } from './flow/advance.ts';
import { moveOn } from './flow/advance.ts';

/** 「未能识别：…」 with readNumber's reason, without saying 未能识别 twice. */
export const unreadable = (reason: string) => (reason.startsWith('未能识别') ? `${reason}。` : `未能识别：${reason}。`);

const ROW_STEPS = new Set(['active', 'carriedOver', 'received', 'carriedForward', 'appeal']);

/** The likelier unit of a bare amount: 1400000 is 元, 288.79 万元; a whole number by what the unit plausibly spends or collects. */
function likelyUnit(turn: Turn, amount: number): '元' | '万元' {
  if (amount >= 10000) return '元';
  if (!Number.isInteger(amount)) return '万元';
  return amount < (isGrassroots(turn.ctx.unitName) ? 100 : 1000) ? '万元' : '元';
}

/** 「本年收费金额3500没有写单位，按3500元（即0.35万元）记录吗？」: the unit of a bare amount, the likelier reading taken by 「是」. */
export function askUnit(turn: Turn, cell: string, amount: number, values: Record<string, number>): Outcome {
  const label = turn.format.cell.get(cell)?.label.split('·').pop()?.replace(/（单位：万元）/, '') ?? '金额';
  const likely = likelyUnit(turn, amount);
  const other = likely === '元' ? '万元' : '元';
  const same = likely === '元' ? `（即${Math.round(amount) / 10000}万元）` : `（即${Math.round(amount * 10000)}元）`;
  return {
    tag: 'info', draft: turn.draft, ask: true, say: [],
    flow: { ...turn.flow, pending: { kind: 'unit', cell, amount, values, likely } },
    question: `您回复的${label}是${amount}，没有写单位。按${amount}${likely}${same}记录吗？回复“是”确认；如是${amount}${other}，请回复“${other}”。`,
  };
}

/** Why 结转下年度 cannot be this large: more than was received and carried over, per column. */
export function forwardProblem(turn: Turn, set: Record<string, number>): string | undefined {
  const values = { ...turn.draft.report.values, ...set };
  for (const col of applicantColumns) {
    const [received, over, forward] = ['received', 'carriedOver', 'carriedForward'].map((r) => values[`requests.${r}.${col}`]);
    if (typeof received !== 'number' || typeof over !== 'number' || typeof forward !== 'number') continue;
    if (forward > received + over) {
      const name = turn.format.cell.get(`requests.received.${col}`)!.label.split('·')[1];
      return `结转下年度·${name}为${forward}件，多于本年新收${received}件＋上年结转${over}件，请核对。`;
    }
  }
  return undefined;
}

/** Apply a row's values as the answer to the current question, echo them and move on (through the rule of safety). */
export function fillRow(turn: Turn, row: RowSpec, values: Record<string, number>, advance: boolean, named: Iterable<string> = row.columns.map((c) => c.id), doubt?: string): Outcome {
  const problem = forwardProblem(turn, values);
  if (problem) return reject(turn, [problem]);
  return propose(turn, { values, named, what: row.label, advance, ...(doubt ? { doubt } : {}) }, (applied) => [echoRow(turn.format, row, applied.diff, applied.draft.report.values)]);
}

/** Whether the unit is a township or a street office (amounts of a few thousand 元 at most). */
const isGrassroots = (unit: string) => /(镇|乡|街道|街道办事处|苏木|社区)(人民政府)?$/.test(unit);

/**
 * Columns a row answer left unsaid: applicant columns are 0 (one names only those who applied),
 * a section 四 column blank until now is 0, a value given before is kept; a section 二 row half
 * said is asked about.
 */
function complete(turn: Turn, row: RowSpec, values: Record<string, number>, unsaid: string[]): { values: Record<string, number>; doubt?: string } {
  const out = { ...values };
  const open = unsaid.filter((id) => !known(turn.draft, id));
  for (const id of open) out[id] = 0;
  if (row.section !== '二' || !open.length) return { values: out };
  const names = open.map((id) => row.columns.find((c) => c.id === id)!.label);
  return { values: out, doubt: `${names.join('、')}您没有提到，将记为0。` };
}

// 「今年的都办完了」, 「去年没有结转的」: nothing carried (the row asked is 0).
const ALL_DONE = /^(?:对|是的?|嗯)?[,，]?(?:今年的?|去年的?|上年的?|申请|年底|年前|到年底)?(?:前)?(?:都|全部|均|全都)(?:已经?)?(?:办完|办结|结了|答复了|处理完)了?|^(?:去年|上年|今年)?(?:没有|无|没)(?:结转|未办结|没办完)(?:的)?(?:申请)?$/;

/** Twelve numbers (or fifteen with the 总计 of each group) at a section 四 question: the whole table. */
function wholeAppeals(turn: Turn, msg: Message): Outcome | undefined {
  const tokens = msg.norm.split(/[\s,，、;；]+/).filter(Boolean);
  if (tokens.length !== 12 && tokens.length !== 15) return undefined;
  const numbers = tokens.map((t) => (/^\d+$/.test(t) ? Number(t) : NaN));
  if (numbers.some(Number.isNaN)) return undefined;
  const size = tokens.length / 3;
  const values: Record<string, number> = {};
  for (const [g, group] of turn.format.appealGroups.entries()) {
    const part = numbers.slice(g * size, g * size + size);
    if (size === 5 && part[4] !== part[0] + part[1] + part[2] + part[3]) {
      return reject(turn, [`${group.label}的总计是${part[4]}，但前四项之和是${part[0] + part[1] + part[2] + part[3]}，请核对后重新回复。`]);
    }
    ['upheld', 'corrected', 'other', 'pending'].forEach((o, i) => { values[`appeals.${group.key}.${o}`] = part[i]; });
  }
  const outcome = propose(turn, { values, named: Object.keys(values), what: '第四部分', advance: false }, () => [`已记录第四部分：${turn.format.appealGroups.map((g) => `${g.label} ${['upheld', 'corrected', 'other', 'pending'].map((o) => values[`appeals.${g.key}.${o}`]).join(' / ')}`).join('；')}`]);
  if (outcome.tag !== 'changed') return outcome;
  return continueAfter(outcome, turn, stepsOf(turn.format).filter((s) => s.section === '四').at(-1)!.id);
}


const without = (values: Record<string, number>, id: string) => Object.fromEntries(Object.entries(values).filter(([k]) => k !== id));

/**
 * What makes an applicant row doubtful although it reads: 「其他」 named (the applicant column
 * 「其他」, or meant as another outcome?), and six numbers whose last equals the sum of the others
 * (a 总计 typed in the 其他 column?).
 */
function rowDoubt(row: RowSpec, values: Record<string, number>, said: string[] | undefined, msg: Message): string | undefined {
  if (row.section !== '三') return undefined;
  const other = row.columns.find((c) => c.key === 'otherOrg')!;
  const count = values[other.id] ?? 0;
  if (count > 0 && said?.includes(other.id) && /其他/.test(msg.norm)) return `「其他」指申请人类别中的“其他”（不属于自然人、商业企业、科研机构、社会公益组织、法律服务机构的组织），共${count}件。`;
  const parts = row.columns.slice(0, -1).reduce((a, c) => a + (values[c.id] ?? 0), 0);
  if (count > 0 && count === parts && !said) return `最后一个数${count}恰好等于前面各数之和：如果它是总计，请只回复前6个数（总计由系统计算）。`;
  return undefined;
}

/**
 * A lone number (自然人 by default) for a row whose other columns hold figures: 「4」 after 「自然人3、
 * 法律服务机构1（共4件）」 may be 自然人 4 or the total 4 again. Said back before it is stored.
 */
function loneDoubt(turn: Turn, row: RowSpec, values: Record<string, number>, said: string[] | undefined): string | undefined {
  const [first, ...others] = row.columns;
  if (row.section !== '三' || said || Object.keys(values).length !== 1 || values[first.id] === undefined) return undefined;
  const held = others.filter((c) => (turn.draft.report.values[c.id] ?? 0) !== 0);
  if (!held.length) return undefined;
  const total = values[first.id] + held.reduce((sum, c) => sum + turn.draft.report.values[c.id]!, 0);
  return `您只回复了一个数${values[first.id]}，将记为${first.label}${values[first.id]}件，${held.map((c) => `${c.label}${turn.draft.report.values[c.id]}件`).join('、')}不变，共${total}件。如${values[first.id]}是合计，请按顺序回复各项。`;
}

/** 「自然人1，其余2」: 2 in all or 2 each is asked, with the whole row to be given in order. */
export function restQuestion(turn: Turn, row: RowSpec, said: Record<string, number>, rest: string, each: number | undefined): string {
  const others = row.columns.filter((c) => said[c.id] === undefined);
  const example = each === undefined ? '' : `如每项都是${each}，请回复 ${row.columns.map((c) => said[c.id] ?? each).join(' ')}`;
  return `“${rest}”可以理解为其余${others.length}项（${others.map((c) => c.label).join('、')}）合计，也可以理解为每项都是这个数。为免填错，请按 ${row.columns.map((c) => c.label).join(' ')} 的顺序把${row.columns.length}项都告诉我${example ? `，${example}` : ''}。`;
}

/** A money cell a sentence gave as a bare number where the table is in 万元 (「收了3500」): its unit is asked, like a bare number's. */
export function bareAmount(row: RowSpec, values: Record<string, number>, text: string): { cell: string; amount: number; rest: Record<string, number> } | undefined {
  const money = row.columns.find((c) => c.kind === 'money' && values[c.id] !== undefined && values[c.id] !== 0);
  return money && row.defaultUnit === '万元' && !/[万元]/.test(text) ? { cell: money.id, amount: values[money.id] / 10000, rest: without(values, money.id) } : undefined;
}

/** The answer to a row question, or undefined when the current question is not a row. */
export function answerStep(turn: Turn, msg: Message): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  if (!ROW_STEPS.has(step.kind)) return undefined;
  const row = rowSpec(turn.format, step.section as '二' | '三' | '四', step.row!)!;
  if (step.kind === 'appeal') {
    const whole = wholeAppeals(turn, msg);
    if (whole) return whole;
  }
  if ((step.kind === 'carriedForward' || step.kind === 'carriedOver') && ALL_DONE.test(msg.compact)) {
    // 「对，去年的都办完了」 agrees with the prefilled 结转 and denies it: asked.
    const doubt = step.kind === 'carriedOver' && /^(对|是|嗯)/.test(msg.compact) && prefillOf(turn) ? '您先回复“对”，又说都已办完：上年结转是否为0？' : undefined;
    return fillRow(turn, row, Object.fromEntries(row.columns.map((c) => [c.id, 0])), true, row.columns.map((c) => c.id), doubt);
  }
  const read = readRow(msg.norm, row, { single: step.section === '三' ? 'first' : 'ask', unnamed: 'keep' });
  if (read.kind === 'values') {
    const said = read.said ?? Object.keys(read.values);
    const unsaid = row.columns.map((c) => c.id).filter((id) => !(id in read.values));
    const done = complete(turn, row, read.values, unsaid);
    return fillRow(turn, row, done.values, true, said, done.doubt ?? loneDoubt(turn, row, read.values, read.said) ?? rowDoubt(row, done.values, read.said, msg));
  }
  if (read.kind === 'needsUnit') return askUnit(turn, read.cell, read.amount, read.values);
  // A question (「上年结转是不是就是去年没办完的」) or a message about another row is no sentence answer to this one.
  const other = findNames(msg.norm, namingLexicon(turn.format)).some((h) => (h.target.kind === 'row' && h.target.step !== step.id) || h.target.kind === 'text');
  const sentence = asks(msg.compact) || other ? { kind: 'none' as const } : readSentence(msg.norm, row);
  if (sentence.kind === 'rest') return reject(turn, [restQuestion(turn, row, sentence.values, sentence.rest, sentence.each)]);
  if (sentence.kind === 'values') {
    const { values, unsaid, total } = sentence;
    if (total !== undefined && unsaid.length) {
      const sum = Object.values(values).reduce((a, n) => a + n, 0);
      if (sum === total) return fillRow(turn, row, complete(turn, row, values, unsaid).values, true, Object.keys(values));
      if (!Object.keys(values).length) return askTotal(turn, row, total);
      return reject(turn, [`您说共${total}件，但分项只说了${sum}件，请把各项都告诉我，如 ${exampleOf(turn.format, row)}。`]);
    }
    const done = complete(turn, row, values, unsaid);
    const hedge = sentence.hedged ? '您的说法不太确定，请核实。' : undefined;
    const bare = bareAmount(row, done.values, msg.norm);
    if (bare) return askUnit(turn, bare.cell, bare.amount, bare.rest);
    return fillRow(turn, row, done.values, true, Object.keys(values), done.doubt ?? hedge ?? rowDoubt(row, done.values, Object.keys(values), msg));
  }
  if (read.kind === 'ambiguous') {
    return reject(turn, [`只收到1个数，${row.label}有${row.columns.length}项（${row.columns.map((c) => c.label).join('、')}），请依次回复，如 ${exampleOf(turn.format, row)}；也可以说“${row.columns[0].label}${read.value}，其余没有”。`]);
  }
  return reject(turn, [`${unreadable(read.reason)}${/例如|如 /.test(read.reason) ? '' : `请回复如 ${exampleOf(turn.format, row)}。`}`]);
}

/** 「复议1件」: the total of a row without its breakdown; the next answer names where it goes. */
export function askTotal(turn: Turn, row: RowSpec, total: number): Outcome {
  const ref = `${row.section}|${row.columns[0].id.split('.').slice(1, -1).join('.')}`;
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'total', row: ref, total } },
    question: `${row.label}共${total}件，请问分别是哪一项？如“${row.columns[0].label}${total}”，或依次回复 ${row.columns.map((c) => c.label).join('、')}（如 ${exampleOf(turn.format, row)}）。`,
  };
}

/** The answer to 「分别是哪一项？」 after a total: a single column takes the whole total; otherwise a row answer. */
export function answerTotal(turn: Turn, msg: Message, pending: { row: string; total: number }): Outcome | undefined {
  const [section, key] = pending.row.split('|') as ['二' | '三' | '四', string];
  const row = rowSpec(turn.format, section, key);
  if (!row) return undefined;
  const cleared: Turn = { ...turn, flow: { ...turn.flow, pending: undefined } };
  const hits = findNames(msg.compact.replace(/^(结果)?(是|为|都是|全是|均为)/, '').replace(/(的|了)$/, ''), columnLexicon(row.columns.map((c) => [c.key, [c.label, ...c.aliases]]), section));
  if (hits.length === 1 && hits[0].target.kind === 'column' && !/\d/.test(msg.compact)) {
    const target = hits[0].target;
    const values = Object.fromEntries(row.columns.map((c) => [c.id, c.key === target.key ? pending.total : 0]));
    return fillRow(cleared, row, values, true);
  }
  return undefined;
}

/** 「是」 without a pending fix: confirm last year's 结转, or keep an answered question as it is. */
export function answerYes(turn: Turn): Outcome {
  const step = stepById(turn.format, turn.flow.step);
  const prefill = step.kind === 'carriedOver' && !isFilled(step, turn.draft) ? prefillOf(turn) : undefined;
  if (prefill) return fillRow(turn, rowSpec(turn.format, '三', 'carriedOver')!, prefill, true);
  if (step.kind !== 'review' && step.kind !== 'text' && isFilled(step, turn.draft)) {
    return { tag: 'info', draft: turn.draft, flow: moveOn(turn), say: [`${step.label}保持不变。`], ask: true };
  }
  // 「好的」 with nothing asked is an acknowledgment, not an answer: the question again.
  if (step.kind === 'review') return info(turn, ['好的。如需提交，请回复“提交”；回复“预览”可查看报告要点。']);
  return info(turn, ['好的。']);
}

/** The unit answer to a pending money question: 「万元」「元」, or the amount again with its unit. */
export function answerUnit(turn: Turn, msg: Message, pending: { cell: string; amount: number; values: Record<string, number>; likely?: '元' | '万元' }): Outcome | undefined {
  const yes = pending.likely && /^(是|是的|对|对的|确认|没错|嗯|好|好的|可以|没问题)$/.test(msg.compact) ? pending.likely : undefined;
  const unit = yes ?? /^(?:对的?|是的?|嗯|不是|不对)?[,，]?(?:是|单位是|单位为|应该是)?(万元|万|元|人民币元|块钱?)(?:的|吧|啊)?$/.exec(msg.compact)?.[1];
  let amount: number | undefined;
  if (unit) amount = unit.startsWith('万') ? Math.round(pending.amount * 1e6) / 100 : pending.amount;
  else {
    const row: RowSpec = { label: '金额', section: '二', columns: [{ id: pending.cell, key: 'amountYuan', label: '金额', kind: 'money', aliases: [] }] };
    const read = readRow(msg.norm, row, { single: 'ask', unnamed: 'keep' });
    if (read.kind !== 'values') return undefined;
    amount = read.values[pending.cell];
  }
  const step = stepById(turn.format, turn.flow.step);
  const rowKey = pending.cell.split('.')[1];
  const row = rowSpec(turn.format, '二', rowKey)!;
  const cleared = { ...turn, flow: { ...turn.flow, pending: undefined } };
  return fillRow(cleared, row, { ...pending.values, [pending.cell]: amount }, step.row === rowKey);
}
