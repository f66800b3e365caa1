// A file a member sends the 智能机器人 in a single chat (100719 文件消息): its message carries a
// download URL valid for 5 minutes, and the file behind it is encrypted — AES-256-CBC with the
// key of the callback's EncodingAESKey (IV its first 16 bytes), PKCS#7-padded to 32 bytes.
// Fetched and read before the message's turn, outside its transaction (src/bot/file-intake.ts).
import { createDecipheriv } from 'node:crypto';
import type { FileRead } from '../../handlers/turn.ts';
import type { FileReader } from '../bot/file-intake.ts';
import { readReportFile } from '../publish/import-file.ts';
import { MAX_FILE_BYTES } from './wecom-file.ts';

const PREFIX = 'aibot-url:';
const TIMEOUT_MS = 30_000;

/** The journal's MediaId of a file sent to the bot: its URL, marked as the bot's. */
export function aibotFileId(url: string): string {
  return `${PREFIX}${url}`;
}

/** The reader of files sent to the bot (their MediaId made by aibotFileId); any other goes to `fallback` (the app's). */
export function createAibotFileReader(encodingAesKey: string, fallback?: FileReader, options: { timeoutMs?: number; maxBytes?: number } = {}): FileReader {
  const { timeoutMs = TIMEOUT_MS, maxBytes = MAX_FILE_BYTES } = options;
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  return async (file): Promise<FileRead> => {
    if (!file.mediaId.startsWith(PREFIX)) return fallback ? fallback(file) : { kind: 'refused', reason: '文件暂时无法读取，请稍后重新发送。' };
    let response: Response;
    try {
      response = await fetch(file.mediaId.slice(PREFIX.length), { signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return { kind: 'refused', reason: '文件暂时无法从企业微信下载，请稍后重新发送。' };
    }
    // The URL works for 5 minutes (100719).
    if (!response.ok) return { kind: 'refused', reason: '文件已过期，无法下载，请重新发送。' };
    const tooLarge: FileRead = { kind: 'refused', reason: `文件超过${Math.round(maxBytes / 1024 / 1024)}MB，太大了，不像一份年度报告。请发送报告的 Word（.docx）、PDF 或网页文件。` };
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes + 32) return tooLarge;
    const sealed = Buffer.from(await response.arrayBuffer());
    if (sealed.length > maxBytes + 32) return tooLarge;
    const bytes = decryptFile(sealed, key);
    if (!bytes) return { kind: 'refused', reason: '文件无法解密，请重新发送。' };
    return readReportFile(bytes, file.fileName || fileNameOf(response.headers.get('content-disposition')));
  };
}

/** AES-256-CBC, IV the key's first 16 bytes, PKCS#7 to 32 bytes; undefined when it does not decrypt. */
function decryptFile(sealed: Buffer, key: Buffer): Buffer | undefined {
  if (sealed.length === 0 || sealed.length % 16 !== 0) return undefined;
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  // Node would strip a 16-byte block's padding: the pad is checked by hand.
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(sealed), decipher.final()]);
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > 32 || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) return undefined;
  return plain.subarray(0, plain.length - pad);
}

/** The file's name from a Content-Disposition header (RFC 5987 first), or ''. */
function fileNameOf(header: string | null): string {
  if (!header) return '';
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(header);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  try {
    return decodeURIComponent(extended?.[1] ?? plain?.[1] ?? '');
  } catch {
    return '';
  }
}
