import anyTest, { type TestFn } from 'ava';
import { toLedgerEntry } from '../../api/ledger-entry';
import { CaseDeadline, Department, Escalation, PetitionCase, StaffMember, Unit } from '../../db/entities';
import { InvalidUnitPathError, LedgerRepository, type LedgerFilter } from '../../db/ledger';
import { openDatabase, type Orm } from '../../db/orm';
import { seedDemoData } from '../../db/seed/demo-data';
import type { CaseStatus } from '../../domain/case';
import type { Category, Channel } from '../../domain/petition';
import { startTestServices, type TestServices } from '../helpers/services';
import { testKeyring } from '../helpers/app';

interface Context {
  services: TestServices;
  orm: Orm;
  /** Unit paths by code, from the demo tree. */
  paths: Map<string, string>;
}

const test = anyTest as TestFn<Context>;

/** The instant every filter measures "overdue" and "due within" from. */
const now = new Date('2026-03-10T02:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 24 * 60 * 60 * 1000);

interface Row {
  caseNumber: string;
  unitCode: string;
  status: CaseStatus;
  channel: Channel;
  category: Category;
  dueInDays: number | null;
  escalatedTo?: string;
  department?: string;
  /** Order of receipt: a higher number came in later. */
  received: number;
}

/**
 * A few cases over the demo tree, seen from 城关镇 (990101001): A, B and H are its own;
 * C is in the neighbouring township, D in the other county, E, F, G above it.
 */
const rows: Row[] = [
  {
    caseNumber: 'QL2026-900001',
    unitCode: '990101001001',
    status: 'in_handling',
    channel: 'web',
    category: 'land',
    dueInDays: 2,
    department: '990101001-zz',
    received: 1,
  },
  {
    caseNumber: 'QL2026-900002',
    unitCode: '990101001',
    status: 'in_handling',
    channel: 'visit',
    category: 'land',
    dueInDays: -5,
    escalatedTo: '990101',
    department: '990101001-zz',
    received: 2,
  },
  {
    caseNumber: 'QL2026-900003',
    unitCode: '990101002001',
    status: 'registered',
    channel: 'letter',
    category: 'labour',
    dueInDays: 10,
    received: 3,
  },
  {
    caseNumber: 'QL2026-900004',
    unitCode: '990102001',
    status: 'in_handling',
    channel: 'visit',
    category: 'land',
    dueInDays: -1,
    escalatedTo: '990102',
    department: '990102001-zz',
    received: 4,
  },
  {
    caseNumber: 'QL2026-900005',
    unitCode: '990101',
    status: 'closed_out',
    channel: 'phone',
    category: 'other',
    dueInDays: null,
    received: 5,
  },
  {
    caseNumber: 'QL2026-900006',
    unitCode: '990100',
    status: 'accepted',
    channel: 'web',
    category: 'urban',
    dueInDays: 1,
    received: 6,
  },
  {
    caseNumber: 'QL2026-900007',
    unitCode: '990000',
    status: 'replied',
    channel: 'qr',
    category: 'rural',
    dueInDays: 40,
    received: 7,
  },
  {
    caseNumber: 'QL2026-907777',
    unitCode: '990101001002',
    status: 'closed',
    channel: 'qr',
    category: 'land',
    dueInDays: null,
    received: 8,
  },
];

test.before(async (t) => {
  t.context.services = await startTestServices();
  t.context.orm = await openDatabase(t.context.services.databaseUrl, { keyring: testKeyring });
  const em = t.context.orm.em.fork();
  await seedDemoData(em);
  const units = new Map((await em.find(Unit, {})).map((u) => [u.code, u]));
  const departments = new Map((await em.find(Department, {})).map((d) => [d.code, d]));
  t.context.paths = new Map([...units.values()].map((u) => [u.code, u.path]));
  for (const row of rows) {
    const unit = units.get(row.unitCode)!;
    const received = new Date(Date.UTC(2026, 0, row.received));
    em.create(PetitionCase, {
      caseNumber: row.caseNumber,
      unit,
      unitPath: unit.path,
      channel: row.channel,
      category: row.category,
      place: '城关镇',
      summary: '反映的问题，足够长的描述。',
      request: '请求处理',
      anonymous: false,
      complainantName: '王明',
      status: row.status,
      handlingDepartment: row.department ? departments.get(row.department)! : null,
      nextDueAt: row.dueInDays === null ? null : inDays(row.dueInDays),
      nextDueClock: row.dueInDays === null ? null : 'handling',
      deadlineProvisional: false,
      escalatedToUnit: row.escalatedTo ? units.get(row.escalatedTo)! : null,
      escalatedAt: row.escalatedTo ? inDays(-1) : null,
      policyVersion: '2026.1',
      receivedAt: received,
      registeredAt: received,
      lastEventSeq: 1,
      updatedAt: received,
    });
  }
  await em.flush();
});

test.after.always(async (t) => {
  await t.context.orm?.close();
  await t.context.services?.stop();
});

const ledger = (t: { context: Context }) => new LedgerRepository(t.context.orm.em.fork());

/** The case numbers one ledger query returns, in its order, with the filter's total. */
async function caseNumbers(
  t: { context: Context },
  from: string,
  filter: Partial<LedgerFilter> = {},
): Promise<string[]> {
  const page = await ledger(t).page({
    page: 1,
    pageSize: 50,
    jurisdictionPath: t.context.paths.get(from)!,
    now,
    ...filter,
  });
  if (page.total !== page.items.length) throw new Error(`total ${page.total} for ${page.items.length} rows`);
  return page.items.map((c) => c.caseNumber);
}

const numbers = (...suffixes: string[]) => suffixes.map((s) => `QL2026-90${s}`);

test('the province sees every case, newest first', async (t) => {
  t.deepEqual(
    await caseNumbers(t, '990000'),
    numbers('7777', '0007', '0006', '0005', '0004', '0003', '0002', '0001'),
  );
});

test('a township sees its own cases and its villages’, never a neighbour’s or those above it', async (t) => {
  t.deepEqual(await caseNumbers(t, '990101001'), numbers('7777', '0002', '0001'));
  t.deepEqual(await caseNumbers(t, '990101'), numbers('7777', '0005', '0003', '0002', '0001'));
});

test('the jurisdiction holds under every filter', async (t) => {
  const own = new Set(numbers('7777', '0002', '0001'));
  const filters: Partial<LedgerFilter>[] = [
    { status: 'in_handling' },
    { overdue: true },
    { overdue: false },
    { dueWithinDays: 365 },
    { escalated: true },
    { channel: 'visit', category: 'land' },
    { caseNumber: 'QL2026' },
    { handlingDepartmentId: 1 },
  ];
  for (const filter of filters) {
    const found = await caseNumbers(t, '990101001', filter);
    t.true(
      found.every((n) => own.has(n)),
      `${JSON.stringify(filter)} leaked ${found.join(', ')}`,
    );
  }
});

test('a unit filter narrows to that unit’s subtree inside the jurisdiction', async (t) => {
  t.deepEqual(await caseNumbers(t, '990101', { unitCode: '990101001' }), numbers('7777', '0002', '0001'));
  t.deepEqual(await caseNumbers(t, '990000', { unitCode: '990102' }), numbers('0004'));
  t.deepEqual(await caseNumbers(t, '990101001', { unitCode: '990101001002' }), numbers('7777'));
});

test('a unit filter outside the jurisdiction, or unknown, gives nothing', async (t) => {
  for (const unitCode of ['990101', '990000', '990101002', '990101002001', '990102001', 'no-such-unit']) {
    const page = await ledger(t).page({
      page: 1,
      pageSize: 50,
      jurisdictionPath: t.context.paths.get('990101001')!,
      unitCode,
    });
    t.deepEqual(page, { items: [], total: 0 }, unitCode);
  }
});

test('a jurisdiction that is not a unit path is refused rather than read as "everything"', async (t) => {
  for (const jurisdictionPath of ['', '%', '/1/%', '/1/2']) {
    await t.throwsAsync(
      () => ledger(t).page({ page: 1, pageSize: 20, jurisdictionPath }),
      { instanceOf: InvalidUnitPathError },
      jurisdictionPath,
    );
  }
});

test('status, channel and category filters match exactly', async (t) => {
  t.deepEqual(await caseNumbers(t, '990000', { status: 'in_handling' }), numbers('0004', '0002', '0001'));
  t.deepEqual(await caseNumbers(t, '990000', { channel: 'visit' }), numbers('0004', '0002'));
  t.deepEqual(await caseNumbers(t, '990000', { category: 'land' }), numbers('7777', '0004', '0002', '0001'));
  t.deepEqual(await caseNumbers(t, '990000', { category: 'land', channel: 'qr' }), numbers('7777'));
});

test('overdue means the earliest deadline has passed; not overdue includes cases with no deadline', async (t) => {
  t.deepEqual(await caseNumbers(t, '990000', { overdue: true }), numbers('0004', '0002'));
  t.deepEqual(
    await caseNumbers(t, '990000', { overdue: false }),
    numbers('7777', '0007', '0006', '0005', '0003', '0001'),
  );
});

test('due within N days covers deadlines from now to N days ahead, not those already passed', async (t) => {
  t.deepEqual(await caseNumbers(t, '990000', { dueWithinDays: 3 }), numbers('0006', '0001'));
  t.deepEqual(await caseNumbers(t, '990000', { dueWithinDays: 10 }), numbers('0006', '0003', '0001'));
  t.deepEqual(await caseNumbers(t, '990000', { dueWithinDays: 0 }), []);
  t.deepEqual(await caseNumbers(t, '990000', { dueWithinDays: 3, overdue: true }), []);
});

test('escalated cases are those a breach sent to a higher office', async (t) => {
  t.deepEqual(await caseNumbers(t, '990000', { escalated: true }), numbers('0004', '0002'));
  t.deepEqual(await caseNumbers(t, '990000', { escalated: false }).then((found) => found.length), 6);
});

test('a case number matches on any part of it, and LIKE wildcards are taken literally', async (t) => {
  t.deepEqual(await caseNumbers(t, '990000', { caseNumber: '7777' }), numbers('7777'));
  t.deepEqual(await caseNumbers(t, '990000', { caseNumber: '900003' }), numbers('0003'));
  t.deepEqual(await caseNumbers(t, '990000', { caseNumber: '%' }), []);
  t.deepEqual(await caseNumbers(t, '990000', { caseNumber: 'QL2026_9' }), []);
});

test('the handling-department filter lists the cases dispatched to it', async (t) => {
  const department = await t.context.orm.em.fork().findOneOrFail(Department, { code: '990101001-zz' });
  t.deepEqual(
    await caseNumbers(t, '990000', { handlingDepartmentId: department.id }),
    numbers('0002', '0001'),
  );
});

test('pages follow receipt order and the total counts every match', async (t) => {
  const page = await ledger(t).page({
    page: 2,
    pageSize: 3,
    jurisdictionPath: t.context.paths.get('990000')!,
  });
  t.is(page.total, 8);
  t.deepEqual(
    page.items.map((c) => c.caseNumber),
    numbers('0005', '0004', '0003'),
  );
});

test('a ledger row carries unit, deadline, department, overdue and escalated, and no identity', async (t) => {
  const [row] = (
    await ledger(t).page({
      page: 1,
      pageSize: 1,
      jurisdictionPath: t.context.paths.get('990000')!,
      caseNumber: '900002',
    })
  ).items;
  const entry = toLedgerEntry(row!, now);
  t.like(entry, {
    caseNumber: 'QL2026-900002',
    unit: { code: '990101001', name: '城关镇' },
    nextDueAt: inDays(-5).toISOString(),
    nextDueClock: 'handling',
    overdue: true,
    escalated: true,
    handlingDepartment: { name: '综治中心' },
  });
  t.is((row as PetitionCase).complainantName, undefined, 'the identity is not even loaded');
  t.false(JSON.stringify(entry).includes('王明'));
  t.false(toLedgerEntry(row!, inDays(-6)).overdue);
});

test('the status summary counts only the jurisdiction', async (t) => {
  t.deepEqual(await ledger(t).countByStatus(t.context.paths.get('990101001')!), [
    { status: 'closed', count: 1 },
    { status: 'in_handling', count: 2 },
  ]);
});

test('the unit list holds the person’s own unit and those below it', async (t) => {
  const units = await ledger(t).unitsWithin(t.context.paths.get('990101001')!);
  t.deepEqual(
    units.map((u) => u.code),
    ['990101001', '990101001001', '990101001002'],
  );
});

test('a department’s queue lists the cases it is handling, the nearest deadline first', async (t) => {
  const em = t.context.orm.em.fork();
  const department = await em.findOneOrFail(Department, { code: '990101001-zz' });
  const queue = await ledger(t).departmentQueue(department.id);
  t.deepEqual(
    queue.map((c) => c.caseNumber),
    numbers('0002', '0001'),
  );
});

test('the ledger and the department queue carry every column a row shows, and never the accused’s own cases', async (t) => {
  const em = t.context.orm.em.fork();
  const province = await em.findOneOrFail(Unit, { code: '990000' });
  const township = await em.findOneOrFail(Unit, { code: '990102001' });
  const department = await em.findOneOrFail(Department, { code: '990102001-zz' });
  const [leader] = await em.find(StaffMember, {}, { orderBy: { id: 'asc' }, limit: 1 });
  // Each complains about the province, so the province's own ledger never shows them (Art. 30).
  const accusedCase = (suffix: string, received: number, more: Partial<PetitionCase>) =>
    em.create(PetitionCase, {
      caseNumber: `QL2026-9100${suffix}`,
      unit: township,
      unitPath: township.path,
      channel: 'web',
      category: 'land',
      place: '城关镇',
      summary: '反映的问题，足够长的描述。',
      request: '请求处理',
      anonymous: false,
      status: 'in_handling',
      handlingDepartment: department,
      deadlineProvisional: false,
      policyVersion: '2026.1',
      receivedAt: new Date(Date.UTC(2026, 0, received)),
      registeredAt: new Date(Date.UTC(2026, 0, received)),
      lastEventSeq: 1,
      updatedAt: new Date(Date.UTC(2026, 0, received)),
      accusedUnitId: province.id,
      ...more,
    });
  accusedCase('01', 9, {
    nextDueAt: inDays(4),
    nextDueClock: 'handling',
    backlogAt: inDays(-30),
    flagManyYears: true,
    ownerLeader: leader!,
    repeatCount: 3,
    planVersion: 2,
    nextMilestoneDate: '2026-04-01',
    kind: 'report',
    urgent: true,
  });
  accusedCase('02', 10, { nextDueAt: inDays(1), accusedDepartmentId: department.id });
  accusedCase('03', 11, { backlogAt: inDays(-20), anonymous: true });
  await em.flush();

  const ours = { caseNumber: '9100' };
  t.deepEqual(await caseNumbers(t, '990000', ours), [], 'the accused unit sees none of them');
  t.deepEqual(await caseNumbers(t, '990102', ours), ['QL2026-910003', 'QL2026-910002', 'QL2026-910001']);
  t.deepEqual(
    await caseNumbers(t, '990102', { ...ours, viewerDepartmentId: department.id }),
    ['QL2026-910003', 'QL2026-910001'],
    'the accused department does not see the case about it',
  );
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, backlog: true }), ['QL2026-910003', 'QL2026-910001']);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, backlog: false }), ['QL2026-910002']);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, flags: ['manyYears'] }), ['QL2026-910001']);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, flags: ['manyYears', 'manyLevels'] }), []);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, ownerLeaderId: leader!.id }), ['QL2026-910001']);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, unowned: true }), ['QL2026-910003']);
  t.deepEqual(await caseNumbers(t, '990102', { ...ours, kind: 'report' }), ['QL2026-910001']);

  const queue = await ledger(t).departmentQueue(department.id);
  t.deepEqual(
    queue.map((c) => c.caseNumber),
    ['QL2026-900004', 'QL2026-910001', 'QL2026-910003'],
    'the nearest deadline first, none last, never the case about the department itself',
  );
  const { items } = await ledger(t).page({
    page: 1,
    pageSize: 1,
    jurisdictionPath: t.context.paths.get('990102')!,
    caseNumber: '910001',
  });
  const entry = toLedgerEntry(items[0]!, now);
  t.deepEqual(entry, {
    caseNumber: 'QL2026-910001',
    unit: { code: '990102001', name: township.name },
    category: 'land',
    channel: 'web',
    status: 'in_handling',
    anonymous: false,
    receivedAt: '2026-01-09T00:00:00.000Z',
    registeredAt: '2026-01-09T00:00:00.000Z',
    nextDueAt: inDays(4).toISOString(),
    nextDueClock: 'handling',
    deadlineProvisional: false,
    overdue: false,
    escalated: false,
    handlingDepartment: { id: department.id, name: department.name },
    backlog: true,
    backlogAt: inDays(-30).toISOString(),
    flags: { manyYears: true, manyLevels: false, manyOffices: false },
    repeatCount: 3,
    owner: { id: leader!.id, name: leader!.name },
    nextMilestoneDate: '2026-04-01',
    planVersion: 2,
    joinedCaseNumber: null,
    kind: 'report',
    urgent: true,
  });
  t.deepEqual(toLedgerEntry(queue[1]!, now), entry, 'the queue shows a row as the ledger does');
});

