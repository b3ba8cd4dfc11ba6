import anyTest, { type TestFn } from 'ava';
import type { ParsedMail } from 'mailparser';
import { PetitionCase } from '../../db/entities';
import { stopChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { demoAccount, signIn } from '../helpers/staff';
import { killedWorkerSettings, startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext>;

// The API only; the worker runs as a separate process that the test can kill.
useTestStack(test, { worker: false });

const township = '990101001'; // 城关镇

const mailsTo = (smtp: TestSmtpServer, address: string) =>
  smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

const partsOf = (mail: ParsedMail) => [mail.subject ?? '', mail.text ?? '', mail.html || ''];

test.serial(
  'a worker killed while the SMTP server holds DATA leaves one e-mail per event, in English',
  async (t) => {
    const { services, app } = t.context;
    const email = 'crash.test@example.cn';
    const smtp = await startTestSmtpServer({ holdFirstTo: email, holdMs: 3000 });
    let worker = await startWorkerProcess(services, 'worker-1', smtp.url, killedWorkerSettings);
    try {
      const answer = await postJson(
        `${app.baseUrl}/api/v1/petitions`,
        aPetition({ language: 'en', complainant: { name: 'Wang Ming', phone: '13800000001', email } }),
      );
      t.is(answer.status, 201, answer.text);
      const caseNumber = answer.json.caseNumber as string;
      const accessCode = answer.json.accessCode as string;
      await eventually(async () =>
        (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
      );
      const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
      // The first e-mail to the complainant (the receipt) is held; the acceptance follows.
      const accepting = clerk.act(caseNumber, 'triage', { decision: 'accept' });
      await smtp.holding;
      worker.process.kill('SIGKILL');
      await new Promise((resolve) => worker.process.once('exit', resolve));

      worker = await startWorkerProcess(services, 'worker-2', smtp.url, killedWorkerSettings);
      const accepted = await accepting;
      t.is(accepted.status, 200, accepted.text);

      // The interrupted send's activity times out, Temporal retries it on the new worker.
      const subjects = [`[Petition ${caseNumber}] Received`, `[Petition ${caseNumber}] Accepted`];
      await eventually(async () => {
        const got = mailsTo(smtp, email).map((m) => m.subject);
        return subjects.every((s) => got.includes(s)) ? true : undefined;
      }, 150_000);
      // Time for a duplicate to show up, if there were going to be one.
      await new Promise((resolve) => setTimeout(resolve, 2000));

      t.is(smtp.discarded, 1, 'the held message was dropped with its connection');
      const mails = mailsTo(smtp, email);
      for (const subject of subjects) t.is(mails.filter((m) => m.subject === subject).length, 1, subject);
      t.is(mails.length, 2);
      const counts = smtp.countByMessageId();
      for (const mail of mails) {
        t.truthy(mail.messageId);
        t.is(counts.get(mail.messageId!), 1);
        t.truthy(mail.text, 'a text part');
        t.truthy(mail.html, 'an HTML part');
        t.regex(mail.html || '', /<html lang="en">/);
        for (const part of partsOf(mail)) t.false(part.includes(accessCode), 'no access code');
      }

      const rows = await app.orm.em
        .fork()
        .getConnection()
        .execute<{ subject: string; sent_at: Date | null; message_id: string | null }[]>(
          'select subject, sent_at, message_id from mail_delivery where case_number = ?',
          [caseNumber],
        );
      for (const subject of subjects) {
        const row = rows.find((r) => r.subject === subject);
        t.truthy(row?.sent_at, subject);
        t.is(row?.message_id, mails.find((m) => m.subject === subject)?.messageId);
      }
    } finally {
      await stopChild(worker.process);
      await smtp.stop();
    }
  },
);

test.serial(
  'a refused e-mail is retried with its error kept, sent once, and listed on the case',
  async (t) => {
    const { services, app } = t.context;
    const email = 'refused.test@example.cn';
    const smtp = await startTestSmtpServer({ refuseFirstTo: email });
    const worker = await startWorkerProcess(services, 'worker-3', smtp.url);
    try {
      const answer = await postJson(
        `${app.baseUrl}/api/v1/petitions`,
        aPetition({ language: 'zh-CN', complainant: { name: '王明', phone: '13800000002', email } }),
      );
      t.is(answer.status, 201, answer.text);
      const caseNumber = answer.json.caseNumber as string;
      await eventually(async () =>
        (await app.orm.em.fork().findOne(PetitionCase, { caseNumber })) ? true : undefined,
      );
      const clerk = await signIn(app.baseUrl, demoAccount.clerk(township));
      t.is((await clerk.act(caseNumber, 'triage', { decision: 'accept' })).status, 200);

      const subjects = [`【信访事项已接收】${caseNumber}`, `【信访事项已受理】${caseNumber}`];
      await eventually(async () => {
        const got = mailsTo(smtp, email).map((m) => m.subject);
        return subjects.every((s) => got.includes(s)) ? true : undefined;
      }, 60_000);
      const mails = mailsTo(smtp, email);
      for (const subject of subjects) t.is(mails.filter((m) => m.subject === subject).length, 1, subject);

      const listed = await eventually(async () => {
        const page = await clerk.get(`/api/v1/staff/cases/${caseNumber}/mails`);
        t.is(page.status, 200);
        const all = page.json.mails as {
          subject: string;
          recipient: string;
          createdAt: string;
          sentAt: string | null;
          attempts: number;
          lastError: string | null;
        }[];
        return all.length >= 2 && all.every((m) => m.sentAt) ? all : undefined;
      });
      const retried = listed.find((m) => m.attempts >= 2);
      t.truthy(retried, 'the refused e-mail took a second try');
      t.regex(retried?.lastError ?? '', /451/);
      t.true(listed.every((m) => m.recipient === 'r***@example.cn'));
      t.false(JSON.stringify(listed).includes(email));

      // Someone outside the case's jurisdiction does not see its mail.
      const elsewhere = await signIn(app.baseUrl, demoAccount.clerk('990101002'));
      t.is((await elsewhere.get(`/api/v1/staff/cases/${caseNumber}/mails`)).status, 404);
    } finally {
      await stopChild(worker.process);
      await smtp.stop();
    }
  },
);
