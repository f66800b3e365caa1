// Which units a supervisor's words name: a whole name, any part of one (one character when it
// fits one unit of the jurisdiction), or its characters in order (「市场监管局」 for 县市场监督管理局);
// several names in one message; the name at the start of a 退回. Pure.
import type { UnitView } from './supervise.ts';

/** The unit a name stands for: exact, then a prefix or part of a name, then the characters in order. */
export function findUnit(units: UnitView[], name: string): UnitView[] {
  const wanted = name.replace(/\s/g, '');
  if (!wanted) return [];
  const exact = units.filter((u) => u.name === wanted);
  if (exact.length) return exact;
  const part = units.filter((u) => u.name.includes(wanted));
  if (part.length) return part;
  return units.filter((u) => inOrder(wanted, u.name));
}

function inOrder(chars: string, name: string): boolean {
  let i = 0;
  for (const c of name) if (c === chars[i]) i++;
  return i === chars.length && chars.length >= 2;
}

/** The units several names stand for (「甲镇 乙镇」, 「民政局、市场监管局」, 「韩山和颜集」), or what is wrong with a name; `undone` says what was not done because of it. */
export function unitsNamed(units: UnitView[], text: string, undone = ''): { kind: 'found'; units: UnitView[] } | { kind: 'problem'; reply: string } {
  const parts = text.split(/[\s、，,；;]+|(?<=[镇乡局委办院所站队街道区县市])(?:和|及|与|跟)/).map((p) => p.trim()).filter(Boolean)
    .flatMap((part) => joined(units, part));
  const found: UnitView[] = [];
  const problems: string[] = [];
  for (const part of parts) {
    const hits = findUnit(units, part);
    if (hits.length === 1) {
      if (!found.includes(hits[0])) found.push(hits[0]);
    } else if (hits.length > 1) problems.push(`「${part}」对应多个单位：${hits.slice(0, 8).map((u) => u.name).join('、')}${hits.length > 8 ? '等' : ''}，请写得更完整些`);
    else problems.push(`在您负责的单位中没有找到「${part}」`);
  }
  if (problems.length || !found.length) return { kind: 'problem', reply: `${problems.join('；') || '请写明单位名称'}。${undone}回复“未交”可查看未提交的单位。` };
  return { kind: 'found', units: found };
}

/** 「韩山和颜集」 (short names joined by 和, 及, 与, 跟) as its names, when the whole names no unit and every piece names one or more; else the part itself. */
function joined(units: UnitView[], part: string): string[] {
  if (findUnit(units, part).length || !/[和及与跟]/.test(part)) return [part];
  const pieces = part.split(/和|及|与|跟/).map((p) => p.trim()).filter(Boolean);
  return pieces.length > 1 && pieces.every((p) => findUnit(units, p).length) ? pieces : [part];
}

/** The unit named at the start of `raw` (the longest start that names exactly one) and the text after it, as typed. */
export function unitAtStart(units: UnitView[], raw: string): { kind: 'found'; unit: UnitView; after: string } | { kind: 'problem'; reply: string } {
  const text = raw.trimStart();
  const [first = ''] = text.split(/\s/);
  if (!first) return { kind: 'problem', reply: '请写明单位名称，例如“退回 杨舍镇 原因 修改：第四部分”（单位可只写简称）。' };
  for (let end = first.length; end >= 1; end--) {
    const found = findUnit(units, first.slice(0, end));
    if (found.length === 1) return { kind: 'found', unit: found[0], after: text.slice(end) };
    // The longest start that fits several units is a name to ask about, never one to guess from (「退回韩山数字不对」).
    if (found.length > 1) return { kind: 'problem', reply: `「${first.slice(0, end)}」对应多个单位：${found.slice(0, 8).map((u) => u.name).join('、')}。请写得更完整些，本次未退回。` };
  }
  return { kind: 'problem', reply: `在您负责的单位中没有找到「${first}」。回复“进度”查看全部单位。` };
}
