// Composing the replies of a turn: the progress line first, then what was understood and found,
// then the question — as one message when it fits WeCom's 2048 bytes, otherwise split.
// https://developer.work.weixin.qq.com/document/path/90236 (text content at most 2048 bytes)

/** WeCom's limit for one text message, in bytes of UTF-8. */
const MAX_BYTES = 2048;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cut a text that is too long at line ends, or inside a line when a single line is too long. */
function cut(text: string, limit: number): string[] {
  const out: string[] = [];
  let current = '';
  const push = (piece: string) => {
    const joined = current ? `${current}\n${piece}` : piece;
    if (bytes(joined) <= limit) {
      current = joined;
      return;
    }
    if (current) out.push(current);
    current = '';
    if (bytes(piece) <= limit) {
      current = piece;
      return;
    }
    let chunk = '';
    for (const ch of piece) {
      if (bytes(chunk + ch) > limit) {
        out.push(chunk);
        chunk = '';
      }
      chunk += ch;
    }
    current = chunk;
  };
  for (const line of text.split('\n')) push(line);
  if (current) out.push(current);
  return out;
}

/** A text in messages of at most 2048 bytes, cut at line ends where it can be (reminders, digests). */
export function splitText(text: string): string[] {
  return cut(text, MAX_BYTES);
}

/** Pack blocks into as few messages as the limit allows, keeping each block whole when it fits. */
function pack(blocks: string[], limit = MAX_BYTES): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks.filter((b) => b.trim() !== '')) {
    const joined = current ? `${current}\n${block}` : block;
    if (bytes(joined) <= limit) {
      current = joined;
      continue;
    }
    if (current) messages.push(current);
    const pieces = cut(block, limit);
    current = pieces.pop() ?? '';
    messages.push(...pieces);
  }
  if (current) messages.push(current);
  return messages;
}

/** The replies of a turn: progress line, what was said, the question; the last message always starts with the progress line. */
export function compose(progress: string | undefined, say: string[], question: string | undefined): string[] {
  if (progress === undefined || question === undefined) return pack(say);
  const single = [progress, ...say, question].filter((b) => b.trim() !== '').join('\n');
  if (bytes(single) <= MAX_BYTES) return [single];
  return [...pack(say), ...pack([progress, question])];
}