test('the escalation queue holds the open escalations sent to a unit, newest first', async (t) => {
  const em = t.context.orm.em.fork();
  const units = new Map((await em.find(Unit, {})).map((u) => [u.code, u.id]));
  const escalation = (caseNumber: string, seq: number, to: string, days: number, resolved = false) =>
    em.create(Escalation, {
      caseNumber,
      seq,
      clock: 'handling',
      target: 'level_above',
      fromUnitId: units.get('990101001')!,
      toUnitId: units.get(to)!,
      recipients: [],
      escalatedAt: inDays(days),
      resolvedAt: resolved ? inDays(0) : null,
    });
  escalation('QL2026-900002', 3, '990101', -3);
  escalation('QL2026-900001', 4, '990101', -1);
  escalation('QL2026-900002', 2, '990101', -4, true);
  escalation('QL2026-900004', 5, '990102', -1);
  em.create(CaseDeadline, {
    caseNumber: 'QL2026-900002',
    clock: 'handling',
    startedAt: inDays(-65),
    dueDate: '2026-03-04',
    dueAt: inDays(-5),
    provisional: false,
    state: 'escalated',
    responsibleUnitId: units.get('990101001')!,
    escalateTo: 'level_above',
    escalatedAt: inDays(-3),
    policyVersion: '2026.1',
    lastEventSeq: 3,
  });
  await em.flush();
  const queue = await ledger(t).escalationQueue(units.get('990101')!);
  t.deepEqual(
    queue.map((e) => [e.caseNumber, e.escalatedAt.toISOString()]),
    [
      ['QL2026-900001', inDays(-1).toISOString()],
      ['QL2026-900002', inDays(-3).toISOString()],
    ],
  );
  t.like(queue[0], { status: 'in_handling', unit: { code: '990101001001' }, dueAt: null });
  t.like(queue[1], { status: 'in_handling', unit: { code: '990101001' }, target: 'level_above' });
  t.is(queue[1]?.dueAt?.toISOString(), inDays(-5).toISOString(), 'when the escalated clock was due');
});
