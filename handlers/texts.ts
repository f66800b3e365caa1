// Collecting the texts 一 (overview), 五 (problems), 六 (other): several messages joined by line
// breaks, 「完成」 ends; 「无」 is refused for 一 and 五 (T3/T4) and fine for 六. On 「完成」: a
// warning when the text copies last year's, the text rules of checkReport, and after the
// overview the figures it quotes against the tables (T1).
import { applyValues, notReopened } from './changes.ts';
import { charCount } from './echo.ts';
import { explain, knownFindings } from './checks.ts';
import type { Command } from './commands.ts';
import { moveOn, settle } from './flow/advance.ts';
import { info, reject, type Message, type Outcome, type TextKey, type Turn } from './flow/state.ts';
import { stepById, stepsOf } from './flow/steps.ts';
import { clip } from './flow/parse.ts';
import type { RuleId } from '../src/report/report.ts';
import { COPY_THRESHOLD, similarity } from './similarity.ts';

/** The longest single text message taken (a WeCom text message is far shorter). */
export const MAX_TEXT_MESSAGE = 5000;
const MAX_TEXT = 30000;
/** 「无」, 「本年度无其他需要报告的事项」: nothing to report (fine for 六 only), kept as typed. */
export const NOTHING = /^(无|没有|暂无|没有了|无需报告|没有需要报告的|(?:本年度?)?(?:无|没有|暂无)其他(?:需要报告的)?事项?|其他需要报告的事项[:：]?无)$/;
// 「六没啥要说的」, 「这部分没有」, 「没什么要报告的」: nothing to report said in chat, stored as 「无」 (the report prints it).
const SAYS_NOTHING = /^(?:六|第六部分|这部分|这一部分|本部分|这块|其他事项)?(?:也|都|就)?(?:没有|无|没(?:有)?(?:啥|什么)(?:要|可|可以|需要|好)?(?:说|写|报告|补充)的?(?:东西|内容|事项?)?)(?:了|啊|呀|呢|哈|吧)*$/;

const NOT_NONE: Record<TextKey, string> = {
  overview: '总体情况不能为“无”：报告的六个部分须齐全。请概述本年主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。',
  problems: '存在的主要问题及改进情况不能为“无”：应写明本年存在的问题和改进措施，如“一是政策解读形式较单一……下一步将……”。',
  other: '',
};
const LABEL: Record<TextKey, string> = { overview: '总体情况', problems: '存在的主要问题及改进情况', other: '其他需要报告的事项' };

const cjk = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

/** What 「完成」 reports about a text: copying last year's, the text rules, and T1 after the overview. */
function reviewText(turn: Turn, id: TextKey): string[] {
  const text = turn.draft.report.texts[id] ?? '';
  const lines: string[] = [];
  const before = turn.ctx.previous?.texts?.[id];
  if (before && text.length >= 20) {
    const share = similarity(text, before);
    if (share > COPY_THRESHOLD) {
      lines.push(`⚠ 本部分与上年报告的${LABEL[id]}相似度达${Math.round(share * 100)}%，请结合本年实际情况撰写，避免照搬上年内容（内容雷同会被通报）。`);
    }
  }
  const rules: RuleId[] = id === 'overview' ? ['T1', 'T6', 'T8'] : ['T4', 'T6', 'T8'];
  const findings = knownFindings(turn.draft, turn.ctx.previous)
    .filter((f) => rules.includes(f.rule) && (f.rule === 'T1' || f.cells.includes(`texts.${id}`)));
  lines.push(...explain(findings, turn.format, turn.draft.report, 4).lines);
  return lines;
}

/** 「已记入总体情况（第2段，全文共356字）：「2020年，在区委……报告如下：」」: what was added, by its first and last words. */
function received(id: TextKey, value: string, added: string): string {
  const chars = [...added.replace(/\s+/g, '')];
  const quote = chars.length > 24 ? `${chars.slice(0, 10).join('')}……${chars.slice(-8).join('')}` : chars.join('');
  return `已记入${LABEL[id]}（第${value.split('\n').length}段，全文共${charCount(value)}字）：「${quote}」`;
}

