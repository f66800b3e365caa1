// XML ⇄ typed inbound messages. The WeCom wire names (ToUserName, MsgType, …) stay in this file.
// Formats: https://developer.work.weixin.qq.com/document/path/90239 (messages) and
// https://developer.work.weixin.qq.com/document/path/90240 (events). A file message (MsgType
// `file`, MediaId, FileName) is not on the self-built app's page, which lists six types; some apps
// report receiving one (as the 智能机器人 and 微信客服 do), so it is read when it comes, the file name
// optional: media/get's Content-Disposition names the file too.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { wecomEventKey, wecomMessageKey, wecomPlaintextKey } from '../message-keys.ts';

/** The outer POST body of a callback, or why it could not be read. */
export type Envelope =
  | { kind: 'envelope'; toUserName: string; agentId: string; encrypted: string }
  | { kind: 'invalid'; reason: string };

/** The media message types a self-built app receives besides text. */
export type MediaType = 'image' | 'voice' | 'video' | 'location' | 'link';

/** A decrypted callback message; every value is kept as the string it was on the wire. */
export type WecomInbound =
  | { kind: 'text'; msgId: string; fromUser: string; createTime: string; agentId: string; content: string }
  | { kind: 'media'; msgType: MediaType; msgId: string; fromUser: string; createTime: string; agentId: string }
  | { kind: 'file'; msgId: string; fromUser: string; createTime: string; agentId: string; mediaId: string; fileName: string }
  | {
    kind: 'event'; event: string; eventKey: string; fromUser: string; createTime: string; agentId: string;
    taskId: string; cardType: string; responseCode: string; dedupeKey: string;
  }
  | { kind: 'unsupported'; msgType: string; fromUser: string; createTime: string; dedupeKey: string };

/** A document that is not a callback message, with the reason. */
export type InvalidInbound = { kind: 'invalid'; reason: string };

/** Reads the outer `<xml><ToUserName/><AgentID/><Encrypt/></xml>` of a POST callback. */
export function readEnvelope(body: string): Envelope {
  const read = readFields(body);
  if (read.kind === 'invalid') return read;
  const encrypted = fieldOf(read.fields, 'Encrypt');
  const toUserName = fieldOf(read.fields, 'ToUserName');
  const agentId = fieldOf(read.fields, 'AgentID');
  for (const f of [encrypted, toUserName, agentId]) if (f.kind === 'invalid') return f;
  if (encrypted.kind !== 'value' || encrypted.value === '') return invalid('Encrypt is missing');
  return { kind: 'envelope', toUserName: valueOr(toUserName), agentId: valueOr(agentId), encrypted: encrypted.value };
}

/** Reads a decrypted callback plaintext into a typed message. */
export function readInbound(plaintext: string): WecomInbound | InvalidInbound {
  const read = readFields(plaintext);
  if (read.kind === 'invalid') return read;
  const wanted = ['MsgType', 'FromUserName', 'CreateTime', 'AgentID', 'MsgId', 'Content',
    'Event', 'EventKey', 'TaskId', 'CardType', 'ResponseCode', 'MediaId', 'FileName'] as const;
  const f: Partial<Record<(typeof wanted)[number], string>> = {};
  for (const name of wanted) {
    const field = fieldOf(read.fields, name);
    if (field.kind === 'invalid') return field;
    if (field.kind === 'value') f[name] = field.value;
  }
  const { MsgType: msgType, FromUserName: fromUser, CreateTime: createTime } = f;
  if (!msgType) return invalid('MsgType is missing');
  if (!fromUser) return invalid('FromUserName is missing');
  if (!createTime) return invalid('CreateTime is missing');
  const agentId = f.AgentID ?? '';
  const oversized = oversizedIdentifier(f);
  if (oversized) return invalid(oversized);

  if (msgType === 'event') {
    if (!f.Event) return invalid('Event is missing');
    return {
      kind: 'event', event: f.Event, eventKey: f.EventKey ?? '', fromUser, createTime, agentId,
      taskId: f.TaskId ?? '', cardType: f.CardType ?? '', responseCode: f.ResponseCode ?? '',
      dedupeKey: wecomEventKey(plaintext),
    };
  }
  if (msgType === 'file') {
    if (!f.MsgId) return invalid('MsgId is missing');
    if (!f.MediaId) return invalid('MediaId is missing');
    return { kind: 'file', msgId: f.MsgId, fromUser, createTime, agentId, mediaId: f.MediaId, fileName: f.FileName ?? '' };
  }
  if (msgType === 'text' || isMediaType(msgType)) {
    if (!f.MsgId) return invalid('MsgId is missing');
    if (msgType !== 'text') return { kind: 'media', msgType, msgId: f.MsgId, fromUser, createTime, agentId };
    if (f.Content === undefined) return invalid('Content is missing');
    return { kind: 'text', msgId: f.MsgId, fromUser, createTime, agentId, content: f.Content };
  }
  const dedupeKey = f.MsgId ? wecomMessageKey(f.MsgId) : wecomPlaintextKey(plaintext);
  return { kind: 'unsupported', msgType, fromUser, createTime, dedupeKey };
}

