// A file an official sent through WeCom, fetched by media/get and read as a report. Runs before
// the message's turn, outside its transaction (src/bot/file-intake.ts): a download may take
// seconds, and a turn holds the member's conversation locked.
import type { FileRead } from '../../handlers/turn.ts';
import type { FileReader } from '../bot/file-intake.ts';
import { readReportFile } from '../publish/import-file.ts';
import type { ApiClient } from '../wecom/api-client.ts';

/** A report is a few MB; a scanned PDF of one perhaps 20. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The reader of WeCom files: download, then import; every failure a reason the official can act on. */
export function createWecomFileReader(client: Pick<ApiClient, 'downloadMedia'>, maxBytes = MAX_FILE_BYTES): FileReader {
  return async ({ mediaId, fileName }): Promise<FileRead> => {
    const got = await client.downloadMedia(mediaId, maxBytes);
    if (got.kind === 'tooLarge') return { kind: 'refused', reason: `文件超过${Math.round(maxBytes / 1024 / 1024)}MB，太大了，不像一份年度报告。请发送报告的 Word（.docx）、PDF 或网页文件。` };
    // 40007: the media_id expired (3 days) or is not one of this corp's.
    if (got.kind === 'failed' && got.errcode === 40007) return { kind: 'refused', reason: '文件已过期，无法下载，请重新发送。' };
    if (got.kind !== 'media') return { kind: 'refused', reason: '文件暂时无法从企业微信下载，请稍后重新发送。' };
    return readReportFile(got.bytes, fileName || got.fileName);
  };
}
