// Field help without losing one's place: 「帮助」 lists the commands; 「这一项是什么意思」 answers
// from the per-cell notes of formats.ts, then the same question is asked again.
import { columnLexicon, findNames, namingLexicon } from './flow/lexicon.ts';
import { rowSpec } from './flow/rows.ts';
import { info, type Outcome, type Turn } from './flow/state.ts';
import { stepById, stepsOf, type Step } from './flow/steps.ts';
import { readOnlyReason } from './changes.ts';

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
  '· 联系方式：设置报告开头的联系方式；开头 / 修改开头：查看或改写报告开头一段；落款日期：指定 Word 文件的落款日期',
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
  // A report handed in is at the review step too: 「我还能改吗」 is told it cannot, and whom to ask.
  if (step.kind === 'review') return [readOnlyReason(turn.draft) ?? '各部分已填写完毕：回复“预览”查看报告要点，回复“提交”提交审核。'];
  if (step.kind === 'outcomes') {
    return [
      '办理结果：本年办结的每件申请只计入一行（区分处理、部分公开的只计入（二）部分公开），年底未办结的计入结转下年度，不计入办理结果。',
      '（一）予以公开、（二）部分公开；（三）不予公开的8种理由（国家秘密、第三方权益、过程性信息等）；（四）无法提供（不掌握、需另行制作、补正后仍不明确）；（五）不予处理（信访举报投诉、重复申请、公开出版物等）；（六）其他处理（逾期不补正、逾期未缴费、其他如申请人撤回）。',
      '想了解某一项，可以问如“不掌握是什么意思”。',
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

/** The note of a column the question names within the step's row (「本年处理决定数量是什么」), if it names one. */
function columnNote(turn: Turn, step: Step, about: string): string | undefined {
  if (!about || !step.row || (step.section !== '二' && step.section !== '三' && step.section !== '四')) return undefined;
  const row = rowSpec(turn.format, step.section, step.row);
  const hit = row && findNames(about, columnLexicon(row.columns.map((c) => [c.key, [c.label, ...c.aliases]]), step.section))[0];
  if (!row || !hit || hit.target.kind !== 'column') return undefined;
  const key = hit.target.key;
  const column = row.columns.find((c) => c.key === key)!;
  const note = step.section === '二'
    ? turn.format.active.flatMap((t) => t.columns).find((c) => c.key === key)?.note
    : step.section === '三' ? turn.format.requestColumns.find((c) => c.key === key)?.note : turn.format.appealOutcomes.find((c) => c.key === key)?.note;
  return note ? `${column.label}：${note}` : undefined;
}

/** 「什么意思」 about the current question, or about the row the message names (「规章是什么意思」). */
export function meaning(turn: Turn, about: string): Outcome {
  let step = stepById(turn.format, turn.flow.step);
  // A column asked about by name: in the current row, else in the first row that has it.
  const named = findNames(about, namingLexicon(turn.format));
  const onlyColumn = named.length > 0 && named.every((h) => h.target.kind === 'column') ? named[0].target : undefined;
  const home = onlyColumn?.kind === 'column' ? stepsOf(turn.format).find((s) => s.section === onlyColumn.section && s.cells.some((id) => id.endsWith(`.${onlyColumn.key}`))) : undefined;
  const column = columnNote(turn, step, about) ?? (home ? columnNote(turn, home, about) : undefined);
  if (column) return info(turn, [column]);
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
