import type { CaseCommandName, CaseState } from '../../domain/case-commands';
import type { ReportConclusion } from '../../domain/discipline';
import type { ClockName } from '../../domain/policy';
import type { Actor } from '../../domain/actor';
import type { CaseStart } from '../../domain/case';
import { intakeClocks } from './clocks';
import { now, type CaseProcess, type ClockStart, type Step } from './process';

/**
 * The discipline channel (检举控告), as 《纪检监察机关处理检举控告工作规则》 runs it: a report
 * is registered with the discipline body that has jurisdiction, which accepts it or passes
 * it on within 5 working days; disposes of it in one of four ways (谈话函询, 初步核实,
 * 暂存待查, 予以了结); records the finding, a case opened (立案) and its sanction; and then
 * owes a real-name reporter feedback within 15 working days. Only cases whose state says
 * `kind: 'report'` take these steps: cases from before the kinds never do.
 */

/** The clocks a report starts with: accept or pass on (规则 Art. 16), and the notice to the reporter. */
export const reportClocks = (start: CaseStart): ClockStart[] => [
  { clock: 'disciplineAcceptance', from: start.receivedAt },
  { clock: 'acceptanceNotice', from: start.receivedAt },
];

/** Clocks that end once the discipline office has decided whether it takes the report. */
export const reportIntakeClocks: ClockName[] = [...intakeClocks, 'disciplineAcceptance'];

/** The discipline office accepts (受理) a report: it handles it itself, nothing to dispatch. */
export async function acceptReport(p: CaseProcess, actor: Actor): Promise<void> {
  const s = p.state;
  s.status = 'in_handling';
  s.acceptedAt = now();
  const event = await p.record(
    'accepted',
    actor,
    {},
    { stop: reportIntakeClocks, start: [{ clock: 'handling', from: s.acceptedAt }] },
  );
  await p.tellComplainant('accepted', event.seq, {});
}

const reportOf = (s: CaseState) => s.report!;

/**
 * Concluded (办结): the outcome is recorded and the reporter hears it in neutral words. A
 * real-name reporter is owed feedback (反馈) within the policy's time, which the office
 * records as delivered; an anonymous one has nobody to be told.
 */
async function conclude(p: CaseProcess, actor: Actor, conclusion: ReportConclusion, data: object) {
  const s = p.state;
  reportOf(s).conclusion = conclusion;
  s.status = 'replied';
  s.repliedAt = conclusion.at;
  s.evaluation = null;
  s.replyDelivered = !s.realName;
  const event = await p.record(
    'report_concluded',
    actor,
    {
      ...data,
      finding: conclusion.finding,
      caseOpened: conclusion.caseOpened,
      sanction: conclusion.sanction,
    },
    {
      stop: ['handling', 'rectification', 'disciplineAcceptance'],
      start: [{ clock: s.replyDelivered ? 'reviewRequest' : 'replyDelivery', from: conclusion.at }],
    },
  );
  await p.tellComplainant('report_concluded', event.seq, { finding: conclusion.finding ?? 'closed' });
}

const classifyReport: Step<'classifyReport'> = async (p, actor, input) => {
  const report = reportOf(p.state);
  report.disposal = input.disposal;
  report.disposalReason = input.reason;
  await p.record('report_classified', actor, { disposal: input.disposal, reason: input.reason });
  // 予以了结: nothing to check, the report ends here.
  if (input.disposal === 'close') {
    await conclude(p, actor, { finding: null, caseOpened: null, sanction: null, at: now() }, {});
  }
};

const concludeReport: Step<'concludeReport'> = (p, actor, input) =>
  conclude(
    p,
    actor,
    {
      finding: input.finding,
      caseOpened: input.caseOpened ?? null,
      sanction: input.sanction ?? null,
      at: now(),
    },
    { summary: input.summary },
  );

const setReportUrgency: Step<'setReportUrgency'> = async (p, actor, input) => {
  reportOf(p.state).urgent = input.urgent;
  await p.record('report_urgency_set', actor, { urgent: input.urgent, reason: input.reason });
};

export const disciplineSteps = {
  classifyReport,
  concludeReport,
  setReportUrgency,
} satisfies { [C in CaseCommandName]?: Step<C> };
