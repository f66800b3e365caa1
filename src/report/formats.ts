// Both national formats as data (report-format.md §2 and §3), with the field ids of
// field-ids.md, which cells are totals, and a short note per row and column for in-chat help.
import type { FormatId } from './report.ts';

/** How a cell's number is read: a count of 件, a signed change, or money in 元. */
export type CellKind = 'count' | 'signed' | 'money';

/** A column of a table. */
export interface Column {
  key: string;
  label: string;
  kind: CellKind;
  note: string;
}

/** A sub-table of section 二, captioned by the article item of 条例 art. 20. */
export interface ActiveTable {
  caption: string;
  columns: Column[];
  rows: { key: string; label: string; note: string }[];
}

/** A data row of section 三; `group` is the printed heading it sits under, if any. */
export interface RequestRow {
  id: string;
  label: string;
  /** Short name for chat and findings, e.g. 「（三）1.国家秘密」. */
  short: string;
  group?: string;
  role: 'input' | 'outcome' | 'total' | 'carriedForward';
  note: string;
}

/** One cell of a format: where it sits, how it is read, whether it is a computed total. */
export interface Cell {
  id: string;
  section: '二' | '三' | '四';
  row: string;
  column: string;
  kind: CellKind;
  total: boolean;
  /** 「行政许可·处理决定数量」, 「（三）1.国家秘密·自然人」: enough to name the cell in one line. */
  label: string;
  note: string;
}

/** A whole national format. */
export interface ReportFormat {
  id: FormatId;
  name: string;
  notice: string;
  sections: { id: SectionId; title: string }[];
  active: ActiveTable[];
  requestColumns: Column[];
  requestRows: RequestRow[];
  appealGroups: { key: string; label: string; note: string }[];
  appealOutcomes: Column[];
  cells: Cell[];
  cell: ReadonlyMap<string, Cell>;
}

/** The six sections, in order. */
export type SectionId = '一' | '二' | '三' | '四' | '五' | '六';

const sections: ReportFormat['sections'] = [
  { id: '一', title: '一、总体情况' },
  { id: '二', title: '二、主动公开政府信息情况' },
  { id: '三', title: '三、收到和处理政府信息公开申请情况' },
  { id: '四', title: '四、政府信息公开行政复议、行政诉讼情况' },
  { id: '五', title: '五、存在的主要问题及改进情况' },
  { id: '六', title: '六、其他需要报告的事项' },
];

const count = (key: string, label: string, note: string): Column => ({ key, label, kind: 'count', note });

const itemColumns = (decisions: string): Column[] => [
  count('prevItems', '上一年项目数量', '上一年末的事项（项目）个数，不是办件量。'),
  { key: 'itemsDelta', label: '本年增/减', kind: 'signed', note: '本年事项个数的净增减，减少写负数（如 -8），不是办件量。' },
  ...(decisions ? [count('decisions', '处理决定数量', decisions)] : []),
];

// Rows both formats share (labels and notes identical).
const rulesRow = { key: 'rules', label: '规章', note: '规章只有设区的市、自治州以上人民政府制定，乡镇、街道一般为0。' };
const licensingRow = { key: 'licensing', label: '行政许可', note: '本单位以自己名义作出的行政许可决定（准予或不予许可），按决定书的份数计，如乡镇的乡村建设规划许可、临时占用道路审批等（以本级权责清单为准）。便民服务中心只代收材料、由县级部门审批的，不算本单位的许可。' };
const penaltyRow = { key: 'penalty', label: '行政处罚', note: '本单位以自己名义作出的行政处罚决定（罚款、警告、没收等），按处罚决定书的份数计，简易程序和一般程序都算；综合执法队以镇政府名义作出的也算。' };
const coercionRow = { key: 'coercion', label: '行政强制', note: '本单位作出的行政强制措施和行政强制执行决定（如查封、扣押、强制拆除），按决定书的份数计。' };
const feesRow = { key: 'fees', label: '行政事业性收费', note: '本单位按收费目录收取的行政事业性收费（不含罚没收入、经营服务性收费）。' };

