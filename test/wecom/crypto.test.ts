// The callback crypto against the official vectors (spec wecom.md §1.5) and against ciphertexts
// made by the independent encryptor in test/support, including malformed ones.
import { createCipheriv } from 'node:crypto';
import test from 'ava';
import { decrypt } from '@wecom/crypto';
import fc from 'fast-check';
import { isEncodingAesKey, openEnvelope, sealReply, signatureOf, type CallbackKeys } from '../../src/wecom/crypto.ts';
import { readEnvelope, readInbound } from '../../src/wecom/inbound.ts';
import {
  decryptFromWecom, encryptBlocks, encryptForWecom, frameMessage, keyOf, padTo32, signWecom, wecomVectors,
} from '../support/wecom-encryptor.ts';

const { a, b, c } = wecomVectors;
const keysA: CallbackKeys = { token: a.token, encodingAesKey: a.encodingAesKey, receiveId: a.corpId };
const keysB: CallbackKeys = { token: b.token, encodingAesKey: b.encodingAesKey, receiveId: b.corpId };
const b2Body = `<xml><ToUserName><![CDATA[${b.corpId}]]></ToUserName><Encrypt><![CDATA[${b.message.encrypted}]]></Encrypt>`
  + '<AgentID><![CDATA[218]]></AgentID></xml>';

/** A ciphertext for Set A, signed correctly, so that only the decryption can refuse it. */
const signedA = (encrypted: string) => ({
  signature: signWecom(a.token, '1700000000', '42', encrypted), timestamp: '1700000000', nonce: '42', encrypted,
});

test('A1: the URL verification echostr opens to the number to echo', (t) => {
  const v = a.verify;
  t.deepEqual(openEnvelope(keysA, { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypted: v.echostr }),
    { kind: 'opened', plaintext: '1288432023552776189' });
});

test('B1: the URL verification echostr opens to the number to echo', (t) => {
  const v = b.verify;
  t.deepEqual(openEnvelope(keysB, { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypted: v.echostr }),
    { kind: 'opened', plaintext: '1616140317555161061' });
});

test('B1: the percent-encoded query, decoded by URLSearchParams, opens the same', (t) => {
  const q = new URLSearchParams(b.verify.wire);
  const p = { signature: q.get('msg_signature') ?? '', timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '', encrypted: q.get('echostr') ?? '' };
  t.is(p.encrypted, b.verify.echostr);
  t.deepEqual(openEnvelope(keysB, p), { kind: 'opened', plaintext: '1616140317555161061' });
});

test('A2: the POST body opens to the official plaintext, a text message 你好', (t) => {
  const m = a.message;
  const envelope = readEnvelope(m.body);
  if (envelope.kind !== 'envelope') return t.fail(envelope.reason);
  t.is(envelope.toUserName, a.corpId);
  t.is(envelope.agentId, '1000002');
  const opened = openEnvelope(keysA, { signature: m.signature, timestamp: m.timestamp, nonce: m.nonce, encrypted: envelope.encrypted });
  t.deepEqual(opened, { kind: 'opened', plaintext: m.plaintext });
  t.deepEqual(readInbound(m.plaintext), {
    kind: 'text', msgId: '1456453720', fromUser: 'ChenJiaShun', createTime: '1476422779', agentId: '1000002', content: '你好',
  });
});

test('B2: the POST body opens to the official plaintext with its newlines; the 64-bit MsgId stays exact', (t) => {
  const m = b.message;
  const envelope = readEnvelope(b2Body);
  t.deepEqual(envelope, { kind: 'envelope', toUserName: b.corpId, agentId: '218', encrypted: m.encrypted });
  const opened = openEnvelope(keysB, { signature: m.signature, timestamp: m.timestamp, nonce: m.nonce, encrypted: m.encrypted });
  t.deepEqual(opened, { kind: 'opened', plaintext: m.plaintext });
  t.deepEqual(readInbound(m.plaintext), {
    kind: 'text', msgId: '4561255354251345929', fromUser: 'mycreate', createTime: '1409659813', agentId: '218', content: 'hello',
  });
});

test('C: a passive reply with a fixed random is exactly the derived envelope', (t) => {
  t.is(sealReply(keysA, c.plaintext, c.timestamp, c.nonce, c.random),
    `<xml><Encrypt><![CDATA[${c.encrypted}]]></Encrypt><MsgSignature><![CDATA[${c.signature}]]></MsgSignature>`
    + `<TimeStamp>${c.timestamp}</TimeStamp><Nonce><![CDATA[${c.nonce}]]></Nonce></xml>`);
});

test('a passive reply opens again to its plaintext, addressed to the CorpID', (t) => {
  const body = sealReply(keysA, '<xml>回复</xml>', '1700000000', 'nonce-1');
  const encrypted = /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(body)?.[1] ?? '';
  const signature = /<MsgSignature><!\[CDATA\[([0-9a-f]+)\]\]>/.exec(body)?.[1] ?? '';
  t.is(signature, signWecom(a.token, '1700000000', 'nonce-1', encrypted));
  t.deepEqual(decryptFromWecom(a.encodingAesKey, encrypted), { message: '<xml>回复</xml>', receiveId: a.corpId });
});

