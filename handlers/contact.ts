// The opening paragraph of the Word file and the contact it names (「如对本报告有疑问，请与…联系」):
// 「联系方式」 shows the unit's contact, 「联系方式：县政府办公室；地址：…；电话：…」 sets it (the
// engine stores it for the unit, any time, even after submission); 「开头」 shows the opening
// paragraph, 「修改开头：…」 replaces it with the official's own text and 「恢复默认开头」 brings
// the generated one back. 「落款日期 2026年1月20日」 dates the file on a day of the unit's choosing
// instead of the day it is handed in; 「落款日期 提交日」 undoes that. Pure: the contact comes in
// the turn's context and leaves as an action.
import { chineseDate } from '../src/calendar/working-calendar.ts';
import { contactSentence, openingOf, type Contact } from '../src/report/opening.ts';
import { editable, readOnlyReason } from './changes.ts';
import { info, reject, type Message, type Outcome, type Turn } from './flow/state.ts';

// 「联系方式：…」 or 「修改联系方式为…」: a sentence of a text that begins 「联系方式已…」 is no command.
const SHOW_CONTACT = /^(?:查看|看看|设置|修改)?(?:报告)?(?:的)?联系方式$/;
const SET_CONTACT = /^(?:设置|修改|更改|更新)?联系方式(?:为|是|改为|改成)?[:：]\s*(.+)$|^(?:设置|修改|更改|更新)联系方式(?:为|改为|改成)\s*(.+)$/s;
const SHOW_OPENING = /^(?:查看|看看|看一下|显示)?(?:报告)?开头(?:一段|段落|部分)?(?:是什么|写的什么)?$/;
const SET_OPENING = /^(?:修改|更改|替换)(?:报告)?开头(?:一段|段落)?(?:为|成)?[:：]\s*(.+)$|^(?:报告)?开头(?:一段)?(?:改为|改成|换成)[:：]?\s*(.+)$/s;
const RESET_OPENING = /^(?:恢复|还原|使用)(?:默认|系统生成的?|生成的?)(?:的)?开头$/;

const SIGNED_ON = /^(?:设置|修改)?落款(?:日期|时间)(?:为|改为|改成)?[:：]?(.*)$/;

const EXAMPLE = '联系方式：县政府办公室；地址：城关镇人民路1号；电话：0571-12345678';
/** How to set the contact, said wherever it is missing. */
export const CONTACT_HOW = `请回复“${EXAMPLE}”（办公室名称必填，地址和电话可以只写一项）。`;
const LIMITS = { office: 100, address: 200, phone: 50 };

/** The reply to a message about the contact or the opening paragraph, if it is one. */
export function answerContact(turn: Turn, msg: Message): Outcome | undefined {
  const text = msg.norm.trim();
  const compact = msg.compact;
  if (RESET_OPENING.test(compact)) return setOpening(turn, undefined);
  if (SHOW_OPENING.test(compact)) return showOpening(turn);
  // The official's own text as typed: normalising would turn its full-width punctuation half-width.
  const opening = SET_OPENING.exec(msg.raw.trim());
  if (opening) return setOpening(turn, (opening[1] ?? opening[2]).trim());
  const signed = SIGNED_ON.exec(compact);
  if (signed) return setSignedOn(turn, signed[1]);
  if (SHOW_CONTACT.test(compact)) return showContact(turn);
  const contact = SET_CONTACT.exec(text);
  return contact ? setContact(turn, (contact[1] ?? contact[2]).trim()) : undefined;
}

function showContact(turn: Turn): Outcome {
  const { contact } = turn.ctx;
  if (!contact) return info(turn, [`报告开头的联系方式尚未设置。${CONTACT_HOW}`], false);
  return info(turn, [`报告开头写的是：“${contactSentence(contact)}”如需修改，${CONTACT_HOW}`], false);
}

/** Read 「县政府办公室；地址：…；电话：…」: the office first, the address and telephone by their labels. */
export function readContact(given: string): Contact | { error: string } {
  const parts = given.split(/[;；,，\n]+/).map((p) => p.trim()).filter(Boolean);
  let office: string | undefined;
  let address: string | undefined;
  let phone: string | undefined;
  for (const part of parts) {
    const labelled = /^(地址|办公地址|通讯地址|电话|联系电话|办公电话|单位|办公室|联系单位|联系部门)[:：]?\s*(.*)$/.exec(part);
    const value = labelled ? labelled[2].trim() : part;
    if (labelled && /地址/.test(labelled[1])) address = value;
    else if ((labelled && /电话/.test(labelled[1])) || (!labelled && /^[\d\s()（）+-]{7,}$/.test(part))) phone = value;
    else if (!office) office = value;
    else return { error: `未能确定“${part}”是地址还是电话，请在前面写明“地址：”或“电话：”。` };
  }
  if (!office) return { error: '没有读到办公室名称（读者联系的科室或单位）。' };
  if (phone !== undefined && !/^[\d\s()（）+-]{7,20}$/.test(phone)) return { error: `电话“${phone}”不是电话号码，请只写数字和“-”，如 0571-12345678。` };
  for (const [key, value] of [['office', office], ['address', address], ['phone', phone]] as const) {
    if (value !== undefined && [...value].length > LIMITS[key]) return { error: `${{ office: '办公室名称', address: '地址', phone: '电话' }[key]}过长（不超过${LIMITS[key]}字）。` };
  }
  return { office, ...(address && { address }), ...(phone && { phone }) };
}

