// Every word an official uses for a command, in one place: 帮助, 进度, 预览, 提交, 上一步, 撤销,
// 跳到…, 什么意思, 先跳过, 明天再填, 看一下总体情况, 删除最后一段, 补充总体情况, and the short answers 是 / 不是 /
// 完成. Matched against the whole message once politeness and filler are stripped
// (「没问题，提交吧」 is 提交, 「看看还差啥」 is 进度), so that a sentence of the overview that happens
// to contain 「完成」 stays text. Questions about an item are recognised by their form anywhere in
// a short message (「行政许可是指什么？我们镇便民服务中心办的算不算」).
import type { TextKey } from './flow/state.ts';

type Simple = 'help' | 'progress' | 'preview' | 'submit' | 'afterSubmit' | 'confirmSubmit' | 'cancelSubmit' | 'edit' | 'deadline' | 'snooze' | 'document' | 'back' | 'next' | 'skip' | 'undo' | 'yes' | 'no' | 'done' | 'greet' | 'smalltalk';

/** A command and, for a jump, a question or a text command, what it names. */
export type Command =
  | { kind: Simple }
  | { kind: 'jump'; to: string }
  | { kind: 'meaning'; about: string }
  | { kind: 'showText' | 'deleteLast' | 'rewriteText' | 'appendText'; text?: TextKey };

// Whole-message commands, after the filler around them is stripped.
const WORDS: [RegExp, Simple][] = [
  [/^(帮助|help|菜单|指令|命令|怎么用|使用说明|有哪些指令|有什么指令|能做什么|怎么操作)$/i, 'help'],
  [/^(进度|查看进度|填报进度|看进度|看看进度|(?:(?:看看?|查一?下|我|我们|现在|目前)*(?:还(?:差|缺|剩|有)(?:什么|啥|哪些|多少|几项|几个|哪几项)(?:没填|没有填|未填|要填)?(?:的|了)?|缺什么|缺啥|填到哪[儿里]?了?|填到哪一?步了?|填了多少了?|完成(?:了)?多少了?|进度(?:怎么样|如何)了?|还有哪些没填|哪些没填))+)$/, 'progress'],
  [/^(预览|预览报告|查看报告|看看报告|看一下报告|看下报告|看看整个报告|报告预览|看看填的怎么样|检查一下|帮我检查一下|核对一下)$/, 'preview'],
  [/^(确认提交|确定提交|确认上报|确定上报|确认无误提交|确认,?提交)$/, 'confirmSubmit'],
  [/^(提交|提交报告|提交审核|上报|报送|交了|交吧|提交上去|可以提交了|我要提交|现在提交|没问题提交|那就提交|提交一下|报上去)$/, 'submit'],
  [/^(暂不提交|先不提交|不提交|取消提交|先别提交|等等再提交|不交|还不提交)$/, 'cancelSubmit'],
  [/^(修改|继续修改|我要修改|要修改|改一下|还要改)$/, 'edit'],
  [/^(生成报告|生成word|生成文档|下载报告|导出报告|发送报告|要word版?|word版?|(?:把|将)?(?:报告|word|文件|文档)(?:发|传|给)(?:我|一下|给我)+|发(?:我|一下)?(?:报告|word|文件|文档)|报告发我|我要报告)$/i, 'document'],
  [/^(截止|截止日期|截止时间|什么时候截止|哪天截止|几号截止|期限|什么时候交|哪天交|几号交|最晚什么时候交|什么时候前交|(?:截止|截至)(?:日期|时间)?(?:是)?(?:哪天|几号|什么时候|哪一天)|(?:最晚|最迟)(?:哪天|几号|什么时候)(?:交|提交|报)?)[?？]*$/, 'deadline'],
  [/^(?:今天先到这[里儿]?|今天就到这[里儿]?|先到这[里儿]?)?(?:明天|改天|下次|下午|过两天|周一|下周)?(?:上班)?(?:再|继续)?(?:提醒我?|填|弄|说|搞|写|处理)?$/, 'snooze'],
  [/^(上一步|上一项|上一题|返回上一步|回到上一步|退回上一步|上一个|返回)$/, 'back'],
  [/^(下一步|下一项|下一题|下一个|往下|下面)$/, 'next'],
  [/^(?:不知道|不清楚|不确定|这个|这项|这一项)*(?:先|暂时|暂且)?(?:跳过|空着|放着|不填|放一放)(?:这一?项|这个)?$|^(?:不知道|不清楚|不确定|这个|这项)*(?:等我|我去|我先|回头|待会|等会|一会|晚点)?(?:问一?下|问问|核实一?下|确认一?下|再填|再说)[\u4e00-\u9fa5]{0,10}$|^(?:不知道|不清楚|不确定)$/, 'skip'],
  [/^(撤销|撤消|撤回|撤销修改|撤销上一步|恢复|撤回刚才的|撤销刚才的|刚才的不算|刚才填错了撤销)$/, 'undo'],
  [/^(?:是|是的|对|对的|正确|没错|确认|确定|好|好的|可以|同意|ok|yes|嗯|嗯嗯|对了|没问题|是这样|就是这样|行|可以的|准确|无误|一致)(?:是的|对的|没错|没问题|正确|确认|无误|一样|一致|就是这样)?(?:写进去|加进去|写入|记上|存上|保存)?(?:就行|就可以|吧|了)?$/i, 'yes'],
  [/^(不是|不对|否|错了|不正确|不是的|不|no|不对不对|不是这样|不用|算了|取消|不改了|不用改了)$/i, 'no'],
  [/^(?:完成|完毕|结束|好了|发完了|写完了|就这些|没有了|就这么多|写好了|完了)?(?:总体情况|问题|存在的问题|这部分|这一部分|其他事项)?(?:就|都)?(?:完成|完毕|结束|好了|发完了|写完了|就这些|这些|写这些|没有了|这么多|写好了|完了)(?:了|吧)?(?:下一项|下一个|下一部分|继续)?$/, 'done'],
  [/^(你好|您好|hi|hello|开始|开始填报|填报|年报|在吗|在不在|早上好|下午好|继续|继续填|继续填报|接着填)$/i, 'greet'],
  [/^(?:稍等|等一下|等等|等会|等一会|我找|我看|我查|我翻|收到|好的收到|知道了|明白|了解|谢谢|辛苦|麻烦|感谢|哦|噢|哈|嗯好|好滴|ok收到|马上|在忙|正在|等我)[^\d０-９]{0,24}$|^[^\d０-９]{0,8}(?:我看下|我看一下|我找下|我找一下|我查下|我查一下|我翻一下)[^\d０-９]{0,12}$|^\p{Extended_Pictographic}+$/iu, 'smalltalk'],
];

