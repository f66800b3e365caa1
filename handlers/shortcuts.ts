// Whole blocks answered at once (product.md, principle 1): 「第二部分都是0」/「全部为0」,
// 「其余都是0」 (only the cells still blank), 「本年没有收到申请」, 「没有复议诉讼」.
import { applicantColumns } from '../src/report/formats.ts';
import { propose } from './safety.ts';
import { echoChanges } from './echo.ts';
import { continueAfter } from './flow/advance.ts';
import { prefillOf } from './flow/questions.ts';
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';
import { known, stepById, stepsOf } from './flow/steps.ts';

type Section = '二' | '三' | '四';
const SECTION_OF: Record<string, Section> = { 二: '二', 三: '三', 四: '四', 2: '二', 3: '三', 4: '四' };

const ZERO_SECTION = /^(?:第?([二三四234])部分)?(其余|其他|剩下的?|剩余|以下|后面)?(?:各项|的)?(?:都|全部|全|均|也都|也)(?:是|为)?(?:0|零|无|没有)$/;
const REST_ZERO = /^(其余|剩下的?|剩余|其他)(?:各项|的)?(?:都|均|全部|全)?(?:是|为)?(?:0|零|无)$/;
// 「今年没有人申请」, 「全年没收到过申请」, 「没有依申请公开的」; never 「没有人申请复议」 (a row of section 四).
const NO_REQUESTS = /^(?:本年度?|今年|全年)?(?:没有|未|无|没)(?:收到|受理)?(?:过)?(?:任何)?(?:政府信息公开|依申请公开|信息公开)?(?:的)?申请$|^(?:无申请|申请为0|申请都是0)$|^(?:本年度?|今年|全年)?(?:一个|一件|一份)?(?:政府信息公开|依申请公开|信息公开)?申请(?:一个|一件|一份)?(?:也|都)(?:没有|没|未)(?:收到|受理|有)?(?:过)?$|^(?:本年度?|今年|全年)?(?:没有|没)人(?:来)?(?:提出?)?申请(?:过)?$|^(?:本年度?|今年|全年)?(?:没有|无|没)(?:任何)?依申请公开(?:的)?$/;
// A statement's closing particles (「今年一个申请都没收到呢」); not 吧, which hedges (「今年没人申请吧」 is asked as said).
const PARTICLES = /(?:呢|啊|呀|哦|哈|了)+$/;
const NO_APPEALS = /^(?:本年度?|今年)?(?:没有|无|未发生|没发生|未收到)(?:任何)?(?:行政)?复议(?:和|或|、|及|也)?(?:行政)?诉讼(?:案件)?$|^(?:行政)?复议(?:和|或|、|及)?(?:行政)?诉讼(?:都|均|全)?(?:没有|无|为0|是0)$/;
// 「诉讼都没有」: both groups of 行政诉讼.
const NO_SUITS = /^(?:本年度?|今年)?(?:行政)?(?:诉讼|起诉)(?:案件)?(?:一个|一件)?(?:也|都|均|全)*(?:没有|无|为0|是0|没发生)(?:的|了)?$|^(?:没有|无)(?:行政)?(?:诉讼|起诉)$/;

/** The cells of a section the user answers (totals excluded). */
function inputCells(turn: Turn, section: Section): string[] {
  return turn.format.cells.filter((c) => c.section === section && !c.total).map((c) => c.id);
}

