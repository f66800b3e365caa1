// Column charts added to a workbook exceljs wrote (exceljs has no chart API): each a DrawingML
// chart part (c:chartSpace with one c:barChart) whose series refer to ranges of a sheet, placed on
// that sheet by a drawing part, with the relationships and content types that tie them in
// (ECMA-376 part 1, §21.2 and §20.5). The cached values let a reader show the chart before any
// recalculation; the ranges keep it live when the figures are edited.
import JSZip from 'jszip';

/** A range of one sheet, 1-based and inclusive: a column from `top` to `bottom`. */
export interface ColumnRange {
  column: number;
  top: number;
  bottom: number;
}

/** One series: its name's cell, its values' range and the values themselves (for the cache). */
export interface ChartSeries {
  name: { row: number; column: number; text: string };
  range: ColumnRange;
  values: number[];
}

/** A column chart over ranges of the sheet it sits on, placed over a block of cells (0-based, end exclusive). */
export interface ColumnChart {
  title: string;
  categories: { range: ColumnRange; labels: string[] };
  series: ChartSeries[];
  /** Series stacked in one column per category, rather than side by side. */
  stacked: boolean;
  at: { column: number; row: number; columns: number; rows: number };
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const TYPE = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chartRel: `${NS.r}/chart`,
  drawingRel: `${NS.r}/drawing`,
};

// Text and double-quoted attributes: an apostrophe (which quotes a sheet name in a formula) stays as it is.
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1 → A, 27 → AA. */
function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** 「'图表'!$A$3:$A$9」: an absolute reference to a range of a sheet, as a formula names it. */
function rangeRef(sheet: string, range: ColumnRange): string {
  const col = columnName(range.column);
  return `'${sheet.replace(/'/g, "''")}'!$${col}$${range.top}:$${col}$${range.bottom}`;
}

const points = (values: (string | number)[]) =>
  `<c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escaped(String(v))}</c:v></c:pt>`).join('')}`;

function seriesXml(sheet: string, chart: ColumnChart, s: ChartSeries, i: number): string {
  const nameRef = `'${sheet.replace(/'/g, "''")}'!$${columnName(s.name.column)}$${s.name.row}`;
  return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>`
    + `<c:tx><c:strRef><c:f>${escaped(nameRef)}</c:f><c:strCache>${points([s.name.text])}</c:strCache></c:strRef></c:tx>`
    + '<c:invertIfNegative val="0"/>'
    + `<c:cat><c:strRef><c:f>${escaped(rangeRef(sheet, chart.categories.range))}</c:f><c:strCache>${points(chart.categories.labels)}</c:strCache></c:strRef></c:cat>`
    + `<c:val><c:numRef><c:f>${escaped(rangeRef(sheet, s.range))}</c:f><c:numCache><c:formatCode>General</c:formatCode>${points(s.values)}</c:numCache></c:numRef></c:val>`
    + '</c:ser>';
}

/** The chart part of one column chart. */
function chartXml(sheet: string, chart: ColumnChart): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/><c:chart>`
    + `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escaped(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
    + '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
    + `<c:barChart><c:barDir val="col"/><c:grouping val="${chart.stacked ? 'stacked' : 'clustered'}"/><c:varyColors val="0"/>`
    + chart.series.map((s, i) => seriesXml(sheet, chart, s, i)).join('')
    + `<c:gapWidth val="80"/>${chart.stacked ? '<c:overlap val="100"/>' : ''}<c:axId val="1001"/><c:axId val="1002"/></c:barChart>`
    + '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
    + '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/>'
    + '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
    + '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
    + '<c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
    + `</c:plotArea>${chart.series.length > 1 ? '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' : ''}`
    + '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>';
}

/** The drawing part placing each chart (its relationship rId1, rId2, … in order) over its cells. */
function drawingXml(charts: ColumnChart[]): string {
  const anchor = (chart: ColumnChart, i: number) => {
    const { column, row, columns, rows } = chart.at;
    const corner = (c: number, r: number) => `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
    return `<xdr:twoCellAnchor><xdr:from>${corner(column, row)}</xdr:from><xdr:to>${corner(column + columns, row + rows)}</xdr:to>`
      + `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escaped(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`
      + '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
      + `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>`
      + '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>';
  };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${charts.map(anchor).join('')}</xdr:wsDr>`;
}

const relationships = (rels: { id: string; type: string; target: string }[]) => '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + `<Relationships xmlns="${NS.rels}">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;