const active2019: ActiveTable[] = [
  {
    caption: '第二十条第（一）项',
    columns: [
      count('made', '本年新制作数量', '本年起草印发的件数（以印发日期为准）。'),
      count('published', '本年新公开数量', '本年在网站等渠道公开的件数，可包括往年制作、本年才公开的。'),
      count('total', '对外公开总数量', '截至年底累计对外公开的件数，应不少于本年新公开数量。'),
    ],
    rows: [
      rulesRow,
      { key: 'norms', label: '规范性文件', note: '本机关制定的规范性文件。' },
    ],
  },
  {
    caption: '第二十条第（五）项',
    columns: itemColumns('本年对这类事项作出决定的件数（办件量），按决定的份数计，不是事项个数。'),
    rows: [
      licensingRow,
      { key: 'otherServices', label: '其他对外管理服务事项', note: '行政许可以外的政务服务事项，如行政确认、行政奖励、行政裁决、行政给付及公共服务事项。' },
    ],
  },
  {
    caption: '第二十条第（六）项',
    columns: itemColumns('本年作出处罚或强制决定的件数，按决定书的份数计，不是事项个数。'),
    rows: [
      penaltyRow,
      coercionRow,
    ],
  },
  {
    caption: '第二十条第（八）项',
    columns: itemColumns(''),
    rows: [feesRow],
  },
  {
    caption: '第二十条第（九）项',
    columns: [
      count('projects', '采购项目数量', '本年政府集中采购项目个数。'),
      { key: 'amountYuan', label: '采购总金额', kind: 'money', note: '格式未印单位，请注明元或万元（如 288.79万元）。' },
    ],
    rows: [{ key: 'procurement', label: '政府集中采购', note: '条例第二十条第（九）项：政府集中采购项目的目录、标准及实施情况。' }],
  },
];

const decisions2021 = [count('decisions', '本年处理决定数量', '本年1月1日至12月31日作出决定的件数，按决定书的份数计（如57份许可决定书填57），不是事项个数，也不是受理的申请数。')];
const active2021: ActiveTable[] = [
  {
    caption: '第二十条第（一）项',
    columns: [
      count('issued', '本年制发件数', '本年印发的件数（以印发日期为准），修订后重新印发的也算。'),
      count('repealed', '本年废止件数', '本年宣布废止或失效的件数。'),
      count('inForce', '现行有效件数', '截至年底现行有效的件数，一般为上年现行有效件数加本年制发减本年废止。'),
    ],
    rows: [
      rulesRow,
      { key: 'norms', label: '行政规范性文件', note: '本机关制定的行政规范性文件。' },
    ],
  },
  {
    caption: '第二十条第（五）项',
    columns: decisions2021,
    rows: [licensingRow],
  },
  {
    caption: '第二十条第（六）项',
    columns: decisions2021,
    rows: [
      penaltyRow,
      coercionRow,
    ],
  },
  {
    caption: '第二十条第（八）项',
    columns: [{ key: 'amountYuan', label: '本年收费金额（单位：万元）', kind: 'money', note: '本年行政事业性收费金额，表中以万元填报。' }],
    rows: [feesRow],
  },
];

const requestColumns: Column[] = [
  count('natural', '自然人', '以个人名义提出的申请。'),
  count('business', '商业企业', '法人或其他组织中的商业企业。'),
  count('research', '科研机构', '法人或其他组织中的科研机构。'),
  count('publicInterest', '社会公益组织', '法人或其他组织中的社会公益组织。'),
  count('legalService', '法律服务机构', '法人或其他组织中的律师事务所等法律服务机构。'),
  count('otherOrg', '其他', '其他法人或其他组织。'),
  count('total', '总计', '前六列之和，由系统计算。'),
];

const outcome = (id: string, label: string, short: string, group: string | undefined, note: string): RequestRow =>
  ({ id, label, short, group, role: 'outcome', note });
const refused = '（三）不予公开';
const unavailable = '（四）无法提供';
const notProcessed = '（五）不予处理';
const otherHandling = '（六）其他处理';

