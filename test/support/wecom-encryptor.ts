// WeCom's side of the callback, for tests: encrypts and signs the way WeCom does, written again
// from the scheme (https://developer.work.weixin.qq.com/document/path/90968) with node:crypto
// only, so that it does not share a bug with src/wecom or @wecom/crypto.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The query of a callback request, as WeCom sends it. */
export interface CallbackQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** The AES key and IV an EncodingAESKey stands for. */
export function keyOf(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new RangeError(`an EncodingAESKey decodes to 32 bytes, this one to ${key.length}`);
  return { key, iv: key.subarray(0, 16) };
}

/** random(16) | uint32 big-endian byte length of msg | msg | receiveId, not yet padded. */
export function frameMessage(plaintext: string, receiveId: string, random16: Buffer = randomBytes(16)): Buffer {
  if (random16.length !== 16) throw new RangeError('the random prefix is 16 bytes');
  const msg = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  return Buffer.concat([random16, length, msg, Buffer.from(receiveId, 'utf8')]);
}

/** PKCS#7 padding to a multiple of 32 bytes, WeCom's block size for padding. */
export function padTo32(buffer: Buffer): Buffer {
  const pad = 32 - (buffer.length % 32);
  return Buffer.concat([buffer, Buffer.alloc(pad, pad)]);
}

