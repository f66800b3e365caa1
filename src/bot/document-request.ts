// What a turn asks the outbox to make and send as a file (src/publish/files.ts makes it when it
// sends it): here, under the engine that asks, so that the engine need not import publishing.

/** A document asked for in a turn, made when the outbox sends it: a report's Word file (dated
 * the day it was handed in; a draft `signedOn`, the day it was asked for), or a campaign's Excel
 * overview or roll-up (of the units under `rootId`) as they stand then. */
export type DocumentRequest =
  | { kind: 'report-file'; payload: { reportId: number; signedOn: string } }
  | { kind: 'overview-file' | 'rollup-file'; payload: { campaignId: number; rootId: number } };