// 「明天再填」 needs a time or 「今天先到这」: the snooze pattern alone would also take 「填」.
const LATER = /明天|改天|下次|下午|过两天|周一|下周|今天先到|今天就到|先到这|晚点|稍后|推迟/;

// Filler around a command: 「没问题，提交吧」, 「请帮我看看还差啥」, 「那就先跳过吧」.
const LEAD = /^(?:好的?|行|嗯+|那|那就|没问题|可以|麻烦|请|请你|帮我|你帮我|我要|我想|我想要|给我|先)+/;
const TAIL = /(?:吧|一下|呢|啊|呀|了|哈|吗|嘛|啦|谢谢)+$/;

const TEXT_NAMES: [RegExp, TextKey][] = [
  [/总体情况|第一部分|一、?总体/, 'overview'],
  [/主要问题|改进|存在的问题|第五部分|问题(?:那|这)(?:部分|块|段)/, 'problems'],
  [/其他需要报告|其他事项|第六部分/, 'other'],
];

/** The text a message names (总体情况, 存在的主要问题, 其他事项), if any. */
export function textNamed(text: string): TextKey | undefined {
  return TEXT_NAMES.find(([re]) => re.test(text))?.[1];
}

/** The text these words are the name of, and nothing more (「总体情况」, 「第五部分这块」; not 「二是整改措施有待改进和」, prose that holds a name). */
function onlyTextName(words: string): TextKey | undefined {
  const found = TEXT_NAMES.find(([re]) => re.test(words));
  return found && words.replace(found[0], '').replace(/的|部分|这块|那块|这段|那段|这个|那个|里面?|中|\s/g, '') === '' ? found[1] : undefined;
}

// 「看一下总体情况写的什么」, 「删除最后一段」, 「总体情况重新写」.
const SHOW_TEXT = /^(?:看一?下|看看|查看|显示|给我看看?|读一下|我想看看?)(.*?)(?:写的|写了|的内容|内容)?(?:是)?(?:什么|啥|哪些)?$|^(.+?)(?:写了什么|写的什么|写的啥|写了啥|是什么内容|的内容)$/;
const DELETE_LAST = /^(?:删除?掉?|去掉|删了)(?:刚才|最后|上)一?(?:段|条|句)(.*)$|^(.*?)(?:最后|刚才那?)一?(?:段|条|句)(?:删除?掉?|去掉|不要了?|删了)$/;
const REWRITE = /^(?:重新写|重写|重新填写?|全部重写)(.*)$|^(.+?)(?:重新写|重写|重新填写?|要重写)$/;
// 「总体情况再补充一段」, 「在总体情况后面加一段」, 「补充总体情况」: a text named (or 「再补充一段」) to add to.
const APPEND = /^(?:在|往|给)?(.{0,16}?)(?:的)?(?:后面|后边|末尾|最后)?(?:再|还|要|得|需要|想)*(?:补充|补写|续写|接着写|添加|加)(一段|几句|一些|一点|点|些|内容|一下)*$|^(?:再|还|要|我要|我想)*(?:补充|补写|续写|添加)(?:一下)?(.{1,16})$/;

