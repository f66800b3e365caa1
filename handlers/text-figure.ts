// 「总体情况里的主动公开条数改成120」: one figure inside a text changed, the rest of the text kept.
// The figure is found after the words named (or as the old number said, 「总体情况里的98改成120」);
// the sentence before and after is said back and asked about. When the figure is not found once
// and only once, nothing changes: which one is asked, or the whole paragraph is asked for.
import { applyValues } from './changes.ts';
import { settle } from './flow/advance.ts';
import { info, reject, type Outcome, type TextKey, type Turn } from './flow/state.ts';

const LABEL: Record<TextKey, string> = { overview: '总体情况', problems: '存在的主要问题及改进情况', other: '其他需要报告的事项' };
const EDIT = /^(?:里|中|里面|当中)?(?:的|提到的|写的)?(.*?)(?:应该?改为|修改为|更正为|更改为|改为|改成|换成|应为|应该是|应是)\s*(\d+(?:\.\d+)?)\s*(?:[条件个项篇次场期份万元%人]*)$/;
const FIGURE = /\d+(?:\.\d+)?/g;
const NEAR = 20;

/** Where a figure stands in the text: its offset and its digits. */
interface Figure {
  at: number;
  digits: string;
}

/** The figures the words name: each number within a few characters after each place the words occur. */
function figuresAfter(text: string, words: string): Figure[] {
  const found = new Map<number, Figure>();
  for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
    const window = text.slice(at + words.length, at + words.length + NEAR).split(/[。；;\n]/)[0];
    const m = /\d+(?:\.\d+)?/.exec(window);
    if (m) found.set(at + words.length + m.index, { at: at + words.length + m.index, digits: m[0] });
  }
  return [...found.values()];
}

/** The places an old figure (「98」) stands, as a whole number. */
function figuresEqual(text: string, digits: string): Figure[] {
  return [...text.matchAll(FIGURE)].filter((m) => m[0] === digits).map((m) => ({ at: m.index!, digits: m[0] }));
}

/** The figures the words name: an old number said (「98」, 「主动公开的98条」), or the number after the words. */
function figuresNamed(text: string, words: string): Figure[] {
  const old = /\d+(?:\.\d+)?/.exec(words);
  if (!old) return words ? figuresAfter(text, words) : [];
  const equal = figuresEqual(text, old[0]);
  const rest = words.replace(old[0], '').replace(/[的条件个项]/g, '');
  // 「主动公开的98条」 where 98 stands twice: the one after the words.
  return equal.length > 1 && rest ? equal.filter((f) => text.slice(Math.max(0, f.at - NEAR), f.at).includes(rest)) : equal;
}

const around = (text: string, at: number, length: number) => {
  const from = Math.max(0, at - 12);
  const to = Math.min(text.length, at + length + 8);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\n/g, ' ')}${to < text.length ? '…' : ''}`;
};

/** A figure of a text to change, asked about; undefined when the message gives no new figure (the text is then rewritten as a whole). */
export function editTextFigure(turn: Turn, id: TextKey, body: string): Outcome | undefined {
  const m = EDIT.exec(body.replace(/\s/g, ''));
  if (!m) return undefined;
  const text = turn.draft.report.texts[id] ?? '';
  const label = LABEL[id];
  if (!text.trim()) return info(turn, [`${label}还没有内容，请先发送${label}全文。`]);
  const words = m[1].replace(/^(?:的|里的)/, '').replace(/(?:的)?(?:条数|件数|个数|数量|总数|数字|数据|数)$/, '').replace(/的$/, '');
  const figures = figuresNamed(text, words);
  const whole = `也可以回复“重写${label}”，再发送修改后的全文（全文将被替换）。`;
  if (figures.length !== 1) {
    const said = words ? `“${words}”` : '要改的数字';
    const found = figures.length ? `找到${figures.length}处${said}后的数字（${figures.map((f) => f.digits).join('、')}），请说明改哪一处，如“${label}里的${figures[0].digits}改成${m[2]}”；` : `没有找到${said}对应的数字，请写明原来的数字，如“${label}里的98改成${m[2]}”；`;
    return info({ ...turn, flow: { ...turn.flow, pending: undefined } }, [`${label}中${found}${whole}原文未作改动。`]);
  }
  const [figure] = figures;
  const value = text.slice(0, figure.at) + m[2] + text.slice(figure.at + figure.digits.length);
  return {
    tag: 'info', draft: turn.draft, say: [], ask: true,
    flow: { ...turn.flow, pending: { kind: 'textEdit', id, value } },
    question: `我理解为：把${label}中「${around(text, figure.at, figure.digits.length)}」的${figure.digits}改为${m[2]}，其余文字不变。\n对吗？回复“是”修改，回复“不是”不改。`,
  };
}

/** 「是」 to a figure change: the text with the one figure replaced. */
export function confirmTextFigure(turn: Turn, pending: { id: TextKey; value: string }): Outcome {
  const applied = applyValues(turn, {}, `修改${LABEL[pending.id]}中的数字`, { id: pending.id, value: pending.value });
  if (applied.kind === 'refused') return reject(turn, [applied.reason]);
  // While the text is open, what is sent next is added after it: the text just kept is not replaced by it.
  const open = turn.flow.text?.id === pending.id;
  const kept: Turn = open ? { ...turn, flow: { ...turn.flow, text: { id: pending.id, replace: false } } } : turn;
  const after = open ? `继续发送的内容将接在${LABEL[pending.id]}原文之后；写完请回复“完成”。` : '';
  return { ...settle(kept, { ...applied, flow: { ...applied.flow, text: kept.flow.text } }, [`已修改${LABEL[pending.id]}中的数字，其余文字不变。回复“撤销”可恢复。${after}`], false), tag: 'changed' };
}
