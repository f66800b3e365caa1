// The text of a .docx paragraph by paragraph, for asserting what a file prints where the importer
// reads no further (the signature after a roll-up's last table).
import JSZip from 'jszip';

/** The non-empty paragraphs of the document's body, table cells included, in order. */
export async function docxParagraphs(bytes: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).filter((p) => p !== '');
}
