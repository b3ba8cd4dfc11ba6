import anyTest from 'ava';
import { PetitionCase } from '../../db/entities';
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

/** 咨询 on the time-skipping server: answered and closed, no petition clock ever runs. */
const test = useWorkflowTestEnv(anyTest, 'each test');

test('a consultation registered at intake runs no petition clock, is answered weeks later without a breach, and the case ends', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00');
  const clerk = await actor(w, `clerk.${township}@demo.qingling.local`);
  const start = aCase(
    {
      kind: 'consultation',
      category: 'other',
      place: '城关镇便民服务中心',
      summary: '想了解新农合门诊报销比例和办理地点',
      request: '告知报销政策',
    },
    '2030-03-04T02:00:00.000Z',
  );
  const n = start.caseNumber;
  await withWorker(w, 'consultation', async () => {
    const handle = await startCase(w, start, 'consultation');
    t.deepEqual(await ledgerDeadlines(w, n), {}, 'no dispatch, routing or notice clock');

    // Past every petition deadline (15 days): nothing sounds.
    await skipTo(w, '2030-03-25T10:00:00+08:00');
    const answered = await command(handle, 'answerConsultation', clerk, {
      text: '门诊报销比例为50%，可到镇卫生院医保窗口办理。',
    });
    t.is(answered.status, 'closed');
    t.deepEqual(
      (await timeline(w, n)).map((e) => e.type),
      ['registered', 'consultation_answered'],
    );
    t.deepEqual(await ledgerDeadlines(w, n), {});
    const row = await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n });
    t.is(row.kind, 'consultation');
    t.is(row.status, 'closed');
    await handle.result();
    await keepHistory(handle, 'consultation-answered-at-intake');
  });
});
