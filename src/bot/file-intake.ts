// Files sent in chat are read before their turn, never inside it: the callback only journals a
// file message with its MediaId (WeCom's 5 s are not spent on a download), and before each turn
// a turn that finds the user's oldest waiting message to be a file not yet read stops, and the
// engine hands it to the channel's reader (download and import, outside any transaction), then journals what was read
// in its place. The turn is then pure like any other: it sees the report or the reason, and a
// crash in between leaves the file to be read again by whichever process drains the user next.
import type { DataSource } from 'typeorm';
import type { FileRead } from '../../handlers/turn.ts';
import { nextReceived } from './journal.ts';
import { execute, inStatement } from './sql.ts';

/** A channel's way to fetch a received file and read it as a report; never throws for a bad file. */
export type FileReader = (file: { mediaId: string; fileName: string }) => Promise<FileRead>;

const unreadable: FileRead = { kind: 'refused', reason: '文件暂时无法读取，请稍后重新发送。' };

/** Read the user's next waiting message when it is a file not read yet (another process may have been first), and journal what it is. */
export async function readWaitingFile(db: DataSource, userId: string, reader: FileReader | undefined): Promise<void> {
  const [next] = await inStatement(db, (m) => nextReceived(m, userId, false));
  if (!next || next.content.kind !== 'file' || next.content.read) return;
  const { fileName, mediaId } = next.content;
  let read: FileRead;
  try {
    read = reader && mediaId ? await reader({ mediaId, fileName }) : unreadable;
  } catch {
    read = unreadable;
  }
  // The MediaId is dropped: what the turn needs is what the file was found to be.
  await inStatement(db, (m) => execute(m, "UPDATE {inbound_messages} SET {content} = ? WHERE {id} = ? AND {status} = 'received'",
    [JSON.stringify({ kind: 'file', fileName, read }), next.id]));
}
