import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Connection, type Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import anyTest, { type TestFn } from 'ava';
import express from 'express';
import pino from 'pino';
import { createDeadlineActivities, type ScheduleDeadlinesInput } from '../../activities/deadlines';
import type { SignedInStaff } from '../../api/auth/staff';
import { apiErrorHandler } from '../../api/errors';
import { i18nMiddleware } from '../../api/i18n';
import { adminCalendarRoutes } from '../../api/routes/admin-calendar';
import { createMailTransport } from '../../config/mail-transport';
import { CalendarRepository } from '../../db/calendar';
import { AdminAlert, StaffMember } from '../../db/entities';
import { openDatabase } from '../../db/orm';
import { seedDemoData } from '../../db/seed/demo-data';
import { seedHolidayCalendar } from '../../db/seed/holiday-calendar';
import { startTestServices, type TestServices } from '../helpers/services';
import { startTestWorker, taskQueue, testKeyring } from '../helpers/app';
import { createTemporalClient } from '../../temporal/client';

interface Context {
  services: TestServices;
  orm: MikroORM;
  connection: Connection;
  temporal: Client;
  stopWorker: () => Promise<void>;
  scheduleDeadlines: (
    input: ScheduleDeadlinesInput,
  ) => ReturnType<ReturnType<typeof createDeadlineActivities>['scheduleDeadlines']>;
}

const test = anyTest as TestFn<Context>;
const adminEmail = 'admin.990000@demo.qingling.local';

test.before(async (t) => {
  t.context.services = await startTestServices();
  t.context.orm = await openDatabase(t.context.services.databaseUrl, { keyring: testKeyring });
  await seedDemoData(t.context.orm.em.fork());
  // The administrators' e-mails leave on a workflow of their own, so a worker runs beside the activity.
  t.context.connection = await Connection.connect({ address: t.context.services.temporalAddress });
  t.context.temporal = createTemporalClient({
    connection: t.context.connection,
    namespace: 'default',
    keyring: testKeyring,
  });
  t.context.stopWorker = await startTestWorker(t.context.services, t.context.orm, t.context.temporal);
  const { scheduleDeadlines } = createDeadlineActivities({
    orm: t.context.orm,
    mail: createMailTransport(t.context.services.smtp.url),
    mailFrom: 'qingling@test.local',
    publicUrl: 'http://qingling.test',
    temporal: t.context.temporal,
  });
  // As the worker runs it: inside an activity, on the case task queue.
  t.context.scheduleDeadlines = (input) =>
    new MockActivityEnvironment({ taskQueue }).run(scheduleDeadlines, input);
});

test.after.always(async (t) => {
  await t.context.stopWorker?.();
  await t.context.connection?.close();
  await t.context.orm?.close();
  await t.context.services?.stop();
});

const calendar = (t: { context: Context }) => new CalendarRepository(t.context.orm.em.fork());
const mailsAbout = (t: { context: Context }, year: number) =>
  t.context.services.smtp.received.filter((m) => m.subject?.includes(`${year}年节假日日历`));

/** Handling from 1 December 2026 runs 60 days into 2027; reply delivery counts 15 working days across New Year. */
const into2027 = (caseNumber: string): ScheduleDeadlinesInput => ({
  caseNumber,
  policyVersion: '2026.1',
  clocks: [
    { clock: 'handling', from: '2026-12-01T02:00:00.000Z', responsibleUnitId: 1 },
    { clock: 'replyDelivery', from: '2026-12-24T02:00:00.000Z', responsibleUnitId: 1 },
  ],
});

test.serial(
  'seeding loads 2004–2026 from chinese-days 1.5.7, and seeding again changes nothing',
  async (t) => {
    t.deepEqual(
      await seedHolidayCalendar(t.context.orm.em.fork()),
      Array.from({ length: 23 }, (_, i) => 2004 + i),
    );
    const years = await calendar(t).years();
    t.deepEqual(
      years.map((y) => y.year),
      Array.from({ length: 23 }, (_, i) => 2004 + i),
    );
    t.true(years.every((y) => y.source === 'chinese-days 1.5.7' && y.loadedBy === 'seed'));
    const days2026 = await calendar(t).yearDays(2026);
    t.deepEqual(
      days2026.find((d) => d.day === '2026-10-10'),
      { day: '2026-10-10', kind: 'workday', name: '国庆节' },
    );

    t.deepEqual(await seedHolidayCalendar(t.context.orm.em.fork()), []);
    t.deepEqual(await calendar(t).years(), years);
    t.deepEqual(await calendar(t).yearDays(2026), days2026);
  },
);