// 「这个要问财务科，先放一放」, 「收费是财政所管的，我问一下再回你」: the item waits for someone else.
const SKIP_LATER = /先放一?放|先放着|先跳过|先空着|先往下|往下走|(?:问一?下|问问|核实一?下|确认一?下|查一?下)(?:.{0,8})(?:再回你|再说|再填|再告诉你|再回复|再补)|(?:我|等我|得|要|需要)(?:去)?(?:问一?下|问问)[\u4e00-\u9fa5]{1,8}$|找不到了?.{0,6}问/;

// A question about an item: 「X是什么意思」, 「X包括哪些」, 「X算不算」, 「这个填哪里」, 「什么是X」.
const QUESTION_TAIL = /(?:是|是指|指的是|属于)?(?:是不是|是否|算.{1,8}还是|还是.{1,8}[?？]|什么意思|啥意思|什么含义|指的?是?(?:什么|啥)|是什么|是啥|怎么填|怎么理解|如何填|如何理解|怎么算|怎么统计|包括哪些|包括什么|包含哪些|含哪些|算不算|算吗|要不要算|要算吗|算进去吗|填哪里|填在哪|填哪|填在哪里|放哪里|放哪|归哪一?项|算哪一?项|应该填什么|应该怎么填)/;
// A sentence that asks: 「检验检测收费属于行政事业性收费吗」, 「规章和规范性文件有什么区别」, 「按件数还是按人数」.
// After 没 (not 有没), 呢 and 什么 say nothing is there: 「一个申请都没收到呢」, 「没有什么要报告的」.
const ASKING = /[吗么][?？]*$|(?<!(?:^|[^有])没[\u4e00-\u9fa5]{0,8})呢[?？]*$|吗[?？]|多长|多少字|写多少|[?？]|(?<!(?:^|[^有])没有?)什么|怎么|如何|区别|区分|还是|是否|是不是|要不要|需不需要|算不算|包不包括|能不能|哪|几件|几个|多少/;
const QUESTION_HEAD = /^(?:什么是|什么叫|啥是|啥叫|何为|解释一下?|说明一下?|请问)/;

// 「这个报告提交以后还能改吗」, 「交上去了还能撤回吗」, 「提交了发现错了怎么办」: what happens after 提交.
const AFTER_SUBMIT = /(?:提交|上报|报送|交)(?:了|上去了?|完)?(?:以后|之后|后)?[^\d]{0,8}(?:还|能|可以|可不可以|能不能|是否|怎么)[^\d]{0,6}(?:改|修改|更改|更正|撤回|撤销|变更|补充|办)|(?:能|可以)(?:不能)?撤回(?:提交|报告)?[吗?？]?$/;

/** The command a compact message is, if it is one. */
export function commandOf(compact: string): Command | undefined {
  if (/^[?？]+$/.test(compact)) return { kind: 'meaning', about: '' };
  if (!/\d/.test(compact) && [...compact].length <= 30 && AFTER_SUBMIT.test(compact) && ASKING.test(compact)) return { kind: 'afterSubmit' };
  const text = stripFiller(compact);
  const inner = compact.replace(/[,，。!！~～]/g, '');
  for (const [re, kind] of WORDS) if ((re.test(text) || re.test(compact) || re.test(inner)) && (kind !== 'snooze' || LATER.test(compact))) return { kind };
  if (!/\d/.test(compact) && SKIP_LATER.test(compact)) return { kind: 'skip' };
  const said = keywordCommand(compact);
  if (said) return said;
  const jump = /^(?:跳到|跳转到|转到|回到|返回到?|进入|去到)(.+)$/.exec(text);
  if (jump) return { kind: 'jump', to: jump[1] };
  if (!/\d/.test(compact) && [...compact].length <= 30) {
    const show = SHOW_TEXT.exec(text);
    const shown = show && textNamed(show[1] ?? show[2] ?? '');
    if (shown) return { kind: 'showText', text: shown };
    const del = DELETE_LAST.exec(text);
    if (del) return { kind: 'deleteLast', text: textNamed(del[1] ?? del[2] ?? '') };
    const rewrite = REWRITE.exec(text);
    if (rewrite) return { kind: 'rewriteText', text: textNamed(rewrite[1] ?? rewrite[2] ?? '') };
    const append = APPEND.exec(text);
    const adding = append ? onlyTextName(append[1] ?? append[3] ?? '') : undefined;
    if (append && (adding || (!append[1] && !append[3] && /一段|几句/.test(text)))) return { kind: 'appendText', text: adding };
  }
  const about = questionAbout(compact);
  if (about !== undefined) return { kind: 'meaning', about };
  return undefined;
}

