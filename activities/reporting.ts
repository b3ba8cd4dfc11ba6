import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import pMap from 'p-map';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StaffMember } from '../db/entities';
import { closeOutCandidates, weekFiguresByUnit } from '../db/close-out-figures';
import { struckOffInWeek, unitsToReport } from '../db/close-out-runs';
import {
  findCloseOutWeek,
  previousPeriodEnd,
  saveCloseOutWeek,
  weeklyReport,
  weekTrend,
} from '../db/close-out-weeks';
import { enrolCampaignCases, markCampaignCase } from '../db/look-back-campaigns';
import { composeBulletin, findBulletin, saveBulletin, unitsWithChildren } from '../db/monthly-bulletins';
import type { StaffRole } from '../domain/actor';
import { caseWorkflowId } from '../domain/case';
import type { CaseCommandName, CaseCommands } from '../domain/case-commands';
import { emptyWeekFigures, weekMeasures, type WeekFigures } from '../domain/close-out';
import { currentPolicyVersion, policyFor } from '../domain/policy';
import { formatOfficeTime } from '../domain/time-zone';
import { bulletinXlsx } from '../reports/bulletin-export';
import { weeklyReportXlsx } from '../reports/weekly-report-export';
import { caseCommandUpdate } from '../workflows/case/messages';
import { sendMailOnce, type MailDeps } from './mail';

export interface ReportingDeps extends MailDeps {
  /** Strike-offs and campaign questions go to the case workflows as Updates. */
  temporal?: Client | undefined;
}

