import anyTest from 'ava';
import { Escalation, PetitionCase, Unit } from '../../db/entities';
import { caseStateQuery } from '../../workflows/case/messages';
import { fixtureYear2030 } from '../fixtures/holiday-calendars';
import { aCase, startCase, township } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import {
  actor,
  command,
  ledgerDeadlines,
  loadYear,
  skipTo,
  useWorkflowTestEnv,
  timeline,
  withWorker,
} from '../helpers/workflow-env';

/**
 * A report against an official (检举控告), registered with 东湖县纪委监委 (990101-jw) as
 * the API routes it, on the discipline rules' clocks.
 */
const test = useWorkflowTestEnv(anyTest, 'each test');

const commission = '990101-jw';

const aReport = (receivedAt: string) =>
  aCase(
    {
      unitCode: commission,
      kind: 'report',
      category: 'discipline',
      qrUnitCode: commission,
      channel: 'qr',
      accused: { unitCode: township, name: '李建国', position: '党委副书记' },
    },
    receivedAt,
  );

test('a real-name report is accepted within 5 working days, verified, found true with a case opened, and the reporter’s feedback falls due 15 working days after conclusion', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00'); // a Monday
  const [clerk, head] = await Promise.all([
    actor(w, `clerk.${commission}@demo.qingling.local`),
    actor(w, `head.${commission}@demo.qingling.local`),
  ]);
  const start = aReport('2030-03-04T02:00:00.000Z');
  const n = start.caseNumber;
  await withWorker(w, 'report', async () => {
    const handle = await startCase(w, start, 'report');
    const row = await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n }, { populate: ['unit'] });
    t.is(row.unit.code, commission);
    t.is(row.kind, 'report');
    t.deepEqual(await ledgerDeadlines(w, n), {
      disciplineAcceptance: { due: '2030-03-11', state: 'running', provisional: false },
      // 15 working days for a real-name report to a discipline body (规则).
      acceptanceNotice: { due: '2030-03-25', state: 'running', provisional: false },
    });

    await skipTo(w, '2030-03-06T10:00:00+08:00');
    await command(handle, 'setReportUrgency', clerk, { urgent: true, reason: '群众反映强烈' });
    const accepted = await command(handle, 'triage', clerk, { decision: 'accept' });
    t.is(accepted.status, 'in_handling');
    t.like(await ledgerDeadlines(w, n), {
      disciplineAcceptance: { state: 'met' },
      acceptanceNotice: { state: 'met' },
      handling: { state: 'running' },
    });
    await command(handle, 'classifyReport', clerk, {
      disposal: 'preliminary_verification',
      reason: '反映问题具体，具有可查性',
    });
    await skipTo(w, '2030-04-15T10:00:00+08:00'); // a Monday
    const concluded = await command(handle, 'concludeReport', head, {
      finding: 'substantiated',
      summary: '经初步核实，反映问题属实，已立案审查',
      caseOpened: '东纪立〔2030〕8号',
      sanction: 'party_discipline',
    });
    t.is(concluded.status, 'replied');
    t.like(concluded.report, {
      urgent: true,
      disposal: 'preliminary_verification',
      conclusion: { finding: 'substantiated', caseOpened: '东纪立〔2030〕8号', sanction: 'party_discipline' },
    });
    t.like(await ledgerDeadlines(w, n), {
      handling: { state: 'met' },
      replyDelivery: { due: '2030-05-08', state: 'running' }, // 15 working days, over the Labour Day holiday
    });
    await command(handle, 'recordReplyDelivery', clerk, { method: 'in_person' });
    t.like(await ledgerDeadlines(w, n), { replyDelivery: { state: 'met' } });
    t.deepEqual(
      (await timeline(w, n)).map((e) => e.type),
      [
        'registered',
        'report_urgency_set',
        'accepted',
        'report_classified',
        'report_concluded',
        'reply_delivered',
      ],
    );
    t.like(await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n }), {
      urgent: true,
      disposal: 'preliminary_verification',
      finding: 'substantiated',
    });
    await keepHistory(handle, 'discipline-report-verified-found-true');
  });
});

test('a report the body neither accepts nor passes on within 5 working days escalates to the discipline body above', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const start = aReport('2030-03-04T02:00:00.000Z');
  const n = start.caseNumber;
  await withWorker(w, 'report-late', async () => {
    const handle = await startCase(w, start, 'report-late');
    await skipTo(w, '2030-03-12T00:01:00+08:00');
    const [escalation] = await w.orm.em
      .fork()
      .find(Escalation, { caseNumber: n, clock: 'disciplineAcceptance' });
    const city = await w.orm.em.fork().findOneOrFail(Unit, { code: '990100-jw' });
    t.is(escalation?.toUnitId, city.id, 'the city commission, one level up the discipline tree');
    // 予以了结 ends it at once: nothing to check, the reporter hears the outcome.
    const clerk = await actor(w, `clerk.${commission}@demo.qingling.local`);
    await command(handle, 'triage', clerk, { decision: 'accept' });
    const closed = await command(handle, 'classifyReport', clerk, {
      disposal: 'close',
      reason: '反映问题已另案处理',
    });
    t.is(closed.status, 'replied');
    t.is((await handle.query(caseStateQuery))?.report?.conclusion?.finding, null);
    await keepHistory(handle, 'discipline-report-late-escalated-then-closed');
  });
});