const headRows: RequestRow[] = [
  { id: 'received', label: '一、本年新收政府信息公开申请数量', short: '一、本年新收', role: 'input', note: '本年1月1日至12月31日新收到的申请件数。' },
  { id: 'carriedOver', label: '二、上年结转政府信息公开申请数量', short: '二、上年结转', role: 'input', note: '上年未办结、结转到本年办理的件数，应等于上年报告「结转下年度继续办理」。' },
  outcome('granted', '（一）予以公开', '（一）予以公开', undefined, '全部公开的申请（条例第三十六条第（一）（二）项）。'),
  outcome('partlyGranted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）部分公开', undefined, '区分处理、部分公开的申请（条例第三十七条），只计在本行，不再计入不予公开等其他行。'),
  outcome('refused.stateSecret', '1.属于国家秘密', '（三）1.国家秘密', refused, '条例第十四条：依法确定为国家秘密的信息。'),
  outcome('refused.prohibitedByLaw', '2.其他法律行政法规禁止公开', '（三）2.法律法规禁止', refused, '条例第十四条：法律、行政法规禁止公开的信息。'),
  outcome('refused.threeSecurities', '3.危及“三安全一稳定”', '（三）3.三安全一稳定', refused, '条例第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定的信息。'),
  outcome('refused.thirdParty', '4.保护第三方合法权益', '（三）4.第三方权益', refused, '条例第十五条：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害的信息。'),
  outcome('refused.internalAffairs', '5.属于三类内部事务信息', '（三）5.内部事务', refused, '条例第十六条第一款：人事管理、后勤管理、内部工作流程等内部事务信息。'),
  outcome('refused.processInfo', '6.属于四类过程性信息', '（三）6.过程性信息', refused, '条例第十六条第二款：讨论记录、过程稿、磋商信函、请示报告等过程性信息。'),
  outcome('refused.enforcementFile', '7.属于行政执法案卷', '（三）7.执法案卷', refused, '条例第十六条第二款：行政执法案卷信息。'),
  outcome('refused.queryMatter', '8.属于行政查询事项', '（三）8.行政查询事项', refused, '条例第三十六条第（七）项：工商、不动产登记资料等有专门查询规定的事项。'),
  outcome('unavailable.notHeld', '1.本机关不掌握相关政府信息', '（四）1.不掌握', unavailable, '条例第三十六条第（四）（五）项：本机关不掌握该信息。'),
  outcome('unavailable.needsCreation', '2.没有现成信息需要另行制作', '（四）2.需另行制作', unavailable, '条例第三十八条：需要对现有信息加工、分析才能提供的，可以不予提供。'),
  outcome('unavailable.stillUnclear', '3.补正后申请内容仍不明确', '（四）3.补正后仍不明确', unavailable, '条例第三十条：经补正后申请内容仍不明确。'),
  outcome('notProcessed.petition', '1.信访举报投诉类申请', '（五）1.信访举报投诉', notProcessed, '条例第三十九条：以申请公开的形式进行信访、投诉、举报。'),
  outcome('notProcessed.duplicate', '2.重复申请', '（五）2.重复申请', notProcessed, '条例第三十六条第（六）项：重复申请公开相同信息。'),
  outcome('notProcessed.publication', '3.要求提供公开出版物', '（五）3.公开出版物', notProcessed, '条例第三十九条：要求提供公开出版物的。'),
  outcome('notProcessed.excessive', '4.无正当理由大量反复申请', '（五）4.大量反复申请', notProcessed, '条例第三十五条：无正当理由大量、反复申请。'),
  outcome('notProcessed.confirmation', '5.要求行政机关确认或重新出具已获取信息', '（五）5.要求确认或重新出具', notProcessed, '条例第三十九条：要求确认或重新出具已获取的信息。'),
];

const tailRows: RequestRow[] = [
  { id: 'total', label: '（七）总计', short: '（七）总计', role: 'total', note: '本年办结的件数，等于（一）至（六）各行之和，由系统计算。' },
  { id: 'carriedForward', label: '四、结转下年度继续办理', short: '四、结转下年度', role: 'carriedForward', note: '年底尚未办结、转入下年办理的件数，不计入（七）总计。' },
];

