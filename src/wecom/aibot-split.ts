// A long reply for the 智能机器人 as several Markdown messages, each within the bot's limit
// (stream and markdown content: 20 480 bytes of UTF-8, 101031/101138), cut between blocks so that
// a table or a list is never split when it fits one message; a table too long for one is cut
// between rows with its header repeated, so that every piece reads as a table.

/** The most a bot's Markdown content may hold, in bytes of UTF-8. */
export const AIBOT_MAX_BYTES = 20_480;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const isTableRow = (line: string) => line.trimStart().startsWith('|');
const isListItem = (line: string) => /^\s*([-*+]|\d+[.)、])\s/.test(line);
// A list item's continuation: an indented line right after it.
const isContinuation = (line: string) => /^\s{2,}\S/.test(line);

type Block = { kind: 'table' | 'list' | 'line'; lines: string[] };

/** The text's blocks: tables, lists, and single lines; blank lines dropped (the join puts them back). */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of text.split('\n')) {
    const last = blocks.at(-1);
    if (line.trim() === '') {
      blocks.push({ kind: 'line', lines: [''] });
      continue;
    }
    if (isTableRow(line)) {
      if (last?.kind === 'table') last.lines.push(line);
      else blocks.push({ kind: 'table', lines: [line] });
    } else if (isListItem(line) || (last?.kind === 'list' && isContinuation(line))) {
      if (last?.kind === 'list') last.lines.push(line);
      else blocks.push({ kind: 'list', lines: [line] });
    } else {
      blocks.push({ kind: 'line', lines: [line] });
    }
  }
  return blocks;
}

/** A line longer than the limit, cut between characters. */
function cutLine(line: string, limit: number): string[] {
  const out: string[] = [];
  let chunk = '';
  for (const ch of line) {
    if (bytes(chunk + ch) > limit) {
      out.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) out.push(chunk);
  return out;
}

/** A block too long for one message, in pieces that each fit: tables between rows (header repeated), others between lines. */
function cutBlock(block: Block, limit: number): string[] {
  const header = block.kind === 'table' && block.lines.length > 2 && /^\s*\|[\s:|-]+\|?\s*$/.test(block.lines[1]) ? block.lines.slice(0, 2) : [];
  const rows = block.lines.slice(header.length);
  const pieces: string[] = [];
  let current: string[] = [...header];
  const flush = () => {
    if (current.length > header.length) pieces.push(current.join('\n'));
    current = [...header];
  };
  for (const row of rows) {
    if (bytes([...current, row].join('\n')) <= limit) {
      current.push(row);
      continue;
    }
    flush();
    if (bytes([...current, row].join('\n')) <= limit) current.push(row);
    else pieces.push(...cutLine(row, limit));
  }
  flush();
  return pieces;
}

/** Markdown in messages of at most `limit` bytes, cut between blocks; one message when it fits. */
export function splitMarkdown(text: string, limit = AIBOT_MAX_BYTES): string[] {
  if (bytes(text) <= limit) return text.trim() === '' ? [] : [text];
  const messages: string[] = [];
  let current = '';
  for (const block of blocksOf(text)) {
    const piece = block.lines.join('\n');
    const joined = current === '' ? piece : `${current}\n${piece}`;
    if (bytes(joined) <= limit) {
      current = joined;
      continue;
    }
    if (current.trim() !== '') messages.push(current.trim());
    if (bytes(piece) <= limit) {
      current = piece;
      continue;
    }
    const cut = cutBlock(block, limit);
    current = cut.pop() ?? '';
    messages.push(...cut);
  }
  if (current.trim() !== '') messages.push(current.trim());
  return messages;
}
