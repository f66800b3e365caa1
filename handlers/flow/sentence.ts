// Answers in sentences: 「今年发了１个，没有废止的，现在有效的３个」, 「我们今年一共收到了２件申请，都是
// 自然人」, 「复议1件，结果是维持」, 「规章我们镇没有」. The message is cut into clauses; in each, a
// quantity is tied to the column named next to it (a number, or a negation: 「没有废止的」 is 0).
// A number that no word ties to a column is never dropped or guessed: the reading fails, and the
// caller asks. What the sentence left unsaid is reported, so that a partial row is asked about.
import { readNumber } from '../../src/report/read-number.ts';
import { columnLexicon, findNames, type Lexicon } from './lexicon.ts';
import type { RowSpec } from './parse.ts';

/** What a sentence said about a row: values by cell id, the columns it did not mention, a total it gave. */
export type SentenceRead =
  | { kind: 'values'; values: Record<string, number>; unsaid: string[]; total?: number; hedged: boolean }
  /** 「自然人1，其余2」: the rest as a whole or each of them? Asked, never guessed. */
  | { kind: 'rest'; values: Record<string, number>; rest: string; each: number | undefined }
  | { kind: 'none' };

// Words officials use for the columns, beyond the labels (verbs for 制发/废止/有效, plain words for applicants and outcomes).
const COLUMN_WORDS: Record<string, string[]> = {
  issued: ['制发', '发了', '发', '发布了', '发布', '印发', '出台', '新发', '新制定', '制定了', '制定', '出了', '发文', '下发'],
  repealed: ['废止', '废了', '废', '废除', '作废', '取消', '失效'],
  inForce: ['现行有效', '现在有效', '还有效', '有效的', '有效', '现行', '在用'],
  made: ['新制作', '制作', '制定'],
  published: ['新公开', '公开了', '公开'],
  total: ['公开总数', '总数', '累计'],
  prevItems: ['上一年', '上年', '去年'],
  itemsDelta: ['增减', '增/减', '净增', '新增', '增加', '减少', '减了', '少了'],
  decisions: ['处理决定', '决定', '办件', '办理了', '办了', '作出'],
  projects: ['采购项目', '项目', '个项目'],
  amountYuan: ['金额', '总金额', '收费', '收了', '收入'],
  natural: ['自然人', '个人', '群众', '老百姓', '市民', '村民', '居民', '公民', '个人申请'],
  business: ['商业企业', '企业', '公司', '商户', '个体户'],
  research: ['科研机构', '科研单位', '科研', '研究所', '高校'],
  publicInterest: ['社会公益组织', '公益组织', '公益'],
  legalService: ['法律服务机构', '律师事务所', '律所', '律师', '法律服务'],
  otherOrg: ['其他组织', '其他单位', '其他机构', '其他法人'],
  upheld: ['结果维持', '维持', '驳回'],
  corrected: ['结果纠正', '纠正', '撤销了', '确认违法'],
  other: ['其他结果', '撤诉', '撤回', '终止'],
  pending: ['尚未审结', '未审结', '还没审结', '没审结', '还没结', '没结', '未结', '审理中', '在审', '还在审', '还没判', '没判', '还没出结果', '没出结果', '还没有结果', '没有结果', '未出结果', '结果还没出', '结果没出来', '还没出来'],
};

/** The plain words for a column (「还没出结果」 for 尚未审结), beyond its label and aliases. */
export const columnWords = (key: string): string[] => COLUMN_WORDS[key] ?? [];

