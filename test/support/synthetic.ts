// Synthetic reports that satisfy every identity of report-format.md §4.1 by construction, for
// property tests (`consistentReport`, fast-check, shrinkable) and the benchmark
// (`syntheticReports`, a plain seeded PRNG). Both draw the same free "parts" and share one
// `assemble` that derives everything the identities fix:
//   per applicant column: the outcome rows, 结转下年度 and 上年结转 are free (上年结转 is clamped to
//   at most （七）＋四), then （七） = Σ outcome rows (R2) and 一 = （七）＋四−二 ≥ 0 (R1);
//   the 总计 column is the row sum of the six applicant columns (R3, and R1/R2 hold there too);
//   section 四: each group's 总计 is the sum of its four outcomes (R6);
//   section 二: counts; 2019 本年增/减 clamped to ≥ −上一年项目数量 (R8); money in 元 to the 分.
// Texts are present, long enough, and carry no number at all, so T1 has nothing to compare and
// T3/T4/T8 stay quiet; the unit is a county department, so township rules (P7, T6) do not apply.
import fc from 'fast-check';
import { applicantColumns, formats } from '../../src/report/formats.ts';
import type { FormatId, Report } from '../../src/report/report.ts';

/** The free choices behind one synthetic report; everything else follows from them. */
export interface ReportParts {
  format: FormatId;
  unit: string;
  texts: { overview: string; problems: string; other: string };
  /** One entry per applicant column (formats.ts order, without 总计). */
  columns: {
    /** One count per outcome row of section 三, in the format's row order. */
    outcomes: number[];
    carriedForward: number;
    /** Raw 上年结转; `assemble` clamps it to （七）＋四 so that 本年新收 is not negative. */
    carriedOver: number;
  }[];
  /** Section 四: per appeal group, 维持, 纠正, 其他, 尚未审结. */
  appeals: number[][];
  /**
   * Section 二, one number per cell in the format's cell order: counts as they are, 本年增/减 raw
   * (clamped so that 上一年项目数量 + 本年增/减 ≥ 0), money in 分 (divided by 100 on assembly).
   */
  active: number[];
}

/** The year a synthetic report of a format is for. */
const syntheticYear: Record<FormatId, number> = { 2019: 2020, 2021: 2022 };

/** County departments: unitKind() reads them as 部门, never 镇/乡/街道. */
export const units = [
  '某县统计局', '某县财政局', '某区生态环境局', '某县教育局', '某县自然资源局', '某县人力资源和社会保障局',
  '某县市场监督管理局', '某县卫生健康委员会', '某县交通运输局', '某县农业农村局', '某区住房和城乡建设局', '某县医疗保障局',
];

// No digits, no Chinese numerals, no 件: nothing T1 could read as a figure, nothing T8 could read as a year.
const overviewSentences = [
  '本机关坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》。',
  '围绕中心工作，及时发布政策文件、财政预决算、重点项目等信息。',
  '进一步规范依申请公开办理流程，严格按照法定时限答复申请人。',
  '加强政府网站和政务新媒体建设，拓宽信息发布渠道。',
  '主动做好政策解读工作，采用图文、问答等形式回应社会关切。',
  '完善信息发布审查机制，确保公开内容准确、规范、安全。',
  '组织业务培训，提升工作人员的公开意识和业务能力。',
];
const problemSentences = [
  '存在的主要问题：信息公开的及时性和全面性还需加强，政策解读形式较为单一。',
  '改进措施：健全信息公开工作机制，加强业务培训，丰富政策解读形式，提高公开质量。',
  '部分栏目更新不够及时，信息发布的规范性有待提高。',
  '下一步将加强统筹协调，压实工作责任，持续提升政务公开工作水平。',
];
const otherSentences = [
  '本机关未收取信息处理费。',
  '无其他需要报告的事项。',
  '本年度未发生因政府信息公开引发的重大舆情。',
  '人大代表建议和政协委员提案办理结果已按要求公开。',
];

/** Ids of a format's outcome rows of section 三, in order. */
const outcomeRows = (format: FormatId) => formats[format].requestRows.filter((r) => r.role === 'outcome').map((r) => r.id);

/** Build the report the parts describe, deriving every total and 本年新收. */
function assemble(parts: ReportParts): Report {
  const format = formats[parts.format];
  const values: Record<string, number | null> = {};

  format.cells.filter((c) => c.section === '二').forEach((cell, i) => {
    const raw = parts.active[i] ?? 0;
    if (cell.kind === 'money') values[cell.id] = raw / 100;
    else if (cell.kind === 'signed') values[cell.id] = Math.max(raw, -(values[`active.${cell.row}.prevItems`] ?? 0));
    else values[cell.id] = raw;
  });

  const rows = outcomeRows(parts.format);
  const rowTotals: Record<string, number> = {};
  const put = (row: string, column: string, value: number) => {
    values[`requests.${row}.${column}`] = value;
    rowTotals[row] = (rowTotals[row] ?? 0) + value;
  };
  applicantColumns.forEach((column, c) => {
    const { outcomes, carriedForward } = parts.columns[c];
    const total = rows.reduce((acc, row, r) => {
      put(row, column, outcomes[r]);
      return acc + outcomes[r];
    }, 0);
    const carriedOver = Math.min(parts.columns[c].carriedOver, total + carriedForward);
    put('total', column, total);
    put('carriedForward', column, carriedForward);
    put('carriedOver', column, carriedOver);
    put('received', column, total + carriedForward - carriedOver);
  });
  for (const row of format.requestRows) values[`requests.${row.id}.total`] = rowTotals[row.id];

  format.appealGroups.forEach((group, g) => {
    const outcomes = parts.appeals[g];
    ['upheld', 'corrected', 'other', 'pending'].forEach((o, i) => (values[`appeals.${group.key}.${o}`] = outcomes[i]));
    values[`appeals.${group.key}.total`] = outcomes.reduce((a, b) => a + b, 0);
  });

  return { format: parts.format, year: syntheticYear[parts.format], unit: parts.unit, values, texts: { ...parts.texts } };
}