test('a random prefix that is not 16 bytes is a programming error', (t) => {
  t.throws(() => sealReply(keysA, 'x', '1', '2', 'short'), { instanceOf: RangeError });
});

test('signatureOf is the sha1 of the four strings sorted and joined', (t) => {
  t.is(signatureOf(a.token, a.message.timestamp, a.message.nonce, /CDATA\[(Kl7[^\]]+)/.exec(a.message.body)?.[1] ?? ''), a.message.signature);
  t.is(signatureOf(b.token, b.verify.timestamp, b.verify.nonce, b.verify.echostr), b.verify.signature);
});

const a1 = { signature: a.verify.signature, timestamp: a.verify.timestamp, nonce: a.verify.nonce, encrypted: a.verify.echostr };
const flipHex = (s: string, i: number) => s.slice(0, i) + (s[i] === '0' ? '1' : '0') + s.slice(i + 1);

test('a signature with one hex digit changed is rejected as signature', (t) => {
  t.deepEqual(openEnvelope(keysA, { ...a1, signature: flipHex(a1.signature, 17) }), { kind: 'rejected', reason: 'signature' });
});

test('an empty, a too-long and an upper-case signature are rejected as signature', (t) => {
  for (const signature of ['', `${a1.signature}0`, a1.signature.toUpperCase(), '签'.repeat(40)]) {
    t.deepEqual(openEnvelope(keysA, { ...a1, signature }), { kind: 'rejected', reason: 'signature' }, signature);
  }
});

test('a signature over another timestamp or nonce is rejected as signature', (t) => {
  t.deepEqual(openEnvelope(keysA, { ...a1, timestamp: '1476416374' }), { kind: 'rejected', reason: 'signature' });
  t.deepEqual(openEnvelope(keysA, { ...a1, nonce: '47744684' }), { kind: 'rejected', reason: 'signature' });
});

test('a signature made with another token is rejected as signature', (t) => {
  t.deepEqual(openEnvelope({ ...keysA, token: 'another' }, a1), { kind: 'rejected', reason: 'signature' });
});

test('a ciphertext with one Base64 character changed, correctly signed, is rejected as ciphertext', (t) => {
  // The echostr is 64 bytes; character 70 lies in the last AES block, so the whole last plaintext
  // block, pad byte included, decrypts to garbage. (A change in an earlier block only flips bits
  // of the next plaintext block: CBC has no integrity, which is the signature's job.)
  const echostr = a.verify.echostr;
  const i = 70;
  const changed = echostr.slice(0, i) + (echostr[i] === 'A' ? 'B' : 'A') + echostr.slice(i + 1);
  t.not(changed, echostr);
  t.deepEqual(openEnvelope(keysA, signedA(changed)), { kind: 'rejected', reason: 'ciphertext' });
});

test('a ciphertext that is not Base64, empty, or of a bad length is rejected as ciphertext', (t) => {
  const echostr = a.verify.echostr;
  const cases = [
    '', 'not base64!', '你好', echostr.replace('+', '-'), echostr.replace('+', ' '), `${echostr}\n`, echostr.slice(0, -4),
    echostr.slice(0, -2), Buffer.alloc(15).toString('base64'), Buffer.alloc(16).toString('base64'),
    // Non-canonical Base64: the last character's discarded bits are not zero.
    `${echostr.slice(0, -3)}B==`,
  ];
  for (const encrypted of cases) {
    t.deepEqual(openEnvelope(keysA, signedA(encrypted)), { kind: 'rejected', reason: 'ciphertext' }, encrypted);
  }
});

/** A correctly encrypted frame for Set A whose padding is the given bytes. */
const withPadding = (padding: Buffer) => {
  const frame = frameMessage('hello', a.corpId, Buffer.alloc(16, 7));
  return encryptBlocks(a.encodingAesKey, Buffer.concat([frame, padding]));
};

test('the frame helper gives 16 + 4 + 5 + 18 = 43 bytes, so 21 bytes of padding reach 64', (t) => {
  t.is(frameMessage('hello', a.corpId, Buffer.alloc(16)).length, 43);
  t.deepEqual(openEnvelope(keysA, signedA(withPadding(Buffer.alloc(21, 21)))), { kind: 'opened', plaintext: 'hello' });
});

test('a pad byte of 0 or 33 is rejected as ciphertext, though @wecom/crypto would accept it', (t) => {
  // 43 + 21 = 64: the last byte is the pad byte under test.
  for (const last of [0, 33]) {
    const padding = Buffer.concat([Buffer.alloc(20, last), Buffer.from([last])]);
    const encrypted = withPadding(padding);
    t.deepEqual(openEnvelope(keysA, signedA(encrypted)), { kind: 'rejected', reason: 'ciphertext' }, `pad ${last}`);
    // The library keeps the padding as part of the receiveid instead of refusing the ciphertext.
    t.deepEqual(decrypt(a.encodingAesKey, encrypted).id, a.corpId + padding.toString('utf8'));
  }
});