function zeroSection(turn: Turn, section: Section, onlyBlank: boolean): Outcome {
  const ids = inputCells(turn, section).filter((id) => !onlyBlank || !known(turn.draft, id));
  if (section === '三') {
    const prefill = prefillOf(turn);
    const over = applicantColumns.map((c) => turn.draft.report.values[`requests.carriedOver.${c}`] ?? prefill?.[`requests.carriedOver.${c}`] ?? 0);
    const carried = over.reduce((a, n) => a + n, 0);
    if (carried > 0 && !onlyBlank) return reject(turn, [`上年结转有${carried}件，第三部分不能全部为0。本年没有新收申请请回复“没有申请”。`]);
  }
  if (!ids.length) return reject(turn, [`第${section}部分已没有空白的项目。`]);
  // Values already given are named by no 「都是0」: changing them is asked about (safety.ts).
  const blank = ids.filter((id) => !known(turn.draft, id));
  const outcome = propose(turn, { values: Object.fromEntries(ids.map((id) => [id, 0])), named: blank, what: `第${section}部分全部为0`, advance: false }, (applied) => [
    `已将第${section}部分${onlyBlank ? '其余各项' : '全部'}记为0（${ids.length}项）。`,
    ...echoChanges(turn.format, applied.diff.filter((c) => c.before !== null && c.before !== 0)),
  ]);
  // The whole section is answered: go on after its last question when the user was in it.
  if (outcome.tag !== 'changed' || stepById(turn.format, turn.flow.step).section !== section) return outcome;
  return continueAfter(outcome, turn, stepsOf(turn.format).filter((s) => s.section === section).at(-1)!.id);
}

/** 「诉讼都没有」: both groups of 行政诉讼 are 0 (values given before are asked about). */
function noSuits(turn: Turn): Outcome {
  const ids = turn.format.cells.filter((c) => c.section === '四' && !c.total && !c.id.startsWith('appeals.review.')).map((c) => c.id);
  const outcome = propose(turn, { values: Object.fromEntries(ids.map((id) => [id, 0])), named: ids.filter((id) => !known(turn.draft, id)), what: '行政诉讼均为0', advance: false }, () => ['已记录：行政诉讼（未经复议直接起诉、复议后起诉）均为0。']);
  if (outcome.tag !== 'changed') return outcome;
  return continueAfter(outcome, turn, stepById(turn.format, turn.flow.step).section === '四' ? turn.flow.step : stepsOf(turn.format).filter((s) => s.section === '四').at(-1)!.id);
}

/** 「本年没有收到申请」: 本年新收 0; with nothing carried over, the whole of section 三 is 0. */
function noRequests(turn: Turn): Outcome {
  const values: Record<string, number> = Object.fromEntries(applicantColumns.map((c) => [`requests.received.${c}`, 0]));
  const prefill = prefillOf(turn);
  const overKnown = applicantColumns.every((c) => known(turn.draft, `requests.carriedOver.${c}`));
  const say = ['已记录：本年新收 0件。'];
  if (!overKnown && prefill && Object.values(prefill).every((n) => n === 0)) {
    Object.assign(values, prefill);
    say.push('根据上年报告，上年结转为0件。');
  }
  // Figures given before are named by no 「没有申请」: changing them is asked about (safety.ts), as 「都是0」 does.
  const outcome = propose(turn, { values, named: Object.keys(values).filter((id) => !known(turn.draft, id)), what: '本年新收为0', advance: false }, () => say);
  if (outcome.tag !== 'changed') return outcome;
  // Continue at the first open question of section 三 (上年结转 may still need confirming).
  const beforeRequests = stepsOf(turn.format).filter((s) => s.section === '二').at(-1)!.id;
  return continueAfter(outcome, turn, beforeRequests);
}

/** A whole-block answer, or undefined when the message is none. */
export function answerShortcut(turn: Turn, msg: Message): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  const here = step.section === '二' || step.section === '三' || step.section === '四' ? step.section : undefined;
  if (NO_REQUESTS.test(msg.compact.replace(PARTICLES, ''))) return noRequests(turn);
  if (NO_APPEALS.test(msg.compact)) return zeroSection(turn, '四', false);
  if (NO_SUITS.test(msg.compact)) return noSuits(turn);
  const rest = REST_ZERO.exec(msg.compact);
  if (rest) return here ? zeroSection(turn, here, true) : reject(turn, ['请说明是第几部分，如“第二部分其余都是0”。']);
  const zero = ZERO_SECTION.exec(msg.compact);
  // 「都是0」 alone answers the row asked; a section needs its name, 「其余」 or 「全部」.
  if (!zero || (!zero[1] && !zero[2] && !/^全/.test(msg.compact))) return undefined;
  const section = zero[1] ? SECTION_OF[zero[1]] : here;
  if (!section) return reject(turn, ['请说明是第几部分，如“第四部分都是0”。']);
  return zeroSection(turn, section, Boolean(zero[2]));
}

