import anyTest from 'ava';
import { casePolicy } from '../../api/intake';
import { bodyOf, PolicyVersionRepository } from '../../db/administration/policy-versions';
import { PetitionCase } from '../../db/entities';
import { defaultCategories } from '../../api/administration/policy-drafts';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { caseStateQuery } from '../../workflows/case/messages';
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
 * A deadline policy version published in the console (db/administration/policy-versions.ts)
 * applies to cases received from its effective date on; cases received before keep theirs.
 */
const test = useWorkflowTestEnv(anyTest, 'whole file');

test('a version with a 30-day handling clock published to take effect tomorrow leaves today’s case at 60 days and gives tomorrow’s 30, with its own extension limit; a dispatch records the power list’s proposal', async (t) => {
  const { w } = t.context;
  await loadYear(w, 2030, fixtureYear2030);
  await skipTo(w, '2030-04-08T10:00:00+08:00'); // a Monday
  const versions = new PolicyVersionRepository(w.orm.em.fork());
  const body = bodyOf(policyFor(currentPolicyVersion), defaultCategories());
  body.clocks.handling = { ...body.clocks.handling, length: 30, warnBeforeDays: [5] };
  body.extension = { maxDays: 15, maxCount: 1 };
  const draft = await versions.createDraft('2030.1', body, 'staff:1');
  await versions.publish(draft.id, '2030-04-09', 'staff:1');

  const [clerk, handler] = await Promise.all([
    actor(w, `clerk.${township}@demo.qingling.local`),
    actor(w, `handler.${township}-zz@demo.qingling.local`),
  ]);
  const zz = await department(w, `${township}-zz`);
  await withWorker(w, 'policy-versions', async () => {
    const todayAt = new Date('2030-04-08T02:00:00.000Z');
    const today = aCase({}, todayAt.toISOString(), await casePolicy(w.orm.em.fork(), todayAt));
    t.is(today.policyVersion, currentPolicyVersion);
    const first = await startCase(w, today, 'policy-versions');
    await command(first, 'triage', clerk, { decision: 'accept' });
    await command(first, 'dispatch', clerk, { department: zz });

    await skipTo(w, '2030-04-09T10:00:00+08:00');
    const tomorrowAt = new Date('2030-04-09T02:00:00.000Z');
    const tomorrow = aCase({}, tomorrowAt.toISOString(), await casePolicy(w.orm.em.fork(), tomorrowAt));
    t.deepEqual(
      { version: tomorrow.policyVersion, extension: tomorrow.extension },
      { version: '2030.1', extension: { maxDays: 15, maxCount: 1 } },
    );
    const second = await startCase(w, tomorrow, 'policy-versions');
    await command(second, 'triage', clerk, { decision: 'accept' });
    // 权力清单: the power list proposed another department; the clerk's reason goes on the timeline.
    await command(second, 'dispatch', clerk, {
      department: zz,
      proposed: { id: 999, name: '城关镇自然资源所' },
      otherDepartmentReason: '涉及综治调处，由综治中心办理',
    });

    // 60 days end on 7 June, the Dragon Boat holiday (端午节): the next working day.
    t.like(await ledgerDeadlines(w, today.caseNumber), { handling: { due: '2030-06-10', state: 'running' } });
    t.like(await ledgerDeadlines(w, tomorrow.caseNumber), {
      handling: { due: '2030-05-09', state: 'running' },
    });
    const rows = await w.orm.em
      .fork()
      .find(PetitionCase, { caseNumber: [today.caseNumber, tomorrow.caseNumber] });
    t.deepEqual(Object.fromEntries(rows.map((r) => [r.caseNumber, r.policyVersion])), {
      [today.caseNumber]: currentPolicyVersion,
      [tomorrow.caseNumber]: '2030.1',
    });
    const dispatched = (await timeline(w, tomorrow.caseNumber)).find((e) => e.type === 'dispatched');
    t.like(dispatched?.data, {
      department: zz.name,
      proposedDepartment: '城关镇自然资源所',
      proposedDepartmentId: 999,
      otherDepartmentReason: '涉及综治调处，由综治中心办理',
    });
    // The published version's extension limit is the case's: 20 days is too long under it.
    const state = await second.query(caseStateQuery);
    t.is(state?.maxExtensionDays, 15);
    await t.throwsAsync(command(second, 'requestExtension', handler, { days: 20, reason: '需要补充调查' }));
    const asked = await command(second, 'requestExtension', handler, { days: 15, reason: '需要补充调查' });
    t.is(asked.extension?.days, 15);
    await keepHistory(second, 'published-policy-version');
  });
});