const NEGATION = /没有|没|无|未|不涉及|为0|是0|都0|为零|是零/;
// A clause that says 'none' of the whole row: 「规章我们镇没有」, 「没有复议」, 「诉讼都没有」.
const NONE_CLAUSE = /^(?:今年|本年度?|上年|去年|我们镇?|我镇|我局|我单位|本单位|镇里|局里)?(?:也|都|均)?(?:没有|无|没|未发生|没发生|未)|(?:没有|无|没|为0|是0|为零|是零|没发生|未发生)(?:的|了|哦|啊|呢)?$/;
// Words that make a number uncertain (「好像有1件」, 「应该没有吧」, 「元还是万元来着」): asked about, or not read.
const HEDGE = /好像|可能|大概|大约|差不多|估计|应该|记不清|不太确定|不确定|不清楚|来着|还是|吧$/;
const VAGUE = /约|左右|多件|多个|几件|几个|十几|几十|上下|余件|以上|以下|不到|将近|差不多/;
// A clause about another year or a part of the total (「去年是45」, 「其中简易程序60件」) gives no value of this row.
const ASIDE = /去年|上年|上一年|前年|往年|其中|包括|包含/;
const TOTAL = /一共|总共|共计|合计|总计|共有|共收到|共|总数|全年/;
const ALL_TO = /(?:都是|全是|均为|全部是|都为|全部为|全都是|全为|均是)/;
const REST = /其余|其他的?|剩下的?|剩余|别的/;
// A Chinese numeral counts only as a quantity with its measure word (「两件」, 「另一件」); 「一共」「统一」 are words.
const NUMBER = /[+-]?\d+(?:[.,]\d+)*\s*(?:万元|万|元)?|[零〇一二两三四五六七八九十百千万]+(?=[件个项条起宗次家笔])|(?<![\u4e00-\u9fa5])[零一二两三四五六七八九十]+(?![\u4e00-\u9fa5])|[零〇一二两三四五六七八九十百千万]+元/g;
const DATE = /\d{4}\s*年度?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*[日号]|第[\d一二三四五六七八九十]+/g;

interface Clause {
  text: string;
  columns: { key: string; at: number; alias: string }[];
  numbers: { text: string; at: number }[];
}

function clausesOf(text: string, lex: Lexicon): Clause[] {
  const parts = text.replace(DATE, ' ').split(/[，,；;。！!？?:：\n]+|\s+/).map((p) => p.trim()).filter(Boolean);
  const clauses = parts.map((part): Clause => ({
    text: part,
    // 「其他法人或其他组织8件」: one column named twice in a row is named once.
    columns: findNames(part, lex).map((h) => ({ key: h.target.kind === 'column' ? h.target.key : '', at: h.start, alias: h.alias }))
      .filter((c, i, all) => i === 0 || all[i - 1].key !== c.key || /\d/.test(part.slice(all[i - 1].at, c.at))),
    numbers: [...part.matchAll(NUMBER)].map((m) => ({ text: m[0].trim(), at: m.index! })),
  }));
  // 「自然人 2件」 split at the space: a clause of only a number joins the clause before it that named a column.
  const merged: Clause[] = [];
  for (const c of clauses) {
    const last = merged.at(-1);
    if (last && last.columns.length && !last.numbers.length && !c.columns.length && c.numbers.length && /^[\d零〇一二两三四五六七八九十百千万+-]/.test(c.text)) {
      last.numbers.push(...c.numbers.map((n) => ({ ...n, at: n.at + 1000 })));
      last.text += c.text;
    } else merged.push(c);
  }
  return merged;
}

