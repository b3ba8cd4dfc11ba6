import anyTest, { type TestFn } from 'ava';
import type { Transporter } from 'nodemailer';
import { createNotificationActivities } from '../../activities/notifications';
import type { ComplainantNotice, NoticeKind } from '../../activities/mail-templates/complainant';
import { recordDeliveryReceipt } from '../../activities/notices/sms';
import { createSmppGateway } from '../../activities/notices/smpp';
import { renderSms, templateCodes } from '../../activities/notices/sms-texts';
import { PetitionCase } from '../../db/entities';
import { startSmsCentre, type SmsCentre } from '../../embedded/sms-centre';
import { stopChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { freePort } from '../helpers/ports';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { killedWorkerSettings, startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext & { centre: SmsCentre }>;

// The API only; the worker runs as its own process, sending SMS to the centre the test runs.
useTestStack(test, { worker: false });

test.before(async (t) => {
  t.context.centre = await startSmsCentre({
    port: await freePort(),
    systemId: 'qingling',
    password: 'centre-pw',
    throttleFirst: 1,
  });
});

test.after.always(async (t) => {
  await t.context.centre?.stop();
});

const township = '990101001'; // 城关镇
const signName = '清零信访';

const smsTo = (centre: SmsCentre, number: string) => centre.received.filter((m) => m.to === number);

async function bringPetition(t: { context: StackContext }, phone: string) {
  const { app } = t.context;
  const answer = await postJson(
    `${app.baseUrl}/api/v1/petitions`,
    aPetition({ complainant: { name: '王明', phone } }),
  );
  if (answer.status !== 201) throw new Error(answer.text);
  const caseNumber = answer.json.caseNumber as string;
  await eventually(async () =>
    (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
  );
  return { caseNumber, accessCode: answer.json.accessCode as string };
}

test.serial(
  'a complainant with only a phone hears by SMS: a throttled submit is retried and recorded, each notice goes once, and the delivery receipt marks its row',
  async (t) => {
    t.timeout(5 * 60_000);
    const { services, app, centre } = t.context;
    const worker = await startWorkerProcess(services, 'sms-worker-1', services.smtp.url, {
      SMS_URL: centre.url,
    });
    try {
      const phone = '13800000011';
      const { caseNumber, accessCode } = await bringPetition(t, phone);
      const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
      t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);

      const texts = [
        renderSms('received', { caseNumber }, signName),
        renderSms('accepted', { caseNumber }, signName),
      ];
      await eventually(async () => {
        const got = smsTo(centre, phone).map((m) => m.text);
        return texts.every((x) => got.includes(x)) ? true : undefined;
      }, 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const text of texts) t.is(smsTo(centre, phone).filter((m) => m.text === text).length, 1, text);
      for (const m of smsTo(centre, phone)) {
        t.false(m.text.includes(accessCode), 'never the access code');
        t.false(m.text.includes('王明'), 'never a name');
        t.true(m.text.length <= 70, `one segment: ${m.text}`);
      }
      t.is(centre.throttled, 1);

      const listed = await eventually(async () => {
        const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}/mails`);
        const all = page.json.mails as {
          channel: string;
          recipient: string;
          attempts: number;
          lastError: string | null;
          sentAt: string | null;
          receipt: string | null;
        }[];
        const sms = all.filter((m) => m.channel === 'sms');
        return sms.length === 2 && sms.every((m) => m.sentAt && m.receipt === 'DELIVRD') ? sms : undefined;
      }, 30_000);
      t.true(
        listed.every((m) => m.recipient === '138****0011'),
        JSON.stringify(listed),
      );
      const retried = listed.find((m) => m.attempts >= 2);
      t.regex(retried?.lastError ?? '', /ESME_RTHROTTLED/);
      t.false(JSON.stringify(listed).includes(phone));
    } finally {
      await stopChild(worker.process);
    }
  },
);

test.serial('a worker SIGKILLed while the SMS centre holds its submit sends the SMS once', async (t) => {
  t.timeout(5 * 60_000);
  const { services, app, centre } = t.context;
  let worker = await startWorkerProcess(services, 'sms-worker-2', services.smtp.url, {
    SMS_URL: centre.url,
    ...killedWorkerSettings,
  });
  const phone = '13800000012';
  const held = centre.holdNextTo(phone);
  try {
    const { caseNumber } = await bringPetition(t, phone);
    // The receipt's submit is held unanswered; the worker dies before it hears back.
    await held.holding;
    worker.process.kill('SIGKILL');
    await new Promise((resolve) => worker.process.once('exit', resolve));
    held.release();
    worker = await startWorkerProcess(services, 'sms-worker-3', services.smtp.url, {
      SMS_URL: centre.url,
      ...killedWorkerSettings,
    });

    const text = renderSms('received', { caseNumber }, signName);
    await eventually(
      async () => (smsTo(centre, phone).some((m) => m.text === text) ? true : undefined),
      200_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    t.is(smsTo(centre, phone).filter((m) => m.text === text).length, 1);
    const rows = await app.orm.em
      .fork()
      .getConnection()
      .execute<{ sent_at: Date | null; message_id: string | null }[]>(
        `select sent_at, message_id from mail_delivery where case_number = ? and channel = 'sms'`,
        [caseNumber],
      );
    t.is(rows.length, 1);
    t.is(rows[0]?.message_id, smsTo(centre, phone).find((m) => m.text === text)?.messageId);
  } finally {
    held.release();
    await stopChild(worker.process);
  }
});

test.serial(
  'every kind of complainant notice reaches the SMS centre with its template and the number on record',
  async (t) => {
    const { app, centre, services } = t.context;
    const phone = '13800000013';
    // A worker without SMS registers the case; the notices are sent here, through the activity itself.
    const worker = await startWorkerProcess(services, 'plain-worker-1');
    const { caseNumber } = await bringPetition(t, phone).finally(() => stopChild(worker.process));
    const gateway = createSmppGateway(new URL(centre.url), (receipt) => {
      void recordDeliveryReceipt(app.orm, receipt);
    });
    try {
      const activities = createNotificationActivities({
        orm: app.orm,
        mail: undefined as unknown as Transporter,
        mailFrom: 'test <noreply@qingling.test>',
        publicUrl: 'http://localhost',
        sms: { gateway, signName, templateCodes: templateCodes(), limits: { perHour: 100, perDay: 100 } },
      });
      const kinds: NoticeKind[] = [
        'accepted',
        'not_accepted',
        'forwarded',
        'extension_approved',
        'replied',
        'review_decided',
        're_review_decided',
        'joined_open_case',
        'look_back',
        'reopened',
      ];
      for (const [i, kind] of kinds.entries()) {
        const notice: ComplainantNotice = {
          caseNumber,
          seq: 100 + i,
          kind,
          details: { reason: '不属于受理范围的具体理由', text: '答复正文', openCaseNumber: 'QL2026-000001' },
        };
        t.like(await activities.notifyComplainant(notice), { sms: 'sent', email: 'not_chosen' });
        t.like(await activities.notifyComplainant(notice), { sms: 'already_sent' });
        const expected = renderSms(kind, { caseNumber, openCaseNumber: 'QL2026-000001' }, signName);
        t.is(smsTo(centre, phone).filter((m) => m.text === expected).length, 1, kind);
        t.false(expected.includes('答复正文') || expected.includes('具体理由'), 'no petition content');
      }
    } finally {
      await gateway.close();
    }
  },
);

test.serial('a per-number limit holds back SMS beyond it and says so on the row', async (t) => {
  const { app, centre, services } = t.context;
  const phone = '13800000014';
  const worker = await startWorkerProcess(services, 'plain-worker-2');
  const { caseNumber } = await bringPetition(t, phone).finally(() => stopChild(worker.process));
  const gateway = createSmppGateway(new URL(centre.url), () => undefined);
  try {
    const activities = createNotificationActivities({
      orm: app.orm,
      mail: undefined as unknown as Transporter,
      mailFrom: 'test <noreply@qingling.test>',
      publicUrl: 'http://localhost',
      sms: { gateway, signName, templateCodes: templateCodes(), limits: { perHour: 2, perDay: 10 } },
    });
    const notice = (seq: number): ComplainantNotice => ({ caseNumber, seq, kind: 'look_back', details: {} });
    await activities.notifyComplainant(notice(201));
    await activities.notifyComplainant(notice(202));
    await t.throwsAsync(() => activities.notifyComplainant(notice(203)), { message: /per-number limit/ });
    t.is(smsTo(centre, phone).length, 2);
  } finally {
    await gateway.close();
  }
});
