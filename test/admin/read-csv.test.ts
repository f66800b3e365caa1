import test from 'ava';
import iconv from 'iconv-lite';
import { byLine, decodeCsv, readCsv, readCsvTable, separatorOf } from '../../src/admin/read-csv.ts';

test('plain rows are split at commas, each with the line it starts on', (t) => {
  t.deepEqual(readCsv('name,kind\n杨舍镇,镇\n塘桥镇,镇'), {
    kind: 'read',
    rows: [{ line: 1, fields: ['name', 'kind'] }, { line: 2, fields: ['杨舍镇', '镇'] }, { line: 3, fields: ['塘桥镇', '镇'] }],
  });
});

test('a BOM is dropped; CRLF, LF and a lone CR all end a line; a final line break adds no row', (t) => {
  t.deepEqual(readCsv('\uFEFFa,b\r\nc,d\ne,f\rg,h\r\n'), {
    kind: 'read',
    rows: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }, { line: 3, fields: ['e', 'f'] }, { line: 4, fields: ['g', 'h'] }],
  });
});

test('quoted fields keep commas, doubled quotes and line breaks; later rows keep their real line numbers', (t) => {
  t.deepEqual(readCsv('"张家港市,杨舍镇","他说""好""",x\r\n"第一行\r\n第二行",,""\r\nlast,"",z'), {
    kind: 'read',
    rows: [
      { line: 1, fields: ['张家港市,杨舍镇', '他说"好"', 'x'] },
      { line: 2, fields: ['第一行\r\n第二行', '', ''] },
      { line: 4, fields: ['last', '', 'z'] },
    ],
  });
});

test('empty lines are skipped, empty fields are kept, and a quote inside an unquoted field is literal', (t) => {
  t.deepEqual(readCsv('a,,c\n\n\n,\n5"寸"屏,b'), {
    kind: 'read',
    rows: [{ line: 1, fields: ['a', '', 'c'] }, { line: 4, fields: ['', ''] }, { line: 5, fields: ['5"寸"屏', 'b'] }],
  });
  t.deepEqual(readCsv(''), { kind: 'read', rows: [] });
});

test('an unclosed quote is reported at the line where the field opened; a doubled quote does not close it', (t) => {
  t.deepEqual(readCsv('a,b\nc,"d\ne,f\n'), { kind: 'failed', line: 2, reason: '引号没有闭合：字段以英文双引号开头，却没有结束的引号' });
  t.deepEqual(readCsv('"a"""'), { kind: 'read', rows: [{ line: 1, fields: ['a"'] }] });
  t.deepEqual(readCsv('"a""'), { kind: 'failed', line: 1, reason: '引号没有闭合：字段以英文双引号开头，却没有结束的引号' });
});

test('text after a closing quote is refused', (t) => {
  t.deepEqual(readCsv('a,b\n"c"d,e'), { kind: 'failed', line: 2, reason: '结束引号后面应为逗号或换行' });
});

const columns = { name: ['name', '单位名称'], kind: ['kind', '类型'] } as const;

test('a table is read by its header in any order and either language, trimmed, ignoring other columns and blank rows', (t) => {
  t.deepEqual(readCsvTable('备注,类型,NAME\n甲, 镇 ,杨舍镇\n,,\n乙,街道,\u3000金港街道\u3000,,', columns, 'name,kind'), {
    kind: 'read',
    rows: [{ line: 2, values: { name: '杨舍镇', kind: '镇' } }, { line: 4, values: { name: '金港街道', kind: '街道' } }],
    problems: [],
  });
});

test('a table says what its header lacks or repeats, and leaves out every row of the wrong length as a problem of its line', (t) => {
  t.deepEqual(readCsvTable('单位名称,备注\n杨舍镇,x', columns, 'name,kind'), {
    kind: 'refused', problems: ['第1行：表头缺少「kind」或「类型」列；表头应为 name,kind'],
  });
  t.deepEqual(readCsvTable('name,单位名称,kind', columns, 'name,kind'), {
    kind: 'refused', problems: ['第1行：表头中「name」或「单位名称」列出现了2次'],
  });
  t.deepEqual(readCsvTable('name,kind\n杨舍镇,镇,多余\n塘桥镇\n金港镇,镇', columns, 'name,kind'), {
    kind: 'read',
    rows: [{ line: 4, values: { name: '金港镇', kind: '镇' } }],
    problems: [
      { line: 2, text: '第2行：有3个字段，表头只有2个；名称中有逗号时，请用英文双引号把整个字段括起来' },
      { line: 3, text: '第3行：只有1个字段，表头有2个' },
    ],
  });
  t.deepEqual(readCsvTable('\uFEFF', columns, 'name,kind'), { kind: 'refused', problems: ['文件是空的；第一行应为表头 name,kind'] });
  t.deepEqual(readCsvTable('name,kind\n"x', columns, 'name,kind'), {
    kind: 'refused', problems: ['第2行：引号没有闭合：字段以英文双引号开头，却没有结束的引号'],
  });
});

