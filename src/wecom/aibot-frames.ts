// The frames of the 智能机器人 long connection (https://developer.work.weixin.qq.com/document/path/101463):
// every frame is JSON `{cmd, headers: {req_id}, body}`; an answer to a frame carries the same
// req_id and `errcode`/`errmsg` instead of a cmd. The message and event bodies are those of the
// callback mode (100719 接收消息, 101027 接收事件). Wire names stay in this file.
import { z } from 'zod';
import { aibotMessageKey } from '../message-keys.ts';

/** The official address of the long connection. */
export const AIBOT_WS_URL = 'wss://openws.work.weixin.qq.com';

const headers = z.object({ req_id: z.string().min(1) }).passthrough();

const from = z.object({ userid: z.string().min(1) }).passthrough();

/** A message or event body as WeCom pushes it (also the decrypted JSON of the callback mode). */
const callbackBody = z.object({
  msgid: z.string().min(1),
  aibotid: z.string().optional(),
  chatid: z.string().optional(),
  chattype: z.enum(['single', 'group']).optional(),
  // Absent from a disconnected_event, which no member sent.
  from: from.optional(),
  create_time: z.number().optional(),
  response_url: z.string().optional(),
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).optional(),
  voice: z.object({ content: z.string() }).optional(),
  file: z.object({ url: z.string(), aeskey: z.string().optional() }).passthrough().optional(),
  mixed: z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() }).passthrough()) }).optional(),
  event: z.object({
    eventtype: z.string().min(1),
    template_card_event: z.object({ card_type: z.string().optional(), event_key: z.string(), task_id: z.string() }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

/** A message or event body. */
export type AibotBody = z.infer<typeof callbackBody>;

const pushed = z.object({ cmd: z.enum(['aibot_msg_callback', 'aibot_event_callback']), headers, body: callbackBody });
// The answer to one of our frames (subscribe, ping, respond, send).
const answer = z.object({ headers, errcode: z.number(), errmsg: z.string().optional(), body: z.record(z.unknown()).optional() });

/** A frame from WeCom: a message, an event, or the answer to a frame of ours; `invalid` names what is wrong, never the content. */
export type InboundFrame =
  | { kind: 'message'; reqId: string; body: AibotBody }
  | { kind: 'event'; reqId: string; body: AibotBody }
  | { kind: 'answer'; reqId: string; errcode: number; errmsg: string; body?: Record<string, unknown> }
  | { kind: 'invalid'; reason: string };

/** Read one frame of the long connection. */
export function readFrame(raw: string): InboundFrame {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof json === 'object' && json !== null && 'cmd' in json) {
    const parsed = pushed.safeParse(json);
    if (!parsed.success) return { kind: 'invalid', reason: reasonOf(parsed.error) };
    const f = parsed.data;
    return { kind: f.cmd === 'aibot_msg_callback' ? 'message' : 'event', reqId: f.headers.req_id, body: f.body };
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: reasonOf(parsed.error) };
  const { headers: h, errcode, errmsg = '', body } = parsed.data;
  return { kind: 'answer', reqId: h.req_id, errcode, errmsg, ...(body && { body }) };
}

/** Where a frame is wrong (the paths, never the values). */
function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).slice(0, 3).join('; ');
}

