// A file an official sent in chat, read as a report: the importer chosen by the file's first bytes
// (its name only where the bytes cannot tell), and every file that is no report of ours refused
// with what to send instead. No I/O: the bytes come from media/get (src/channels/wecom-file.ts).
import { extname } from 'node:path';
import type { FileRead } from '../../handlers/turn.ts';
import { decodeHtml, looksLikeHtml } from '../report/import/html.ts';
import { importHtml, importText, type ImportResult } from '../report/import/import-text.ts';
import { importDocx } from './read-docx.ts';
import { importPdf } from './read-pdf.ts';

const SEND_INSTEAD = '请发送上年报告的 Word（.docx）、PDF 或网页（.html）文件。';

// The signatures of what officials are likely to send by mistake.
const OLE = Buffer.from('D0CF11E0A1B11AE1', 'hex');
const IMAGES: [string, Buffer][] = [['PNG', Buffer.from('89504E47', 'hex')], ['JPEG', Buffer.from('FFD8FF', 'hex')], ['GIF', Buffer.from('GIF8')], ['BMP', Buffer.from('BM')]];
const EXCEL = new Set(['.xls', '.xlsx', '.et', '.csv']);
const IMAGE_NAMES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.webp', '.heic', '.tif', '.tiff']);

/** What a received file is as a report: imported (with what it read), or refused with the reason. */
export async function readReportFile(bytes: Uint8Array, fileName: string): Promise<FileRead> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ext = extname(fileName).toLowerCase();
  const starts = (magic: Buffer) => buffer.subarray(0, magic.length).equals(magic);
  const hints = fileName ? { fileName } : {};
  if (buffer.length === 0) return refused(`文件是空的。${SEND_INSTEAD}`);
  if (starts(OLE)) {
    // The same container holds old Word, Excel and WPS files; only the name tells them apart.
    return refused(EXCEL.has(ext) ? `Excel 表格不能作为年度报告导入。${SEND_INSTEAD}` : `这是旧版 Word（.doc）或 WPS 文件，无法直接读取：请在 Word 或 WPS 中“另存为” .docx 后再发送，或发送 PDF。`);
  }
  if (IMAGES.some(([, magic]) => starts(magic)) || isWebp(buffer) || IMAGE_NAMES.has(ext)) return refused(`图片中的文字无法读取。${SEND_INSTEAD}`);
  if (starts(Buffer.from('%PDF-'))) return outcome('pdf', () => importPdf(buffer, hints));
  if (starts(Buffer.from('PK'))) {
    if (buffer.includes('word/document.xml')) return outcome('docx', () => importDocx(buffer, hints));
    if (buffer.includes('xl/workbook.xml') || EXCEL.has(ext)) return refused(`Excel 表格不能作为年度报告导入。${SEND_INSTEAD}`);
    return refused(`这是压缩文件${ext ? `（${ext}）` : ''}，无法作为年度报告读取。${SEND_INSTEAD}`);
  }
  if (EXCEL.has(ext)) return refused(`Excel 表格不能作为年度报告导入。${SEND_INSTEAD}`);
  if (/^\.html?$/.test(ext) || looksLikeHtml(buffer)) return outcome('html', async () => importHtml(buffer, hints));
  if (ext === '.txt' || ext === '.md') return outcome('text', async () => importText(decodeHtml(buffer), hints));
  return refused(`无法识别这个文件${ext ? `（${ext}）` : ''}。${SEND_INSTEAD}`);
}

function isWebp(buffer: Buffer): boolean {
  return buffer.subarray(0, 4).toString('latin1') === 'RIFF' && buffer.subarray(8, 12).toString('latin1') === 'WEBP';
}

function refused(reason: string): FileRead {
  return { kind: 'refused', reason };
}

/** An importer's result as a FileRead; a file that breaks the importer is refused, not a failed turn. */
async function outcome(source: Extract<FileRead, { kind: 'imported' }>['source'], run: () => Promise<ImportResult>): Promise<FileRead> {
  let result: ImportResult;
  try {
    result = await run();
  } catch {
    return refused(`文件已损坏或无法读取。${SEND_INSTEAD}`);
  }
  // The command line's options (「也可用 --year 指定年份」) mean nothing in chat.
  if (result.kind === 'failed') return refused(result.reason.replace(/[；;，,]?[^；;，,。]*用 --(?:unit|year)[^。]*。/g, '。').replace(/。。/g, '。'));
  return { kind: 'imported', source, report: result.report, coverage: result.coverage };
}
