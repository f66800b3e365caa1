// Random access by name (product.md, principle 4): 「改 三（一）自然人 10」, 「把行政处罚改成3」,
// 「行政许可处理决定数量改为57」, and answers that name their rows (「行政许可 5 0 57 行政处罚 13 0 82」)
// at any question. Every change shows 原为 → 改为 and re-runs the identities it touches. A correction
// naming no row (「刚才那个说错了，应该是4」) is of the cells the official's last answer set, asked about first.
import type { Applied } from './changes.ts';
import { askAgain, propose, type Reading } from './safety.ts';
import { echoChanges, echoRow, shown } from './echo.ts';
import { askTotal, askUnit, bareAmount, forwardProblem, restQuestion, unreadable } from './fill.ts';
import { enter } from './flow/advance.ts';
import { findNames, namingLexicon, columnLexicon, type NameHit } from './flow/lexicon.ts';
import { readRow, type RowRead, type RowSpec } from './flow/parse.ts';
import { columnWords, readSentence } from './flow/sentence.ts';
import { otherHandlingDoubt } from './flow/other-handling.ts';
import { editTextFigure } from './text-figure.ts';
import { rowSpec } from './flow/rows.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, known, stepById, stepOfCell, stepsOf } from './flow/steps.ts';

// Words that point back at the answer just given: 「刚才的」, 「上一个」, 「上面那个」.
const BACK = /刚才|刚刚|上一个|上一项|上一条|上面|前面|之前/;
const VERB_START = /^(?:请|(?:不对)+(?:啊|呀|吧|哦|哈)?|不好意思|抱歉|更正|纠正)?[,，:：\s]*(?:我?(?:刚才|刚刚|上一个|上一项|上一条|上面|前面)(?:的|那个|那项|这个)?)?[,，:：\s]*(?:把|将)?(?:(?:改|修改|更正|更改)(?![成为]))?/;
const VERB_MID = /(?:应该?改为|修改为|更正为|更改为|改为|改成|应该是|应该为|应是|应为|其实是|实际是|其实有|实际有|(?:应该)?还是(?:原来的?)?|是)/g;
/** Whether a message asks to change something by name (「改 …」, 「把…改成」, 「…应该是82」). */
export const isEdit = (compact: string): boolean => EXPLICIT.test(compact);
/** Asked when a correction names no row that can be found. */
export const WHICH_ROW = '请说明要修改哪一项，如“改 三（一）自然人 10”或“把行政处罚处理决定数量改成3”。';
const EXPLICIT = /^(?:请|(?:不对)+(?:啊|呀|吧|哦|哈)?|不好意思|抱歉|更正|纠正)?[,，:：]?(?:把|将|改|修改|更正|更改)|^(?:不对)+(?:啊|呀|吧|哦|哈)?(?:[,，:：]|(?=是|应))|改为|改成|修改为|更正为|应为|应该是|应该为|应是|其实是|实际是/;
// What officials add after a correction: 「，昨天打错了」, 「，不好意思」.
const EXCUSE = /[,，;；。\s]+(?:昨天|刚才|刚刚|之前|上次|前面|我)*(?:打错|填错|写错|搞错|弄错|输错|算错|错)了?.*$|[,，;；。\s]+(?:不好意思|抱歉|麻烦了|谢谢)[。!！]*$|[,，\s]*(?:而)?不是[\d一二两三四五六七八九十]+[件个项]?$/;
// The same said inside (「上年结转填错了，是0」, 「上年结转不是3，是0」, 「上年结转那个填错了，应该没有」): the words around the value.
const MID_EXCUSE = /(?:那个|这个|这项|那项)?(?:填|写|搞|弄|打|输|算|记)?错了[,，。\s]*(?=是|应|为|改|[\d零一二两三四五六七八九十]|没|无)|不是[\d一二两三四五六七八九十]+[件个项]?[,，\s]+(?=是|应|为)/g;
// The same said first (「刚才说错了，行政许可是5」): a correction of the row named after it, or with no row
// named of the answer just given (「上一个填错了，是5」, 「刚才那个不对 应该是11」, 「刚才那个是210」).
const LEAD_EXCUSE = /^(?:(?:不好意思|抱歉|哎呀)[,，\s]*)?(?:我?(?:刚才|刚刚|上一个|上一项|上一条|上面|前面|之前)+(?:的|那个|那项|那条|这个)?(?:数字|数)?(?:说|填|写|搞|弄|打|输入?|算|记|报|发|回|改)?[的得]?(?:那个|那项|这个)?(?:错了|错|不对|有误)?|(?:刚才|之前|上次|前面|上面|我)*(?:说|填|写|搞|弄|打|输|算|记|改)?错了)(?:[啊呀哦哈]|错了)*(?:[,，;；。\s]+|(?=是|应|改|还是|[\d零一二两三四五六七八九十]))/;
// A sound a message opens with (「哦不对许可其实有11件」, 「额对了」), not part of what it says.
const INTERJECTION = /^(?:(?:哦|噢|喔|嗯|呃|额(?![度外])|唉|哎(?!呀))+[,，\s]*)?(?:对了[,，\s]*)?/;
/** A correction without the words that open it (「哦」, 「刚才那个说错了，」, 「不对，」, 「把」). */
export const correctionBody = (norm: string): string => norm.replace(INTERJECTION, '').replace(LEAD_EXCUSE, '').replace(VERB_START, '');
const WRONG_AFTER = /[,，;；。\s](?:昨天|刚才|刚刚|之前|上次|前面|我)*(?:说|填|写|搞|弄|打|输|算|记)?错了/;
/** Whether a message says after a figure that something was wrong (「4，刚才打错了」): a correction, not the current answer. */
export const saysWrongAfter = (norm: string): boolean => WRONG_AFTER.test(norm);
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

