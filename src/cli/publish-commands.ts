// nianbao export | rollup: a campaign's overview as an Excel workbook, and the roll-up of its
// handed-in reports as a Word document, for its supervisors.
import type { DataSource } from 'typeorm';
import { findUnit } from '../admin/units.ts';
import { campaignRowOf, findCampaign } from '../admin/campaigns.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { loadOverview, type Overview } from '../publish/campaign-overview.ts';
import { renderDocx } from '../publish/docx.ts';
import { renderOverviewXlsx } from '../publish/overview-xlsx.ts';
import { readCampaignOptions, type OptionValues } from './admin-commands.ts';
import { withDatabase } from './database-commands.ts';
import { writeOutput, type Output } from './output.ts';

/** The options both commands share, read; or why they are wrong. */
function readOptions(v: OptionValues, fileOption: 'xlsx' | 'docx', example: string, out: Output): { id?: number; file: string; now: Date; unit?: string } | number {
  const file = v[fileOption] as string | undefined;
  if (!file) return out.fail(`请用 --${fileOption} 指定要生成的${fileOption === 'xlsx' ? ' Excel' : ' Word'} 文件，例如：${example}`);
  const options = readCampaignOptions(v, out);
  if ('failed' in options) return options.failed;
  return { ...options, file, unit: v.unit as string | undefined };
}

/** The campaign's overview (of the units under `unit`, if named) in one transaction; or why there is none. */
async function overviewOf(db: DataSource, id: number | undefined, now: Date, unit: string | undefined): Promise<{ kind: 'loaded'; overview: Overview } | { kind: 'missing'; reason: string }> {
  return db.transaction(async (m) => {
    const found = await findCampaign(m, id);
    if (found.kind === 'missing') return { kind: 'missing', reason: `${found.reason}。${id === undefined ? '请用 --campaign 指定填报任务编号。' : ''}` };
    const root = unit === undefined ? undefined : await findUnit(m, unit);
    if (typeof root === 'string') return { kind: 'missing', reason: root };
    return { kind: 'loaded', overview: await loadOverview(m, campaignRowOf(found.campaign), now, root?.id) };
  });
}

const nobodyIn = (unit: string | undefined, campaignId: number) =>
  `${unit === undefined ? '' : `「${unit}」所辖`}单位中没有参加编号 ${campaignId} 填报任务的单位，未生成文件。`;

/** `export [--campaign ID] [--unit NAME] --xlsx OUT.xlsx [--now ISO]`: the newest open campaign unless one is named. */
export function exportCommand(v: OptionValues, out: Output): Promise<number> {
  const options = readOptions(v, 'xlsx', 'nianbao export --campaign 1 --xlsx 填报情况.xlsx', out);
  if (typeof options === 'number') return Promise.resolve(options);
  const { id, file, now, unit } = options;
  return withDatabase(out, async (db) => {
    const loaded = await overviewOf(db, id, now, unit);
    if (loaded.kind === 'missing') return out.fail(loaded.reason);
    const { overview } = loaded;
    if (!overview.units.length) return out.fail(nobodyIn(unit, overview.campaign.id));
    const failed = await writeOutput(file, await renderOverviewXlsx(overview), out);
    if (failed !== undefined) return failed;
    out.print(`已导出 ${file}：${overview.campaign.year}年度填报任务（编号 ${overview.campaign.id}），截至 ${shanghaiDate(now)}，共 ${overview.units.length} 个单位，已提交 ${overview.handedIn} 个，汇总计入 ${overview.rollUp.included.length} 个。`);
    return 0;
  });
}

/** `rollup [--campaign ID] [--unit NAME] --docx OUT.docx [--now ISO]`: the sum of the handed-in reports, checked again. */
export function rollupCommand(v: OptionValues, out: Output): Promise<number> {
  const options = readOptions(v, 'docx', 'nianbao rollup --campaign 1 --docx 汇总报告.docx', out);
  if (typeof options === 'number') return Promise.resolve(options);
  const { id, file, now, unit } = options;
  return withDatabase(out, async (db) => {
    const loaded = await overviewOf(db, id, now, unit);
    if (loaded.kind === 'missing') return out.fail(loaded.reason);
    const { rollUp, campaign, units, scope } = loaded.overview;
    if (!units.length) return out.fail(nobodyIn(unit, campaign.id));
    if (!rollUp.included.length) return out.fail(`还没有可以汇总的报告（已提交、已通过或已导入的${campaign.format}年格式报告），未生成汇总报告。${rollUp.left.length}个单位的情况可用 nianbao export 导出查看。`);
    const failed = await writeOutput(file, await renderDocx(rollUp.report, { signedOn: shanghaiDate(now), signer: scope, omitEmptyTexts: true }), out);
    if (failed !== undefined) return failed;
    const errors = rollUp.findings.filter((f) => f.severity === 'error');
    out.print([
      `已生成 ${file}：${rollUp.report.unit}${campaign.year}年度政府信息公开工作年度报告，汇总 ${rollUp.included.length} 个单位。`,
      ...(rollUp.left.length ? [`未计入 ${rollUp.left.length} 个单位：${rollUp.left.map((l) => `${l.unit}（${l.reason}）`).join('、')}。`] : []),
      errors.length ? `汇总后的报告有 ${errors.length} 个错误：${errors.map((f) => f.message).join('；')}` : '汇总后的数字核对无误。',
    ].join('\n'));
    return 0;
  });
}