/** AES-256-CBC of a buffer already a multiple of 16 bytes, without any padding, as Base64. */
export function encryptBlocks(encodingAesKey: string, padded: Buffer): string {
  const { key, iv } = keyOf(encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** The Base64 ciphertext WeCom would send for a plaintext addressed to receiveId. */
export function encryptForWecom(encodingAesKey: string, plaintext: string, receiveId: string, random16?: Buffer): string {
  return encryptBlocks(encodingAesKey, padTo32(frameMessage(plaintext, receiveId, random16)));
}

/** Reverses encryptForWecom; throws on anything malformed (tests only feed it good ciphertext). */
export function decryptFromWecom(encodingAesKey: string, encrypted: string): { message: string; receiveId: string } {
  const { key, iv } = keyOf(encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const pad = padded[padded.length - 1];
  if (pad === undefined || pad < 1 || pad > 32) throw new RangeError(`bad pad byte ${pad}`);
  const frame = padded.subarray(0, padded.length - pad);
  const length = frame.readUInt32BE(16);
  if (20 + length > frame.length) throw new RangeError(`msg_len ${length} exceeds the frame`);
  return {
    message: frame.subarray(20, 20 + length).toString('utf8'),
    receiveId: frame.subarray(20 + length).toString('utf8'),
  };
}

/** msg_signature: sha1 hex of token, timestamp, nonce and ciphertext, sorted and joined. */
export function signWecom(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}

/** What a test needs to act as WeCom for one app. */
export interface WecomSide {
  token: string;
  encodingAesKey: string;
  corpId: string;
  timestamp?: string;
  nonce?: string;
  random16?: Buffer;
}

/** A complete POST callback: the signed query (also as a URL search string) and the XML body. */
export function callbackRequest(o: WecomSide & { plaintext: string; agentId?: string }): {
  query: CallbackQuery; search: string; body: string; encrypted: string;
} {
  const { timestamp = '1700000000', nonce = '1234567890', agentId = '1000002' } = o;
  const encrypted = encryptForWecom(o.encodingAesKey, o.plaintext, o.corpId, o.random16);
  const query = { msg_signature: signWecom(o.token, timestamp, nonce, encrypted), timestamp, nonce };
  const body = `<xml><ToUserName>${cdata(o.corpId)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt>`
    + `<AgentID>${cdata(agentId)}</AgentID></xml>`;
  return { query, search: new URLSearchParams({ ...query }).toString(), body, encrypted };
}

/** A GET URL verification: the signed query with echostr (also percent-encoded as on the wire). */
export function verifyUrlRequest(o: WecomSide & { echo: string }): {
  query: CallbackQuery & { echostr: string }; search: string;
} {
  const { timestamp = '1700000000', nonce = '1234567890' } = o;
  const echostr = encryptForWecom(o.encodingAesKey, o.echo, o.corpId, o.random16);
  const query = { msg_signature: signWecom(o.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
  return { query, search: new URLSearchParams({ ...query }).toString() };
}

/** The common fields of a decrypted message or event. */
export interface PlainFields {
  /** The CorpID. */
  toUser: string;
  fromUser: string;
  createTime?: string;
  agentId?: string;
}

/** A decrypted message of any MsgType, with extra fields in order, CDATA as WeCom writes them. */
export function messageXml(o: PlainFields & { msgType: string; msgId?: string; fields?: Record<string, string> }): string {
  const { createTime = '1700000000', agentId = '1000002', msgId = '1000000000000000001' } = o;
  const extra = Object.entries(o.fields ?? {}).map(([name, value]) => `<${name}>${cdata(value)}</${name}>`).join('');
  return `<xml><ToUserName>${cdata(o.toUser)}</ToUserName><FromUserName>${cdata(o.fromUser)}</FromUserName>`
    + `<CreateTime>${createTime}</CreateTime><MsgType>${cdata(o.msgType)}</MsgType>${extra}`
    + `<MsgId>${msgId}</MsgId><AgentID>${agentId}</AgentID></xml>`;
}

/** A decrypted text message. */
export function textMessageXml(o: PlainFields & { content: string; msgId?: string }): string {
  return messageXml({ ...o, msgType: 'text', fields: { Content: o.content } });
}

/** A decrypted event; optional fields are left out when not given; `extraXml` is appended raw. */
export function eventXml(o: PlainFields & {
  event: string; eventKey?: string; taskId?: string; cardType?: string; responseCode?: string; extraXml?: string;
}): string {
  const { createTime = '1700000000', agentId = '1000002' } = o;
  const optional: [string, string | undefined][] = [
    ['EventKey', o.eventKey], ['TaskId', o.taskId], ['CardType', o.cardType], ['ResponseCode', o.responseCode],
  ];
  const fields = optional.map(([name, value]) => (value === undefined ? '' : `<${name}>${cdata(value)}</${name}>`)).join('');
  return `<xml><ToUserName>${cdata(o.toUser)}</ToUserName><FromUserName>${cdata(o.fromUser)}</FromUserName>`
    + `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event>${cdata(o.event)}</Event>`
    + `${fields}<AgentID>${agentId}</AgentID>${o.extraXml ?? ''}</xml>`;
}

/** Text inside CDATA; a `]]>` is split over two sections, as XML requires. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** The official vectors of the callback scheme (spec wecom.md §1.5), copied exactly. */
export const wecomVectors = {
  /** Set A: the current official samples (sbzhu/weworkapi_python callback/Sample.py). */
  a: {
    token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
    encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
    corpId: 'ww1436e0e65a779aee',
    verify: {
      signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
      timestamp: '1476416373',
      nonce: '47744683',
      echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
      echo: '1288432023552776189',
    },
    message: {
      signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
      timestamp: '1476422779',
      nonce: '1597212914',
      body: '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>',
      plaintext: '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
    },
  },
  /** Set B: the legacy example of the 加解密方案 page and the C#/PHP/Python samples. */
  b: {
    token: 'QDG6eK',
    encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    corpId: 'wx5823bf96d3bd56c7',
    verify: {
      signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
      /** The query as it arrives, echostr percent-encoded. */
      wire: 'msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
      echo: '1616140317555161061',
    },
    message: {
      signature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
      encrypted: 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
      plaintext: '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
    },
  },
  /** Set C: a deterministic passive reply with Set A's keys and random `aaaabbbbccccdddd`. */
  c: {
    random: 'aaaabbbbccccdddd',
    plaintext: '<xml><ToUserName><![CDATA[ChenJiaShun]]></ToUserName><FromUserName><![CDATA[ww1436e0e65a779aee]]></FromUserName><CreateTime>1476422779</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
    timestamp: '1476422779',
    nonce: '1597212914',
    encrypted: 'RBkZDeI8jqj0PZbWAaXjNcJV5qSu7aFnSdcseoVG1QtIjAZvUBb/JtPGjvyszYCYkTk0Mo9JtoOFsq1QDFLWG+L8HOwVVK8f6cAsjfNaV3DdyvvgfwWDbsoipE7FljmSFBZ41nP43cAK28NeMAy0/cFmodpYGa759wC8HGQHw2Rjx9xR1x6Zll0HDrvJ5Y7I8swEfs5GAG/X7WpO28IPoHfq8Y19raXCmbQuY1BkmQHMg41F0d/aw2ypxA9hgCjG2jZuWn7uwgLinSb1ZzspDrQNi5WGcBATjSk0U/JSrW4sJmlxE4lv3Y3VKSW1OvEfl/pow2RRBHXyg5W7Uu9tuC3Q4n1SV2/OfTt4GfD2V1sJIU7xSpdwnSUwBjjTRTbm',
    signature: 'c608589f159251cae39d8628665dc46469f6b608',
  },
} as const;