/** 「行政处罚有3项：…请问要把哪一项改为3？」; `lead` names the row otherwise (「上一条记录的是规章：…」); the column answered corrects `reading` when given. */
export function askColumn(turn: Turn, row: RowSpec, value: number, lead = `${row.label}有${row.columns.length}项：${row.columns.map((c) => c.label).join('、')}`, reading?: Reading): Outcome {
  const ref = `${row.section}|${row.columns[0].id.split('.').slice(1, -1).join('.')}`;
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'column', row: ref, value, ...(reading ? { reading } : {}) } },
    question: `${lead}。请问要把哪一项改为${value}？请回复项目名称，如“${row.columns.at(-1)!.label}”。`,
  };
}

// What a correction of the last answer says besides its figure once the words around it are gone: 「三个」, 「0.5万元」, 「没有」.
const LONE = /^(?:[\d.,+-]|[零〇一二两三四五六七八九十百千万]|[件个项条元]|无|没有|没)+$/;

/** The value alone of what a correction says once its names are cut out (「应该是13吧，打错了」 → 「13」), or undefined when more is said. */
export function loneValue(text: string): string | undefined {
  const body = text.replace(EXCUSE, '').replace(MID_EXCUSE, '').replace(VERB_MID, ' ').replace(/[吧啊呀哦哈呢嘛啦。.!！~～]+$/, '').replace(/^[\s的]+/, '').trim();
  return LONE.test(body) ? body : undefined;
}

/** A value read as one cell's: a count is never negative, an amount needs its unit. */
export function readCellValue(turn: Turn, id: string, text: string): RowRead {
  const cell = turn.format.cell.get(id)!;
  const row = rowSpec(turn.format, cell.section, cell.row)!;
  return readRow(text, { ...row, columns: row.columns.filter((c) => c.id === id) }, { single: 'ask', unnamed: 'keep' });
}

/**
 * 「刚才那个说错了，应该是4」: a correction naming no row is about the cells the newest change set (what
 * 撤销 would undo), narrowed to the `columns` named (「刚才的现行有效件数改成4」) and to those the value
 * fits. One cell is said back and changes only after a 是; of several, the official is asked which.
 */
