// What a supervisor means, in the words they type: the commands (进度, 未交, 查看 …) and the
// phrasings a county 政务公开办 uses for them (「看看还有谁没交」, 「帮我催一下百步镇」, 「王店镇的报告有
// 问题吗」, 「全部通过」). Pure: text in, an intent with the part of the text that names units out;
// the names are resolved against the jurisdiction by the handler.
import { compactOf } from './flow/parse.ts';

/** What a supervisor's message asks for; `names` is the text naming the units, as typed. */
export type Intent =
  | { kind: 'progress' | 'pending' | 'help' | 'export' | 'approveAll' | 'unknown' }
  /** 「退回的都改好了吗」: the units returned, and whether each came back. */
  | { kind: 'returned' }
  /** 「催办记录」, 「杨舍催了几次」: the reminders and 催办 sent (to the units named, or to every unit). */
  | { kind: 'reminders'; names: string }
  /** 「王店镇改了啥」: what the official changed since the report was returned. */
  | { kind: 'changes'; names: string }
  | { kind: 'look'; names: string; full: boolean }
  | { kind: 'urge'; names: string }
  | { kind: 'urgeAll' }
  | { kind: 'approve'; names: string }
  | { kind: 'confirmApproveAll'; code: string }
  | { kind: 'return'; raw: string }
  /** Units late past their due date (「哪些单位逾期了」), and 「催一下逾期的」. */
  | { kind: 'overdue' | 'urgeOverdue' }
  /** A phrase that may mean 通过 or 退回 (「钱集镇可以了」, 「胡集镇不行」): asked, never done. */
  | { kind: 'ask'; verb: 'approve' | 'return'; names: string }
  /** 「先别通过」, 「不用催了」: nothing is done. */
  | { kind: 'hold' }
  | { kind: 'withdraw'; names: string }
  | { kind: 'download'; names: string };

// Courtesy around a request, which changes nothing of it.
const LEADING = /^(?:请问|请你|请帮我|请|麻烦你?|帮我|帮忙|你帮我|您帮我|你|您|小助手|助手|那个|嗯+|好的|好|哎|那|我?(?:看过了|审过了|核过了|看完了|看了)[，,\s]*)+/;
const TRAILING = /(?:一下子|一下吧|一下|下吧|吧|呢|吗|呀|啊|哈|嘛|啦|了|好吗|可以吗|行吗|谢谢|谢了)+$/;
const NOT_IN = '(?:没|未|还没|还未|尚未)(?:有)?(?:交|提交|报|报送|上报|完成|填完|填报)';
const ALL_OPEN = new RegExp(`^(?:全部|所有|全体|全部的|所有的)?(?:${NOT_IN}|未交|没交)?(?:的)?(?:单位|镇|部门)?(?:全部|都)?$`);

// Words that name no unit but the whole jurisdiction (「大家交得怎么样了」, 「看下完成情况」).
const OVERALL = /^(?:大家|整体|总体|全部|所有|总的|现在|目前|今天|年报|报告|今年|全县|全区|全市|各单位|各镇|各乡镇|完成|提交|填报|交得|填得|报得|都|有|几个|几家|多少家?|多少个)*(?:进展|进度|情况|交得|填得|报得)?(?:怎么样|咋样|如何|怎样)?$/;

/** Units late past their due date: 「逾期的」, 「已逾期未交的单位」. */
const OVERDUE_UNITS = /^(?:全部|所有)?(?:已经?)?(?:逾期|超期|过期|超过截止日期|过了截止日期)(?:了|未交|没交|未提交|还没交)?(?:的)?(?:单位|镇|部门)?(?:全部|都)?$/;

// 「催办记录」, 「催了几次了」, 「杨舍镇提醒过没有」, 「给王店发过提醒吗」: what was sent, never a 催办 (nor a unit named 「记录」).
const REMINDED = '(?:系统|自动)?(?:催办|催促|催|提醒)';
const HISTORY = new RegExp(`^(?:查看|看看|看一下|看下|查一下|查下|查查|看|查|调出)?(.*?)(?:的)?(?:${REMINDED}(?:的)?(?:记录|历史|明细|情况|清单)|(?:都|一共|总共|共|已经|已|有没有|有没)?${REMINDED}(?:了|过)(?:几次|几回|多少次|多少回|哪些|哪几个|几个|几家|多少个|多少家|谁)?(?:单位)?|发(?:了|过)?(?:几次|几条|多少次|多少条|哪些)${REMINDED}|发(?:了|过)${REMINDED})(?:了)?$`);
// 「王店改了啥」, 「杨舍镇都修改了哪些」, 「王店镇的修改记录」.
const CHANGES = /^(?:查看|看看|看一下|看下|查一下|查下|查查|看|查)?(.+?)(?:的报告|的年报)?(?:(?:都|又|具体|到底|一共)?(?:改了|修改了|改动了|动了|更正了|调整了)(?:啥|什么|哪些|哪里|哪儿|哪几处|哪几项|哪些地方|些什么|几处|多少处?)(?:地方|内容|东西|数字)?|的?(?:修改|改动)(?:记录|情况|内容|明细))$/;
const HISTORY_OF = new RegExp(`^${REMINDED}(?:的)?(?:记录|历史|明细)\\s*(.+)$`);

