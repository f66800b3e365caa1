// The words that are commands wherever the user is: 帮助, 进度, 预览, 提交, 上一步, 撤销, 跳到…,
// 什么意思, and the short answers 是 / 完成. Matched against the whole message, so that a sentence
// of the overview that happens to contain 「完成」 stays text.

/** A command and, for a jump or a question about meaning, what it names. */
export type Command =
  | { kind: 'help' | 'progress' | 'preview' | 'submit' | 'confirmSubmit' | 'cancelSubmit' | 'edit' | 'deadline' | 'snooze' | 'document' | 'back' | 'next' | 'undo' | 'yes' | 'done' | 'greet' }
  | { kind: 'jump'; to: string }
  | { kind: 'meaning'; about: string };

const WORDS: [RegExp, Command['kind']][] = [
  [/^(帮助|help|菜单|指令|命令|怎么用|使用说明|有哪些指令)$/i, 'help'],
  [/^(进度|查看进度|填报进度|还差什么|还缺什么|缺什么)$/, 'progress'],
  [/^(预览|预览报告|查看报告|看看报告)$/, 'preview'],
  [/^(确认提交|确定提交)$/, 'confirmSubmit'],
  [/^(提交|提交报告|上报|报送)$/, 'submit'],
  [/^(暂不提交|先不提交|不提交|取消提交)$/, 'cancelSubmit'],
  [/^(修改|继续修改|我要修改)$/, 'edit'],
  [/^(生成报告|生成word|生成文档|下载报告|导出报告|发送报告|要word版?|word版?)$/i, 'document'],
  [/^(截止|截止日期|截止时间|什么时候截止|哪天截止|几号截止|期限)$/, 'deadline'],
  [/^(明天再提醒我?|明天提醒我|明天再说|稍后提醒|推迟提醒|晚点提醒)$/, 'snooze'],
  [/^(上一步|上一项|上一题|返回上一步|回到上一步|退回上一步)$/, 'back'],
  [/^(下一步|下一项|下一题|跳过)$/, 'next'],
  [/^(撤销|撤消|撤回|撤销修改|撤销上一步|恢复)$/, 'undo'],
  [/^(是|是的|对|对的|正确|没错|确认|好|好的|可以|同意|ok|OK|yes|嗯)$/i, 'yes'],
  [/^(完成|完毕|结束|好了|发完了|写完了|就这些|没有了)$/, 'done'],
  [/^(你好|您好|hi|hello|开始|开始填报|填报|年报|在吗)$/i, 'greet'],
];

/** The command a compact message is, if it is one. */
export function commandOf(compact: string): Command | undefined {
  const text = compact.replace(/^(请|我要|我想|麻烦)/, '').replace(/(吧|一下|呢|啊)$/, '');
  if (/^[?？]+$/.test(compact)) return { kind: 'meaning', about: '' };
  for (const [re, kind] of WORDS) if (re.test(text)) return { kind } as Command;
  const jump = /^(?:跳到|跳转到|转到|回到|返回到?|进入)(.+)$/.exec(text);
  if (jump) return { kind: 'jump', to: jump[1] };
  const meaning = /^(.*?)(?:是)?(?:什么意思|啥意思|什么含义|指什么|怎么填|怎么理解|如何填)[?？]*$/.exec(text)
    ?? /^(?:什么是|何为|解释一下?|说明一下?)(.*?)[?？]*$/.exec(text);
  if (meaning) return { kind: 'meaning', about: meaning[1].replace(/^(这一?项|这个|这里|此项|这)$/, '') };
  return undefined;
}