const otherHandling2019 = [
  outcome('otherHandling', '（六）其他处理', '（六）其他处理', undefined, '不属于上述情形的其他处理结果（如申请人撤回），仅用于极少数特殊情况。'),
];
const otherHandling2021 = [
  outcome('otherHandling.noCorrection', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '（六）1.逾期不补正', otherHandling, '条例第三十条：申请人无正当理由逾期不补正，视为放弃申请。'),
  outcome('otherHandling.unpaidFee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '（六）2.逾期未缴费', otherHandling, '《政府信息公开信息处理费管理办法》：逾期未缴纳信息处理费的，不再处理。'),
  outcome('otherHandling.other', '3.其他', '（六）3.其他', otherHandling, '不属于上述情形的其他处理结果，如申请人撤回申请。'),
];

const appealGroups = [
  { key: 'review', label: '行政复议', note: '因政府信息公开被申请行政复议的案件。' },
  { key: 'directSuit', label: '行政诉讼·未经复议直接起诉', note: '未经行政复议直接提起行政诉讼的案件。' },
  { key: 'suitAfterReview', label: '行政诉讼·复议后起诉', note: '经行政复议后又提起行政诉讼的案件。' },
];
const appealOutcomes: Column[] = [
  count('upheld', '结果维持', '复议或诉讼结果为维持（驳回）的件数。'),
  count('corrected', '结果纠正', '被撤销、确认违法、责令履行等结果纠正的件数。'),
  count('other', '其他结果', '申请人撤回、终止等其他结果的件数。'),
  count('pending', '尚未审结', '年底尚未审结的件数。'),
  count('total', '总计', '前四项之和，由系统计算。'),
];

function buildCells(active: ActiveTable[], requestRows: RequestRow[]): Cell[] {
  const cells: Cell[] = [];
  for (const table of active) {
    for (const row of table.rows) {
      for (const column of table.columns) {
        cells.push({
          id: `active.${row.key}.${column.key}`, section: '二', row: row.key, column: column.key, kind: column.kind,
          total: false, label: `${row.label}·${column.label}`, note: `${row.note}${column.note}`,
        });
      }
    }
  }
  for (const row of requestRows) {
    for (const column of requestColumns) {
      cells.push({
        id: `requests.${row.id}.${column.key}`, section: '三', row: row.id, column: column.key, kind: 'count',
        total: row.role === 'total' || column.key === 'total', label: `${row.short}·${column.label}`, note: `${row.note}${column.note}`,
      });
    }
  }
  for (const group of appealGroups) {
    for (const column of appealOutcomes) {
      cells.push({
        id: `appeals.${group.key}.${column.key}`, section: '四', row: group.key, column: column.key, kind: 'count',
        total: column.key === 'total', label: `${group.label}·${column.label}`, note: `${group.note}${column.note}`,
      });
    }
  }
  return cells;
}

function buildFormat(id: FormatId, name: string, notice: string, active: ActiveTable[], otherRows: RequestRow[]): ReportFormat {
  const requestRows = [...headRows, ...otherRows, ...tailRows];
  const cells = buildCells(active, requestRows);
  return {
    id, name, notice, sections, active, requestColumns, requestRows, appealGroups, appealOutcomes,
    cells, cell: new Map(cells.map((c) => [c.id, c])),
  };
}

/** The two formats by id. */
export const formats: Record<FormatId, ReportFormat> = {
  2019: buildFormat('2019', '中华人民共和国政府信息公开工作年度报告格式（试行）', '国办公开办函〔2019〕60号', active2019, otherHandling2019),
  2021: buildFormat('2021', '中华人民共和国政府信息公开工作年度报告格式', '国办公开办函〔2021〕30号', active2021, otherHandling2021),
};

/** The format that applies to a report year (report-format.md §1). */
export function formatForYear(year: number): FormatId {
  return year >= 2021 ? '2021' : '2019';
}

/** Section 三 column keys of the six applicant kinds (without 总计). */
export const applicantColumns = requestColumns.slice(0, 6).map((c) => c.key);