// 「王店镇改好了吗」, 「杨舍又交上来了没」, 「竹亭弄完了没」: whether a unit handed in (again), which 查看 shows.
// A verb is required, and an end that makes it done or asked (not 「杨舍镇年报」, 「王店得重新报」).
const HANDED_IN = /^(?:查看|看看|看一下|看下|查一下|查下|查查|问一下|问下)?(.+?)(?<![要得该需用不别])(?:的报告|的年报|的数据|的数字|的表格|的文字|那边|那儿|这边)?(?:现在|目前|已经|已|都|还|也|到底)*(?:没有?|未)?(?:又|再|重新|再次|重)?((?:修改|改)(?:好|完|过来)?|(?:弄|搞|填|做|写)(?:好|完)|搞定|完成)?(?:了)?(?:又|再|重新|再次|重)?((?:交|提交|报|报送|上报)(?:上来|回来|上去)?|(?:传|发)(?:上来|过来))?(?:了)?(?:没有?|吗|么|呢|啊|吧|呀)*$/;

// 「退回的都改好了吗」, 「打回去的那几个交了没」: the units returned, not a unit's name.
const RETURNED_ONES = /^(?:被)?(?:退回|打回|驳回)(?:去|来)?(?:修改)?的(?:那个|那几个|那些|几个|单位|镇|报告)*(?:都|全都|全部)?$/;

/** The units 「王店镇改好了吗」 asks about, as typed, or undefined when the text is no such question. */
function cameBack(text: string): string | undefined {
  const m = HANDED_IN.exec(text);
  return m && (m[2] || m[3]) && /(?:了|没有?|吗|么|呢|啊|吧|呀|好|完|来|定|成)$/.test(text) ? m[1] : undefined;
}

// A question about an action is no order to do it: 「钱集镇通过了吗」, 「要不要退回」.
const QUESTION = /[?？]\s*$|(?:吗|么|嘛|没有?|不|呢)[?？。!！~～…]*$|要不要|需不需要|用不用|是否|能不能|可不可以|行不行|该不该|对不对|是不是|有没有|好不好/;

// 「不通过」, 「先别催」, 「暂不退回」: said not to do something.
const HOLD = /(?:先别|别|不要|不用|暂不|暂缓|先不|不必|无需)(?:审核)?(?:通过|退回|打回|驳回|催办|催|提醒)/;
const REFUSE = /(?:[，,\s]*(?:(?:不能|不予|不可以|不|没法|无法)(?:审核)?通过|不行|不合格|不合规|不规范|不对|有问题|问题很多|问题太多|要重新改|得重新改|要重写|得重写|需要修改|要修改|得修改|要改|得改|改一下|重新填|重做|返工))+$/;
const FINE = /(?:[，,\s]*(?:没(?:有)?(?:什么)?问题|没毛病|没错|可以|行|挺好的?|很好|不错|合格|ok|好))+$/i;

/** A 退回 as typed, in either order (「退回 钱集镇 原因」, 「钱集镇的报告退回去，原因」, 「把钱集镇打回去，原因」): the unit's name and then the reason, else undefined. */
export function returnText(text: string): string | undefined {
  const t = text.trim().replace(/^(?:请你?|麻烦你?|帮我|帮忙|你|您)+/, '');
  // 撤回退回 is its own command.
  if (/^(?:撤回|撤销|取消)|的退回[?？。!！]*$/.test(t)) return undefined;
  const before = /^(?:退回|打回|驳回)(?![去的])(.*)$/s.exec(t);
  if (before) return before[1].replace(/^\s*([^\s，,。；;：:]+?)的(?:报告|年报|年度报告)/, '$1 ');
  const after = /^(?:把|将|给)?([^，,。；;：:]+?)(?:的(?:报告|年报|年度报告)?)?(?:就|先|要|需要|得|应该)?(?:给他们|给)?(?:退回去|退回|打回去|打回|驳回|退给他们|退回给他们)(?:重新修改|重新改|重改|修改|重做)?(?:吧|了|啦)?(?:[\s，,。；;：:]+(.*)|$)/s.exec(t);
  if (!after || QUESTION.test(t) || /(?:被|已|已经|都|没|没有|未|不)$/.test(after[1])) return undefined;
  return `${after[1].trim()} ${(after[2] ?? '').trim()}`;
}