/** Read a decrypted callback-mode body (the same JSON as a frame's body). */
export function readBody(json: unknown): AibotBody | undefined {
  const parsed = callbackBody.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The journal key of a bot message or event: msgid is unique per bot (100719). */
export function aibotKeyOf(body: AibotBody): string {
  return aibotMessageKey(body.msgid);
}

/** A group message's text without its @-mentions (「@年报助手 进度」 is 「进度」, 100719). */
export function withoutMentions(text: string): string {
  return text.replace(/@[^\s@]+\s*/g, '').trim();
}

/** What a bot message or event means to us, wire names left behind. */
export type AibotInbound =
  | { kind: 'text'; text: string }
  | { kind: 'file'; url: string; aeskey?: string }
  | { kind: 'unsupported' }
  | { kind: 'entered' }
  | { kind: 'button'; key: string; taskId: string }
  /** Another connection subscribed as this bot: this one is closed by WeCom (101463). */
  | { kind: 'kicked' }
  | { kind: 'ignored' };

/** Classify a body. Voice arrives already transcribed (100719) and is read as text. */
export function readAibotInbound(body: AibotBody): AibotInbound {
  switch (body.msgtype) {
    case 'text':
      return body.text ? { kind: 'text', text: body.text.content } : { kind: 'unsupported' };
    case 'voice':
      return body.voice ? { kind: 'text', text: body.voice.content } : { kind: 'unsupported' };
    case 'mixed': {
      const texts = body.mixed?.msg_item.flatMap((item) => (item.msgtype === 'text' && item.text ? [item.text.content] : [])) ?? [];
      return texts.length ? { kind: 'text', text: texts.join('\n') } : { kind: 'unsupported' };
    }
    case 'file':
      return body.file ? { kind: 'file', url: body.file.url, ...(body.file.aeskey && { aeskey: body.file.aeskey }) } : { kind: 'unsupported' };
    case 'event': {
      const event = body.event;
      if (event?.eventtype === 'enter_chat') return { kind: 'entered' };
      if (event?.eventtype === 'disconnected_event') return { kind: 'kicked' };
      if (event?.eventtype === 'template_card_event' && event.template_card_event) return { kind: 'button', key: event.template_card_event.event_key, taskId: event.template_card_event.task_id };
      return { kind: 'ignored' };
    }
    default:
      return { kind: 'unsupported' };
  }
}

/** A frame of ours. */
export interface OutboundFrame {
  cmd: string;
  headers: { req_id: string };
  body?: unknown;
}

/** Subscribe as the bot (the first frame on a connection). */
export function subscribeFrame(reqId: string, botId: string, secret: string): OutboundFrame {
  return { cmd: 'aibot_subscribe', headers: { req_id: reqId }, body: { bot_id: botId, secret } };
}

/** The heartbeat (every 30 s, 101463). */
export function pingFrame(reqId: string): OutboundFrame {
  return { cmd: 'ping', headers: { req_id: reqId } };
}

/** A reply to the message that came with `reqId`. */
export function respondFrame(reqId: string, body: ReplyBody): OutboundFrame {
  return { cmd: 'aibot_respond_msg', headers: { req_id: reqId }, body };
}

/** The card of the button event that came with `reqId`, updated (within 5 s of the click, 101031). */
export function updateCardFrame(reqId: string, card: TemplateCard): OutboundFrame {
  return { cmd: 'aibot_respond_update_msg', headers: { req_id: reqId }, body: { response_type: 'update_template_card', template_card: card } };
}

/** A message the bot starts, to a single chat (chatid = the member's userid) or a group. */
export function sendFrame(reqId: string, chatid: string, body: ReplyBody): OutboundFrame {
  return { cmd: 'aibot_send_msg', headers: { req_id: reqId }, body: { chatid, ...body } };
}

/** A button of a template card. */
export interface CardButton {
  text: string;
  key: string;
  /** 1 for the prominent button. */
  style?: number;
}

/** A button_interaction template card (101032). */
export interface TemplateCard {
  card_type: 'button_interaction' | 'text_notice';
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  task_id: string;
  button_list?: { text: string; key: string; style: number }[];
  card_action?: { type: number; url?: string };
}

/** The body of a reply or a proactive message. */
export type ReplyBody =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'stream'; stream: { id: string; finish: boolean; content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard }
  | { msgtype: 'file'; file: { media_id: string } };

/** The three frames of a chunked upload of a temporary file (101463 上传临时素材): init, each chunk, finish. */
export const UPLOAD_CMDS = { init: 'aibot_upload_media_init', chunk: 'aibot_upload_media_chunk', finish: 'aibot_upload_media_finish' } as const;

/** The size of an upload's chunks before Base64 (512 KB, at most 100 of them). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

/** Markdown content. */
export function markdownBody(content: string): ReplyBody {
  return { msgtype: 'markdown', markdown: { content } };
}

/** A finished stream: the way to answer a message in one piece; the same id sent again replaces it, never adds a second. */
export function streamBody(id: string, content: string, finish = true): ReplyBody {
  return { msgtype: 'stream', stream: { id, finish, content } };
}

/** A card with buttons; a click comes back as a template_card_event with the button's key. */
export function buttonCard(taskId: string, title: string, description: string, buttons: { text: string; key: string }[]): TemplateCard {
  return {
    card_type: 'button_interaction',
    main_title: { title, ...(description && { desc: description }) },
    task_id: taskId,
    button_list: buttons.map((b, i) => ({ text: b.text, key: b.key, style: i === 0 ? 1 : 2 })),
  };
}

/** The card once a button was clicked: no buttons left, what was chosen as its title. */
export function chosenCard(taskId: string, chosen: string): TemplateCard {
  return { card_type: 'text_notice', main_title: { title: chosen }, task_id: taskId, card_action: { type: 0 } };
}