const activeCells = (format: FormatId) => formats[format].cells.filter((c) => c.section === '二');

// ---------------------------------------------------------------------------------------------
// fast-check

/** Mostly zeros and small numbers, occasionally hundreds. */
const countArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 24, arbitrary: fc.constant(0) },
  { weight: 12, arbitrary: fc.integer({ min: 1, max: 9 }) },
  { weight: 3, arbitrary: fc.integer({ min: 10, max: 99 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 999 }) },
);
/** Appeals are rarer still. */
const appealArb = fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) });
/** Money in 分: zero, whole 元 (万元 to two decimals), or any amount to the 分. */
const centsArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000_000 }).map((wanCents) => wanCents * 10_000) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000_000_000 }) },
);
const signedArb = fc.oneof({ withCrossShrink: true }, { weight: 2, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -30, max: 30 }) });

const sentences = (pool: string[], min: number) =>
  fc.shuffledSubarray(pool, { minLength: min, maxLength: pool.length }).map((s) => s.join(''));

/** Reports of a format that satisfy every identity and raise no error (warnings allowed). */
export function consistentReport(format: FormatId): fc.Arbitrary<Report> {
  const outcomeCount = outcomeRows(format).length;
  // Many units hear from only a few kinds of applicant: a column is often empty throughout.
  const emptyColumn = { outcomes: Array.from({ length: outcomeCount }, () => 0), carriedForward: 0, carriedOver: 0 };
  const column = fc.oneof(
    { withCrossShrink: true },
    { weight: 1, arbitrary: fc.constant(emptyColumn) },
    {
      weight: 2,
      arbitrary: fc.record({
        outcomes: fc.array(countArb, { minLength: outcomeCount, maxLength: outcomeCount }),
        carriedForward: countArb,
        carriedOver: countArb,
      }),
    },
  );
  const active = fc.tuple(...activeCells(format).map((c) => (c.kind === 'money' ? centsArb : c.kind === 'signed' ? signedArb : countArb)));
  return fc.record({
    format: fc.constant(format),
    unit: fc.constantFrom(...units),
    texts: fc.record({ overview: sentences(overviewSentences, 2), problems: sentences(problemSentences, 1), other: sentences(otherSentences, 1) }),
    columns: fc.tuple(...applicantColumns.map(() => column)),
    appeals: fc.tuple(...formats[format].appealGroups.map(() => fc.tuple(appealArb, appealArb, appealArb, appealArb))),
    active,
  }).map((parts) => assemble(parts as ReportParts));
}

/** Consistent reports of either format. */
export const anyConsistentReport: fc.Arbitrary<Report> = fc.oneof(consistentReport('2019'), consistentReport('2021'));

// ---------------------------------------------------------------------------------------------
// Plain seeded generator (no fast-check) for the benchmark.

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` consistent reports, alternating 2019 and 2021 formats, the same for the same seed. */
export function syntheticReports(n: number, seed: number): Report[] {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const count = () => {
    const r = random();
    return r < 0.6 ? 0 : r < 0.9 ? int(1, 9) : r < 0.975 ? int(10, 99) : int(100, 999);
  };
  const appeal = () => (random() < 0.8 ? 0 : int(1, 20));
  const cents = () => {
    const r = random();
    return r < 1 / 3 ? 0 : r < 2 / 3 ? int(1, 10_000_000) * 10_000 : int(1, 10_000_000_000);
  };
  const signed = () => (random() < 0.5 ? 0 : int(-30, 30));
  const text = (pool: string[], min: number) => {
    const shuffled = [...pool];
    for (let j = shuffled.length - 1; j > 0; j--) {
      const k = int(0, j);
      [shuffled[j], shuffled[k]] = [shuffled[k], shuffled[j]];
    }
    return shuffled.slice(0, int(min, shuffled.length)).join('');
  };

  const reports: Report[] = [];
  for (let i = 0; i < n; i++) {
    const format: FormatId = i % 2 === 0 ? '2019' : '2021';
    const outcomeCount = outcomeRows(format).length;
    reports.push(assemble({
      format,
      unit: pick(units),
      texts: { overview: text(overviewSentences, 2), problems: text(problemSentences, 1), other: text(otherSentences, 1) },
      columns: applicantColumns.map(() => (random() < 1 / 3
        ? { outcomes: Array.from({ length: outcomeCount }, () => 0), carriedForward: 0, carriedOver: 0 }
        : { outcomes: Array.from({ length: outcomeCount }, count), carriedForward: count(), carriedOver: count() })),
      appeals: formats[format].appealGroups.map(() => [appeal(), appeal(), appeal(), appeal()]),
      active: activeCells(format).map((c) => (c.kind === 'money' ? cents() : c.kind === 'signed' ? signed() : count())),
    }));
  }
  return reports;
}
