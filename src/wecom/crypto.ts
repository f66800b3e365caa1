// The callback crypto of a WeCom self-built app: signature, decryption with the receiveid check,
// and the encrypted passive reply. Scheme: https://developer.work.weixin.qq.com/document/path/90968
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

/** The three values set in the app's 接收消息 settings, plus the expected receiveid. */
export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  /** The CorpID for a self-built app's callbacks. */
  receiveId: string;
}

/** What opening a callback envelope gave: the plaintext, or why it was refused. */
export type Opened =
  | { kind: 'opened'; plaintext: string }
  | { kind: 'rejected'; reason: 'signature' | 'ciphertext' | 'receiveid' };

/** The signed parts of a callback: the query's msg_signature, timestamp, nonce and the ciphertext. */
export interface SealedParts {
  signature: string;
  timestamp: string;
  nonce: string;
  /** `Encrypt` of a POST body, or `echostr` of a GET verification. */
  encrypted: string;
}

/** The msg_signature of a ciphertext: sha1 hex of the four strings sorted and joined. */
export function signatureOf(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** Verifies, decrypts and checks the receiveid of a callback; never throws. */
export function openEnvelope(keys: CallbackKeys, p: SealedParts): Opened {
  if (!isSignedBy(keys.token, p)) return { kind: 'rejected', reason: 'signature' };
  const frame = decryptFrame(keys.encodingAesKey, p.encrypted);
  if (frame === undefined) return { kind: 'rejected', reason: 'ciphertext' };
  // The receiveid must be the CorpID (https://developer.work.weixin.qq.com/document/path/90968);
  // @wecom/crypto returns it unchecked, and a message meant for another corp must not be accepted.
  if (!frame.receiveId.equals(Buffer.from(keys.receiveId, 'utf8'))) return { kind: 'rejected', reason: 'receiveid' };
  return { kind: 'opened', plaintext: frame.message.toString('utf8') };
}

/** The encrypted XML body of a passive reply (https://developer.work.weixin.qq.com/document/path/90241). */
export function sealReply(keys: CallbackKeys, plaintext: string, timestamp: string, nonce: string, random?: string): string {
  const prefix = random === undefined ? randomBytes(16) : Buffer.from(random, 'utf8');
  if (prefix.length !== 16) throw new RangeError(`sealReply: random must be 16 bytes, got ${prefix.length}`);
  const encrypted = encrypt(keys.encodingAesKey, plaintext, keys.receiveId, prefix);
  const signature = signatureOf(keys.token, timestamp, nonce, encrypted);
  return `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>`
    + `<TimeStamp>${escapeText(timestamp)}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
}

/** Whether a string can be an EncodingAESKey: 43 letters or digits, the Base64 of 32 bytes. */
export function isEncodingAesKey(s: string): boolean {
  // No canonical-Base64 check: the official keys (Sets A and B of the spec) end in a character
  // whose two discarded bits are not zero.
  return /^[A-Za-z0-9]{43}$/.test(s) && Buffer.from(`${s}=`, 'base64').length === 32;
}

function isSignedBy(token: string, p: SealedParts): boolean {
  const expected = Buffer.from(signatureOf(token, p.timestamp, p.nonce, p.encrypted), 'utf8');
  const given = Buffer.from(p.signature, 'utf8');
  // timingSafeEqual throws on buffers of different lengths; the length of a sha1 hex is public.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Frame {
  message: Buffer;
  receiveId: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
/** WeCom pads to 32-byte blocks, not AES's 16 (https://developer.work.weixin.qq.com/document/path/90968). */
const PAD_BLOCK = 32;

/** random(16) | msg_len(4, big-endian) | msg | receiveid, or undefined for any malformed input. */
function decryptFrame(encodingAesKey: string, encrypted: string): Frame | undefined {
  // Buffer.from(…, 'base64') silently skips characters outside the alphabet; accept only text
  // that is exactly the canonical encoding of what it decodes to.
  if (!BASE64.test(encrypted) || encrypted.length % 4 !== 0) return undefined;
  const ciphertext = Buffer.from(encrypted, 'base64');
  if (ciphertext.toString('base64') !== encrypted) return undefined;
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) return undefined;
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) return undefined;

  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  // Node's PKCS#7 is for 16-byte blocks and fails on WeCom's pad values 17…32.
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);

  const unpadded = unpad(padded);
  if (unpadded === undefined || unpadded.length < RANDOM_BYTES + LENGTH_BYTES) return undefined;
  const length = unpadded.readUInt32BE(RANDOM_BYTES);
  const start = RANDOM_BYTES + LENGTH_BYTES;
  if (length > unpadded.length - start) return undefined;
  return { message: unpadded.subarray(start, start + length), receiveId: unpadded.subarray(start + length) };
}

/** Strips PKCS#7 padding of 1…32 bytes; @wecom/crypto keeps the bytes when the value is outside. */
function unpad(padded: Buffer): Buffer | undefined {
  const pad = padded[padded.length - 1];
  if (pad === undefined || pad < 1 || pad > PAD_BLOCK || pad > padded.length) return undefined;
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) return undefined;
  return padded.subarray(0, padded.length - pad);
}

/** A CDATA section holding any text: a `]]>` inside is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
