// Moving about without losing one's place: 上一步, 下一步, 跳到第四部分 / 总体情况 / 行政处罚,
// and 撤销 (the newest change taken back, old values restored, its question asked again).
import { undoLast } from './changes.ts';
import { echoChanges, totalsNote } from './echo.ts';
import { enter } from './flow/advance.ts';
import { findNames, namingLexicon } from './flow/lexicon.ts';
import { info, reject, type Outcome, type Turn } from './flow/state.ts';
import { followingStep, isFilled, nextOpen, previousStep, stepById, stepsOf, type Step } from './flow/steps.ts';

const NUMERAL: Record<string, string> = { 一: '一', 二: '二', 三: '三', 四: '四', 五: '五', 六: '六', 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六' };

/** The first step of a section: its first open question, or its first question when all are answered. */
function sectionStart(turn: Turn, section: string): Step | undefined {
  const steps = stepsOf(turn.format).filter((s) => s.section === section);
  return steps.find((s) => !isFilled(s, turn.draft)) ?? steps[0];
}

/** The step a jump target names, if any. */
function jumpTarget(turn: Turn, to: string): Step | undefined {
  const section = /^第?([一二三四五六1-6])(?:部分|节)?$/.exec(to)?.[1];
  if (section) return sectionStart(turn, NUMERAL[section]);
  if (/^(预览|提交|最后)/.test(to)) return stepById(turn.format, 'review');
  if (/^(依申请|申请)/.test(to)) return sectionStart(turn, '三');
  if (/^(主动公开)/.test(to)) return sectionStart(turn, '二');
  if (/^(行政诉讼|诉讼)/.test(to)) return sectionStart(turn, '四');
  if (/^(办理结果|结果)$/.test(to)) return stepById(turn.format, 'requests.outcomes');
  const hit = findNames(to, namingLexicon(turn.format)).find((h) => h.target.kind !== 'column');
  if (!hit || hit.start > 0) return undefined;
  const t = hit.target;
  if (t.kind === 'text') return stepsOf(turn.format).find((s) => s.text === t.id);
  if (t.kind === 'row') return stepById(turn.format, t.step);
  if (t.kind === 'total') return stepById(turn.format, 'requests.outcomes');
  if (t.kind === 'cell') return stepsOf(turn.format).find((s) => s.cells.includes(t.id));
  return undefined;
}

/** 「跳到…」, or undefined when the target names nothing (the message may be text). */
export function jump(turn: Turn, to: string): Outcome | undefined {
  const step = jumpTarget(turn, to);
  if (!step) return undefined;
  return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: [], ask: true };
}

/** 「上一步」. */
export function back(turn: Turn): Outcome {
  const step = previousStep(turn.format, turn.flow.step);
  if (!step) return info(turn, ['已经是第一项了。']);
  return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: [], ask: true };
}

/** 「下一步」/「跳过」: the next question in order, answered or not. */
export function next(turn: Turn): Outcome {
  const current = stepById(turn.format, turn.flow.step);
  if (current.kind === 'review') return info(turn, ['已经是最后一步了。']);
  const step = followingStep(turn.format, turn.flow.step);
  const note = isFilled(current, turn.draft) ? [] : [`${current.label}暂未填写，稍后可回复“进度”查看未填项目。`];
  return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: note, ask: true };
}

/** 「先跳过」/「等我问一下」: the question stays open and comes back once the others are answered; everything given is kept. */
export function skip(turn: Turn): Outcome {
  const current = stepById(turn.format, turn.flow.step);
  if (current.kind === 'review') return info(turn, ['已经是最后一步了。']);
  const step = nextOpen(turn, current.id);
  if (step.id === current.id) return info(turn, [`${current.label}是最后一项还没填的内容了，已填写的都已保存。方便时再回复即可，也可以回复“明天再提醒我”。`]);
  const kept = isFilled(current, turn.draft) ? `${current.label}保持原样。` : `好的，${current.label}先空着，已填写的内容都已保存；其他项目填完后会再问您这一项。`;
  return { tag: 'info', draft: turn.draft, flow: enter(turn, step), say: [kept], ask: true };
}

/** 「撤销」. */
export function undo(turn: Turn): Outcome {
  const undone = undoLast(turn);
  if (undone.kind === 'refused') return reject(turn, [undone.reason]);
  const lines = echoChanges(turn.format, undone.diff);
  const textOnly = !undone.diff.length;
  const say = [`已撤销上一次修改（${undone.what}）${textOnly ? '，文字已恢复为修改前的内容' : ''}。`, ...lines, ...totalsNote(turn.format, undone.diff)];
  const step = stepById(turn.format, undone.flow.step);
  const flow = step.text ? { ...undone.flow, text: { id: step.text, replace: false } } : undone.flow;
  return { tag: 'changed', draft: undone.draft, flow, say, ask: true };
}
