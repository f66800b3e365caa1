// nianbao campaign create | status | units | edit | close | reopen | delete | exclude | include:
// a year's collection set up, followed, and corrected on the configured database.
import { closeCampaign, deleteCampaign, editCampaign, excludeUnit, includeUnit, reopenCampaign, campaignUnits, type ChangeResult, type UnitStanding } from '../admin/campaign-changes.ts';
import { closeWords, didYouMean } from '../admin/close-names.ts';
import { campaignStatus, createCampaign, isoFormOf, NO_OPEN_CAMPAIGN } from '../admin/campaigns.ts';
import { readUnitKind } from '../admin/import-units.ts';
import { stateWords } from '../../handlers/standing.ts';
import { isWeekend, shanghaiDate, weekdayLabel } from '../calendar/working-calendar.ts';
import { drawTable, listed, readCampaignOptions, type OptionValues } from './admin-commands.ts';
import { withDatabase } from './database-commands.ts';
import type { Output } from './output.ts';

/** The usage lines of `campaign`, one per action. */
export const campaignUsage = [
  'campaign create --year Y --format 2021 --deadline DATE [--deadline-for 类型=DATE …] [--unit NAME … | --all-units] [--force]  建立年度填报任务（--unit 为本任务的上级单位，其下属单位都参加，以后新建的也自动参加；默认全部单位；--force 在格式与年度不符或其他年度的任务仍在进行时仍然建立）',
  'campaign status [--campaign ID] [--now ISO]  各单位的截止日期、填报状态和逾期工作日（默认为最新的进行中任务）',
  'campaign units [--campaign ID]          任务范围内的单位：参加填报或已排除，以及填报人数',
  'campaign edit [--campaign ID] [--deadline DATE] [--deadline-for 类型=DATE|类型=默认 …] [--format F [--force]]  修改截止日期；格式只能在还没有单位填写时修改',
  'campaign close [--campaign ID]          结束填报任务：不再接收报告和发送提醒（已保存的内容保留）',
  'campaign reopen --campaign ID           重新开始已结束的填报任务',
  'campaign delete --campaign ID           删除还没有任何单位填写的填报任务',
  'campaign exclude UNIT [--campaign ID]   把一个单位排除在任务之外（如已撤并的单位），它保存的内容保留',
  'campaign include UNIT [--campaign ID]   把一个单位纳入任务（恢复已排除的，或加入范围外的单位及其下属单位）',
].join('\n');

/** The options of `campaign` (each action accepts only its own, see actionOptions). */
export const campaignOptions = {
  year: { type: 'string' }, format: { type: 'string' }, deadline: { type: 'string' }, 'deadline-for': { type: 'string', multiple: true },
  unit: { type: 'string', multiple: true }, 'all-units': { type: 'boolean' }, force: { type: 'boolean' }, campaign: { type: 'string' }, now: { type: 'string' },
} as const;

const actionOptions = {
  create: ['year', 'format', 'deadline', 'deadline-for', 'unit', 'all-units', 'force'],
  status: ['campaign', 'now'],
  units: ['campaign'],
  edit: ['campaign', 'deadline', 'deadline-for', 'format', 'force'],
  close: ['campaign'],
  reopen: ['campaign'],
  delete: ['campaign'],
  exclude: ['campaign'],
  include: ['campaign'],
} as const;

type Action = keyof typeof actionOptions;
const isAction = (name: string): name is Action => Object.hasOwn(actionOptions, name);
const withUnit: readonly string[] = ['exclude', 'include'];