/** The names part cleaned of 的, 报告 and courtesy: 「百步镇的报告」 → 「百步镇」. */
const namesOf = (text: string) => text.replace(/^[的把给对]+/, '').replace(/(?:都|也|全都)$/, '').replace(/(?:那边|那儿|那里|这边)$/, '').replace(/(?:的|之)?(?:报告|年报|年度报告|情况)?$/, '').replace(/的$/, '').trim();

// 「没问题了，通过吧」, 「我看过了，可以通过」: what may stand between a unit and 通过.
const APPROVED_WORDS = '(?:的报告|的年报)?(?:[，,\\s]*(?:我)?(?:看过了|看过|看了|审过了|审过|核过了|没(?:有)?(?:什么)?问题了?|没毛病|可以了?|行了?|挺好的?|不错|都对|对的|没错|数字都对))*[，,\\s]*(?:那就|就|可以|予以|同意|都|也|给它|给他们|给)?(?:审核)?(?:通过|过审)(?:吧|了|啦)?';

const lookOrProgress = (names: string): Intent => (!names || OVERALL.test(compactOf(names)) ? { kind: 'progress' } : { kind: 'look', names, full: false });

const urgeOf = (names: string): Intent => {
  const c = compactOf(names);
  if (OVERDUE_UNITS.test(c)) return { kind: 'urgeOverdue' };
  return ALL_OPEN.test(c) ? { kind: 'urgeAll' } : { kind: 'urge', names };
};