test.serial('a year an administrator replaced is never overwritten by seeding', async (t) => {
  const days = (await calendar(t).yearDays(2025)).filter((d) => d.day !== '2025-10-08');
  await calendar(t).replaceYear(2025, { source: '国务院办公厅通知（更正）', days, loadedBy: 'staff:1' });
  t.deepEqual(await seedHolidayCalendar(t.context.orm.em.fork()), []);
  const year2025 = (await calendar(t).years()).find((y) => y.year === 2025);
  t.like(year2025, {
    source: '国务院办公厅通知（更正）',
    loadedBy: 'staff:1',
    holidays: days.filter((d) => d.kind === 'holiday').length,
  });
  t.false((await calendar(t).yearDays(2025)).some((d) => d.day === '2025-10-08'));
});

test.serial('deadlines within loaded years raise no alert and send no mail', async (t) => {
  const [deadline] = await t.context.scheduleDeadlines({
    caseNumber: 'QL2026-000101',
    policyVersion: '2026.1',
    clocks: [{ clock: 'forwardFeedback', from: '2026-09-28T02:00:00.000Z', responsibleUnitId: 7 }],
  });
  t.like(deadline, {
    clock: 'forwardFeedback',
    dueDate: '2026-10-23',
    provisional: false,
    escalateTo: 'office_head',
    responsibleUnitId: 7,
    warningsSent: 0,
  });
  t.deepEqual(await calendar(t).openAlerts(), []);
  t.is(t.context.services.smtp.received.length, 0);
});

test.serial(
  'counting into 2027 marks deadlines provisional, raises one 2027 alert and mails each admin once, however often it is asked',
  async (t) => {
    // Thirty cases counted at the same moment, more than the database pool holds (a busy November), then one again (a retry).
    const [first, other] = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.context.scheduleDeadlines(into2027(`QL2026-${String(102 + i).padStart(6, '0')}`)),
      ),
    );
    t.deepEqual(
      first!.map((d) => [d.clock, d.dueDate, d.provisional]),
      [
        ['handling', '2027-02-01', true],
        ['replyDelivery', '2027-01-14', true],
      ],
    );
    t.deepEqual(other, first);
    t.deepEqual(await t.context.scheduleDeadlines(into2027('QL2026-000102')), first);

    const alerts = await calendar(t).openAlerts();
    t.deepEqual(
      alerts.map((a) => [a.kind, a.key]),
      [['calendar_year_missing', '2027']],
    );
    const admins = await t.context.orm.em
      .fork()
      .find(StaffMember, { roles: { $overlap: ['admin'] }, active: true });
    t.true(admins.some((a) => a.email === adminEmail));
    // One alert workflow for the year, however many cases noticed it; its mails are all out when it ends.
    await t.context.temporal.workflow.getHandle('calendar-year-alert-2027').result();
    const mails = mailsAbout(t, 2027);
    t.deepEqual(
      mails.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort(),
      admins.map((a) => a.email).sort(),
    );
    t.regex(mails[0]?.text ?? '', /http:\/\/localhost\/console\/admin\/calendar/);
    t.regex(mails[0]?.text ?? '', /周一至周五/);
  },
);

test.serial(
  'loading 2027 resolves its alert, and deadlines counted again use the loaded holidays',
  async (t) => {
    await calendar(t).replaceYear(2027, {
      source: 'test arrangement',
      days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }],
      loadedBy: 'staff:1',
    });
    t.deepEqual(await calendar(t).openAlerts(), []);
    const alert = await t.context.orm.em
      .fork()
      .findOneOrFail(AdminAlert, { kind: 'calendar_year_missing', key: '2027' });
    t.truthy(alert.resolvedAt);

    const recounted = await t.context.scheduleDeadlines(into2027('QL2026-000102'));
    t.deepEqual(
      recounted.map((d) => [d.clock, d.dueDate, d.provisional]),
      [
        ['handling', '2027-02-01', false],
        ['replyDelivery', '2027-01-15', false],
      ],
    );
    t.is(mailsAbout(t, 2027).length, 1);
  },
);

