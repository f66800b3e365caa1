// T1, T3, T4, T6, T7, T8: the prose against the tables, and completeness (report-format.md §4.3).
import { formats } from '../formats.ts';
import { quotedFigures } from '../prose.ts';
import { blankLines } from './blank-lines.ts';
import { isBlank, unitKind, valueOf, type Finding, type Report, type TextId } from '../report.ts';

/** T1: figures quoted in 一、总体情况 equal the tables; a figure that could mean two sums that differ is not compared. */
function proseFigures(report: Report): Finding[] {
  const overview = report.texts.overview ?? '';
  const total = (cells: string[]) => cells.reduce((acc, id) => acc + valueOf(report, id), 0);
  return quotedFigures(overview, formats[report.format]).flatMap((figure) => {
    const table = total(figure.cells);
    if (table === figure.value || (figure.orCells ?? []).some((cells) => total(cells) !== table)) return [];
    return [{
      rule: 'T1', severity: 'error' as const, cells: figure.cells,
      message: `总体情况写明${figure.what}${figure.value}件（「${figure.excerpt}」），而表格中为${table}件。`,
      suggestion: '请核对文字与表格，改正其中有误的一处。',
    }];
  });
}

const textSections: [TextId, string][] = [['overview', '一、总体情况'], ['problems', '五、存在的主要问题及改进情况'], ['other', '六、其他需要报告的事项']];

/** T3: the three text sections are present; T4: 五 states problems and measures. */
function completeness(report: Report): Finding[] {
  const findings: Finding[] = textSections
    .filter(([id]) => !report.texts[id]?.trim())
    .map(([id, title]) => ({ rule: 'T3', severity: 'error' as const, cells: [`texts.${id}`], message: `缺少「${title}」部分的内容，六个部分须齐全。` }));
  const problems = report.texts.problems?.trim() ?? '';
  if (problems && problems.replace(/[。.\s]/g, '').length < 10) {
    findings.push({
      rule: 'T4', severity: 'warning', cells: ['texts.problems'],
      message: `「五、存在的主要问题及改进情况」只写了「${problems}」，应写明存在的问题和改进措施。`,
    });
  }
  return findings;
}

const selfNames: Record<string, RegExp> = { 镇: /街道/, 乡: /街道/, 街道: /[我本全]镇|[我本全]乡(?!村)/ };

/** T6: the prose speaks of another kind of body, or plans for the report year as if it were next year; T8: a malformed year. */
function ownWords(report: Report): Finding[] {
  const findings: Finding[] = [];
  const kind = unitKind(report.unit);
  for (const [id, title] of textSections) {
    const text = report.texts[id] ?? '';
    const foreign = selfNames[kind]?.exec(text);
    if (foreign) {
      findings.push({
        rule: 'T6', severity: 'warning', cells: [`texts.${id}`],
        message: `「${title}」中出现「${excerpt(text, foreign.index)}」，而本报告单位是${report.unit}，可能沿用了其他单位的文字。`,
      });
    }
    const typo = /(?<!\d)(\d{5,})年/.exec(text);
    if (typo) {
      findings.push({ rule: 'T8', severity: 'warning', cells: [`texts.${id}`], message: `「${title}」中的年份「${typo[1]}年」有误，请改正。` });
    }
  }
  const plan = new RegExp(`${report.year}年[^。；，]{0,20}?(我们将|将进一步|将继续|将采取|将着力|将持续|计划|拟)`).exec(report.texts.problems ?? '');
  if (plan) {
    findings.push({
      rule: 'T6', severity: 'warning', cells: ['texts.problems'],
      message: `「五、存在的主要问题及改进情况」写「${excerpt(report.texts.problems!, plan.index)}」：这是${report.year}年的报告，改进措施应写${report.year + 1}年。`,
      suggestion: `是否应为「${report.year + 1}年」？`,
    });
  }
  return findings;
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 6), at + 18).replace(/\s+/g, '');
}

/** T7: blank cells count as 0 but should be printed as 0 (a line blank throughout is blank-lines.ts's). */
function blankCells(report: Report, covered: Set<string>): Finding[] {
  const cells = formats[report.format].cells;
  return (['二', '三', '四'] as const).flatMap((section) => {
    const all = cells.filter((c) => c.section === section);
    const blank = all.filter((c) => isBlank(report, c.id) && !covered.has(c.id)).map((c) => c.id);
    if (!blank.length) return [];
    const message = blank.length === all.length
      ? `第${section}部分表格全部空白，按全部为0处理；发布时应逐格填写0，不宜留空或只标「无」。`
      : `第${section}部分有${blank.length}个空白单元格，按0计算；发布时应填写0。`;
    return [{ rule: 'T7', severity: 'warning' as const, cells: blank, message }];
  });
}

/** The rules on texts and completeness; a printed report's lines printed blank throughout are compared by their implied values. */
export function checkTexts(report: Report, options: { printed?: boolean } = {}): Finding[] {
  const blank = options.printed ? blankLines(report) : undefined;
  return [...proseFigures(blank?.filled ?? report), ...completeness(report), ...ownWords(report), ...blankCells(report, blank?.cells ?? new Set())];
}