const dayMs = 86_400_000;
/** Case workflows asked at once: enough to keep a worker busy, few enough not to crowd out the cases' own work. */
const caseConcurrency = 8;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who reads a unit's reports: its office and its leaders. */
async function readersOf(em: EntityManager, unitIds: number[], roles: StaffRole[]) {
  return em.find(
    StaffMember,
    { unit: { $in: unitIds }, roles: { $overlap: roles }, active: true },
    { orderBy: { unit: 'asc', id: 'asc' } },
  );
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

function weekSummary(f: WeekFigures): string {
  const m = weekMeasures(f);
  return [
    `本周新增 ${f.newCases} 件，销号 ${f.closedOut} 件，重新启动 ${f.reopened} 件；`,
    `在办 ${f.stillOpen} 件，其中超期 ${f.overdue} 件；本周督办 ${f.escalated} 件；`,
    `积案存量 ${f.backlogStock} 件（较上周 ${m.backlogChange >= 0 ? '+' : ''}${m.backlogChange}），距清零 ${m.distanceToZero} 件${m.weeksToZero ? `，按本周进度约 ${m.weeksToZero} 周清零` : ''}；`,
    `5日内办结率 ${percent(m.closedWithin5DaysRate)}，满意率 ${percent(m.satisfactionRate)}。`,
  ].join('\n');
}

/**
 * The weekly close-out, the monthly bulletin and campaign look-backs. Every step
 * is idempotent: a unit's week and a month's bulletin are written once (unique
 * keys), a case already struck off is refused and counted as it is, and each
 * e-mail goes out once per key.
 */
export function createReportingActivities(deps: ReportingDeps) {
  const temporal = () => {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('reporting activities need a Temporal client');
    return deps.temporal;
  };
  const give = <C extends CaseCommandName>(caseNumber: string, command: C, input: CaseCommands[C]) =>
    temporal()
      .workflow.getHandle(caseWorkflowId(caseNumber))
      .executeUpdate(caseCommandUpdate(command), { args: [{ actor: { kind: 'system' }, input }] });
  const boardLink = (unitId: number, week: string) =>
    `${deps.publicUrl}/console/close-out?unit=${unitId}&week=${week}`;

  return {
    async unitsToReport(): Promise<number[]> {
      return unitsToReport(deps.orm.em.fork());
    },

    /**
     * 销号 for a batch of units: each unit's ready cases are struck off in their own
     * workflows, then the week's figures are counted from the timeline for the
     * whole batch at once and written. A unit already closed keeps its snapshot.
     */
    async closeOutUnits(req: { unitIds: number[]; week: string; cutoff: string; runBy: string }) {
      const em = deps.orm.em.fork();
      type Closed = { unitId: number; struckOff: number; closedAt: string; runBy: string };
      const closed = new Map<number, Closed>();
      const closedAs = (unitId: number, s: { struckOff: string[]; closedAt: string; runBy: string }) =>
        closed.set(unitId, { unitId, struckOff: s.struckOff.length, closedAt: s.closedAt, runBy: s.runBy });
      const open: number[] = [];
      for (const unitId of req.unitIds) {
        const earlier = await findCloseOutWeek(em, unitId, req.week);
        if (earlier) {
          closedAs(unitId, earlier);
          continue;
        }
        open.push(unitId);
        const candidates = await closeOutCandidates(em, unitId, req.cutoff);
        await pMap(
          candidates,
          async ({ caseNumber }) => {
            try {
              await give(caseNumber, 'closeOut', { week: req.week });
            } catch (error) {
              // Refused (struck off by an earlier attempt, or no longer ready): the timeline counts what happened.
              if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError))
                throw error;
            }
            heartbeat({ unitId, caseNumber });
          },
          { concurrency: caseConcurrency },
        );
      }
      const policy = policyFor(currentPolicyVersion).reporting;
      const periods = new Map<string, number[]>();
      for (const unitId of open) {
        const from =
          (await previousPeriodEnd(em, unitId, req.week)) ??
          new Date(Date.parse(req.cutoff) - 7 * dayMs).toISOString();
        periods.set(from, [...(periods.get(from) ?? []), unitId]);
      }
      for (const [from, unitIds] of periods) {
        const figures = await weekFiguresByUnit(em, {
          unitIds,
          from,
          to: req.cutoff,
          week: req.week,
          quickClosureDays: policy.quickClosureDays,
        });
        for (const unitId of unitIds) {
          const snapshot = {
            unitId,
            week: req.week,
            periodFrom: from,
            periodTo: req.cutoff,
            runBy: req.runBy,
            closedAt: new Date().toISOString(),
            figures: figures.get(unitId) ?? emptyWeekFigures(),
            struckOff: await struckOffInWeek(em, unitId, req.week),
          };
          // Another run may have closed the unit meanwhile: then its snapshot stands.
          if ((await saveCloseOutWeek(em, snapshot)) === 'saved') closedAs(unitId, snapshot);
          else closedAs(unitId, (await findCloseOutWeek(em, unitId, req.week))!);
          heartbeat({ unitId });
        }
      }
      return req.unitIds.flatMap((unitId) => closed.get(unitId) ?? []);
    },

    /** 每周一报: each unit's week with its subtree rolled up, to its office and leaders, with the spreadsheet attached. */
    async mailWeeklyReports(req: { unitIds: number[]; week: string }): Promise<number> {
      const em = deps.orm.em.fork();
      let sent = 0;
      for (const unitId of req.unitIds) {
        const readers = await readersOf(em, [unitId], ['office_head', 'clerk', 'leader']);
        if (readers.length === 0) continue;
        const report = await weeklyReport(em, unitId, req.week);
        if (!report.own) continue;
        const trend = await weekTrend(em, unitId, 12);
        const xlsx = await weeklyReportXlsx(report, trend, 'zh-CN');
        const behind = report.notClosed.map((u) => u.name).join('、');
        for (const reader of readers) {
          const outcome = await sendMailOnce(deps, {
            key: `weekly-report/${req.week}/${unitId}/${reader.email}`,
            to: reader.email,
            subject: `【每周一报】${report.unit.name} ${req.week} 周销号：销号 ${report.subtree.closedOut} 件，在办 ${report.subtree.stillOpen} 件，积案 ${report.subtree.backlogStock} 件`,
            text: `${reader.name}：\n\n${report.unit.name}（含下级单位）${formatOfficeTime(report.own.periodFrom)} 至 ${formatOfficeTime(report.own.periodTo)}：\n${weekSummary(report.subtree)}\n${behind ? `\n尚未完成本周销号的单位：${behind}\n` : ''}\n销号看板：${boardLink(unitId, req.week)}\n`,
            attachments: [
              {
                filename: `每周一报-${report.unit.name}-${req.week}.xlsx`,
                content: xlsx,
                contentType: xlsxType,
              },
            ],
          });
          if (outcome === 'sent') sent += 1;
        }
        heartbeat({ unitId });
      }
      return sent;
    },

    async unitsWithUnitsBelow(): Promise<number[]> {
      return unitsWithChildren(deps.orm.em.fork());
    },

    /** 一月一通报: written once, then sent to the unit's office and leaders and the offices below it. */
    async publishBulletin(req: { unitId: number; month: string; publishedAt: string }): Promise<void> {
      const em = deps.orm.em.fork();
      if (!(await findBulletin(em, req.unitId, req.month))) {
        await saveBulletin(em, await composeBulletin(em, req.unitId, req.month, req.publishedAt));
      }
      const bulletin = (await findBulletin(em, req.unitId, req.month))!;
      const xlsx = await bulletinXlsx(bulletin, 'zh-CN');
      const readers = [
        ...(await readersOf(em, [req.unitId], ['office_head', 'clerk', 'leader'])),
        ...(await readersOf(
          em,
          bulletin.rows.map((r) => r.unit.id),
          ['office_head'],
        )),
      ];
      const last = [...bulletin.rows].sort((a, b) => b.rankOverdue - a.rankOverdue)[0];
      for (const reader of readers) {
        await sendMailOnce(deps, {
          key: `bulletin/${req.month}/${req.unitId}/${reader.email}`,
          to: reader.email,
          subject: `【一月一通报】${bulletin.unit.name} ${req.month} 信访工作通报`,
          text: `${reader.name}：\n\n${bulletin.unit.name} ${req.month} 月度通报已发布：${bulletin.rows.length} 个单位排名，超期未办结 ${bulletin.overdueCases.length} 件${last && last.figures.overdue > 0 ? `，超期最多的是${last.unit.name}（${last.figures.overdue} 件）` : ''}。\n详见附件及通报页面：${deps.publicUrl}/console/bulletins?unit=${req.unitId}&month=${req.month}\n`,
          attachments: [
            {
              filename: `月度通报-${bulletin.unit.name}-${req.month}.xlsx`,
              content: xlsx,
              contentType: xlsxType,
            },
          ],
        });
      }
    },

    async selectCampaignCases(req: { campaignId: number }) {
      return enrolCampaignCases(deps.orm.em.fork(), req.campaignId);
    },

    /** Asks each case of a campaign in its own workflow; a case that can no longer come back is marked unreachable. */
    async askCampaignCases(req: { campaignId: number; title: string; caseNumbers: string[] }): Promise<void> {
      const em = deps.orm.em.fork();
      await pMap(
        req.caseNumbers,
        async (caseNumber) => {
          try {
            await give(caseNumber, 'startLookBack', { campaignId: req.campaignId, title: req.title });
          } catch (error) {
            if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError))
              throw error;
            await markCampaignCase(em, req.campaignId, caseNumber, 'unreachable');
          }
          heartbeat({ caseNumber });
        },
        { concurrency: caseConcurrency },
      );
    },
  };
}

export type ReportingActivities = ReturnType<typeof createReportingActivities>;