/** Read one message. */
export function readIntent(norm: string): Intent {
  const text = norm.replace(/[?？!！。~～…]+$/g, '').trim();
  const asking = QUESTION.test(norm.trim());
  const lead = text.replace(LEADING, '').trim();
  const plain = lead.replace(TRAILING, '').trim();
  const c = compactOf(plain);
  let m: RegExpExecArray | null;
  if (!c) return { kind: 'unknown' };
  if (HOLD.test(c) && !asking) return { kind: 'hold' };
  // 退回 and its reason are taken as typed, never trimmed of courtesy; a question about one is answered with the unit's standing.
  const returned = returnText(text);
  // 「退回杨舍的改好了吗」 asks after a return: no 退回 whose reason is 「的改好了吗」 (a reason is set apart from the unit).
  if (returned !== undefined && !(asking && !/[\s，,。；;：:]/.test(returned.trim()) && cameBack(lead) !== undefined)) return { kind: 'return', raw: returned };
  const unasked = lead.replace(/(?:没有?|吗|么|呢|啊|吧|呀|哈)+$/, '').trim();
  // 「今天催了几个」, 「所有单位的催办记录」: the whole record (it gives the dates).
  if ((m = HISTORY_OF.exec(unasked) ?? HISTORY.exec(compactOf(unasked)))) {
    const names = namesOf(m[1]);
    return { kind: 'reminders', names: OVERALL.test(compactOf(names)) || ALL_OPEN.test(compactOf(names)) ? '' : names };
  }
  // Particles off, but not the 么 of 什么.
  if ((m = CHANGES.exec(lead.replace(/[吗呢啊吧呀哈]+$/, '').trim()))) return { kind: 'changes', names: namesOf(m[1]) };
  if ((m = /^(?:把|将)?(.+?)(?:的报告|的年报)?(?:要不要|需不需要|是否要?|该不该|能不能|可不可以|要|需要|得|就|已经|已|被)?(?:退回|打回|驳回)/.exec(plain)) && asking) return lookOrProgress(m[1]);
  if (/^(?:帮助|help|菜单|指令|命令|说明|使用说明|怎么用|如何使用|能做什么|能干什么|会什么|有哪些(?:功能|指令|命令)|有什么(?:功能|指令|命令))/i.test(c)) return { kind: 'help' };
  if ((m = /^确认(?:全部)?(?:审核)?通过(\d{4})$/.exec(c))) return { kind: 'confirmApproveAll', code: m[1] };
  if (/^(?:全部|全都|都|一键|统一|批量)(?:审核)?通过|^通过(?:全部|所有)|^(?:已提交|交了)的(?:都|全部)通过/.test(c)) return { kind: 'approveAll' };
  if ((m = /^(?:撤回退回|取消退回|撤销退回|撤回对|撤销对|取消对)(.*?)(?:的退回)?$/.exec(plain))) return { kind: 'withdraw', names: namesOf(m[1]) };
  if ((m = /^(?:撤回|撤销|取消)(.+?)的退回$/.exec(plain))) return { kind: 'withdraw', names: namesOf(m[1]) };
  if (/^(?:导出|下载汇总|汇总表|汇总报告|excel|表格)|^(?:给我|发我|发给我|来|要)一份(?:汇总表|汇总报告|excel|表格)|(?:汇总表|excel|表格|汇总报告)(?:.*)(?:发我|发给我|导出|下载|要一份)/i.test(c)) return { kind: 'export' };
  if (new RegExp(`(?:逾期|超期|过期|超过截止|过了截止|晚交|迟交)`).test(c) && !/^(?:催|提醒|通知)|(?:催|提醒)(?:一下|一催|催|办)?$/.test(c)) return { kind: 'overdue' };
  if ((m = /^(?:催办|催一下|催一催|催催|催下|催|提醒一下|提醒下|提醒|通知一下)(.*)$/.exec(plain))) {
    const names = namesOf(m[1]);
    if (!names) return { kind: 'urge', names: '' };
    return urgeOf(names);
  }
  if ((m = /^(?:把|给)?(.+?)(?:催一下|催一催|催催|催办一下|催办|提醒一下|催过|催)$/.exec(plain))) {
    const names = namesOf(m[1]);
    if (asking) return lookOrProgress(names);
    return urgeOf(names);
  }
  if ((m = /^(?:下载|发我|发给我)(.+)$/.exec(plain))) return { kind: 'download', names: namesOf(m[1]) };
  if ((m = /^(?:把|将)?(.+?)的?(?:报告|年报|年度报告|word|word文件|文件|文档|docx)(?:文件)?(?:发我|发给我|发一下|发过来|发一份|传给我|传我|给我|下载|发)/i.exec(plain))) return { kind: 'download', names: namesOf(m[1]) };
  if ((m = /^(?:查看|看看|看一下|看下|查一下|查下|查查|看|查|打开)?(.+?)的?(?:全文|全部文字|原文|文字部分|文字)(?:发我看看|发给我看看|发我|发给我|给我看看|看看|看)?$/.exec(plain))) return { kind: 'look', names: namesOf(m[1]), full: true };
  if (new RegExp(`(?:谁|哪些|哪几个|哪个|几个|多少|还有).*${NOT_IN}|^(?:未交|没交|未提交|没提交)|${NOT_IN}的(?:单位|有哪些|名单|是哪些|有几个|有谁)?$|^还有谁|^谁还`).test(c)) return { kind: 'pending' };
  if (/^(?:通过|审核通过|同意|批准|审批通过|核准)$/.test(c)) return { kind: 'approve', names: '' };
  if ((m = /^(?:通过|审核通过|同意|批准|审批通过|核准)(.+)$/.exec(plain))) return asking ? lookOrProgress(namesOf(m[1])) : { kind: 'approve', names: namesOf(m[1]) };
  if ((m = /^(?:把|将)?([^，,]+?)(?:的报告|的年报)?(?:已经|已)?(?:(?:审核|审)?通过|过审)(?:了|没有?)?$/.exec(plain)) && asking) return lookOrProgress(namesOf(m[1]));
  if ((m = /^(?:把|将)?([^，,]+?)(?:的报告|的年报)?[，,\s]*(?:我)?(?:看过了|看过|看了|审过了|审过)?[，,\s]*(?:就|还是|是|都|也)?$/.exec(plain.replace(REFUSE, ''))) && REFUSE.test(plain) && !asking) {
    return { kind: 'ask', verb: 'return', names: namesOf(m[1]) };
  }
  const asked = cameBack(lead);
  if (asked !== undefined) {
    if (RETURNED_ONES.test(compactOf(asked))) return { kind: 'returned' };
    // 「哪些报了」, 「谁交了」: how many handed in, not a unit.
    if (/^(?:哪些|哪个|哪几个|哪家|哪几家|谁|几个|几家|多少)(?:单位)?$/.test(compactOf(asked))) return { kind: 'progress' };
    // 「退回的杨舍改好了吗」: the unit returned.
    return lookOrProgress(namesOf(asked.replace(/^(?:被)?(?:退回|打回|驳回)(?:去|来)?(?:的)?/, '')));
  }
  if ((m = new RegExp(`^(?:把|将)?([^，,]+?)${APPROVED_WORDS}$`).exec(plain))) return { kind: 'approve', names: namesOf(m[1]) };
  if ((m = /^(?:把|将)?([^，,]+?)(?:的报告|的年报)?[，,\s]*(?:我)?(?:看过了|看过|看了|审过了|审过)?[，,\s]*(?:就|还是|是|都|也|应该|基本|基本上)?$/.exec(plain.replace(FINE, ''))) && FINE.test(plain) && !asking && namesOf(m[1])) {
    return { kind: 'ask', verb: 'approve', names: namesOf(m[1]) };
  }
  if ((m = /^(?:把|将)?(.+?)(?:的)?(?:报告|年报|情况|数据|全文)?(?:调出来|拿来|发来|拿过来)?(?:看|看看|看一眼|瞧|瞧瞧|审|审审|过目)$/.exec(plain))) {
    const names = namesOf(m[1]);
    if (ALL_OPEN.test(compactOf(names)) && compactOf(names)) return { kind: 'pending' };
    if (/^(?:我|我再|再|先|让我|等我|回头|稍后|明天|晚点|我先)+$/.test(names)) return { kind: 'unknown' };
    return lookOrProgress(names);
  }
  if ((m = /^(?:查看|看看|看一下|看下|查一下|查下|查查|打开|调出|看|查)(.+)$/.exec(plain))) {
    const names = namesOf(m[1]);
    return OVERALL.test(compactOf(names)) ? { kind: 'progress' } : { kind: 'look', names, full: false };
  }
  if ((m = /^(.+?)(?:的)?(?:报告|年报|情况|进度|进展|数据)?(?:现在|目前|眼下|这会儿)?(?:填|写|报|弄)?(?:怎么样|咋样|怎样|如何|啥情况|咋回事|怎么回事|有问题|有没有问题|有什么问题|有问题没|对不对|没问题吧|交了|交了没有?|提交了|提交了没有?|填得怎么样|填了多少|到哪了|到哪儿了|到哪一步|到哪一步了|什么情况)(?:了|吗|呢|啊|呀|没有?)*$/.exec(lead))) {
    const names = namesOf(m[1]);
    return !names || OVERALL.test(compactOf(names)) ? { kind: 'progress' } : { kind: 'look', names, full: false };
  }
  if (/^(?:进度|汇总|总览|统计|概况|进展)|进度|进展|完成情况|提交情况|填报情况|整体情况|总体情况|交了多少|交了几个|交了几家|报了多少|怎么样了|到哪了/.test(c)) return { kind: 'progress' };
  return { kind: 'unknown' };
}

