// The text layout of a published report as Word saves it as text: prose lines, and tables
// with one cell per tab-indented line, a blank cell as a tab-only line, rows separated by an
// empty line, a cell broken over lines continuing without a tab. Variants put a row's cells
// on one line separated by tabs or spaces.

/** A source line after cleaning, with its 1-based number and whether it was a table cell. */
export interface Line {
  number: number;
  text: string;
  cell: boolean;
}

/** A table row: its cells (cleaned, '' for blank) and the line each came from. */
export interface Row {
  cells: string[];
  lines: number[];
}

/** Remove Word artefacts and turn odd spaces into plain ones; trim. */
export function cleanText(text: string): string {
  return text
    .replace(/\[bookmark: [^\]]*\]/g, '')
    .replace(/[\u00a0\u2002\u2003\u200b\ufeff]/g, ' ')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

// Traditional characters that occur in the format's labels, headings and titles (reports on
// mirror hosts are often served in traditional characters), each with its simplified form.
const traditional = '總总體体況况動动開开規规範范廢废現现數数處处決决許许強强製制們们項项業业費费報报結结轉转辦办詢询據据關关為为於于條条應应資资訴诉複复議议審审維维糾纠訟讼務务構构組组織织會会機机經经請请個个計计這这與与後后間间問问題题進进當当將将對对發发說说區区隻只屬属國国護护權权內内過过義义級级縣县鄉乡鎮镇樹树陽阳門门戶户網网態态監监傳传統统變变圍围導导實实歷历號号類类舉举訪访確确認认獲获並并從从來来無无專专錄录參参營营運运證证達达責责單单執执劃划衛卫樓楼邊边兩两東东僅仅圖图書书寫写見见館馆讓让調调員员標标準准產产廳厅賣卖買买廣广積积極极歸归嚴严預预劉刘陳陈張张黃黄楊杨趙赵吳吴週周雲云聖圣華华憲宪勢势務务稅税聽听齊齐龍龙壩坝灣湾廈厦濟济澤泽齡龄醫医療疗衛卫藥药環环礦矿漁渔驗验檢检測测統统緝缉訂订製制復复覆复餘余範范滬沪閩闽粵粤瀋沈遼辽貴贵蘭兰陝陕滙汇匯汇罰罚罸罚據据鑒鉴權权';
const simplified = new Map<string, string>();
for (let i = 0; i + 1 < traditional.length; i += 2) simplified.set(traditional[i], traditional[i + 1]);
const traditionalChars = new RegExp(`[${[...simplified.keys()].join('')}]`, 'g');

/** The text with the traditional characters of the format's words in simplified form (one character for one). */
export function simplify(text: string): string {
  return text.replace(traditionalChars, (ch) => simplified.get(ch)!);
}

/** Normalise a label for comparison: simplified, no spaces, full-width brackets and commas, no quotes. */
export function normLabel(text: string): string {
  return simplify(cleanText(text))
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（').replace(/\)/g, '）').replace(/,/g, '，')
    .replace(/["“”'‘’]/g, '');
}

/** Split a document into cleaned lines, keeping which ones were table cells. */
export function readLines(text: string): Line[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((raw, i) => ({
    number: i + 1,
    text: raw.startsWith('\t') ? raw.slice(1) : cleanText(raw),
    cell: raw.startsWith('\t'),
  }));
}

const valuePattern = /^[+\-－−]?[0-9０-９][0-9０-９,，.．]*\s*(万元|亿元|元|万|件|个|项)?$/;
const placeholders = new Set(['', '/', '／', '-', '—', '——', '_', '无']);

/** Whether a cell holds a value (a number, blank, or a placeholder for nothing) rather than a label. */
export function isValueCell(cell: string): boolean {
  return placeholders.has(cell) || valuePattern.test(cell);
}

/** One line's cells: split on tabs, then a label followed by space-separated numbers. */
export function splitCells(text: string): string[] {
  return text.split('\t').map(cleanText).flatMap((cell) => {
    if (!/[0-9０-９/／]/.test(cell)) return [cell];
    const tokens = cell.split(/[\s\u3000]+/);
    const value = (t: string) => t !== '' && isValueCell(t);
    const first = tokens.findIndex(value);
    if (tokens.length < 2 || first < 0 || !tokens.slice(first).every(value) || !tokens.some((t) => valuePattern.test(t) || t === '/' || t === '／')) return [cell];
    return first === 0 ? tokens : [tokens.slice(0, first).join(''), ...tokens.slice(first)];
  });
}

/** Group the lines of a table region into rows; prose lines come back separately. */
export function readRows(lines: Line[]): { rows: Row[]; prose: Line[] } {
  const rows: Row[] = [];
  const prose: Line[] = [];
  let row: Row | undefined;
  let previousWasCell = false;
  for (const line of lines) {
    if (!line.cell && line.text === '') {
      row = undefined;
      previousWasCell = false;
      continue;
    }
    const cells = splitCells(line.text);
    if (!line.cell && previousWasCell && row && cells.length === 1) {
      row.cells[row.cells.length - 1] += cells[0]; // a header cell broken over two lines
      continue;
    }
    if (!line.cell && !cells.slice(1).some((c) => valuePattern.test(c))) {
      prose.push(line);
      row = undefined;
      previousWasCell = false;
      continue;
    }
    if (!line.cell) row = undefined; // a variant row on a line of its own
    if (!row) rows.push((row = { cells: [], lines: [] }));
    for (const cell of cells) {
      row.cells.push(cell);
      row.lines.push(line.number);
    }
    previousWasCell = line.cell;
  }
  return { rows, prose };
}

/** A row's label cells (text) and its value cells (those after the last label). */
export function splitRow(row: Row): { labels: string[]; values: { text: string; line: number }[] } {
  let last = -1;
  row.cells.forEach((cell, i) => {
    if (!isValueCell(cell)) last = i;
  });
  return {
    labels: row.cells.slice(0, last + 1).filter((c) => c !== ''),
    values: row.cells.slice(last + 1).map((text, i) => ({ text, line: row.lines[last + 1 + i] })),
  };
}