function correctLast(turn: Turn, text: string, columns: NameHit[]): Outcome {
  const named = (id: string) => {
    const cell = turn.format.cell.get(id)!;
    return !columns.length || columns.some((h) => h.target.kind === 'column' && h.target.section === cell.section && h.target.key === cell.column);
  };
  // No change to go back to (nothing typed yet, or 撤销 just took it back): the row is asked for.
  const last = (turn.flow.undo.length ? turn.flow.lastCells ?? [] : []).filter(named);
  const body = loneValue(columns.reduceRight((rest, h) => `${rest.slice(0, h.start)} ${rest.slice(h.end)}`, text));
  if (!last.length || body === undefined) return reject(turn, [WHICH_ROW]);
  const reads = last.map((id) => ({ id, read: readCellValue(turn, id, body) }));
  const fits = reads.filter(({ read }) => read.kind !== 'invalid');
  const reasons = reads.flatMap(({ read }) => (read.kind === 'invalid' ? [read.reason] : []));
  if (!fits.length) return reject(turn, [unreadable(reasons[0])]);
  const [{ id, read }] = fits;
  const cell = turn.format.cell.get(id)!;
  const row = rowSpec(turn.format, cell.section, cell.row)!;
  const values = turn.draft.report.values;
  // Cells of several rows, or an amount without its unit among them (「是5」: 5件 or 5万元?): the item is asked for.
  if (fits.some((f) => !row.columns.some((c) => c.id === f.id) || (fits.length > 1 && f.read.kind === 'needsUnit'))) {
    return reject(turn, [`上一条记录的${turn.flow.undo.at(-1)!.what}涉及多项。${WHICH_ROW}`]);
  }
  if (read.kind !== 'values') return reject(turn, ['请为金额注明单位（元或万元），如“收费0.35万元”。']);
  const value = read.values[id];
  if (fits.length > 1) return askColumn(turn, row, value, `上一条记录的是${row.label}：${row.columns.map((c) => `${c.label}${shown(turn.format, c.id, values[c.id])}`).join('、')}`);
  if (values[id] === value) return reject(turn, [`上一条记录的${cell.label}已经是${shown(turn.format, id, value)}。${WHICH_ROW}`]);
  return propose(turn, {
    values: { [id]: value }, named: [], what: cell.label, advance: false,
    reading: `把${cell.label}由${shown(turn.format, id, values[id])}改为${shown(turn.format, id, value)}`,
    doubt: '（您没有说明是哪一行，按上一条记录理解。）',
  }, () => []);
}

/** Values for the named rows and the cells the message named, or the outcome that stops there (a question, a refusal). */
function readParts(turn: Turn, parts: Part[], explicit: boolean, named: Set<string>): Record<string, number> | Outcome {
  const values: Record<string, number> = {};
  // An amount without its unit is asked about once every part is read, so that no other value is dropped.
  let unit: { cell: string; amount: number } | undefined;
  for (const { row, body } of parts) {
    const blank = row.columns.every((c) => !known(turn.draft, c.id));
    // 「复议改成纠正1」 replaces the row (the names follow the verb); 「复议的尚未审结改成0」 one cell.
    const verb = body.search(VERB_MID);
    const replacing = verb >= 0 && /^[^\d]*$/.test(body.slice(0, verb).replace(/[\s的里中]/g, '')) && body.slice(0, verb).replace(/[\s的里中]/g, '') === '';
    // 「处罚81改成82」: the old value before the verb is not part of the answer.
    const changed = body.replace(/^\s*[\d.]+\s*(?=改成|改为|应为|应该是|更正为)/, '');
    const text = changed.replace(VERB_MID, ' ').replace(/^[\s]*(?:里|中|中的|里的|的|这一?项|那一?项)(?=\S)/, '');
    const read = readRow(text, row, { single: 'ask', unnamed: blank || !explicit || replacing ? 'zero' : 'keep' });
    if (read.kind === 'invalid') {
      // 「规范性文件今年发了两个，没废止，现在有效的十一个」: the row named, then a sentence.
      const sentence = readSentence(text, row);
      if (sentence.kind === 'rest') return reject(turn, [restQuestion(turn, row, sentence.values, sentence.rest, sentence.each)]);
      if (sentence.kind !== 'values' || sentence.hedged || sentence.total !== undefined) return reject(turn, [`未能识别：${row.label}，${read.reason}。`]);
      // 「收费刚才说错了，应该是6000」: a bare amount where the table is in 万元 has its unit asked, as at the row's own question.
      const bare = bareAmount(row, sentence.values, text);
      if (bare) {
        if (unit) return reject(turn, ['请为金额注明单位（元或万元），如“收费0.35万元”。']);
        unit = { cell: bare.cell, amount: bare.amount };
        Object.assign(values, bare.rest);
        for (const id of Object.keys(bare.rest)) named.add(id);
        continue;
      }
      const open = sentence.unsaid.filter((id) => !known(turn.draft, id));
      if (open.length && row.section === '二') return reject(turn, [`${row.label}的${open.map((id) => row.columns.find((c) => c.id === id)!.label).join('、')}没有说明，请一并回复，没有的写0。`]);
      Object.assign(values, sentence.values, Object.fromEntries(open.map((id) => [id, 0])));
      for (const id of Object.keys(sentence.values)) named.add(id);
      continue;
    }
    if (read.kind === 'needsUnit') {
      if (unit) return reject(turn, ['请为金额注明单位（元或万元），如“收费0.35万元”。']);
      unit = { cell: read.cell, amount: read.amount };
      Object.assign(values, read.values);
      for (const id of Object.keys(read.values)) named.add(id);
      continue;
    }
    if (read.kind === 'values') {
      Object.assign(values, read.values);
      for (const id of read.said ?? (blank || row.columns.length === 1 ? Object.keys(read.values) : row.columns.map((c) => c.id))) named.add(id);
      continue;
    }
    // One number for a row of several columns: 自然人 when the row has nothing elsewhere, otherwise ask.
    const onlyFirst = row.section === '三' && row.columns.slice(1).every((c) => (turn.draft.report.values[c.id] ?? 0) === 0);
    // 自然人 is named only when blank: a value given before changes only after a 是 (safety.ts).
    // 「上年结转是0」, 「复议没有」: 0 for a row of counts is none in every column.
    if (read.value === 0 && row.section !== '二') {
      for (const c of row.columns) values[c.id] = 0;
      continue;
    }
    // 「上年结转2件」: as the question's lone number, 自然人 2 and the blank columns 0 (the row is then complete and said back plainly).
    if (onlyFirst) {
      values[row.columns[0].id] = read.value;
      if (!known(turn.draft, row.columns[0].id)) named.add(row.columns[0].id);
      for (const c of row.columns.slice(1)) if (!known(turn.draft, c.id)) values[c.id] = 0;
    }
    else if (parts.length === 1 && row.section === '四' && !explicit) return askTotal(turn, row, read.value);
    else if (parts.length === 1) return askColumn(turn, row, read.value);
    else return reject(turn, [`未能识别：${row.label}需要${row.columns.length}个数。`]);
  }
  return unit ? askUnit(turn, unit.cell, unit.amount, values) : values;
}

