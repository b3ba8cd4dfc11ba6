import anyTest from 'ava';
import { Escalation } from '../../db/entities';
import { fixtureYear2030 } from '../fixtures/holiday-calendars';
import { aCase, startCase, township } from '../helpers/case-starts';
import { keepHistory } from '../helpers/histories';
import {
  actor,
  command,
  department,
  ledgerDeadlines,
  loadYear,
  skipTo,
  useWorkflowTestEnv,
  timeline,
  withWorker,
} from '../helpers/workflow-env';

/**
 * The acceptance notice (受理告知书, 条例 Art. 23) owed on paper: a named complainant
 * without an e-mail address is told in writing, and the notice's clock runs from
 * receipt until the office records the delivery (送达).
 */
const test = useWorkflowTestEnv(anyTest, 'each test');

const onPaper = { complainant: { name: '李华', phone: '13900000000' } };

test('accepting a complainant without e-mail leaves the acceptance-notice clock running until the delivery of the 受理告知书 is recorded', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-29T10:00:00+08:00');
  const clerk = await actor(w, `clerk.${township}@demo.qingling.local`);
  const start = aCase(onPaper, '2030-04-29T02:00:00.000Z');
  await withWorker(w, 'paper', async () => {
    const handle = await startCase(w, start, 'paper');
    const n = start.caseNumber;
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    t.like(await ledgerDeadlines(w, n), {
      routing: { state: 'met' },
      acceptanceNotice: { due: '2030-05-14', state: 'running' },
    });

    const notice = { noticeId: 1, kind: 'acceptance' as const, documentNumber: '城关信访〔2030〕1号' };
    await command(handle, 'recordWrittenNotice', clerk, notice);
    await skipTo(w, '2030-05-08T15:00:00+08:00');
    const state = await command(handle, 'recordNoticeDelivery', clerk, {
      ...notice,
      method: 'post',
      deliveredOn: '2030-05-08',
      deliveredBy: '邮政EMS',
    });
    t.false('acceptanceNotice' in state.deadlines);
    t.like(await ledgerDeadlines(w, n), { acceptanceNotice: { due: '2030-05-14', state: 'met' } });

    // Past the notice's due date nothing escalates: it was delivered in time.
    await skipTo(w, '2030-05-16T10:00:00+08:00');
    t.deepEqual(
      (await w.orm.em.fork().find(Escalation, { caseNumber: n })).map((e) => e.clock),
      [],
    );
    const notices = (await timeline(w, n)).filter((e) => e.type.startsWith('written_notice_'));
    t.deepEqual(
      notices.map((e) => e.type),
      ['written_notice_issued', 'written_notice_delivered'],
    );
    await keepHistory(handle, 'acceptance-notice-delivered-on-paper');
  });
});

test('an acceptance notice never delivered breaches on its due date and escalates, like any notice clock', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-29T10:00:00+08:00');
  const clerk = await actor(w, `clerk.${township}@demo.qingling.local`);
  const start = aCase(onPaper, '2030-04-29T02:00:00.000Z');
  await withWorker(w, 'undelivered', async () => {
    const handle = await startCase(w, start, 'undelivered');
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    await skipTo(w, '2030-05-15T10:00:00+08:00');
    const escalations = await w.orm.em.fork().find(Escalation, { caseNumber: start.caseNumber });
    t.deepEqual(
      escalations.map((e) => e.clock),
      ['acceptanceNotice'],
    );
    t.like(await ledgerDeadlines(w, start.caseNumber), { acceptanceNotice: { state: 'escalated' } });
    const refused = await command(handle, 'recordNoticeDelivery', clerk, {
      noticeId: 99,
      kind: 'acceptance',
      documentNumber: '城关信访〔2030〕99号',
      method: 'post',
      deliveredOn: '2030-05-15',
      deliveredBy: '邮政EMS',
    }).catch((error: unknown) => error);
    t.true(refused instanceof Error, 'a notice never issued cannot be delivered');
  });
});
