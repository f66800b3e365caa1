// 「预览」: every section with ✔/✖ and its key figures, then the findings — a preview one can fix
// line by line with 「改 …」 (product.md, principle 5). Split into several messages when long.
import { applicantColumns } from '../src/report/formats.ts';
import { withoutMissingSections } from '../src/report/check.ts';
import type { Finding } from '../src/report/report.ts';
import { distinct, explain, reportFindings } from './checks.ts';
import { editable } from './changes.ts';
import { applicantSummary, charCount, shown } from './echo.ts';
import { rowSpec } from './flow/rows.ts';
import { info, type Outcome, type Turn } from './flow/state.ts';
import { isFilled, known, stepsOf } from './flow/steps.ts';
import { stateWords } from './standing.ts';

function sectionFigures(turn: Turn, section: '二' | '三' | '四'): string {
  const { format, draft } = turn;
  const v = draft.report.values;
  if (section === '二') {
    const rows = format.active.flatMap((t) => t.rows.map((r) => rowSpec(format, '二', r.key)!));
    const shownRows = rows.filter((r) => r.columns.some((c) => (v[c.id] ?? 0) !== 0));
    if (!shownRows.length) return '各项均为0';
    return shownRows.map((r) => `${r.label} ${r.columns.map((c) => shown(format, c.id, v[c.id])).join('/')}`).join('；');
  }
  if (section === '三') {
    const summary = (row: string) => applicantSummary(rowSpec(format, '三', row)!, v);
    const outcomes = format.requestRows.filter((r) => r.role === 'outcome' && (v[`requests.${r.id}.total`] ?? 0) > 0)
      .map((r) => `${r.short}${v[`requests.${r.id}.total`]}`);
    const total = applicantColumns.every((c) => known(draft, `requests.total.${c}`)) ? `${v['requests.total.total'] ?? 0}件` : '未填完';
    return `新收${summary('received')}；上年结转${summary('carriedOver')}；办结${total}${outcomes.length ? `（${outcomes.join('、')}）` : ''}；结转下年度${summary('carriedForward')}`;
  }
  return format.appealGroups.map((g) => {
    const row = rowSpec(format, '四', g.key)!;
    if (row.columns.some((c) => !known(draft, c.id))) return `${g.label}未填`;
    const parts = row.columns.filter((c) => (v[c.id] ?? 0) > 0).map((c) => `${c.label}${v[c.id]}`);
    return `${g.label}${v[`appeals.${g.key}.total`] ?? 0}件${parts.length ? `（${parts.join('、')}）` : ''}`;
  }).join('；');
}

/** Whether a finding concerns a section (by its cells). */
const about = (f: Finding, section: string, turn: Turn) => f.cells.some((id) => {
  if (id.startsWith('texts.')) return stepsOf(turn.format).find((s) => `texts.${s.text}` === id)?.section === section;
  return turn.format.cell.get(id)?.section === section;
});

/** The first 20 characters of a text, with 「……」 when there is more. */
function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, '')];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}……` : chars.join('');
}

/** 「预览」. */
export function preview(turn: Turn): Outcome {
  const { format, draft } = turn;
  const findings = reportFindings(draft, turn.ctx.previous).filter((f) => f.rule !== 'T7' && f.cells.length);
  const status = stateWords[draft.status];
  const lines = [`【预览】${draft.report.unit}${draft.report.year}年度政府信息公开工作年度报告（${format.notice}格式）· ${status}`];
  if (draft.status === 'returned' && turn.ctx.returnReason) lines.push(`退回原因：${turn.ctx.returnReason}`);
  for (const { id, title } of format.sections) {
    const steps = stepsOf(format).filter((s) => s.section === id);
    const filled = steps.every((s) => isFilled(s, draft));
    const bad = findings.some((f) => f.severity === 'error' && about(f, id, turn));
    const mark = filled && !bad ? '✔' : '✖';
    if (id === '一' || id === '五' || id === '六') {
      const text = draft.report.texts[steps[0].text!] ?? '';
      lines.push(`${mark} ${title}：${text.trim() ? `${charCount(text)}字，「${excerpt(text)}」` : '未填写'}`);
    } else {
      lines.push(`${mark} ${title}：${sectionFigures(turn, id)}`);
    }
  }
  const blocks = [lines.join('\n')];
  const shownFindings = distinct(withoutMissingSections(findings));
  if (!shownFindings.length) return info(turn, [...blocks, '检查结果：未发现问题。']);
  const errors = shownFindings.filter((f) => f.severity === 'error').length;
  const { lines: explained, fix } = explain(shownFindings, format, draft.report, 8, (id) => editable(draft, id));
  blocks.push([`检查结果：错误${errors}处，提醒${shownFindings.length - errors}条`, ...explained].join('\n'));
  const outcome = info(turn, blocks);
  return fix ? { ...outcome, flow: { ...outcome.flow, pending: { kind: 'fix', values: fix } } } : outcome;
}