/** `campaign ACTION [UNIT] …`: each action refuses the options of the others. */
export function campaignCommand([action, unit]: string[], values: OptionValues, out: Output): Promise<number> {
  if (!isAction(action)) return Promise.resolve(out.fail(`「campaign」只支持 ${Object.keys(actionOptions).join('、')}。${didYouMean(closeWords(action ?? '', Object.keys(actionOptions)))}用法：\n${campaignUsage.split('\n').map((l) => `  nianbao ${l.split(/\s{2,}/)[0]}`).join('\n')}`));
  if (withUnit.includes(action) !== (unit !== undefined)) {
    return Promise.resolve(out.fail(unit === undefined ? `请写出单位名称，例如：nianbao campaign ${action} 城关镇` : `campaign ${action} 不需要单位名称「${unit}」`));
  }
  const allowed: readonly string[] = actionOptions[action];
  const stray = Object.keys(values).filter((key) => values[key] !== undefined && !allowed.includes(key));
  if (stray.length) return Promise.resolve(out.fail(`campaign ${action} 不接受 ${stray.map((k) => `--${k}`).join('、')}；可用的参数：${allowed.map((k) => `--${k}`).join('、')}`));
  if (action === 'create') return campaignCreate(values, out);
  if (action === 'status') return campaignShow(values, out);
  const id = values.campaign as string | undefined;
  if (id !== undefined && !/^\d+$/.test(id)) return Promise.resolve(out.fail(`填报任务编号「${id}」有误，应为数字，例如：--campaign 1`));
  if (id === undefined && (action === 'reopen' || action === 'delete')) return Promise.resolve(out.fail(`请用 --campaign 指定要${action === 'reopen' ? '重新开始' : '删除'}的任务编号，例如：nianbao campaign ${action} --campaign 1（编号见 nianbao campaign status）`));
  const campaignId = id === undefined ? undefined : Number(id);
  if (action === 'units') return campaignUnitList(campaignId, out);
  if (action === 'edit') return campaignEdit(campaignId, values, out);
  return withDatabase(out, async (db) => said(out, await (
    action === 'close' ? closeCampaign(db, campaignId)
      : action === 'reopen' ? reopenCampaign(db, campaignId!)
        : action === 'delete' ? deleteCampaign(db, campaignId!)
          : action === 'exclude' ? excludeUnit(db, unit, campaignId) : includeUnit(db, unit, campaignId)
  ), action));
}

const actionWords: Record<Action, string> = { create: '建立', status: '', units: '', edit: '修改', close: '结束', reopen: '重新开始', delete: '删除', exclude: '排除', include: '纳入' };

function said(out: Output, result: ChangeResult, action: Action): number {
  if (result.kind === 'refused') return out.fail(result.problems.length === 1 ? `未${actionWords[action]}：${result.problems[0]}` : listed(`未${actionWords[action]}：`, result.problems));
  for (const warning of result.warnings) out.warn(`提示：${warning}`);
  out.print(result.said.join('\n'));
  return 0;
}

const kindDate = /^([^=＝]+)[=＝](.*)$/;

/** `--deadline-for 类型=DATE …`, each kind once; `类型=默认` (or empty) is null, back to the default deadline when `clearing`. */
function readDeadlinesFor(items: string[], clearing: boolean, problems: string[]): Record<string, string | null> {
  const byKind = new Map<string, string | null>();
  for (const item of items) {
    const [, kind, date] = kindDate.exec(item) ?? [];
    const cleared = clearing && ['默认', ''].includes(date?.trim() ?? 'x');
    if (!kind || (!date?.trim() && !cleared)) {
      problems.push(`--deadline-for「${item}」有误，应写作 类型=日期，例如：--deadline-for 县级部门=2026-01-31`);
      continue;
    }
    // 部门 is 县级部门, 街道办 is 街道 (as in the units' CSV); any other kind is checked with the dates.
    const read = readUnitKind(kind.trim());
    const named = read.kind === 'read' ? read.value : kind.trim();
    if (byKind.has(named)) problems.push(`--deadline-for 给${named}指定了两次`);
    else byKind.set(named, cleared ? null : isoFormOf(date));
  }
  return Object.fromEntries(byKind);
}

async function campaignCreate(v: OptionValues, out: Output): Promise<number> {
  const problems: string[] = [];
  const year = v.year as string | undefined;
  if (year === undefined) problems.push('请用 --year 指定年度，例如：--year 2025');
  else if (!/^\d{4}$/.test(year)) problems.push(`年度「${year}」有误，应为四位数字，例如：--year 2025`);
  if (v.format === undefined) problems.push('请用 --format 指定报告格式（2019 或 2021），例如：--format 2021');
  if (v.deadline === undefined) problems.push('请用 --deadline 指定截止日期，例如：--deadline 2026-01-20');
  const deadlineFor = readDeadlinesFor((v['deadline-for'] as string[] | undefined) ?? [], false, problems) as Record<string, string>;
  const named = v.unit as string[] | undefined;
  if (named && v['all-units']) problems.push('--unit 与 --all-units 只能用一个');
  if (problems.length) return out.fail(listed('未建立填报任务：', problems));
  return withDatabase(out, async (db) => {
    const result = await createCampaign(db, {
      year: Number(year), format: v.format as string, deadline: isoFormOf(v.deadline as string), deadlineFor, force: v.force === true,
      ...(v['all-units'] ? { units: 'all' as const } : named ? { units: named } : {}),
    });
    if (result.kind === 'refused') return out.fail(listed('未建立填报任务：', result.problems));
    for (const warning of result.warnings) out.warn(`提示：${warning}`);
    const overrides = Object.entries(deadlineFor).map(([kind, date]) => `${kind} ${date}`);
    out.print([
      `已建立${year}年度填报任务（编号 ${result.campaignId}，${v.format}年格式），共 ${result.units.length} 个单位。`,
      `截止日期：${overrides.length ? `${overrides.join('，')}，其余单位 ${isoFormOf(v.deadline as string)}` : isoFormOf(v.deadline as string)}。`,
      ...(result.withoutFilers.length ? [`未纳入（没有填报人）：${result.withoutFilers.join('、')}`] : []),
      `查看进度：nianbao campaign status --campaign ${result.campaignId}`,
    ].join('\n'));
    return 0;
  });
}