/** The part name of a sheet (「xl/worksheets/sheet3.xml」), found by its name through the workbook's relationships. */
async function sheetPart(zip: JSZip, sheet: string): Promise<string> {
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${escaped(sheet)}"`));
  const id = tag && /r:id="([^"]+)"/.exec(tag)?.[1];
  const rel = id && [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${id}"`));
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`the workbook has no sheet named ${sheet}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** The first number n ≥ 1 for which `name(n)` is not yet a part of the package. */
function freeNumber(zip: JSZip, name: (n: number) => string): number {
  let n = 1;
  while (zip.file(name(n))) n++;
  return n;
}

// CT_Worksheet's children after <drawing> (ECMA-376 §18.3.1.99): it goes before the first present.
const AFTER_DRAWING = ['<legacyDrawing', '<legacyDrawingHF', '<drawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst', '</worksheet>'];

/** The workbook with `charts` drawn on `sheet` (which already holds the ranges they refer to). */
export async function addColumnCharts(xlsx: Buffer, sheet: string, charts: ColumnChart[]): Promise<Buffer> {
  if (!charts.length) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  // Parts only, as a package holds them: no folder entries.
  const write = (name: string, text: string) => zip.file(name, text, { createFolders: false });
  const part = await sheetPart(zip, sheet);
  const drawing = freeNumber(zip, (n) => `xl/drawings/drawing${n}.xml`);
  const first = freeNumber(zip, (n) => `xl/charts/chart${n}.xml`);
  const chartRels = charts.map((chart, i) => {
    write(`xl/charts/chart${first + i}.xml`, chartXml(sheet, chart));
    return { id: `rId${i + 1}`, type: TYPE.chartRel, target: `../charts/chart${first + i}.xml` };
  });
  write(`xl/drawings/drawing${drawing}.xml`, drawingXml(charts));
  write(`xl/drawings/_rels/drawing${drawing}.xml.rels`, relationships(chartRels));

  // The sheet's relationships: exceljs writes the file only when the sheet has some.
  const relsName = part.replace(/([^/]+)$/, '_rels/$1.rels');
  const existing = await zip.file(relsName)?.async('string');
  const taken = new Set([...(existing ?? '').matchAll(/Id="([^"]+)"/g)].map((m) => m[1]));
  let free = 1;
  while (taken.has(`rId${free}`)) free++;
  const drawingId = `rId${free}`;
  const drawingRel = `<Relationship Id="${drawingId}" Type="${TYPE.drawingRel}" Target="../drawings/drawing${drawing}.xml"/>`;
  write(relsName, (existing ?? relationships([])).replace('</Relationships>', `${drawingRel}</Relationships>`));

  let xml = await zip.file(part)!.async('string');
  if (!xml.includes(`xmlns:r="${NS.r}"`)) xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.r}"`);
  const at = Math.min(...AFTER_DRAWING.map((tag) => xml.indexOf(tag)).filter((i) => i >= 0));
  write(part, `${xml.slice(0, at)}<drawing r:id="${drawingId}"/>${xml.slice(at)}`);

  const types = await zip.file('[Content_Types].xml')!.async('string');
  const overrides = [`/xl/drawings/drawing${drawing}.xml`, ...charts.map((_, i) => `/xl/charts/chart${first + i}.xml`)]
    .map((name, i) => `<Override PartName="${name}" ContentType="${i === 0 ? TYPE.drawing : TYPE.chart}"/>`).join('');
  write('[Content_Types].xml', types.replace('</Types>', `${overrides}</Types>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
