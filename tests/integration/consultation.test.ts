import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { randomUUID } from 'node:crypto';
import { caseState } from '../../api/case-commands';
import { CaseDeadline, Unit } from '../../db/entities';
import { weekFiguresByUnit } from '../../db/close-out-figures';
import { eventually } from '../helpers/app';
import { aPetition } from '../helpers/petitions';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn, type StaffSession } from '../helpers/staff';

/**
 * 咨询 through the API: registered as a consultation at office intake or found to be
 * one at triage, answered and closed without the petition clocks, and counted apart
 * from petitions in the ledger and the weekly figures.
 */
type Context = StackContext & { clerk: StaffSession };
const test = anyTest as TestFn<Context>;

useTestStack(test);

const township = '990102001'; // 石门镇, in 西山县: no other test file's cases share its figures
const clerkEmail = demoAccount.clerk(township);

test.serial.before(async (t) => {
  t.context.clerk = await signIn(t.context.app.baseUrl, clerkEmail);
});

async function register(t: ExecutionContext<Context>, kind: 'petition' | 'consultation', email: string) {
  const answer = await t.context.clerk.post('/api/v1/staff/petitions', {
    channel: 'phone',
    ...aPetition({
      unitCode: township,
      kind,
      category: 'other',
      place: '西山县石门镇',
      summary: '想了解新农合门诊报销比例和办理地点。',
      request: '告知报销政策和办理地点',
      complainant: { name: '刘芳', phone: `139${String(Date.now()).slice(-8)}`, email },
      submissionKey: randomUUID(),
    }),
  });
  if (answer.status !== 201) throw new Error(`registration refused: ${answer.status} ${answer.text}`);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () => {
    const state = await caseState(t.context.app.temporal, caseNumber);
    return state?.status === 'registered' ? true : undefined;
  }, 60_000);
  return caseNumber;
}

const deadlinesOf = (t: ExecutionContext<Context>, caseNumber: string) =>
  t.context.app.orm.em.fork().find(CaseDeadline, { caseNumber });

const mailTo = (t: ExecutionContext<Context>, email: string, subject: string) =>
  eventually(async () =>
    t.context.services.smtp.received.find(
      (m) => m.subject?.includes(subject) && !Array.isArray(m.to) && m.to?.text.includes(email),
    ),
  );

test.serial(
  'a consultation registered at intake has no petition clocks, is answered and closed, and the complainant reads the answer',
  async (t) => {
    const { clerk } = t.context;
    const email = 'liufang.intake@example.cn';
    const caseNumber = await register(t, 'consultation', email);
    t.deepEqual(await deadlinesOf(t, caseNumber), [], 'no dispatch, routing or acceptance notice clock');
    const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}`);
    t.true((page.json.allowedActions as string[]).includes('answerConsultation'));

    const answered = await clerk.act(caseNumber, 'answerConsultation', {
      text: '门诊报销比例为50%，可到镇卫生院医保窗口办理。',
    });
    t.is(answered.status, 200, answered.text);
    t.is(answered.json.status, 'closed');
    const mail = await mailTo(t, email, '咨询答复');
    t.regex(mail.text ?? '', /门诊报销比例为50%/);
  },
);

test.serial(
  'triage finds a petition to be a consultation: its clocks stop, only a consultation may be answered as one',
  async (t) => {
    const { clerk } = t.context;
    const petition = await register(t, 'petition', 'liufang.petition@example.cn');
    const refused = await clerk.act(petition, 'answerConsultation', { text: '答复内容' });
    t.is(refused.status, 409);
    t.is(refused.json.error?.code, 'not_a_consultation');

    const caseNumber = await register(t, 'petition', 'liufang.triage@example.cn');
    t.true((await deadlinesOf(t, caseNumber)).length > 0, 'a petition starts its clocks');
    const triaged = await clerk.act(caseNumber, 'triage', { decision: 'consultation' });
    t.is(triaged.status, 200, triaged.text);
    t.is(triaged.json.status, 'registered');
    t.true((triaged.json.allowedActions as string[]).includes('answerConsultation'));
    await eventually(async () =>
      (await deadlinesOf(t, caseNumber)).every((d) => d.state === 'stopped') ? true : undefined,
    );
    t.is(
      (await clerk.act(caseNumber, 'answerConsultation', { text: '政策已电话告知。' })).json.status,
      'closed',
    );
  },
);

test.serial(
  'consultations are counted apart: the ledger filters them, the weekly figures count them beside the petitions',
  async (t) => {
    const { clerk, app } = t.context;
    const listed = async (kind: string) =>
      (await clerk.get(`/api/v1/ledger?kind=${kind}&pageSize=100`)).json.items as {
        caseNumber: string;
        kind: string;
      }[];
    const consultations = await listed('consultation');
    const petitions = await listed('petition');
    t.is(consultations.length, 2, 'the intake one and the one triage found');
    t.true(consultations.every((c) => c.kind === 'consultation'));
    t.is(petitions.length, 1);

    const unit = await app.orm.em.fork().findOneOrFail(Unit, { code: township });
    const figures = await weekFiguresByUnit(app.orm.em.fork(), {
      unitIds: [unit.id],
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
      week: '2099-01-05',
      quickClosureDays: 5,
    });
    t.like(figures.get(unit.id), { newCases: 1, stillOpen: 1, consultations: 2, consultationsAnswered: 2 });
  },
);