test('problems are reported by line, keeping their order within a line', (t) => {
  t.deepEqual(byLine([{ line: 5, text: 'e' }, { line: 2, text: 'b1' }, { line: 9, text: 'i' }, { line: 2, text: 'b2' }]), ['b1', 'b2', 'e', 'i']);
});

const SAVE_AS = '请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。';

test('UTF-8 with or without a BOM is read as UTF-8; GBK and GB18030 as Excel on a Chinese Windows writes them are decoded', (t) => {
  const text = '单位名称,类型,上级单位\r\n城关镇人民政府,镇,某县人民政府\r\n';
  t.deepEqual(decodeCsv(Buffer.from(`\uFEFF${text}`)), { kind: 'read', text, encoding: 'UTF-8' });
  t.deepEqual(decodeCsv(Buffer.from(text)), { kind: 'read', text, encoding: 'UTF-8' });
  t.deepEqual(decodeCsv(iconv.encode(text, 'gbk')), { kind: 'read', text, encoding: 'GB18030' });
  // 𠀀 and 㐀 exist only in GB18030, beyond GBK.
  t.deepEqual(decodeCsv(iconv.encode('name\n𠀀㐀镇\n', 'gb18030')), { kind: 'read', text: 'name\n𠀀㐀镇\n', encoding: 'GB18030' });
});

test('a workbook, UTF-16 text and bytes that are neither UTF-8 nor GB18030 are refused, saying how to save a CSV', (t) => {
  t.deepEqual(decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), { kind: 'failed', reason: `这是 Excel 工作簿（.xlsx），不是 CSV 文件。${SAVE_AS}` });
  t.deepEqual(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tkind', 'utf16le')])), { kind: 'failed', reason: `文件是 UTF-16 编码（Excel 的“Unicode 文本”），无法读取。${SAVE_AS}` });
  const neither = `文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码的文本，可能不是 CSV 文件。${SAVE_AS}`;
  t.deepEqual(decodeCsv(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xff, 0x0a])), { kind: 'failed', reason: neither });
  t.deepEqual(decodeCsv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), { kind: 'failed', reason: neither });
});

test('the header decides the separator: a comma, a Chinese comma, a semicolon of either width, or a tab', (t) => {
  t.is(separatorOf('\uFEFF单位名称，类型，上级单位\n城关镇,镇,'), '，');
  t.is(separatorOf('name;kind\n'), ';');
  t.is(separatorOf('name；kind'), '；');
  t.is(separatorOf('name\tkind'), '\t');
  t.is(separatorOf('name,kind；x'), ',');
  t.is(separatorOf('name'), ',');
  for (const s of ['，', ';', '；', '\t']) {
    t.deepEqual(readCsvTable(`单位名称${s}类型\n城关镇人民政府${s}镇\n"东街${s}社区"${s}街道\n`, columns, 'name,kind'), {
      kind: 'read', rows: [{ line: 2, values: { name: '城关镇人民政府', kind: '镇' } }, { line: 3, values: { name: `东街${s}社区`, kind: '街道' } }], problems: [],
    });
  }
});

test('a row separated otherwise than its header is reported naming both separators', (t) => {
  t.deepEqual(readCsvTable('name,kind\n城关镇人民政府，镇\n教育局;县级部门\n', columns, 'name,kind'), {
    kind: 'read', rows: [],
    problems: [
      { line: 2, text: '第2行：只有1个字段，表头有2个；这一行用中文逗号「，」分隔，表头用的是英文逗号「,」，请统一' },
      { line: 3, text: '第3行：只有1个字段，表头有2个；这一行用英文分号「;」分隔，表头用的是英文逗号「,」，请统一' },
    ],
  });
  t.deepEqual(readCsvTable('name，kind\n"a"b，c', columns, 'name,kind'), { kind: 'refused', problems: ['第2行：结束引号后面应为中文逗号「，」或换行'] });
});
