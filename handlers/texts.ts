// Collecting the texts 一 (overview), 五 (problems), 六 (other): several messages joined by line
// breaks, 「完成」 ends; 「无」 is refused for 一 and 五 (T3/T4) and fine for 六. On 「完成」: a
// warning when the text copies last year's, the text rules of checkReport, and after the
// overview the figures it quotes against the tables (T1).
import { applyValues } from './changes.ts';
import { charCount } from './echo.ts';
import { explain, knownFindings } from './checks.ts';
import type { Command } from './commands.ts';
import { moveOn, settle } from './flow/advance.ts';
import { reject, type Message, type Outcome, type TextKey, type Turn } from './flow/state.ts';
import { stepById } from './flow/steps.ts';
import { COPY_THRESHOLD, similarity } from './similarity.ts';

/** The longest single text message taken (a WeCom text message is far shorter). */
export const MAX_TEXT_MESSAGE = 5000;
const MAX_TEXT = 30000;
const NOTHING = /^(无|没有|暂无|无其他需要报告的事项|没有其他需要报告的事项|本年度无其他需要报告的事项)$/;

const NOT_NONE: Record<TextKey, string> = {
  overview: '总体情况不能为“无”：报告的六个部分须齐全（T3）。请概述本年主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。',
  problems: '存在的主要问题及改进情况不能为“无”：应写明本年存在的问题和改进措施（T3、T4），如“一是政策解读形式较单一……下一步将……”。',
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
  const rules = id === 'overview' ? ['T1', 'T6', 'T8'] : ['T4', 'T6', 'T8'];
  const findings = knownFindings(turn.draft, turn.ctx.previous)
    .filter((f) => rules.includes(f.rule) && (f.rule === 'T1' || f.cells.includes(`texts.${id}`)));
  lines.push(...explain(findings, turn.format, turn.draft.report, 4).lines);
  return lines;
}

/** An answer while a text is collected, or undefined for a command this handler does not take. */
export function answerText(turn: Turn, msg: Message, command: Command | undefined): Outcome | undefined {
  const step = stepById(turn.format, turn.flow.step);
  if (step.kind !== 'text') return undefined;
  const id = step.text!;
  const current = turn.draft.report.texts[id] ?? '';
  if (command?.kind === 'done') {
    if (!current.trim()) return reject(turn, [`尚未收到${LABEL[id]}的内容。`]);
    const said = [`${LABEL[id]}已记录（${current.split('\n').length}段，共${charCount(current)}字）。`, ...reviewText(turn, id)];
    return { tag: 'info', draft: turn.draft, flow: moveOn({ ...turn, flow: { ...turn.flow, text: undefined } }), say: said, ask: true };
  }
  if (command) return undefined;

  const raw = msg.raw.trim();
  const replace = turn.flow.text?.id === id ? turn.flow.text.replace : false;
  if (NOTHING.test(msg.compact)) {
    if (id !== 'other') return reject(turn, [NOT_NONE[id]]);
    const applied = applyValues(turn, {}, LABEL[id], { id, value: raw.replace(/\s+/g, '') });
    if (applied.kind === 'refused') return reject(turn, [applied.reason]);
    const next: Turn = { ...turn, draft: applied.draft, flow: { ...applied.flow, text: undefined } };
    return { tag: 'changed', draft: next.draft, flow: moveOn(next), say: [`已记录：${LABEL[id]} ${raw}`], ask: true };
  }
  if ([...raw].length > MAX_TEXT_MESSAGE) return reject(turn, [`单条内容过长（${[...raw].length}字），请分几条发送，每条不超过${MAX_TEXT_MESSAGE}字。`]);
  if (cjk(raw) < 4) return reject(turn, [`未能识别为${LABEL[id]}的文字内容。请发送成段的文字，如“本年度，我镇坚持以公开为常态……”。`]);
  const value = replace || !current ? raw : `${current}\n${raw}`;
  if ([...value].length > MAX_TEXT) return reject(turn, [`${LABEL[id]}已超过${MAX_TEXT}字，请精简后重新发送。`]);
  const applied = applyValues(turn, {}, LABEL[id], { id, value });
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  const outcome = settle(turn, { ...applied, flow: { ...applied.flow, text: { id, replace: false } } }, [], false);
  return { ...outcome, tag: 'changed' };
}