/**
 * A short command said in a sentence (「发个word给我，我打印给领导签字」, 「删掉总体情况最后一段」,
 * 「确认无误，提交审核」, 「下班了，明天接着发」): read by its words when the message has no number.
 */
function keywordCommand(compact: string): Command | undefined {
  if (/\d/.test(compact) || [...compact].length > 28) return undefined;
  if (/怎么用|怎么操作|怎么修改|怎么改|有哪些指令|有什么指令|有哪些功能/.test(compact)) return { kind: 'help' };
  if (ASKING.test(compact)) return undefined;
  if (/^(?:你好|您好|在吗|好的?)?[,，]?(?:我们?|咱们)?(?:接着|继续)(?:填|来|弄|写|填报|发)?(?:吧|了|啊)?$/.test(compact)) return { kind: 'greet' };
  const text = textNamed(compact);
  if (/明天|改天|下次|过两天|下周|下班了?/.test(compact) && !/今天/.test(compact.replace(/今天先|今天就/, ''))) return { kind: 'snooze' };
  if (/(?:删|去掉|不要)/.test(compact) && /(?:最后|刚才|上)(?:那|一)?(?:段|条|句)|(?:最后|刚才)发的/.test(compact)) return { kind: 'deleteLast', text };
  if (/重新来|重写|重新写|全部重来|前面发的不要了/.test(compact)) return { kind: 'rewriteText', text };
  // 「规范性文件今年发了一个」 is an answer about a row, not a request for the file.
  if (/word|wps|文档|文件|打印/i.test(compact.replace(/规范性文件|规章/g, '')) && /发|给|导出|下载|生成|传|要/.test(compact) && !/[零一二两三四五六七八九十百]+[个件项]/.test(compact)) return { kind: 'document' };
  if (/(?:看|发我|给我)/.test(compact) && (text || /(?:前面|刚才|之前)(?:发|写)的/.test(compact))) return { kind: 'showText', text };
  if (/看|检查|核对/.test(compact) && /报告|填的|整体|全部|前面/.test(compact)) return { kind: 'preview' };
  if (/撤回|撤销/.test(compact) && /刚才|上一|改的|那个/.test(compact)) return { kind: 'undo' };
  if (/提交|上报|报送/.test(compact) && !/不|别|再|等|还没|之前|以后|怎么/.test(compact)) return { kind: 'submit' };
  if (/指令|怎么用|怎么操作|怎么修改|怎么改|帮助|有哪些功能/.test(compact)) return { kind: 'help' };
  return undefined;
}

/** Whether a message asks something rather than answering (a question mark, 吗, 是不是, 还是, 哪 …). */
export const asks = (compact: string): boolean => ASKING.test(compact);

/** What a question names (「行政许可」 of 「行政许可是指什么？…算不算」; '' for 「这一项什么意思」), or undefined when the message is no question. */
function questionAbout(compact: string): string | undefined {
  if ([...compact].length > 60) return undefined;
  const head = QUESTION_HEAD.exec(compact);
  const tail = QUESTION_TAIL.exec(compact) ?? (ASKING.test(compact) && (!/\d/.test(compact) || /[吗?？]$/.test(compact)) ? { index: compact.length } : null);
  if (!head && !tail) return undefined;
  if (!head && tail && tail.index === compact.length) return compact.replace(/[?？]+$/, '');
  const subject = head ? compact.slice(head[0].length) : compact.slice(0, tail!.index);
  return subject.replace(/[?？。,，!！]+.*$/, '').replace(/^(这一?项|这个|这里|此项|这|那个|上面的?|刚才的?)/, '').replace(/(这一?项|这个|的)$/, '');
}

/** The message without the politeness and filler around a command. */
function stripFiller(compact: string): string {
  const inner = compact.replace(/[,，。!！~～]/g, '');
  return inner.replace(LEAD, '').replace(TAIL, '') || inner;
}

// How a member of a supervising unit turns to filing their own unit's report and back
// (填报本单位 / 返回审核); the engine acts on the intent, the words live here.
const FILE_OWN = /^(填报本单位|填写本单位|填报本单位报告|填本单位的?|填报|我要填报|填报我们单位的?)$/;
const BACK_TO_REVIEW = /^(返回审核|回到审核|审核|退出填报|回去审核)$/;

/** A supervisor's switch between reviewing and filing their own unit's report, if the message is one. */
export function memberSwitch(text: string): 'fileOwn' | 'backToReview' | undefined {
  const compact = text.replace(/\s+/g, '').replace(/[。!！]+$/, '');
  if (FILE_OWN.test(compact)) return 'fileOwn';
  if (BACK_TO_REVIEW.test(compact)) return 'backToReview';
  return undefined;
}
