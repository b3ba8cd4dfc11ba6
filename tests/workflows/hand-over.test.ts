import anyTest from 'ava';
import { Escalation, PetitionCase, Unit } from '../../db/entities';
import { unitRef } from '../../db/refs';
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

/** 上报/移交 on the time-skipping server: the case goes on under its new unit, its clocks on their dates. */
const test = useWorkflowTestEnv(anyTest, 'each test');

const refusalOf = (error: unknown) => (error as { cause?: Error } | undefined)?.cause?.message;

test('a bus-route case handed from the township to its county keeps one workflow and one timeline, its handling deadline runs on to the same date and escalates above the county', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-03-04T10:00:00+08:00'); // a Monday
  const [clerk, countyClerk] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, 'clerk.990101@demo.qingling.local'),
  ]);
  const em = w.orm.em.fork();
  const [county, city] = await Promise.all([
    em.findOneOrFail(Unit, { code: '990101' }, { populate: ['parent'] }),
    em.findOneOrFail(Unit, { code: '990100' }),
  ]);
  const start = aCase(
    {
      category: 'urban',
      place: '城关镇汽车站',
      summary: '镇上唯一的公交线路停运三个月，学生老人出行困难',
      request: '恢复公交线路',
    },
    '2030-03-04T02:00:00.000Z',
  );
  const n = start.caseNumber;
  await withWorker(w, 'hand-over', async () => {
    const handle = await startCase(w, start, 'hand-over');
    await command(handle, 'triage', clerk, { decision: 'accept' });
    await command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) });
    // 60 days end on Friday 3 May, inside the Labour Day holiday: the deadline moves to Monday 6 May.
    t.like(await ledgerDeadlines(w, n), { handling: { due: '2030-05-06', state: 'running' } });

    await skipTo(w, '2030-03-11T10:00:00+08:00');
    const handed = await command(handle, 'handOver', clerk, {
      toUnit: unitRef(county),
      reason: '公交线路的审批和运营补贴属县交通运输部门职权，镇里无权恢复',
    });
    t.is(handed.status, 'accepted');
    t.is(handed.unit.code, '990101');
    t.is(handed.handlingDepartment, null);
    t.like(await ledgerDeadlines(w, n), {
      handling: { due: '2030-05-06', state: 'running' }, // the same clock, the same date
      dispatch: { due: '2030-03-11', state: 'running' }, // the county office dispatches the same day
      assignmentObjection: { state: 'stopped' },
    });
    const row = await w.orm.em.fork().findOneOrFail(PetitionCase, { caseNumber: n });
    t.is(row.unitPath, county.path);

    // The township can act no more; the county can, within its own reach: going up again is another hand-over.
    const late = await t.throwsAsync(
      command(handle, 'dispatch', clerk, { department: await department(w, `${township}-zz`) }),
    );
    t.is(refusalOf(late), 'out_of_jurisdiction');
    const upwardAgain = await t.throwsAsync(
      command(handle, 'dispatch', countyClerk, { department: await department(w, '990100-zj') }),
    );
    t.is(refusalOf(upwardAgain), 'dispatch_upward');
    await command(handle, 'dispatch', countyClerk, { department: await department(w, '990101-zj') });
    t.like(await ledgerDeadlines(w, n), { dispatch: { state: 'met' }, handling: { due: '2030-05-06' } });

    // One timeline, numbered on from the township's steps.
    const events = await timeline(w, n);
    t.deepEqual(
      events.map((e) => e.type),
      ['registered', 'accepted', 'dispatched', 'handed_over', 'dispatched'],
    );
    t.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
    t.like(events[3]!.data, { fromUnit: '城关镇', toUnit: county.name });

    // The breach escalates above the unit that now owes the case: the city.
    await skipTo(w, '2030-05-07T00:01:00+08:00');
    const [escalation] = await w.orm.em.fork().find(Escalation, { caseNumber: n, clock: 'handling' });
    t.is(escalation?.fromUnitId, county.id);
    t.is(escalation?.toUnitId, city.id);
    await keepHistory(handle, 'handed-over-township-to-county');
  });
});
