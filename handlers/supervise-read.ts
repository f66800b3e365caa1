// Reading a unit's report before approving it: 查看 (standing, key figures, findings with the
// warnings, the first line of each text), 「查看 <单位> 全文」 (every text in full) and what a
// download is said to be. Pure.
import { withoutMissingSections } from '../src/report/check.ts';
import { reportFindings } from './checks.ts';
import { textSteps } from './flow/steps.ts';
import { charCount } from './echo.ts';
import { FIGURE_CELLS } from './standing.ts';
import { NOTHING } from './texts.ts';
import type { UnitView } from './supervise.ts';

// Fewer characters than this is no account of a year's work (「无」, 「略」, 「啊啊啊」).
const TOO_SHORT = 20;
const FIRST_LINE = 40;


/** The first line of a text, cut at FIRST_LINE characters. */
function firstLine(text: string): string {
  const line = [...(text.trim().split('\n')[0] ?? '')];
  return line.length > FIRST_LINE ? `${line.slice(0, FIRST_LINE).join('')}…` : line.join('');
}

/** The lines 查看 adds for a unit that has a report: key figures, findings, the first line of each text. */
export function readingLines(unit: UnitView): string[] {
  if (!unit.draft) return [];
  const f = unit.standing.progress.figures;
  const findings = withoutMissingSections(reportFindings(unit.draft));
  const errors = findings.filter((x) => x.severity === 'error');
  const warnings = findings.filter((x) => x.severity === 'warning');
  const texts = unit.draft.report.texts;
  // 「无」 is what 六 asks for when there is nothing to report: short, and right.
  const tooShort = (id: string, text: string) => charCount(text) < TOO_SHORT && !(id === 'other' && NOTHING.test(text.replace(/[\s。.]/g, '')));
  const short = textSteps.filter((t) => (texts[t.id] ?? '').trim() && tooShort(t.id, texts[t.id]!.trim()));
  // A figure none of whose cells is filled is said so, not shown as 0.
  const given = (key: keyof typeof f) => (FIGURE_CELLS[key].some((id) => unit.draft!.report.values[id] != null) ? `${f[key]}件` : '未填写');
  const lines = [`主要数据：新收申请${given('received')}，办结${given('concluded')}，结转下年度${given('carriedForward')}；行政复议${given('reviews')}，行政诉讼${given('suits')}。`];
  if (errors.length) lines.push(`检查发现${errors.length}处错误：`, ...errors.slice(0, 3).map((e) => `· ${e.message}`), ...(errors.length > 3 ? [`……另有${errors.length - 3}处`] : []));
  else if (!warnings.length && !short.length && unit.standing.handedIn) lines.push('检查结果：数字核对无误，未发现问题。');
  else if (!errors.length) lines.push('检查结果：数字核对无误。');
  if (warnings.length) lines.push(`需留意${warnings.length}处：`, ...warnings.slice(0, 3).map((w) => `· ${w.message}`), ...(warnings.length > 3 ? [`……另有${warnings.length - 3}处`] : []));
  lines.push('文字部分：');
  for (const step of textSteps) {
    const text = (texts[step.id] ?? '').trim();
    if (!text) lines.push(`· ${step.label}：未填写`);
    else lines.push(`· ${step.label}（${charCount(text)}字${tooShort(step.id, text) ? '，过短，请核实' : ''}）：${firstLine(text)}`);
  }
  lines.push(`回复“查看 ${unit.name} 全文”阅读全部文字，“下载 ${unit.name}”获取 Word 文件。`);
  return lines;
}

/** 「查看 <单位> 全文」: every text in full, one message each (the outbox splits a long one). */
export function fullTexts(unit: UnitView): string[] {
  if (!unit.draft) return [`${unit.name}尚未开始填报，没有可阅读的文字。`];
  const texts = unit.draft.report.texts;
  return [
    `【${unit.name}】年度报告文字部分（${unit.standing.handedIn ? '已提交的版本' : '填报中的草稿'}）：`,
    ...textSteps.map((step) => `${step.label}：\n${(texts[step.id] ?? '').trim() || '（未填写）'}`),
  ];
}

/** What the supervisor is told when a unit's Word file is on its way. */
export function downloadReply(unit: UnitView): string {
  if (!unit.draft) return `${unit.name}尚未开始填报，没有可发送的报告。`;
  return `好的，正在按官方版式生成${unit.name}的年度报告（Word），稍后以文件发送。${unit.standing.handedIn ? '' : '该报告尚未提交，文件是填报中的草稿。'}`;
}