/**
 * The key a delivery is claimed under, so that WeCom's retries are handled once: `msg:<MsgId>`
 * for messages; for events a hash of the whole plaintext, since FromUserName + CreateTime (what
 * https://developer.work.weixin.qq.com/document/path/96466 suggests) collides for distinct
 * events in the same second.
 */
export function dedupeKeyOf(m: WecomInbound): string {
  return m.kind === 'text' || m.kind === 'media' || m.kind === 'file' ? wecomMessageKey(m.msgId) : m.dedupeKey;
}

const MEDIA_TYPES: readonly string[] = ['image', 'voice', 'video', 'location', 'link'] satisfies MediaType[];

function isMediaType(s: string): s is MediaType {
  return MEDIA_TYPES.includes(s);
}

// The largest identifiers WeCom sends: a UserID is 1–64 bytes (成员UserID，长度为1~64个字节), a
// MsgId a 64-bit integer (at most 20 digits), a card's task_id at most 128 bytes and a button's key
// 1024 (https://developer.work.weixin.qq.com/document/path/90239, …/90236). Larger ones cannot be
// WeCom's, and could never be stored: refused as bad input rather than failing in the database.
// A media_id is about 60–110 bytes (…/90253): 256 is ample. A file name is at most 255 bytes on
// every system WeCom runs on.
const MAX_BYTES = { FromUserName: 64, TaskId: 128, EventKey: 1024, MediaId: 256, FileName: 255 } as const;

/** Why an identifier is not one WeCom could have sent, or undefined. */
function oversizedIdentifier(f: Partial<Record<'FromUserName' | 'MsgId' | 'TaskId' | 'EventKey' | 'MediaId' | 'FileName', string>>): string | undefined {
  for (const [name, max] of Object.entries(MAX_BYTES) as [keyof typeof MAX_BYTES, number][]) {
    const value = f[name];
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > max) return `${name} is longer than ${max} bytes`;
  }
  if (f.MsgId !== undefined && !/^\d{1,20}$/.test(f.MsgId)) return 'MsgId is not a 64-bit integer (at most 20 digits)';
  return undefined;
}

function invalid(reason: string): InvalidInbound {
  return { kind: 'invalid', reason };
}

// Strings only: MsgId is a 64-bit integer and must not become a Number; no entity processing, and
// CDATA merged into the text so that Content keeps `<b>`, spaces and newlines exactly.
const parser = new XMLParser({
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Fields = Record<string, unknown>;
type Field = { kind: 'value'; value: string } | { kind: 'absent' } | InvalidInbound;

/** The children of the `<xml>` root of a well-formed document without DTD. */
function readFields(text: string): { kind: 'fields'; fields: Fields } | InvalidInbound {
  const refused = findDeclaration(text);
  if (refused !== undefined) return invalid(refused);
  const validation = XMLValidator.validate(text);
  if (validation !== true) return invalid(`not well-formed XML: ${validation.err.msg}`);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    // The parser throws on tag names such as __proto__ and constructor (prototype pollution).
    return invalid('the XML parser refused the document');
  }
  if (!isRecord(doc)) return invalid('not an XML document');
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== 'xml') return invalid('the root element must be <xml>');
  const root = doc.xml;
  if (!isRecord(root)) return invalid('<xml> has no child elements');
  // Whitespace between the child elements is collected as #text (trimValues is off).
  const loose = root['#text'];
  if (loose !== undefined && (typeof loose !== 'string' || loose.trim() !== '')) return invalid('<xml> contains text outside its elements');
  return { kind: 'fields', fields: root };
}

const SKIPPED = [['<!--', '-->'], ['<![CDATA[', ']]>']] as const;

/**
 * Why a document must not be parsed: a DOCTYPE or ENTITY declaration is how entity expansion
 * (billion laughs) and external entities (XXE) get in, and WeCom never sends one. Comments and
 * CDATA are skipped whole, so a member typing `<!DOCTYPE html>` into a message is not refused;
 * one pass of indexOf, so a hostile body cannot make it quadratic.
 */
function findDeclaration(text: string): string | undefined {
  for (let i = text.indexOf('<!'); i !== -1; i = text.indexOf('<!', i)) {
    const skip = SKIPPED.find(([open]) => text.startsWith(open, i));
    if (skip !== undefined) {
      const end = text.indexOf(skip[1], i + skip[0].length);
      if (end === -1) return 'an unterminated comment or CDATA section';
      i = end + skip[1].length;
    } else if (/^<!(DOCTYPE|ENTITY)/i.test(text.slice(i, i + 9))) {
      return 'a DOCTYPE or ENTITY declaration is not allowed';
    } else {
      i += 2;
    }
  }
  return undefined;
}

function fieldOf(fields: Fields, name: string): Field {
  if (!Object.hasOwn(fields, name)) return { kind: 'absent' };
  const value = fields[name];
  if (Array.isArray(value)) return invalid(`${name} is given more than once`);
  if (typeof value !== 'string') return invalid(`${name} must be text`);
  return { kind: 'value', value };
}

function valueOr(field: Field): string {
  return field.kind === 'value' ? field.value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