async function campaignEdit(campaignId: number | undefined, v: OptionValues, out: Output): Promise<number> {
  const problems: string[] = [];
  const items = v['deadline-for'] as string[] | undefined;
  const deadlineFor = items && readDeadlinesFor(items, true, problems);
  if (v.force && v.format === undefined) problems.push('--force 只和 --format 一起使用');
  if (problems.length) return out.fail(listed('未修改：', problems));
  return withDatabase(out, async (db) => said(out, await editCampaign(db, campaignId, {
    ...(v.deadline !== undefined && { deadline: isoFormOf(v.deadline as string) }), ...(deadlineFor && { deadlineFor }),
    ...(v.format !== undefined && { format: v.format as string }), force: v.force === true,
  }), 'edit'));
}

const standingWords: Record<UnitStanding, string> = { files: '参加填报', excluded: '已排除', below: '已排除（下属单位参加）' };

async function campaignUnitList(campaignId: number | undefined, out: Output): Promise<number> {
  return withDatabase(out, async (db) => {
    const result = await campaignUnits(db, campaignId);
    if (result.kind === 'refused') return out.fail(result.problems.join('\n'));
    const { campaign, units } = result;
    const rows = units.map((u) => [u.name, u.kind, u.parent ?? '', standingWords[u.standing], u.filers ? String(u.filers) : '无']);
    const filing = units.filter((u) => u.standing === 'files');
    const lacking = filing.filter((u) => !u.filers).map((u) => u.name);
    out.print([
      `${campaign.year}年度填报任务（编号 ${campaign.id}，${campaign.status === 'open' ? '进行中' : '已结束'}）的范围：${result.scope}。以后在范围内新建的单位自动参加。`,
      drawTable(['单位', '类型', '上级单位', '情况', '填报人'], rows, [4]),
      `参加填报 ${filing.length} 个，已排除 ${units.length - filing.length} 个。`,
      ...(lacking.length ? [`尚无填报人（导入后即可填报：nianbao member import）：${lacking.join('、')}`] : []),
    ].join('\n'));
    return 0;
  });
}

async function campaignShow(v: OptionValues, out: Output): Promise<number> {
  const options = readCampaignOptions(v, out);
  if ('failed' in options) return options.failed;
  const { id, now } = options;
  return withDatabase(out, async (db) => {
    const result = await campaignStatus(db, { ...(id !== undefined && { campaignId: id }), now });
    if (result.kind === 'missing') {
      const year = Number(shanghaiDate(now).slice(0, 4)) - 1;
      return out.fail(result.reason === NO_OPEN_CAMPAIGN
        ? `${result.reason}。请先建立：nianbao campaign create --year ${year} --format 2021 --deadline ${year + 1}-01-20`
        : `${result.reason}。`);
    }
    const { campaign, units } = result;
    const rows = units.map((u) => [u.name, u.kind, u.deadline, stateWords[u.progress], String(u.daysLate)]);
    out.print([
      `${campaign.year}年度填报任务（编号 ${campaign.id}，${campaign.format}年格式，${campaign.status === 'open' ? '进行中' : '已结束'}），截至 ${shanghaiDate(now)}：`,
      drawTable(['单位', '类型', '截止', '状态', '逾期工作日'], rows, [4]),
      `已提交 ${result.submitted} / 共 ${units.length}${result.overdue ? `，逾期未交 ${result.overdue}` : ''}`,
      ...result.daysOff.map(({ deadline, lastWorkingDay }) => `注：截止日 ${deadline} 为${isWeekend(deadline) ? weekdayLabel(deadline) : '法定节假日'}，提醒中请相关单位于 ${lastWorkingDay}（${weekdayLabel(lastWorkingDay)}）前提交。`),
    ].join('\n'));
    return 0;
  });
}