/** Add a paragraph to a text (or replace the text, right after 「重新写」). */
export function addText(turn: Turn, id: TextKey, raw: string): Outcome {
  const current = turn.draft.report.texts[id] ?? '';
  const replace = turn.flow.text?.id === id ? turn.flow.text.replace : false;
  const value = replace || !current ? raw : `${current}\n${raw}`;
  if ([...value].length > MAX_TEXT) return reject(turn, [`${LABEL[id]}已超过${MAX_TEXT}字，请精简后重新发送。`]);
  const applied = applyValues(turn, {}, LABEL[id], { id, value });
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const outcome = settle(turn, { ...applied, flow: { ...applied.flow, text: { id, replace: false } } }, [received(id, value, raw)], false);
  return { ...outcome, tag: 'changed' };
}

// Report prose: a paragraph heading (「（一）加强组织领导」, 「一是……」), a sentence that ends as one,
// or a long passage; never chat (「稍等，我找一下去年的材料」) or a question.
const HEADING = /^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、])/;
const CHAT = /^(?:稍等|等一下|等等|我找|我看|我查|我问|我先|好的|好吧|收到|谢谢|辛苦|请问|麻烦|你好|您好|嗯|哦|对了|那个|这个|还有|另外|刚才|上面|不好意思|抱歉)|[吗吧呢啊呀][?？!！。]?$|[?？]$|(?:怎么|能不能|可不可以|要不要|行不行|对不对|是不是)/;

/** Whether a message reads as report prose rather than chat. */
export function isProse(raw: string): boolean {
  const t = raw.trim();
  const han = cjk(t);
  if (/[?？]$/.test(t)) return false;
  // A long passage, or a table pasted into the text (cells separated by tabs).
  if (han >= 40 && /[，,、。；]/.test(t)) return true;
  if (/\t/.test(t) && han >= 4) return true;
  if (CHAT.test(t)) return false;
  if (HEADING.test(t) && han >= 6) return true;
  if (/[。；;]$/.test(t) && han >= 12) return true;
  return han >= 30 && /[，,、]/.test(raw);
}

/** The text a text command is about: the one it names, else the one being collected, else (when that is still empty) the last one written before it. */
function textOf(turn: Turn, named: TextKey | undefined): TextKey | undefined {
  if (named) return named;
  const current = stepById(turn.format, turn.flow.step).text;
  if (current && turn.draft.report.texts[current]?.trim()) return current;
  const order: TextKey[] = ['overview', 'problems', 'other'];
  const before = current ? order.slice(0, order.indexOf(current)) : order;
  return before.reverse().find((id) => turn.draft.report.texts[id]?.trim()) ?? current;
}

/** 「看一下总体情况」: the whole text, split over messages where it is long. */
export function showText(turn: Turn, named: TextKey | undefined): Outcome {
  const id = textOf(turn, named);
  if (!id) return reject(turn, ['请说明要看哪一部分，如“看一下总体情况”。']);
  const text = turn.draft.report.texts[id]?.trim();
  if (!text) return info(turn, [`${LABEL[id]}还没有填写。`]);
  return info(turn, [`【${LABEL[id]}】共${text.split('\n').length}段，${charCount(text)}字：`, text]);
}

/** 「删除最后一段」: the last paragraph of a text taken out (「撤销」 brings it back). */
export function deleteLast(turn: Turn, named: TextKey | undefined): Outcome {
  const id = textOf(turn, named);
  if (!id) return reject(turn, ['请说明要删除哪一部分的最后一段，如“删除总体情况最后一段”。']);
  const paragraphs = (turn.draft.report.texts[id] ?? '').split('\n').filter((p) => p.trim());
  if (!paragraphs.length) return info(turn, [`${LABEL[id]}还没有内容。`]);
  const removed = paragraphs.pop()!;
  const applied = applyValues(turn, {}, `删除${LABEL[id]}最后一段`, { id, value: paragraphs.join('\n') });
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const chars = [...removed];
  const quote = chars.length > 16 ? `${chars.slice(0, 16).join('')}……` : removed;
  const outcome = settle(turn, applied, [`已删除${LABEL[id]}的最后一段「${quote}」，还剩${paragraphs.length}段。回复“撤销”可恢复。`], false);
  return { ...outcome, tag: 'changed' };
}

