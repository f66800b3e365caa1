// nianbao campaign create | campaign status: setting up a year's collection on the configured
// database, and seeing where it stands (units and members: unit-commands.ts).
import stringWidth from 'string-width';
import { campaignStatus, createCampaign, progressWords, readIsoDate } from '../admin/campaigns.ts';
import { shanghaiDate, shanghaiTime } from '../calendar/working-calendar.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

/** Option values as parseArgs gives them. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A heading and its problems, one a line. */
export function listed(heading: string, problems: string[]): string {
  return [heading, ...problems.map((p) => `  ${p}`)].join('\n');
}

const actionOptions = {
  create: ['year', 'format', 'deadline', 'deadline-for', 'unit', 'all-units'],
  status: ['campaign', 'now'],
} as const;

/** `campaign create …` or `campaign status …`; each refuses the other's options. */
export function campaignCommand(action: 'create' | 'status', values: OptionValues, out: Output): Promise<number> {
  const allowed: readonly string[] = actionOptions[action];
  const stray = Object.keys(values).filter((key) => values[key] !== undefined && !allowed.includes(key));
  if (stray.length) return Promise.resolve(out.fail(`campaign ${action} 不接受 ${stray.map((k) => `--${k}`).join('、')}；可用的参数：${allowed.map((k) => `--${k}`).join('、')}`));
  return action === 'create' ? campaignCreate(values, out) : campaignShow(values, out);
}

const kindDate = /^([^=＝]+)[=＝](.+)$/;

async function campaignCreate(v: OptionValues, out: Output): Promise<number> {
  const problems: string[] = [];
  const year = v.year as string | undefined;
  if (year === undefined) problems.push('请用 --year 指定年度，例如：--year 2025');
  else if (!/^\d{4}$/.test(year)) problems.push(`年度「${year}」有误，应为四位数字，例如：--year 2025`);
  if (v.format === undefined) problems.push('请用 --format 指定报告格式（2019 或 2021），例如：--format 2021');
  if (v.deadline === undefined) problems.push('请用 --deadline 指定截止日期，例如：--deadline 2026-01-20');
  const byKind = new Map<string, string>();
  for (const item of (v['deadline-for'] as string[] | undefined) ?? []) {
    const [, kind, date] = kindDate.exec(item) ?? [];
    if (!kind) problems.push(`--deadline-for「${item}」有误，应写作 类型=日期，例如：--deadline-for 县级部门=2026-01-31`);
    else if (byKind.has(kind.trim())) problems.push(`--deadline-for 给${kind.trim()}指定了两次`);
    else byKind.set(kind.trim(), date.trim());
  }
  const deadlineFor = Object.fromEntries(byKind);
  const named = v.unit as string[] | undefined;
  if (named && v['all-units']) problems.push('--unit 与 --all-units 只能用一个');
  if (problems.length) return out.fail(listed('未建立填报任务：', problems));
  return withDatabase(out, async (db) => {
    const result = await createCampaign(db, {
      year: Number(year), format: v.format as string, deadline: v.deadline as string, deadlineFor,
      ...(v['all-units'] ? { units: 'all' as const } : named ? { units: named } : {}),
    });
    if (result.kind === 'refused') return out.fail(listed('未建立填报任务：', result.problems));
    for (const warning of result.warnings) out.warn(`提示：${warning}`);
    const overrides = Object.entries(deadlineFor).map(([kind, date]) => `${kind} ${date}`);
    out.print([
      `已建立${year}年度填报任务（编号 ${result.campaignId}，${v.format}年格式），共 ${result.units.length} 个单位。`,
      `截止日期：${overrides.length ? `${overrides.join('，')}，其余单位 ${v.deadline}` : v.deadline}。`,
      ...(result.withoutFilers.length ? [`未纳入（没有填报人）：${result.withoutFilers.join('、')}`] : []),
      `查看进度：nianbao campaign status --campaign ${result.campaignId}`,
    ].join('\n'));
    return 0;
  });
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

async function campaignShow(v: OptionValues, out: Output): Promise<number> {
  const options = readCampaignOptions(v, out);
  if ('failed' in options) return options.failed;
  const { id, now } = options;
  return withDatabase(out, async (db) => {
    const result = await campaignStatus(db, { ...(id !== undefined && { campaignId: id }), now });
    if (result.kind === 'missing') {
      const year = Number(shanghaiDate(now).slice(0, 4)) - 1;
      return out.fail(id === undefined
        ? `${result.reason}。请先建立：nianbao campaign create --year ${year} --format 2021 --deadline ${year + 1}-01-20`
        : `${result.reason}。`);
    }
    const { campaign, units } = result;
    const rows = units.map((u) => [u.name, u.kind, u.deadline, progressWords[u.progress], String(u.daysLate)]);
    out.print([
      `${campaign.year}年度填报任务（编号 ${campaign.id}，${campaign.format}年格式，${campaign.status === 'open' ? '进行中' : '已结束'}），截至 ${shanghaiDate(now)}：`,
      drawTable(['单位', '类型', '截止', '状态', '逾期工作日'], rows, [4]),
      `已提交 ${result.submitted} / 共 ${units.length}${result.overdue ? `，逾期未交 ${result.overdue}` : ''}`,
    ].join('\n'));
    return 0;
  });
}