/** Reads a sentence answer to a row, or 'none' when it is not one (a number left untied, nothing said). */
export function readSentence(raw: string, row: RowSpec): SentenceRead {
  // A remark in brackets (「（含便民服务中心办理的）」) is no answer; 「一个都没有」 is none, not one.
  const text = raw.replace(/[一1](?:个|件|项|起|宗)(?:申请|案件|复议|诉讼)?(?:都|也)(?:没有|没|无)/g, '都没有').replace(/[（(][^（）()]*(?:含|包括|包含|其中|注|备注|不含|说明)[^（）()]*[)）]/g, ' ');
  const lex = columnLexicon(row.columns.map((c) => [c.key, [...c.aliases, ...(COLUMN_WORDS[c.key] ?? [])]]), row.section);
  const byKey = new Map(row.columns.map((c) => [c.key, c]));
  const values: Record<string, number> = {};
  let total: number | undefined;
  let allTo: string | undefined;
  let restZero = false;
  let wholeNone = false;
  let unsure = false;
  // Columns named without a number (「结果是维持」): they take the total when it is the only one.
  const bare: string[] = [];
  const read = (raw: string, key: string): number | undefined => {
    const column = byKey.get(key)!;
    const r = readNumber(raw, { kind: column.kind, ...(row.defaultUnit ? { defaultUnit: row.defaultUnit } : {}) });
    return r.kind === 'number' ? r.value : r.kind === 'blank' ? 0 : undefined;
  };
  if (VAGUE.test(text)) return { kind: 'none' };
  const hedged = HEDGE.test(text.replace(/[。!！]+$/, ''));
  const set = (id: string, v: number): boolean => {
    if (values[id] !== undefined && values[id] !== v) return false;
    values[id] = v;
    return true;
  };
  let first = true;
  let explicitZero = false;
  // 「81件，其中简易程序60件，一般程序21件」: after 其中, the clauses are parts of what was said before.
  let asideOn = false;
  // 「去年没办完的有两件」 is the answer itself where the row is last year's.
  const lastYearRow = /上年结转/.test(row.label);
  for (const clause of clausesOf(text, lex)) {
    asideOn ||= ASIDE.test(clause.text) && !first && /其中|包括|包含/.test(clause.text);
    const aside = (ASIDE.test(clause.text) || asideOn) && !first;
    first = false;
    // 「都是0」, 「三项都填0」: the whole row is 0, whatever was said around it.
    if (/^(?:三项|两项|各项|全部|都|均)*(?:都|均|全)(?:是|为|填|写)?0$/.test(clause.text)) {
      wholeNone = true;
      explicitZero = true;
      continue;
    }
    // The negation of a clause is read without the column names (「还没判」 names 尚未审结, it negates nothing).
    let plain = clause.text;
    for (const c of [...clause.columns].reverse()) plain = plain.slice(0, c.at) + plain.slice(c.at + c.alias.length);
    plain = plain.replace(NUMBER, '');
    const negated = NEGATION.test(plain);
    const all = ALL_TO.exec(clause.text);
    if (all) {
      const after = clause.columns.find((c) => c.at >= all.index);
      if (after) allTo = after.key;
    }
    const named = clause.columns.filter((c) => c.key !== allTo || !all);
    if (!clause.numbers.length) {
      if (named.length && negated) for (const c of named) set(byKey.get(c.key)!.id, 0);
      else if (named.length === 1 && !negated) bare.push(named[0].key);
      else if (named.length > 1 && !negated) return { kind: 'none' };
      else if (!named.length && negated && NONE_CLAUSE.test(plain.replace(/[的了]$/, '') || clause.text)) {
        if (REST.test(clause.text)) restZero = true;
        else wholeNone = true;
        // 「我们镇没有行政许可权」: a 'none' with more said than the row and the negation is asked about.
        if (residue(clause.text, row) !== '') unsure = true;
      }
      continue;
    }
    // 「其中…」 after a total, 「去年是45」: no value of this row — unless the clause names a column.
    if (!named.length && (aside || (!lastYearRow && /去年|上年|上一年|前年|往年/.test(clause.text)))) continue;
    if (!named.length) {
      if (clause.numbers.length !== 1) return { kind: 'none' };
      // 「其余为0」, 「剩下的都是0」: the columns not named are 0 (not a total of 0).
      if (REST.test(clause.text) && read(clause.numbers[0].text, row.columns[0].key) === 0) {
        restZero = true;
        continue;
      }
      // 「其余2」 after a column was said: two readings (2 in all, or 2 each), neither of them a total of the row.
      if (REST.test(clause.text) && Object.keys(values).length && row.columns.length > 2) {
        return { kind: 'rest', values, rest: clause.text.replace(/^[,，、\s]+|[。.!！\s]+$/g, ''), each: read(clause.numbers[0].text, row.columns[0].key) };
      }
      // An amount with its unit where the row has one money column (「3个项目 22.04万」).
      const money = row.columns.filter((c) => c.kind === 'money');
      if (row.columns.length > 1 && money.length === 1 && /[万元]$/.test(clause.numbers[0].text)) {
        const v = read(clause.numbers[0].text, money[0].key);
        if (v === undefined || !set(money[0].id, v)) return { kind: 'none' };
        continue;
      }
      if (row.columns.length === 1) {
        // A second untied number (「0 0」) is not this row's: never dropped.
        const v = read(clause.numbers[0].text, row.columns[0].key);
        // The same amount said twice with its unit (「3500元，就是0.35万」) is one amount.
        const restated = values[row.columns[0].id] === v && /[万元]$/.test(clause.numbers[0].text);
        if (v === undefined || (values[row.columns[0].id] !== undefined && !restated)) return { kind: 'none' };
        set(row.columns[0].id, v);
      } else if (TOTAL.test(clause.text) || allTo || row.section !== '二') {
        const v = read(clause.numbers[0].text, row.columns[0].key);
        if (v === undefined || (total !== undefined && total !== v)) return { kind: 'none' };
        total = v;
      } else return { kind: 'none' };
      continue;
    }
    if (named.length !== clause.numbers.length) return { kind: 'none' };
    // As many numbers as names: in order (「维持1纠正0」, 「2件自然人」); 「减少3项」 is -3.
    for (const [i, n] of clause.numbers.entries()) {
      const c = named[i];
      const decrease = /^(?:减少|减了|少了)$/.test(c.alias) && !n.text.startsWith('-');
      const v = read(decrease ? `-${n.text}` : n.text, c.key);
      if (v === undefined || !set(byKey.get(c.key)!.id, v)) return { kind: 'none' };
    }
  }
  // A column named without a number and without a total to take (and given no value elsewhere): the sentence is not complete.
  const unvalued = bare.filter((key) => values[byKey.get(key)!.id] === undefined);
  if (unvalued.length && (total === undefined || unvalued.length > 1 || allTo)) return { kind: 'none' };
  if (allTo) {
    // 「律所1个，其余都是个人，一共5个」: the column said for all takes what the total leaves.
    if (total === undefined) return { kind: 'none' };
    const id = byKey.get(allTo)!.id;
    const others = Object.entries(values).filter(([k]) => k !== id).reduce((a, [, v]) => a + v, 0);
    if (others > total || (values[id] !== undefined && values[id] !== total - others)) return { kind: 'none' };
    values[id] = total - others;
    for (const c of row.columns) if (c.key !== allTo && values[c.id] === undefined) values[c.id] = 0;
  }
  if (total !== undefined && !allTo && unvalued.length === 1 && !Object.keys(values).length) {
    values[byKey.get(unvalued[0])!.id] = total;
    for (const c of row.columns) if (values[c.id] === undefined) values[c.id] = 0;
  }
  if (wholeNone && !Object.keys(values).length && total === undefined) for (const c of row.columns) values[c.id] = 0;
  if (restZero) for (const c of row.columns) if (values[c.id] === undefined) values[c.id] = 0;
  if (!Object.keys(values).length && total === undefined) return { kind: 'none' };
  const unsaid = row.columns.filter((c) => values[c.id] === undefined).map((c) => c.id);
  return { kind: 'values', values, unsaid, hedged: hedged || (unsure && !explicitZero), ...(total !== undefined && !allTo ? { total } : {}) };
}

// What a 'none' may say besides the negation: who, when, the row's own name, particles.
const FILLER = /今年|本年度?|全年|上年|去年|我们镇?|我镇|我局|我们单位|我单位|本单位|本机关|镇里|局里|街道|都|也|均|全部|全|没有|无|没|未|任何|的|了|吧|啊|呢|哦|过|发生|申请|案件|案子|件|个|项|这一?项|这块|这部分|情况|数量|填|为|是|0|零|[,，。.!！、;；\s]/g;

/** The clause without the row's name and the words of a plain 'none'. */
function residue(clause: string, row: RowSpec): string {
  const names = [row.label, ...row.label.split('·'), ...row.label.replace(/^行政/, '').split('·'), '行政', '复议', '诉讼', '起诉', '规章', '规范性文件', '文件', '许可', '处罚', '强制', '收费', '采购', '结转'];
  let rest = clause;
  for (const name of names.filter(Boolean).sort((a, b) => b.length - a.length)) rest = rest.split(name).join('');
  return rest.replace(FILLER, '');
}
