// P1–P4, P7: rules of thumb that do not make a report wrong but deserve a question (§4.4).
import { formats } from '../formats.ts';
import { unitKind, valueOf, type Finding, type Report } from '../report.ts';

/** P1: more carried forward than received this year. */
function carriedForward(report: Report): Finding[] {
  const forward = valueOf(report, 'requests.carriedForward.total');
  const received = valueOf(report, 'requests.received.total');
  if (forward <= received) return [];
  return [{
    rule: 'P1', severity: 'warning', cells: ['requests.carriedForward.total', 'requests.received.total'],
    message: `结转下年度${forward}件多于本年新收${received}件；答复期限一般不超过40个工作日，通常只有年底前后收到的申请才会结转。`,
    suggestion: '请确认结转下年度没有把已办结的申请计入。',
  }];
}

/** P2 and P3 (2019 format): item counts that look like case counts; cumulative below this year's. */
function activeColumns(report: Report): Finding[] {
  if (report.format !== '2019') return [];
  const findings: Finding[] = [];
  for (const row of ['licensing', 'otherServices', 'penalty', 'coercion', 'fees']) {
    const label = formats['2019'].cell.get(`active.${row}.itemsDelta`)!.label.split('·')[0];
    const prev = valueOf(report, `active.${row}.prevItems`);
    const delta = valueOf(report, `active.${row}.itemsDelta`);
    const decisions = valueOf(report, `active.${row}.decisions`);
    const cells = [`active.${row}.prevItems`, `active.${row}.itemsDelta`];
    if (delta !== 0 && delta === decisions) {
      findings.push({
        rule: 'P2', severity: 'warning', cells: [...cells, `active.${row}.decisions`],
        message: `第二部分「${label}」：本年增/减与处理决定数量相同（${delta}），可能把办件量填进了事项增减。`,
        suggestion: `本年增/减应为事项个数的变化（通常为0或个位数），请核对「${label}·本年增/减」。`,
      });
    } else if (Math.abs(delta) > Math.max(2 * prev, 20)) {
      findings.push({
        rule: 'P2', severity: 'warning', cells,
        message: `第二部分「${label}」：本年增/减${delta > 0 ? '+' : ''}${delta}远大于上一年项目数量${prev}，请确认填的是事项个数的变化而不是办件量。`,
      });
    }
  }
  for (const row of ['rules', 'norms']) {
    const published = valueOf(report, `active.${row}.published`);
    const total = valueOf(report, `active.${row}.total`);
    if (total < published) {
      findings.push({
        rule: 'P3', severity: 'warning', cells: [`active.${row}.total`, `active.${row}.published`],
        message: `第二部分「${row === 'rules' ? '规章' : '规范性文件'}」：对外公开总数量${total}少于本年新公开数量${published}，累计数应不少于本年数。`,
      });
    }
  }
  return findings;
}

/** P4: money that looks entered in the wrong unit. */
function moneyUnits(report: Report): Finding[] {
  if (report.format === '2019') {
    const amount = valueOf(report, 'active.procurement.amountYuan');
    const projects = valueOf(report, 'active.procurement.projects');
    if (projects > 0 && amount > 0 && amount < 10000) {
      return [{
        rule: 'P4', severity: 'warning', cells: ['active.procurement.amountYuan'],
        message: `政府集中采购共${projects}个项目，采购总金额仅${amount}元，金额偏小。`,
        suggestion: `是否应为${amount}万元？如是，请改为${amount}万元。`,
        fix: { 'active.procurement.amountYuan': Math.round(amount * 1e6) / 100 },
      }];
    }
    return [];
  }
  const fees = valueOf(report, 'active.fees.amountYuan');
  if (fees < 1e8) return [];
  return [{
    rule: 'P4', severity: 'warning', cells: ['active.fees.amountYuan'],
    message: `本年收费金额折合${fees / 10000}万元，数额很大，请确认填报时的单位是万元而不是元。`,
    suggestion: `如填报的是元，应为${fees / 1e8}万元。`,
    fix: { 'active.fees.amountYuan': Math.round(fees / 100) / 100 },
  }];
}

/** P7: a township or 街道 rarely makes 规章. */
function townshipRules(report: Report): Finding[] {
  if (!['镇', '乡', '街道'].includes(unitKind(report.unit))) return [];
  const ids = formats[report.format].cells.filter((c) => c.row === 'rules').map((c) => c.id);
  if (ids.every((id) => valueOf(report, id) === 0)) return [];
  return [{
    rule: 'P7', severity: 'warning', cells: ids,
    message: '乡镇、街道一般不制定规章（规章由设区的市、自治州以上人民政府制定），第二部分「规章」行却有数字。',
    suggestion: '如为本单位制定的规范性文件，请填入规范性文件行，规章行填0。',
  }];
}

/** The plausibility rules that one report can decide. */
export function checkPlausibility(report: Report): Finding[] {
  return [...carriedForward(report), ...activeColumns(report), ...moneyUnits(report), ...townshipRules(report)];
}