/** The fields of the admin answers these tests read. */
interface AdminAnswer {
  years: { year: number; source: string; loadedBy: string; holidays: number; workdays: number }[];
  alerts: unknown[];
  days: { day: string; kind: string; name: string }[];
  error: { code: string; details: { field: string; message: string }[] };
}

/** The admin routes as mounted behind `requireStaff('admin')`, with the signed-in admin stood in. */
async function adminApi(t: { context: Context }, recomputed: number[]) {
  const admin = await t.context.orm.em.fork().findOneOrFail(StaffMember, { email: adminEmail });
  const app = express();
  app.use(i18nMiddleware);
  app.use(express.json());
  app.use((req, _res, next) => {
    req.staff = { kind: 'staff', staffId: admin.id, role: 'admin' } as SignedInStaff;
    next();
  });
  app.use(
    adminCalendarRoutes({
      orm: t.context.orm,
      startRecompute: async (year) => {
        recomputed.push(year);
        return 3;
      },
    }),
  );
  app.use(apiErrorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as AdminAnswer };
  };
  return { adminId: admin.id, call, close: () => new Promise((resolve) => server.close(resolve)) };
}

test.serial(
  'an administrator sees the loaded years, replaces one, and deadlines of that year are recounted',
  async (t) => {
    const recomputed: number[] = [];
    const api = await adminApi(t, recomputed);
    try {
      const list = await api.call('GET', '/api/v1/admin/calendar');
      t.is(list.status, 200);
      t.like(
        list.json.years.find((y) => y.year === 2026),
        { source: 'chinese-days 1.5.7', loadedBy: 'seed', holidays: 33, workdays: 6 },
      );
      t.deepEqual(list.json.alerts, []);

      const days = [
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        { day: '2027-02-20', kind: 'workday', name: '春节' },
      ];
      const put = await api.call('PUT', '/api/v1/admin/calendar/2027', { source: '国务院办公厅通知', days });
      t.deepEqual([put.status, put.json], [200, { year: 2027, recomputing: 3 }]);
      t.deepEqual(recomputed, [2027]);

      const year = await api.call('GET', '/api/v1/admin/calendar/2027');
      t.deepEqual(year.json, { year: 2027, covered: true, days });
      const loaded = (await api.call('GET', '/api/v1/admin/calendar')).json.years.find(
        (y) => y.year === 2027,
      );
      t.like(loaded, {
        source: '国务院办公厅通知',
        loadedBy: `staff:${api.adminId}`,
        holidays: 1,
        workdays: 1,
      });
      t.deepEqual((await api.call('GET', '/api/v1/admin/calendar/2028')).json, {
        year: 2028,
        covered: false,
        days: [],
      });
    } finally {
      await api.close();
    }
  },
);

test.serial(
  'a make-up working day on a weekday, a day outside the year or a day twice is refused and nothing changes',
  async (t) => {
    const recomputed: number[] = [];
    const api = await adminApi(t, recomputed);
    try {
      const refused = await api.call('PUT', '/api/v1/admin/calendar/2027', {
        source: 'typo',
        days: [
          { day: '2027-01-04', kind: 'workday', name: '元旦' },
          { day: '2028-01-01', kind: 'holiday', name: '元旦' },
          { day: '2027-05-03', kind: 'holiday', name: '劳动节' },
          { day: '2027-05-03', kind: 'holiday', name: '劳动节' },
        ],
      });
      t.is(refused.status, 422);
      t.is(refused.json.error.code, 'validation_failed');
      t.deepEqual(
        refused.json.error.details.map((d) => d.field),
        ['days.0.day', 'days.1.day', 'days.3.day'],
      );
      t.regex(refused.json.error.details[0]?.message ?? '', /^调休上班日必须是周末，2027-01-04 不是周末$/);
      t.deepEqual(recomputed, []);
      t.is((await api.call('GET', '/api/v1/admin/calendar/2027')).json.days.length, 2);

      const badShape = await api.call('PUT', '/api/v1/admin/calendar/2027', {
        source: '',
        days: [{ day: '2027-02-30', kind: 'rest' }],
      });
      t.is(badShape.status, 422);
      t.deepEqual(badShape.json.error.details.map((d) => d.field).sort(), [
        'days.0.day',
        'days.0.kind',
        'days.0.name',
        'source',
      ]);
    } finally {
      await api.close();
    }
  },
);