/** A correction or an answer naming its rows; undefined when the message is neither. With `doubt`, whatever it would store is asked about first. */
export function correct(turn: Turn, msg: Message, doubt?: string): Outcome | undefined {
  const said = msg.norm.replace(INTERJECTION, '');
  const explicit = EXPLICIT.test(msg.compact.replace(INTERJECTION, '')) || LEAD_EXCUSE.test(said);
  const norm = said.replace(LEAD_EXCUSE, '').replace(EXCUSE, '').replace(MID_EXCUSE, '').replace(/应该(?=没有|没|无)/g, '');
  const restZero = REST_ZERO.test(norm);
  const s = norm.replace(VERB_START, '').replace(REST_ZERO, '');
  const hits = findNames(s, namingLexicon(turn.format));
  const subjects = hits.filter((h) => h.target.kind !== 'column');
  const first = subjects[0];
  const leading = first ? s.slice(0, first.start).trim() : s;
  const nameless = !first && saysWrongAfter(msg.norm);
  // With a doubt (a value inside a text) everything is asked anyway: a row named after other words is read too.
  if (!explicit && !nameless && (!first || (leading !== '' && !doubt) || !/[\d零一二两三四五六七八九十无没]/.test(s.slice(first.end)))) return undefined;

  if (!first) {
    // A column alone is of the current question's row (「改 自然人 10」), unless the message points back at the answer before.
    const part = hits.length && !BACK.test(msg.compact) ? currentPart(turn, s) : undefined;
    if (!part) return correctLast(turn, s, hits);
    const named = new Set<string>();
    return apply(turn, [part], readParts(turn, [part], true, named), restZero, named, doubt);
  }
  const target = first.target;
  if (target.kind === 'total' || subjects.some((h) => h.target.kind === 'total')) {
    return reject(turn, ['总计由系统根据各项自动计算，不需填写；请修改相应的申请数或办理结果。']);
  }
  if (target.kind === 'text') {
    if (!explicit) return undefined;
    // 「总体情况里的主动公开条数改成120」: that figure only, asked about; the rest of the text is kept.
    const figure = editTextFigure(turn, target.id, s.slice(first.end));
    if (figure) return figure;
    const step = stepsOf(turn.format).find((x) => x.text === target.id)!;
    const old = turn.draft.report.texts[target.id]?.trim();
    return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: [`好的，请重新发送${step.label}${old ? `，新内容将替换原有全文（共${[...old.replace(/\n/g, '')].length}字，发送前原文保留；只改其中一个数字可说“${step.label}里的98改成120”）` : ''}。`], ask: true };
  }
  const parts = subjects.map((h, i) => partOf(turn, h, s.slice(h.end, subjects[i + 1]?.start ?? s.length)));
  if (parts.some((p) => !p)) return undefined;
  const named = new Set<string>();
  // 2021: 「其他处理」 names three rows; its reading as （六）3.其他 is asked about.
  const doubts = [doubt, otherHandlingDoubt(turn.format, s)].filter(Boolean).join('');
  if (s.includes('\n') && parts.length > 1) return pasted(turn, parts as Part[], subjects.map((h) => s.slice(0, h.start).split('\n').length), explicit, doubts || undefined);
  return apply(turn, parts as Part[], readParts(turn, parts as Part[], explicit, named), restZero, named, doubts || undefined);
}

