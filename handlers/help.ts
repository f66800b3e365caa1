// Field help without losing one's place: 「帮助」 lists the commands; 「这一项是什么意思」 answers
// from the per-cell notes of formats.ts, then the same question is asked again.
import { findNames, namingLexicon } from './flow/lexicon.ts';
import { rowSpec } from './flow/rows.ts';
import { info, type Outcome, type Turn } from './flow/state.ts';
import { stepById, type Step } from './flow/steps.ts';

const HELP = [
  '可用指令：',
  '· 直接回复数字，填写当前一项，如 5 0 57；一行可用空格、逗号或顿号分隔',
  '· 指名填写：自然人9 法律服务机构4；行政许可 5 0 57',
  '· 修改：改 三（一）自然人 10；把行政处罚处理决定数量改成3',
  '· 上一步 / 下一步 / 撤销（撤回上一次修改）',
  '· 跳到第二部分 / 第三部分 / 第四部分 / 总体情况',
  '· 什么意思：查看当前一项的填报说明',
  '· 进度：查看还缺什么；预览：查看报告要点和检查结果',
  '· 提交：填写完整、没有错误后提交审核',
  '· 生成报告：收到按官方版式排好的 Word 文件',
].join('\n');

/** 「帮助」. */
export function help(turn: Turn): Outcome {
  return info(turn, [HELP]);
}

const TEXT_NOTES: Record<string, string> = {
  overview: '一、总体情况：概述本年主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况；各级人民政府还应包括工作考核、社会评议和责任追究结果情况。',
  problems: '五、存在的主要问题及改进情况：写明本年工作中存在的主要问题和下一年的改进措施，不能只写“无”。',
  other: '六、其他需要报告的事项：如收取信息处理费情况、人大代表建议和政协提案办理结果公开情况、政务公开工作创新情况等；没有可写“无”。',
};

/** The notes of one step: the row's note and each column's. */
function notesOf(turn: Turn, step: Step): string[] {
  const { format } = turn;
  if (step.text) return [TEXT_NOTES[step.text]];
  if (step.kind === 'review') return ['各部分已填写完毕：回复“预览”查看报告要点，回复“提交”提交审核。'];
  if (step.kind === 'outcomes') {
    const rows = format.requestRows.filter((r) => r.role === 'outcome');
    return [
      '办理结果：每件办结的申请只计入一行，区分处理（部分公开）的只计入（二）部分公开。各行含义：',
      ...rows.map((r) => `${r.short}：${r.note}`),
    ];
  }
  if (step.section === '三') {
    const row = format.requestRows.find((r) => r.id === step.row)!;
    return [`${row.short.replace(/^[一二四]、/, '')}：${row.note}`, `六类申请人：${format.requestColumns.slice(0, 6).map((c) => `${c.label}（${c.note.replace(/。$/, '')}）`).join('；')}。总计由系统计算。`];
  }
  if (step.section === '四') {
    const group = format.appealGroups.find((g) => g.key === step.row)!;
    return [`${group.label}：${group.note}`, ...format.appealOutcomes.map((c) => `${c.label}：${c.note}`)];
  }
  const spec = rowSpec(format, '二', step.row!)!;
  const table = format.active.find((t) => t.rows.some((r) => r.key === step.row))!;
  const row = table.rows.find((r) => r.key === step.row)!;
  return [`${row.label}：${row.note}`, ...spec.columns.map((c) => `${c.label}：${table.columns.find((x) => x.key === c.key)!.note}`)];
}

/** 「什么意思」 about the current question, or about the row the message names (「规章是什么意思」). */
export function meaning(turn: Turn, about: string): Outcome {
  let step = stepById(turn.format, turn.flow.step);
  if (about) {
    const hit = findNames(about, namingLexicon(turn.format)).find((h) => h.target.kind !== 'column');
    const t = hit?.target;
    if (t?.kind === 'row') step = stepById(turn.format, t.step);
    else if (t?.kind === 'text') step = stepById(turn.format, `texts.${t.id}`);
    else if (t?.kind === 'cell' || t?.kind === 'total') step = stepById(turn.format, t.kind === 'total' ? 'requests.outcomes' : `active.${t.id.split('.')[1]}`);
  }
  if (step.kind === 'outcomes' && about && !/结果/.test(about)) {
    const hit = findNames(about, namingLexicon(turn.format)).find((h) => h.target.kind === 'row');
    const row = hit && hit.target.kind === 'row' ? turn.format.requestRows.find((r) => r.id === (hit.target as { row: string }).row) : undefined;
    if (row) return info(turn, [`${row.short}：${row.note}`]);
  }
  return info(turn, [notesOf(turn, step).join('\n')]);
}
