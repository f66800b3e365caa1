// What an official may not do by chat: use the supervisors' commands, or act on another unit's
// report. Refused with a short explanation; the draft stays as it was (product.md, "an official
// only their own unit").
import { reject, type Message, type Outcome, type Turn } from './flow/state.ts';

// The supervisors' commands (product.md, "Supervisors"), as a whole word at the start.
const SUPERVISOR_COMMAND = /^(催办|撤回退回|退回|全部通过|确认通过|通过|导出|未交|汇总|下载)(?:[\s：:]|全部|$)/;
// A body named in a short command: a town, a street office, a bureau, a commission, an office.
const UNIT_NAME = /(?:^|[\s，,：:])(?:改|修改|更正|查看|看看|看)?\s*([\u4e00-\u9fa5]{1,12}?(?:镇|乡|街道|局|委员会|委|办公室|政府))(?=$|[\s，,：:的])/u;

/** A refusal when the message is outside what the official may do, else undefined. */
export function outOfScope(turn: Turn, msg: Message): Outcome | undefined {
  const command = SUPERVISOR_COMMAND.exec(msg.norm);
  if (command) {
    return reject(turn, [`“${command[1]}”是审核人使用的指令，您的账号是${turn.ctx.unitName}的填报人，无法使用。如需帮助，请回复“帮助”。`]);
  }
  // 「把竹亭镇的…」: the verb is not part of the name; 「做好我镇」, 「本局」 are the official's own.
  const named = UNIT_NAME.exec(msg.norm)?.[1]?.replace(/^(?:把|将|给|对|向|在|从|和|与|跟)/, '');
  if (named && [...msg.norm].length <= 60 && !/^(?:我|本|该|贵|全|各)/.test(named) && !/(?:我|本)(?:镇|乡|局|委|办)$/.test(named) && !isOwn(named, turn.ctx.unitName)) {
    return reject(turn, [`您的账号只能查看和填报${turn.ctx.unitName}的报告，不能查看或修改「${named}」的报告。如需为其他单位填报，请联系管理员。`]);
  }
  return undefined;
}

function isOwn(named: string, unitName: string): boolean {
  return named.startsWith('本') || unitName.includes(named) || named.includes(unitName);
}