/** The commands a supervisor can type, for 「没有理解」 to offer the closest. */
export const COMMANDS: { example: string; words: string }[] = [
  { example: '进度', words: '进度汇总情况完成多少统计' },
  { example: '未交', words: '未交没交谁还没提交哪些' },
  { example: '查看 单位名', words: '查看看看报告情况怎么样问题' },
  { example: '查看 单位名 全文', words: '全文文字原文' },
  { example: '催办 单位名 / 催办 全部未交', words: '催办催一下提醒通知' },
  { example: '催办记录', words: '催办记录几次历史提醒' },
  { example: '通过 单位名 / 全部通过', words: '通过审核同意批准' },
  { example: '退回 单位名 原因 修改：项目', words: '退回打回驳回修改' },
  { example: '撤回退回 单位名', words: '撤回撤销取消退回' },
  { example: '下载 单位名', words: '下载发我文件word报告' },
  { example: '导出', words: '导出汇总表excel表格' },
];

/** The commands closest to a message not understood (by shared characters), at most three. */
export function closestCommands(norm: string): string[] {
  const chars = new Set(compactOf(norm));
  const scored = COMMANDS.map((cmd) => ({ cmd, score: [...new Set(cmd.words)].filter((ch) => chars.has(ch)).length }));
  const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, 3).map((s) => s.cmd.example);
  return best.length ? best : ['进度', '未交', '查看 单位名'];
}
