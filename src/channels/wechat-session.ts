// The web WeChat login (wechat4u's botData: session keys, sync key, cookies — a live credential)
// kept in the database encrypted with AES-256-GCM under NIANBAO_WECHAT_KEY, so that a restart
// resumes without scanning. A row that does not decrypt (another key) reads as no login.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WechatSession } from '../../entities/wechat-session.ts';

const NAME = 'default';
const VERSION = 'v1';
// Binds the ciphertext to its use: the same key encrypting something else cannot be swapped in.
const AAD = Buffer.from('nianbao:wechat_sessions');

/** Encrypt `plaintext` under a 32-byte key: `v1:<iv>:<tag>:<ciphertext>`, base64. */
export function sealSession(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** The plaintext of a sealed session, or undefined when it is not one of ours under this key. */
export function openSession(key: Buffer, sealed: string): string | undefined {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
  try {
    // The full 16-byte tag only: Node would otherwise accept a tag cut to 4 bytes.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: 16 }).setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** The stored login, decrypted; undefined when there is none or it does not decrypt. */
export async function loadSession(db: DataSource, key: Buffer): Promise<unknown> {
  const row = await db.manager.findOneBy(WechatSession, { name: NAME });
  const plaintext = row ? openSession(key, row.data) : undefined;
  return plaintext === undefined ? undefined : (JSON.parse(plaintext) as unknown);
}

/** Store the login (after `login`), replacing the one before. */
export async function saveSession(db: DataSource, key: Buffer, botData: unknown, at: Date): Promise<void> {
  await db.manager.save(WechatSession, { name: NAME, data: sealSession(key, JSON.stringify(botData)), updatedAt: at });
}

/** Forget the login (after `logout`: it no longer works). */
export async function deleteSession(db: DataSource): Promise<void> {
  await db.manager.delete(WechatSession, { name: NAME });
}
