import anyTest, { type TestFn } from 'ava';
import { runNoticesOutage, smallNoticesOutage, stepLimitMs } from '../../chaos/notices-outage';
import { startCountingSmtp } from '../../chaos/smtp';
import { Department, PetitionCase } from '../../db/entities';
import { stopChild } from '../../embedded/processes';
import { startSmsCentre } from '../../embedded/sms-centre';
import { eventually } from '../helpers/app';
import { startOutageFront } from '../helpers/outage';
import { freePort } from '../helpers/ports';
import { aPetition, postJson } from '../helpers/petitions';
import { startTestSmtpServer } from '../helpers/smtp';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext>;

// The API only (taking drill policies, whose deadlines fall due in minutes); the worker runs
// as its own process, its mail and SMS going through outage fronts.
useTestStack(test, { worker: false, drillPolicy: true });

const township = '990101001'; // 城关镇

const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
};

test.serial(
  'staff steps answer within 2 s while the SMTP server accepts connections and never answers, and every e-mail arrives once after it recovers',
  async (t) => {
    t.timeout(6 * 60_000);
    const { services, app } = t.context;
    const smtp = await startTestSmtpServer();
    const front = await startOutageFront({ host: '127.0.0.1', port: Number(new URL(smtp.url).port) });
    await front.set('silent');
    const worker = await startWorkerProcess(services, 'outage-worker', `smtp://127.0.0.1:${front.port}`);
    try {
      const email = 'outage.test@example.cn';
      const answer = await postJson(
        `${app.baseUrl}/api/v1/petitions`,
        aPetition({ complainant: { name: '王明', phone: '13800000003', email } }),
      );
      t.is(answer.status, 201, answer.text);
      const caseNumber = answer.json.caseNumber as string;
      await eventually(async () =>
        (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
      );
      const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
      const mailsWith = async (count: number) =>
        eventually(async () => {
          const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}/mails`);
          const mails = page.json.mails as { lastError: string | null; sentAt: string | null }[];
          return mails.length === count && mails.every((m) => m.lastError && !m.sentAt) ? mails : undefined;
        }, 60_000);
      // The receipt hangs on the silent server until its greeting times out: the outage is on.
      await mailsWith(1);
      const accepted = await timed(() => clerk.act(caseNumber, 'triage', { decision: 'accept' }));
      t.is(accepted.value.status, 200, accepted.value.text);
      t.true(accepted.ms < 2000, `triage answered in ${accepted.ms} ms`);

      const failing = await mailsWith(2);
      t.true(
        failing.every((m) => /greeting|timeout/i.test(m.lastError ?? '')),
        JSON.stringify(failing),
      );
      t.log('both e-mails failed on the silent server');

      await front.set('refusing');
      const department = await app.orm.em.fork().findOneOrFail(Department, { code: `${township}-zz` });
      const dispatched = await timed(() =>
        clerk.act(caseNumber, 'dispatch', { departmentId: department.id, instructions: '请依法办理' }),
      );
      t.is(dispatched.value.status, 200, dispatched.value.text);
      t.true(dispatched.ms < 2000, `dispatch answered in ${dispatched.ms} ms`);

      await front.set('up');
      t.log('the SMTP server is back');
      const subjects = [`【信访事项已接收】${caseNumber}`, `【信访事项已受理】${caseNumber}`];
      await eventually(async () => {
        const got = smtp.received.map((m) => m.subject);
        return subjects.every((s) => got.includes(s)) ? true : undefined;
      }, 120_000);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      for (const subject of subjects)
        t.is(smtp.received.filter((m) => m.subject === subject).length, 1, subject);
    } finally {
      await stopChild(worker.process);
      await front.stop();
      await smtp.stop();
    }
  },
);

// The small version of `npm run chaos -- --scenario notices-outage` (chaos/notices-outage.ts).
test.serial(
  'while the SMTP server and the SMS centre refuse connections and then hang, staff steps answer within 2 s, deadline alarms fire on time, and after recovery every e-mail and SMS arrives once',
  async (t) => {
    t.timeout(8 * 60_000);
    const { services, app } = t.context;
    const smtp = await startCountingSmtp();
    const centre = await startSmsCentre({
      port: await freePort(),
      systemId: 'qingling',
      password: 'drill-pw',
    });
    const smtpFront = await startOutageFront({ host: '127.0.0.1', port: Number(new URL(smtp.url).port) });
    const smsFront = await startOutageFront({ host: '127.0.0.1', port: Number(new URL(centre.url).port) });
    const smsUrl = new URL(centre.url);
    smsUrl.port = String(smsFront.port);
    const smsSignature = '清零信访';
    const worker = await startWorkerProcess(
      services,
      'outage-drill-worker',
      `smtp://127.0.0.1:${smtpFront.port}`,
      {
        SMS_URL: smsUrl.toString(),
        SMS_SIGNATURE: smsSignature,
      },
    );
    try {
      const result = await runNoticesOutage(
        {
          apiUrl: app.baseUrl,
          databaseUrl: services.databaseUrl,
          smtpFront,
          smsFront,
          mails: smtp.received,
          sms: centre.received,
          smsSignature,
        },
        smallNoticesOutage,
        (line) => t.log(line),
      );
      const c = result.counts;
      t.log(JSON.stringify(c));
      const { cases } = smallNoticesOutage;
      t.is(c.steps, 3 * cases);
      t.is(c.steps_failed, 0);
      t.true(c.steps_during_outage >= 2 * cases, `${c.steps_during_outage} steps during the outage`);
      t.true(c.step_max_ms <= stepLimitMs, `slowest step ${c.step_max_ms} ms`);
      t.true(c.alarms_due_during_outage > 0);
      t.is(c.alarms_due, 2 * smallNoticesOutage.alarmCases);
      t.is(c.alarms_on_time, c.alarms_due);
      // Half the complainants chose SMS only, a quarter e-mail only, a quarter both: both channels carry notices.
      t.true(c.sms_expected >= 3 * (cases / 2), `${c.sms_expected} SMS expected`);
      t.true(c.emails_expected >= 3 * (cases / 4), `${c.emails_expected} e-mails expected`);
      t.is(c.notices_during_outage, 0, 'nothing got through while the channels were down');
      t.is(c.emails_delivered, c.emails_expected);
      t.is(c.sms_delivered, c.sms_expected);
      t.is(c.email_duplicates, 0);
      t.is(c.sms_duplicates, 0);
      t.is(c.emails_unexpected, 0);
      t.is(c.sms_unexpected, 0);
      t.deepEqual(result.problems, [], JSON.stringify(result.samples));
    } finally {
      await stopChild(worker.process);
      await smtpFront.stop();
      await smsFront.stop();
      await centre.stop();
      await smtp.stop();
    }
  },
);