/** 「重新写总体情况」: the next message replaces the text; until then it stays as it is. */
export function rewriteText(turn: Turn, named: TextKey | undefined): Outcome {
  const id = textOf(turn, named);
  if (!id) return reject(turn, ['请说明要重写哪一部分，如“总体情况重新写”。']);
  const step = stepsOf(turn.format).find((s) => s.text === id)!;
  const flow = { ...turn.flow, step: step.id, pending: undefined, text: { id, replace: Boolean(turn.draft.report.texts[id]?.trim()) } };
  return { tag: 'info', draft: turn.draft, flow, say: [`好的，请重新发送${LABEL[id]}，新内容将替换原文（原文在您发送新内容前保留）。`], ask: false };
}

/** 「总体情况再补充一段」: what is sent next is added after the text, 「完成」 ends. */
export function appendText(turn: Turn, named: TextKey | undefined): Outcome {
  const id = textOf(turn, named);
  if (!id) return reject(turn, ['请说明要补充哪一部分，如“总体情况再补充一段”。']);
  const closed = notReopened(turn, [`texts.${id}`]);
  if (closed) return reject(turn, [closed]);
  const step = stepsOf(turn.format).find((s) => s.text === id)!;
  const flow = { ...turn.flow, step: step.id, pending: undefined, text: { id, replace: false } };
  const said = turn.draft.report.texts[id]?.trim()
    ? `好的，请发送要补充的内容，新内容将接在${LABEL[id]}原文之后（可分多条），写完后回复“完成”。`
    : `${LABEL[id]}还没有内容，请直接发送正文（可分多条），写完后回复“完成”。`;
  return { tag: 'info', draft: turn.draft, flow, say: [said], ask: false };
}

/** An answer while a text is collected, or undefined for a command this handler does not take. */
export function answerText(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  if (step.kind !== 'text') return undefined;
  const id = step.text!;
  const current = turn.draft.report.texts[id] ?? '';
  // 「完成」, or after a paragraph (not asked to replace it) 「没什么要补充的了」: the text is done as written.
  const finish = (): Outcome => {
    const said = [`${LABEL[id]}已记录（${current.split('\n').length}段，共${charCount(current)}字）。`, ...reviewText(turn, id)];
    return { tag: 'info', draft: turn.draft, flow: moveOn({ ...turn, flow: { ...turn.flow, text: undefined } }), say: said, ask: true };
  };
  if (command?.kind === 'done') return current.trim() ? finish() : reject(turn, [`尚未收到${LABEL[id]}的内容。`]);
  if (command) return undefined;

  const raw = msg.raw.trim();
  const formal = NOTHING.test(msg.compact);
  if (formal || SAYS_NOTHING.test(msg.compact)) {
    if (current.trim() && !turn.flow.text?.replace) return finish();
    if (id !== 'other') return reject(turn, [NOT_NONE[id]]);
    const value = formal ? raw.replace(/\s+/g, '') : '无';
    const applied = applyValues(turn, {}, LABEL[id], { id, value });
    if (applied.kind === 'refused') return reject(turn, [applied.reason]);
    const next: Turn = { ...turn, draft: applied.draft, flow: { ...applied.flow, text: undefined } };
    return { tag: 'changed', draft: next.draft, flow: moveOn(next), say: [`已记录：${LABEL[id]} ${value}`], ask: true };
  }
  if ([...raw].length > MAX_TEXT_MESSAGE) return reject(turn, [`单条内容过长（${[...raw].length}字），请分几条发送，每条不超过${MAX_TEXT_MESSAGE}字。`]);
  if (isProse(raw)) return addText(turn, id, raw);
  if (cjk(raw) < 2) return reject(turn, [`未能识别为${LABEL[id]}的文字内容。请发送成段的文字，如“本年度，我镇坚持以公开为常态……”。`]);
  // Short or chatty: asked about, never added on its own.
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'text', id, value: raw } },
    question: `要把这句话写入「${LABEL[id]}」吗？「${clip(raw)}」\n回复“是”写入；不写入请直接继续发送正文，或回复“完成”结束本部分。`,
  };
}
