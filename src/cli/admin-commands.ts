// What the admin commands share: option values, problem lists, `--now` and `--campaign`, and
// terminal tables. The commands are in campaign-commands.ts and unit-commands.ts.
import stringWidth from 'string-width';
import { readIsoDate } from '../admin/campaigns.ts';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import type { Output } from './output.ts';

/** Option values as parseArgs gives them. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A heading and its problems, one an indented line. */
export function listed(heading: string, problems: string[]): string {
  return [heading, ...problems.map((p) => `  ${p}`)].join('\n');
}


/** `--now`: a date (that day in China, at noon) or an ISO date-time. */
export function readNow(text: string): Date | undefined {
  if (readIsoDate(text)) return shanghaiTime(text, '12:00');
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** What is wrong with a `--now` that readNow cannot read. */
export const badNow = (text: string) => `时间「${text}」有误，应为 ISO 日期或时间，例如：--now 2026-02-01 或 --now 2026-02-01T09:00:00+08:00`;

/** `--campaign ID` (the newest open campaign when absent) and `--now` (now when absent), read; or the exit code after saying what is wrong. */
export function readCampaignOptions(v: OptionValues, out: Output): { id?: number; now: Date } | { failed: number } {
  const id = v.campaign as string | undefined;
  if (id !== undefined && !/^\d+$/.test(id)) return { failed: out.fail(`填报任务编号「${id}」有误，应为数字，例如：--campaign 1`) };
  const nowText = v.now as string | undefined;
  const now = nowText === undefined ? new Date() : readNow(nowText);
  if (!now) return { failed: out.fail(badNow(nowText!)) };
  return { ...(id !== undefined && { id: Number(id) }), now };
}

/** A table for the terminal, columns padded to their widest cell (Chinese characters count two); `right` columns aligned right. */
export function drawTable(header: string[], rows: string[][], right: number[]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => stringWidth(r[i]))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i] - stringWidth(text));
    return right.includes(i) ? fill + text : text + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
