// CSV as Excel and WPS write it (RFC 4180: comma-separated, "quoted" fields with "" for a quote,
// line breaks inside quotes), with or without a UTF-8 BOM, CRLF or LF, in UTF-8 or in GBK (Excel's
// "CSV (逗号分隔)" on a Chinese Windows); and a table read from it by its header, for the admin
// imports. No I/O.
import iconv from 'iconv-lite';

/** A CSV file's text and the encoding it was read in, or why it is not a CSV text. */
export type DecodedCsv = { kind: 'read'; text: string; encoding: 'UTF-8' | 'GB18030' } | { kind: 'failed'; reason: string };

const SAVE_AS = '请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”';

/** Decode a CSV file: UTF-8 (with or without BOM) when it is valid UTF-8, else GB18030 (a superset of GBK); anything else is refused. */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { kind: 'failed', reason: `这是 Excel 工作簿（.xlsx），不是 CSV 文件。${SAVE_AS}。` };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'failed', reason: `文件是 UTF-16 编码（Excel 的“Unicode 文本”），无法读取。${SAVE_AS}。` };
  }
  return decodeText(bytes) ?? { kind: 'failed', reason: `文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码的文本，可能不是 CSV 文件。${SAVE_AS}。` };
}

/** A text file as Chinese Windows tools save it: UTF-8 (with or without BOM) when valid, else GB18030 (a superset of GBK); undefined for neither. */
export function decodeText(bytes: Uint8Array): { kind: 'read'; text: string; encoding: 'UTF-8' | 'GB18030' } | undefined {
  try {
    return { kind: 'read', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not UTF-8: GB18030 decodes every GBK file; bytes it cannot map become U+FFFD.
    const text = iconv.decode(Buffer.from(bytes), 'gb18030');
    return !text.includes('\uFFFD') && !/[\u0000-\u0008\u000E-\u001F]/.test(text) ? { kind: 'read', text, encoding: 'GB18030' } : undefined;
  }
}

/** The separators a table may use; the header's decides (Excel writes ';' in some locales, a Chinese input method '，'). */
const SEPARATORS = [',', '，', ';', '；', '\t'] as const;
const separatorName: Record<string, string> = { ',': '英文逗号「,」', '，': '中文逗号「，」', ';': '英文分号「;」', '；': '中文分号「；」', '\t': '制表符' };

/** One record and the line it starts on (1 is the header). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** The records of a CSV text, or the first place it cannot be read. */
export type CsvResult = { kind: 'read'; rows: CsvRow[] } | { kind: 'failed'; line: number; reason: string };

/** Read CSV text into records separated by `separator`; empty lines are skipped, a quote inside an unquoted field is kept as it is. */
export function readCsv(text: string, separator = ','): CsvResult {
  const source = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  const isBreak = (at: number) => source[at] === '\n' || (source[at] === '\r' && source[at + 1] !== '\n');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '"' && field === '') {
      const opened = line;
      for (i++; source[i] !== '"' || source[i + 1] === '"'; i++) {
        if (i >= source.length) return { kind: 'failed', line: opened, reason: '引号没有闭合：字段以英文双引号开头，却没有结束的引号' };
        if (source[i] === '"') i++; // "" inside quotes is one quote
        else if (isBreak(i)) line++;
        field += source[i];
      }
      if (i + 1 < source.length && !`${separator}\r\n`.includes(source[i + 1])) return { kind: 'failed', line, reason: `结束引号后面应为${separator === ',' ? '逗号' : separatorName[separator]}或换行` };
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (fields.length > 0 || field !== '') rows.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      if (ch === '\r' && source[i + 1] === '\n') i++;
      start = ++line;
    } else {
      field += ch;
    }
  }
  if (fields.length > 0 || field !== '') rows.push({ line: start, fields: [...fields, field] });
  return { kind: 'read', rows };
}

/** A data row of a table, its values by column key (trimmed), and its line. */
export interface TableRow<K extends string> {
  line: number;
  values: Record<K, string>;
}

/** A problem and the line it is on (its text starts 第N行：), for sorting with others by line. */
export interface LineProblem {
  line: number;
  text: string;
}

/** The data rows under a header with the rows of the wrong length left out as problems; or the header's problems. */
export type TableResult<K extends string> = { kind: 'read'; rows: TableRow<K>[]; problems: LineProblem[] } | { kind: 'refused'; problems: string[] };

/** Problems as reported: by line, in the order found within a line. */
export function byLine(problems: LineProblem[]): string[] {
  return [...problems].sort((a, b) => a.line - b.line).map((p) => p.text);
}

/** The separator of a table: the first of SEPARATORS in its first line (a header has none inside its names). */
export function separatorOf(text: string): string {
  const first = text.replace(/^\uFEFF/, '').trimStart().split(/\r\n|\r|\n/)[0];
  return SEPARATORS.find((s) => first.includes(s)) ?? ',';
}

/**
 * Read a CSV table whose header names every column of `columns` (by any of its names; English
 * ones in any case, in any order), separated as the header is (separatorOf). Other columns are
 * ignored; rows with every field blank are skipped (Excel writes `,,` for an empty row), and so
 * are blank fields past the header's width; a row of any other length is left out and reported,
 * naming another separator it uses. `expected` describes the header in messages.
 */
export function readCsvTable<K extends string>(text: string, columns: Record<K, readonly string[]>, expected: string): TableResult<K> {
  const separator = separatorOf(text);
  const csv = readCsv(text, separator);
  if (csv.kind === 'failed') return { kind: 'refused', problems: [`第${csv.line}行：${csv.reason}`] };
  const [header, ...data] = csv.rows;
  if (!header) return { kind: 'refused', problems: [`文件是空的；第一行应为表头 ${expected}`] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const keys = Object.keys(columns) as K[];
  const at = {} as Record<K, number>;
  const problems: string[] = [];
  for (const key of keys) {
    const found = names.flatMap((name, i) => (columns[key].some((c) => c.toLowerCase() === name) ? [i] : []));
    if (found.length === 0) problems.push(`第${header.line}行：表头缺少「${columns[key].join('」或「')}」列；表头应为 ${expected}`);
    if (found.length > 1) problems.push(`第${header.line}行：表头中「${columns[key].join('」或「')}」列出现了${found.length}次`);
    at[key] = found[0];
  }
  if (problems.length) return { kind: 'refused', problems };
  const rows: TableRow<K>[] = [];
  const rowProblems: LineProblem[] = [];
  for (const { line, fields } of data) {
    if (fields.every((f) => f.trim() === '')) continue;
    const width = header.fields.length;
    if (fields.length < width || fields.slice(width).some((f) => f.trim() !== '')) {
      const other = SEPARATORS.find((s) => s !== separator && fields.some((f) => f.includes(s)));
      rowProblems.push({ line, text: fields.length > width
        ? `第${line}行：有${fields.length}个字段，表头只有${width}个；名称中有${separator === ',' ? '逗号' : separatorName[separator]}时，请用英文双引号把整个字段括起来`
        : `第${line}行：只有${fields.length}个字段，表头有${width}个${other ? `；这一行用${separatorName[other]}分隔，表头用的是${separatorName[separator]}，请统一` : ''}` });
      continue;
    }
    rows.push({ line, values: Object.fromEntries(keys.map((key) => [key, fields[at[key]].trim()])) as Record<K, string> });
  }
  return { kind: 'read', rows, problems: rowProblems };
}