/** Several rows pasted on several lines: each read on its own, the good ones kept, each bad one named by its line. */
function pasted(turn: Turn, parts: Part[], lines: number[], explicit: boolean, doubt?: string): Outcome {
  const values: Record<string, number> = {};
  const named = new Set<string>();
  const bad: string[] = [];
  for (const [i, part] of parts.entries()) {
    const read = readParts(turn, [part], explicit, named);
    if (!isOutcome(read)) Object.assign(values, read);
    else bad.push(`第${lines[i]}行（${part.row.label}）${read.tag === 'rejected' ? read.say.join('').replace(/^未能识别：[^，]*，/, '未能识别：') : '需要您说明，请单独发送这一行'}`);
  }
  const good = parts.filter((_, i) => !bad.some((b) => b.startsWith(`第${lines[i]}行`)));
  if (!good.length) return reject(turn, [`这几行都未能识别：\n${bad.join('\n')}`]);
  const outcome = apply(turn, good, values, false, named, doubt);
  if (!bad.length) return outcome;
  return { ...outcome, say: [...outcome.say, `以下${bad.length}行未记录，请改正后单独发送：\n${bad.join('\n')}`] };
}

const isOutcome = (x: Record<string, number> | Outcome): x is Outcome => typeof (x as Outcome).tag === 'string' && Array.isArray((x as Outcome).say);

function apply(turn: Turn, parts: Part[], read: Record<string, number> | Outcome, restZero: boolean, named: Set<string>, doubt?: string): Outcome {
  if (isOutcome(read)) return read;
  const what = parts.map((p) => p.row.label).join('、');
  const values: Record<string, number> = { ...read };
  // 「复议：维持1件，其他都是0」: the rest of the rows named, not of the whole section.
  if (restZero) {
    for (const { row } of parts) {
      for (const c of row.columns) {
        if (known(turn.draft, c.id) || c.id in values) continue;
        values[c.id] = 0;
        named.add(c.id);
      }
    }
  }
  const problem = forwardProblem(turn, values);
  if (problem) return reject(turn, [problem]);
  // Move on when the change answered the current question, or when that question was already answered.
  const current = stepById(turn.format, turn.flow.step);
  const advance = parts.some((p) => p.step === current.id) || isFilled(current, turn.draft);
  return propose(turn, { values, named, what, advance, ...(doubt ? { doubt } : {}) }, (applied) => echoApplied(turn, applied, read, restZero));
}

function echoApplied(turn: Turn, applied: Extract<Applied, { kind: 'applied' }>, read: Record<string, number>, restZero: boolean): string[] {
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
  return say;
}

/** The answer to 「哪一项？」: a column name of the row asked about. */
export function answerColumn(turn: Turn, msg: Message, pending: { row: string; value: number; reading?: Reading }): Outcome | undefined {
  const [section, key] = pending.row.split('|') as ['二' | '三' | '四', string];
  const row = rowSpec(turn.format, section, key);
  if (!row) return undefined;
  // 「现行有效的」, 「第三个吧」, 「最后一个」.
  const answer = msg.compact.replace(/^(?:就是|是|改)/, '').replace(/(?:的|那个|那项|那一项|吧|啊|呀)+$/, '');
  const hits = findNames(answer, columnLexicon(row.columns.map((c) => [c.key, [c.label, ...c.aliases, ...columnWords(c.key)]]), section));
  const ordinal = /^第?([1-9一二三四五六])(项|列|个)?$/.exec(answer)?.[1];
  const index = /^最后一?(?:项|列|个)$/.test(answer) ? row.columns.length - 1 : ordinal ? '1一2二3三4四5五6六'.indexOf(ordinal) >> 1 : -1;
  const column = hits.length === 1 && hits[0].start === 0 && hits[0].end === answer.length
    ? row.columns.find((c) => hits[0].target.kind === 'column' && c.key === hits[0].target.key)
    : row.columns[index];
  if (!column) return undefined;
  const cleared = { ...turn, flow: { ...turn.flow, pending: undefined } };
  if (pending.reading) return askAgain(cleared, pending.reading, column.id, pending.value);
  return apply(cleared, [{ row, step: '', body: '' }], { [column.id]: pending.value }, false, new Set([column.id]));
}