test('padding bytes that disagree with the pad byte are rejected as ciphertext', (t) => {
  const padding = Buffer.alloc(21, 21);
  padding[3] = 20;
  t.deepEqual(openEnvelope(keysA, signedA(withPadding(padding))), { kind: 'rejected', reason: 'ciphertext' });
});

test('a msg_len larger than the frame is rejected as ciphertext', (t) => {
  const frame = frameMessage('hello', a.corpId, Buffer.alloc(16, 7));
  frame.writeUInt32BE(1000, 16);
  t.deepEqual(openEnvelope(keysA, signedA(encryptBlocks(a.encodingAesKey, padTo32(frame)))), { kind: 'rejected', reason: 'ciphertext' });
});

test('a frame shorter than random and msg_len is rejected as ciphertext', (t) => {
  t.deepEqual(openEnvelope(keysA, signedA(encryptBlocks(a.encodingAesKey, padTo32(Buffer.alloc(10, 1))))), { kind: 'rejected', reason: 'ciphertext' });
});

test('a whole ciphertext of 32-byte padding alone is rejected as ciphertext', (t) => {
  t.deepEqual(openEnvelope(keysA, signedA(encryptBlocks(a.encodingAesKey, Buffer.alloc(32, 32)))), { kind: 'rejected', reason: 'ciphertext' });
});

test('a ciphertext under another AES key is rejected as ciphertext', (t) => {
  const { key, iv } = keyOf(b.encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(padTo32(frameMessage('hello', a.corpId))), cipher.final()]).toString('base64');
  t.deepEqual(openEnvelope(keysA, signedA(encrypted)), { kind: 'rejected', reason: 'ciphertext' });
});

test('a message encrypted for another CorpID is rejected as receiveid', (t) => {
  const encrypted = encryptForWecom(a.encodingAesKey, 'hello', 'ww0000000000000000');
  t.deepEqual(openEnvelope(keysA, signedA(encrypted)), { kind: 'rejected', reason: 'receiveid' });
  const prefixed = encryptForWecom(a.encodingAesKey, 'hello', `${a.corpId}x`);
  t.deepEqual(openEnvelope(keysA, signedA(prefixed)), { kind: 'rejected', reason: 'receiveid' });
  t.deepEqual(openEnvelope({ ...keysA, receiveId: '' }, signedA(encryptForWecom(a.encodingAesKey, 'hello', a.corpId))), { kind: 'rejected', reason: 'receiveid' });
});

test('an empty receiveid (智能机器人) opens when the keys expect it', (t) => {
  const encrypted = encryptForWecom(a.encodingAesKey, 'hello', '');
  t.deepEqual(openEnvelope({ ...keysA, receiveId: '' }, signedA(encrypted)), { kind: 'opened', plaintext: 'hello' });
});

test('property: any string encrypted as WeCom does opens back to itself', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (plaintext, random) => {
    const encrypted = encryptForWecom(a.encodingAesKey, plaintext, a.corpId, Buffer.from(random));
    const opened = openEnvelope(keysA, signedA(encrypted));
    // unit 'binary' makes whole code points, never a lone surrogate, so UTF-8 round-trips exactly.
    return opened.kind === 'opened' && opened.plaintext === plaintext;
  }), { numRuns: 300 });
  t.pass();
});

test('property: openEnvelope never throws, whatever the strings', (t) => {
  const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.base64String(), fc.stringMatching(/^[0-9a-f]{40}$/));
  fc.assert(fc.property(anyString, anyString, anyString, anyString, (signature, timestamp, nonce, encrypted) => {
    t.notThrows(() => openEnvelope(keysA, { signature, timestamp, nonce, encrypted }));
    t.notThrows(() => openEnvelope(keysA, signedA(encrypted)));
  }), { numRuns: 300 });
});

test('property: correctly signed random Base64 of whole blocks is rejected, never thrown', (t) => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n })), (bytes) => {
    const opened = openEnvelope(keysA, signedA(Buffer.from(bytes).toString('base64')));
    // A random block can by chance have a valid pad and a short msg_len; then the receiveid fails.
    return opened.kind === 'rejected' && (opened.reason === 'ciphertext' || opened.reason === 'receiveid');
  }), { numRuns: 300 });
  t.pass();
});

test('isEncodingAesKey accepts the official keys and refuses anything else', (t) => {
  t.is(isEncodingAesKey(a.encodingAesKey), true);
  t.is(isEncodingAesKey(b.encodingAesKey), true);
  for (const bad of ['', a.encodingAesKey.slice(1), `${a.encodingAesKey}A`, `${a.encodingAesKey.slice(0, 42)}=`,
    `${a.encodingAesKey.slice(0, 42)}+`, `${a.encodingAesKey.slice(0, 42)}/`, ` ${a.encodingAesKey.slice(1)}`, `${a.encodingAesKey.slice(0, 42)}好`]) {
    t.is(isEncodingAesKey(bad), false, bad);
  }
});