function setContact(turn: Turn, given: string): Outcome {
  const read = readContact(given);
  if ('error' in read) return reject(turn, [`${read.error}${CONTACT_HOW}`], false);
  const own = turn.draft.report.texts.preface ? '（本报告开头使用的是您自己写的一段，联系方式不会自动写入，请一并修改开头。）' : '';
  return {
    ...info(turn, [`已保存联系方式，报告开头将写：“${contactSentence(read)}”${own}回复“生成报告”可得到 Word 文件。`], false),
    actions: [{ kind: 'contact', contact: read }],
  };
}

function showOpening(turn: Turn): Outcome {
  const own = turn.draft.report.texts.preface;
  const shown = own ?? openingOf(turn.draft.report, turn.ctx.contact);
  const how = own ? '如需改回系统生成的开头，请回复“恢复默认开头”。' : `如需改用您自己的写法，请回复“修改开头：”加全文。${turn.ctx.contact ? '' : `联系方式尚未设置，${CONTACT_HOW}`}`;
  return info(turn, [`报告开头一段${own ? '（您写的）' : '（系统生成）'}：\n${shown}`, how], false);
}

/** Why the text may not change now, if it may not: a submitted report, or a returned one where it was not reopened. */
function lockedText(turn: Turn, id: 'preface' | 'signature', name: string): string | undefined {
  return readOnlyReason(turn.draft) ?? (editable(turn.draft, `texts.${id}`) ? undefined : `报告已退回修改，只能修改审核人指出的项目，${name}不在其中。`);
}

const DATE_HOW = '请回复“落款日期 2026年1月20日”；回复“落款日期 提交日”则使用提交的日期。';

/** 「落款日期 2026年1月20日」: the signature with that date (in the year after the report's); 「提交日」 the day it is handed in. */
function setSignedOn(turn: Turn, given: string): Outcome {
  const locked = lockedText(turn, 'signature', '落款');
  if (locked) return reject(turn, [locked], false);
  const { report } = turn.draft;
  const texts = { ...report.texts };
  const changed = (say: string): Outcome => ({ tag: 'changed', draft: { ...turn.draft, report: { ...report, texts } }, flow: turn.flow, say: [say], ask: false });
  if (/^(?:提交日|提交日期|提交当天|默认|恢复|取消)$/.test(given)) {
    delete texts.signature;
    return changed('好的，Word 文件的落款日期将是报告提交的日期（提交前生成的草稿为生成当天）。');
  }
  const match = /^(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(given);
  if (!match) return reject(turn, [given ? `未能识别日期“${given}”。${DATE_HOW}` : `Word 文件的落款日期默认是报告提交的日期。如需指定，${DATE_HOW}`], false);
  const [year, month, day] = match.slice(1).map(Number);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== day) return reject(turn, [`没有${year}年${month}月${day}日这一天。${DATE_HOW}`], false);
  if (year !== report.year + 1) return reject(turn, [`${report.year}年度的报告应在${report.year + 1}年落款，“${chineseDate(iso)}”不在${report.year + 1}年。${DATE_HOW}`], false);
  texts.signature = `${report.unit}\n${chineseDate(iso)}`;
  return changed(`好的，Word 文件的落款将是：${report.unit} ${chineseDate(iso)}。回复“落款日期 提交日”可改回提交的日期。`);
}

function setOpening(turn: Turn, text: string | undefined): Outcome {
  const locked = lockedText(turn, 'preface', '开头一段');
  if (locked) return reject(turn, [locked], false);
  const { report } = turn.draft;
  const texts = { ...report.texts };
  if (text === undefined) {
    if (!texts.preface) return info(turn, ['报告开头已是系统生成的一段，无需恢复。'], false);
    delete texts.preface;
  } else {
    texts.preface = text;
  }
  const draft = { ...turn.draft, report: { ...report, texts } };
  const said = text === undefined ? `已恢复系统生成的开头：\n${openingOf(draft.report, turn.ctx.contact)}` : '已保存您写的开头一段，Word 文件将使用这一段。回复“恢复默认开头”可改回系统生成的。';
  return { tag: 'changed', draft, flow: turn.flow, say: [said], ask: false };
}
