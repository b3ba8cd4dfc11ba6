import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { closeOutCandidates, closeOutWaiting, weekFiguresByUnit } from '../../db/close-out-figures';
import {
  closedWeeks,
  findCloseOutWeek,
  overdueHeat,
  previousPeriodEnd,
  reportUnit,
  saveCloseOutWeek,
  weeklyReport,
  weekTrend,
} from '../../db/close-out-weeks';
import {
  bulletinMonths,
  composeBulletin,
  findBulletin,
  saveBulletin,
  unitsWithChildren,
} from '../../db/monthly-bulletins';
import { openDatabase, type Orm } from '../../db/orm';
import { seedDemoData } from '../../db/seed/demo-data';
import { openStatuses, type CaseEventType, type CaseStatus } from '../../domain/case';
import {
  addWeekFigures,
  closeOutAt,
  closeOutWeek,
  emptyWeekFigures,
  monthPeriod,
  type BulletinFigures,
  type WeekFigures,
} from '../../domain/close-out';
import { currentPolicyVersion, policyFor } from '../../domain/policy';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../embedded/postgres';
import { freePort } from '../helpers/ports';
import { testKeyring } from '../helpers/app';

/**
 * The close-out figures against the timeline they are counted from: a handful of cases
 * in two counties of the demo province, written straight into the ledger and the
 * timeline, and every figure recounted here in plain code from the same events.
 */

interface Event {
  caseNumber: string;
  seq: number;
  type: CaseEventType;
  at: number;
  data: Record<string, unknown>;
  /** Null: an event written before the *_after columns existed. */
  status: CaseStatus | null;
  overdue: boolean;
  backlog: boolean;
}

interface Context {
  dataDir: string;
  postgres: EmbeddedPostgresHandle;
  orm: Orm;
  units: Map<string, { id: number; path: string }>;
  /** Every event written, in order: the independent count reads these. */
  timeline: Event[];
  unitOfCase: Map<string, string>;
}

const test = anyTest as TestFn<Context>;

const reporting = policyFor(currentPolicyVersion).reporting;
/** Office time (UTC+8) as an instant. */
const at = (local: string): string => new Date(`${local}+08:00`).toISOString();

/** Two weeks in March 2026, as the policy's Monday 09:00 close-out ends them. */
const week1 = { from: closeOutAt(at('2026-02-28T12:00:00'), reporting), to: '', week: '' };
week1.to = closeOutAt(at('2026-03-05T12:00:00'), reporting);
week1.week = closeOutWeek(week1.to, reporting);
const week2 = { from: week1.to, to: closeOutAt(at('2026-03-12T12:00:00'), reporting), week: '' };
week2.week = closeOutWeek(week2.to, reporting);

test.before(async (t) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingling-close-out-'));
  // The postgres user must be able to reach its data folder.
  fs.chmodSync(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: 'test-password',
  });
  const orm = await openDatabase(postgres.databaseUrl, { keyring: testKeyring });
  await seedDemoData(orm.em.fork());
  const rows = await orm.em
    .fork()
    .execute<{ id: number; code: string; path: string }[]>('select id, code, path from unit');
  t.context = {
    dataDir,
    postgres,
    orm,
    units: new Map(rows.map((u) => [u.code, { id: u.id, path: u.path }])),
    timeline: [],
    unitOfCase: new Map(),
  };
  await writeStory(t.context);
});

test.after.always(async (t) => {
  await t.context.orm?.close();
  await t.context.postgres?.stop();
  if (t.context.dataDir) fs.rmSync(t.context.dataDir, { recursive: true, force: true });
});

const em = (c: Context) => c.orm.em.fork();
const unitId = (c: Context, code: string) => c.units.get(code)!.id;

/** A ledger row; its current columns matter only to the close-out candidates. */
async function openCase(
  c: Context,
  caseNumber: string,
  unitCode: string,
  row: { status?: CaseStatus; readyAt?: string; backlog?: boolean; summary?: string } = {},
): Promise<void> {
  const unit = c.units.get(unitCode)!;
  c.unitOfCase.set(caseNumber, unitCode);
  await em(c).execute(
    `insert into petition_case (case_number, unit_id, unit_path, channel, category, place, summary, request,
       anonymous, status, deadline_provisional, policy_version, received_at, registered_at, last_event_seq,
       updated_at, close_out_ready_at, backlog_at)
     values (?, ?, ?, 'web', 'land', '城关镇', ?, '请求处理', false, ?, false, '2026.1', ?, ?, 0, ?, ?, ?)`,
    [
      caseNumber,
      unit.id,
      unit.path,
      row.summary ?? `案件 ${caseNumber} 的诉求摘要`,
      row.status ?? 'registered',
      at('2026-01-01T08:00:00'),
      at('2026-01-01T08:00:00'),
      at('2026-01-01T08:00:00'),
      row.readyAt ?? null,
      row.backlog ? at('2026-01-01T08:00:00') : null,
    ],
  );
}

/** One timeline event with what the case was after it, numbered after the case's last. */
async function record(
  c: Context,
  caseNumber: string,
  type: CaseEventType,
  instant: string,
  after: { status: CaseStatus | null; overdue?: boolean; backlog?: boolean },
  data: Record<string, unknown> = {},
): Promise<void> {
  const seq = c.timeline.filter((e) => e.caseNumber === caseNumber).length + 1;
  const event: Event = {
    caseNumber,
    seq,
    type,
    at: Date.parse(instant),
    data,
    status: after.status,
    overdue: after.overdue ?? false,
    backlog: after.backlog ?? false,
  };
  c.timeline.push(event);
  await em(c).execute(
    `insert into case_event (case_number, seq, type, occurred_at, actor, data, policy_version,
       status_after, overdue_after, escalated_after, backlog_after)
     values (?, ?, ?, ?, 'system', ?::jsonb, '2026.1', ?, ?, ?, ?)`,
    [
      caseNumber,
      seq,
      type,
      instant,
      JSON.stringify(data),
      event.status,
      event.status === null ? null : event.overdue,
      event.status === null ? null : event.overdue,
      event.status === null ? null : event.backlog,
    ],
  );
}

/**
 * 东湖县 (990101): A is struck off by week 1's run (a moment after its cutoff) after a
 * breach; B comes in during week 1 and is struck off the same week, replied within 5 days;
 * C is an old backlog case, open and overdue; F was refused before week 1; H has only an
 * event from before the *_after columns; I is accepted and refused in the same instant
 * (the later seq wins).
 * 西山县 (990102): D comes in during week 1 and is unsatisfied; E was struck off in February
 * and comes back in week 1; K becomes a backlog case during week 1.
 */
async function writeStory(c: Context): Promise<void> {
  await openCase(c, 'QL2026-800001', '990101001', { status: 'closed_out' });
  await record(c, 'QL2026-800001', 'registered', at('2026-02-25T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800001', 'accepted', at('2026-02-25T15:00:00'), { status: 'accepted' });
  await record(c, 'QL2026-800001', 'dispatched', at('2026-02-26T09:00:00'), { status: 'in_handling' });
  await record(c, 'QL2026-800001', 'deadline_escalated', at('2026-03-03T09:00:00'), {
    status: 'in_handling',
    overdue: true,
  });
  await record(c, 'QL2026-800001', 'replied', at('2026-03-04T10:00:00'), { status: 'replied' });
  await record(
    c,
    'QL2026-800001',
    'evaluated',
    at('2026-03-05T10:00:00'),
    { status: 'close_out_pending' },
    {
      satisfied: true,
    },
  );
  await record(
    c,
    'QL2026-800001',
    'closed_out',
    new Date(Date.parse(week1.to) + 30_000).toISOString(),
    { status: 'closed_out' },
    { week: week1.week },
  );

  await openCase(c, 'QL2026-800002', '990101001', { status: 'closed_out' });
  await record(c, 'QL2026-800002', 'registered', at('2026-03-03T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800002', 'dispatched', at('2026-03-03T15:00:00'), { status: 'in_handling' });
  await record(c, 'QL2026-800002', 'replied', at('2026-03-05T10:00:00'), { status: 'replied' });
  await record(
    c,
    'QL2026-800002',
    'evaluated',
    at('2026-03-06T10:00:00'),
    { status: 'close_out_pending' },
    {
      satisfied: true,
    },
  );
  await record(
    c,
    'QL2026-800002',
    'closed_out',
    new Date(Date.parse(week1.to) + 45_000).toISOString(),
    { status: 'closed_out' },
    { week: week1.week },
  );

  await openCase(c, 'QL2026-800003', '990101001001', { status: 'in_handling', backlog: true });
  await record(c, 'QL2026-800003', 'registered', at('2025-11-02T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800003', 'dispatched', at('2025-11-03T10:00:00'), { status: 'in_handling' });
  await record(c, 'QL2026-800003', 'deadline_escalated', at('2025-12-01T10:00:00'), {
    status: 'in_handling',
    overdue: true,
  });
  await record(c, 'QL2026-800003', 'designated_backlog', at('2026-02-10T10:00:00'), {
    status: 'in_handling',
    overdue: true,
    backlog: true,
  });

  await openCase(c, 'QL2026-800006', '990101001', { status: 'closed' });
  await record(c, 'QL2026-800006', 'registered', at('2026-02-20T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800006', 'not_accepted', at('2026-02-21T10:00:00'), { status: 'closed' });

  await openCase(c, 'QL2026-800008', '990101001', { status: 'in_handling' });
  await record(c, 'QL2026-800008', 'registered', at('2026-02-01T11:00:00'), { status: null });

  await openCase(c, 'QL2026-800009', '990101002', { status: 'closed' });
  await record(c, 'QL2026-800009', 'registered', at('2026-03-04T09:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800009', 'accepted', at('2026-03-04T16:00:00'), { status: 'accepted' });
  await record(c, 'QL2026-800009', 'not_accepted', at('2026-03-04T16:00:00'), { status: 'closed' });

  await openCase(c, 'QL2026-800004', '990102001', { status: 'unsatisfied' });
  await record(c, 'QL2026-800004', 'registered', at('2026-03-02T11:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800004', 'replied', at('2026-03-04T11:00:00'), { status: 'replied' });
  await record(
    c,
    'QL2026-800004',
    'evaluated',
    at('2026-03-05T11:00:00'),
    { status: 'unsatisfied' },
    {
      satisfied: false,
    },
  );

  await openCase(c, 'QL2026-800005', '990102001', { status: 'in_handling' });
  await record(c, 'QL2026-800005', 'registered', at('2026-01-20T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800005', 'forward_feedback', at('2026-01-22T10:00:00'), { status: 'replied' });
  await record(
    c,
    'QL2026-800005',
    'evaluated',
    at('2026-01-25T10:00:00'),
    { status: 'close_out_pending' },
    {
      satisfied: true,
    },
  );
  await record(
    c,
    'QL2026-800005',
    'closed_out',
    at('2026-01-26T09:00:20'),
    { status: 'closed_out' },
    { week: '2026-01-26' },
  );
  await record(c, 'QL2026-800005', 'reopened', at('2026-03-04T09:30:00'), { status: 'in_handling' });

  await openCase(c, 'QL2026-800007', '990102002001', { status: 'in_handling', backlog: true });
  await record(c, 'QL2026-800007', 'registered', at('2025-09-10T10:00:00'), { status: 'registered' });
  await record(c, 'QL2026-800007', 'dispatched', at('2025-09-11T10:00:00'), { status: 'in_handling' });
  await record(c, 'QL2026-800007', 'designated_backlog', at('2026-03-04T10:00:00'), {
    status: 'in_handling',
    backlog: true,
  });
}

/** What happens after week 1 was counted: none of it may change week 1's figures. */
async function writeWeekTwo(c: Context): Promise<void> {
  await record(c, 'QL2026-800001', 'reopened', at('2026-03-10T10:00:00'), { status: 'in_handling' });
  await record(c, 'QL2026-800003', 'replied', at('2026-03-11T10:00:00'), {
    status: 'replied',
    backlog: true,
  });
  await record(c, 'QL2026-800004', 'deadline_escalated', at('2026-03-12T10:00:00'), {
    status: 'unsatisfied',
    overdue: true,
  });
  await openCase(c, 'QL2026-800010', '990102002', { status: 'registered' });
  await record(c, 'QL2026-800010', 'registered', at('2026-03-13T10:00:00'), { status: 'registered' });
}

/** The case's state after its last event before `instant`, or after the close-outs of weeks up to `closedBy`. */
function stateAt(events: Event[], instant: number, closedBy: string | null): Event | undefined {
  const counted = events.filter(
    (e) =>
      e.status !== null &&
      (e.at < instant || (e.type === 'closed_out' && closedBy !== null && String(e.data.week) <= closedBy)),
  );
  return counted.sort((a, b) => a.seq - b.seq).at(-1);
}

const isOpen = (e: Event | undefined): e is Event => e !== undefined && openStatuses.includes(e.status!);

/** The week's figures of one unit's own cases, counted here from the events in memory. */
function recountWeek(
  c: Context,
  unitCode: string,
  period: { from: string; to: string; week: string },
): WeekFigures {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const mine = c.timeline.filter((e) => c.unitOfCase.get(e.caseNumber) === unitCode);
  const cases = [...new Set(mine.map((e) => e.caseNumber))].map((n) =>
    mine.filter((e) => e.caseNumber === n),
  );
  const inPeriod = mine.filter((e) => e.at >= from && e.at < to);
  const previousWeek = new Date(Date.parse(period.week) - 86_400_000).toISOString().slice(0, 10);
  const atEnd = cases.map((events) => stateAt(events, to, period.week)).filter(isOpen);
  const atStart = cases.map((events) => stateAt(events, from, previousWeek)).filter(isOpen);
  const struckOff = mine.filter((e) => e.type === 'closed_out' && e.data.week === period.week);
  const quick = struckOff.filter((closed) => {
    const own = mine.filter((e) => e.caseNumber === closed.caseNumber);
    const registered = own.find((e) => e.type === 'registered')!;
    const reply = own.find((e) => e.type === 'replied' || e.type === 'forward_feedback');
    return reply !== undefined && reply.at - registered.at <= reporting.quickClosureDays * 86_400_000;
  });
  const evaluations = inPeriod.filter((e) => e.type === 'evaluated');
  return {
    newCases: inPeriod.filter((e) => e.type === 'registered').length,
    closedOut: struckOff.length,
    reopened: inPeriod.filter((e) => e.type === 'reopened').length,
    stillOpen: atEnd.length,
    overdue: atEnd.filter((e) => e.overdue).length,
    escalated: inPeriod.filter((e) => e.type === 'deadline_escalated').length,
    backlogStock: atEnd.filter((e) => e.backlog).length,
    backlogStockBefore: atStart.filter((e) => e.backlog).length,
    closedWithin5Days: quick.length,
    evaluations: evaluations.length,
    satisfied: evaluations.filter((e) => e.data.satisfied === true).length,
    // These stories bring no consultation (咨询): counted apart, they stay at 0.
    consultations: 0,
    consultationsAnswered: 0,
  };
}

/** A month's bulletin figures of one unit's own cases, counted here. */
function recountMonth(c: Context, unitCode: string, month: string): BulletinFigures {
  const { from, to } = monthPeriod(month);
  const [start, end] = [Date.parse(from), Date.parse(to)];
  const mine = c.timeline.filter((e) => c.unitOfCase.get(e.caseNumber) === unitCode);
  const cases = [...new Set(mine.map((e) => e.caseNumber))].map((n) =>
    mine.filter((e) => e.caseNumber === n),
  );
  const inMonth = mine.filter((e) => e.at >= start && e.at < end);
  const atEnd = cases.map((events) => stateAt(events, end, null)).filter(isOpen);
  const evaluations = inMonth.filter((e) => e.type === 'evaluated');
  return {
    overdue: atEnd.filter((e) => e.overdue).length,
    openAtStart: cases.map((events) => stateAt(events, start, null)).filter(isOpen).length,
    newCases: inMonth.filter((e) => e.type === 'registered').length,
    closedOut: inMonth.filter((e) => e.type === 'closed_out').length,
    evaluations: evaluations.length,
    satisfied: evaluations.filter((e) => e.data.satisfied === true).length,
    backlogStock: atEnd.filter((e) => e.backlog).length,
  };
}

const allUnitIds = (c: Context) => [...c.units.values()].map((u) => u.id);

async function countWeek(c: Context, period: { from: string; to: string; week: string }) {
  return weekFiguresByUnit(em(c), {
    unitIds: allUnitIds(c),
    ...period,
    quickClosureDays: reporting.quickClosureDays,
  });
}

/** The counted figures of every unit, by code, beside the recount. */
function compareAll(c: Context, counted: Map<number, WeekFigures>, period: typeof week1) {
  const actual: Record<string, WeekFigures | undefined> = {};
  const expected: Record<string, WeekFigures> = {};
  for (const [code, unit] of c.units) {
    actual[code] = counted.get(unit.id);
    expected[code] = recountWeek(c, code, period);
  }
  return { actual, expected };
}

// The tests below run in order on one story: week 1 is counted, then week 2 happens.

test.serial('the weeks of the story are the policy’s Monday 09:00 close-outs', (t) => {
  t.deepEqual(week1, {
    from: '2026-03-02T01:00:00.000Z',
    to: '2026-03-09T01:00:00.000Z',
    week: '2026-03-09',
  });
  t.deepEqual(week2, {
    from: '2026-03-09T01:00:00.000Z',
    to: '2026-03-16T01:00:00.000Z',
    week: '2026-03-16',
  });
});

test.serial('every unit’s week is what the timeline says, unit by unit, in one pass', async (t) => {
  const counted = await countWeek(t.context, week1);
  t.is(counted.size, t.context.units.size, 'a unit without cases gets zeros, not nothing');
  const { actual, expected } = compareAll(t.context, counted, week1);
  t.deepEqual(actual, expected);
  // The same story told by hand, so the recount itself is checked too.
  t.deepEqual(counted.get(unitId(t.context, '990101001')), {
    newCases: 1,
    closedOut: 2,
    reopened: 0,
    stillOpen: 0,
    overdue: 0,
    escalated: 1,
    backlogStock: 0,
    backlogStockBefore: 0,
    closedWithin5Days: 1,
    evaluations: 2,
    satisfied: 2,
    consultations: 0,
    consultationsAnswered: 0,
  });
  t.like(counted.get(unitId(t.context, '990101001001')), {
    stillOpen: 1,
    overdue: 1,
    backlogStock: 1,
    backlogStockBefore: 1,
  });
  t.like(counted.get(unitId(t.context, '990102001')), {
    newCases: 1,
    reopened: 1,
    stillOpen: 2,
    evaluations: 1,
    satisfied: 0,
  });
  t.like(counted.get(unitId(t.context, '990102002001')), { backlogStockBefore: 0, backlogStock: 1 });
  t.like(counted.get(unitId(t.context, '990101002')), { newCases: 1, stillOpen: 0 });
  t.deepEqual(counted.get(unitId(t.context, '990000')), emptyWeekFigures());
});

test.serial(
  'a case struck off by the run after the cutoff is closed at the end of its week, not open',
  async (t) => {
    const counted = await countWeek(t.context, week1);
    // A and B were struck off 30 and 45 s after the cutoff; the week they name is the one they end.
    t.like(counted.get(unitId(t.context, '990101001')), { closedOut: 2, stillOpen: 0 });
    const next = await countWeek(t.context, week2);
    t.like(next.get(unitId(t.context, '990101001')), { closedOut: 0, backlogStockBefore: 0 });
  },
);

test.serial(
  'a closed week is written once: the second run is told it exists and changes nothing',
  async (t) => {
    const c = t.context;
    const counted = await countWeek(c, week1);
    const township = unitId(c, '990101001');
    const snapshot = {
      unitId: township,
      week: week1.week,
      periodFrom: week1.from,
      periodTo: week1.to,
      runBy: 'schedule',
      closedAt: '2026-03-09T01:00:50.000Z',
      figures: counted.get(township)!,
      struckOff: ['QL2026-800001', 'QL2026-800002'],
    };
    t.is(await saveCloseOutWeek(em(c), snapshot), 'saved');
    t.is(
      await saveCloseOutWeek(em(c), {
        ...snapshot,
        runBy: 'staff:7',
        closedAt: '2026-03-09T02:00:00.000Z',
        figures: emptyWeekFigures(),
        struckOff: [],
      }),
      'exists',
    );
    t.deepEqual(await findCloseOutWeek(em(c), township, week1.week), {
      unit: (await reportUnit(em(c), township))!,
      week: week1.week,
      periodFrom: week1.from,
      periodTo: week1.to,
      runBy: 'schedule',
      closedAt: '2026-03-09T01:00:50.000Z',
      figures: counted.get(township)!,
      struckOff: ['QL2026-800001', 'QL2026-800002'],
    });
    t.is(await findCloseOutWeek(em(c), township, week2.week), null);
  },
);

test.serial('the other units close week 1 too, all but two', async (t) => {
  const c = t.context;
  const counted = await countWeek(c, week1);
  for (const [code, unit] of c.units) {
    // 柳溪乡 and 云岭村 have not closed the week yet.
    if (code === '990101002' || code === '990102002001') continue;
    await saveCloseOutWeek(em(c), {
      unitId: unit.id,
      week: week1.week,
      periodFrom: week1.from,
      periodTo: week1.to,
      runBy: 'schedule',
      closedAt: '2026-03-09T01:01:00.000Z',
      figures: counted.get(unit.id)!,
      struckOff: [],
    });
  }
  t.pass();
});

test.serial(
  'the weekly report rolls the closed weeks of the subtree up and names who has not closed',
  async (t) => {
    const c = t.context;
    const counted = await countWeek(c, week1);
    const city = unitId(c, '990100');
    const report = await weeklyReport(em(c), city, week1.week);
    const closedIn = (prefix: string) =>
      [...c.units.entries()]
        .filter(([code, u]) => u.path.startsWith(prefix) && code !== '990101002' && code !== '990102002001')
        .reduce((sum, [, u]) => addWeekFigures(sum, counted.get(u.id)!), emptyWeekFigures());
    t.is(report.unit.code, '990100');
    t.is(report.week, week1.week);
    t.deepEqual(report.own?.figures, counted.get(city));
    t.deepEqual(report.subtree, closedIn(c.units.get('990100')!.path));
    t.deepEqual(
      report.children.map((ch) => ({ code: ch.unit.code, figures: ch.figures, notClosed: ch.notClosed })),
      [
        { code: '990101', figures: closedIn(c.units.get('990101')!.path), notClosed: 1 },
        { code: '990102', figures: closedIn(c.units.get('990102')!.path), notClosed: 1 },
      ],
    );
    t.deepEqual(
      report.notClosed.map((u) => u.code),
      ['990101002', '990102002001'],
    );
    // 云岭村's new backlog case is not in the sum: its unit has not reported.
    t.is(report.subtree.backlogStock, 1);
    t.is(report.subtree.closedOut, 2);
  },
);

test.serial('counting week 1 again after week 2 happened gives the same numbers', async (t) => {
  const c = t.context;
  const before = await countWeek(c, week1);
  await writeWeekTwo(c);
  t.deepEqual(await countWeek(c, week1), before);
  const { actual, expected } = compareAll(c, await countWeek(c, week2), week2);
  t.deepEqual(actual, expected);
  t.like(actual['990101001'], { reopened: 1, stillOpen: 1, closedOut: 0 });
  t.like(actual['990102001'], { escalated: 1, overdue: 1 });
});

test.serial('weeks, trend and heat read the snapshots of the subtree', async (t) => {
  const c = t.context;
  const counted = await countWeek(c, week2);
  for (const unit of c.units.values()) {
    await saveCloseOutWeek(em(c), {
      unitId: unit.id,
      week: week2.week,
      periodFrom: (await previousPeriodEnd(em(c), unit.id, week2.week)) ?? week2.from,
      periodTo: week2.to,
      runBy: 'schedule',
      closedAt: '2026-03-16T01:01:00.000Z',
      figures: counted.get(unit.id)!,
      struckOff: [],
    });
  }
  const city = unitId(c, '990100');
  t.deepEqual(await closedWeeks(em(c), city), [week2.week, week1.week]);
  t.deepEqual(await closedWeeks(em(c), unitId(c, '990102002001')), [week2.week]);
  t.is(await previousPeriodEnd(em(c), unitId(c, '990101001'), week2.week), week1.to);
  t.is(await previousPeriodEnd(em(c), unitId(c, '990101002'), week2.week), null);

  const trend = await weekTrend(em(c), city, 12);
  t.deepEqual(
    trend.map((p) => p.week),
    [week1.week, week2.week],
  );
  t.deepEqual(trend[0]!.figures, (await weeklyReport(em(c), city, week1.week)).subtree);
  t.deepEqual(
    trend[1]!.figures,
    [...c.units.values()]
      .filter((u) => u.path.startsWith(c.units.get('990100')!.path))
      .reduce((sum, u) => addWeekFigures(sum, counted.get(u.id)!), emptyWeekFigures()),
  );
  t.deepEqual(
    (await weekTrend(em(c), city, 1)).map((p) => p.week),
    [week2.week],
  );

  const heat = await overdueHeat(em(c), city, 8);
  t.deepEqual(
    heat.map((row) => [row.unit.code, row.weeks.map((w) => [w.week, w.overdue])]),
    [
      [
        '990101',
        [
          [week1.week, 1],
          [week2.week, 0],
        ],
      ],
      [
        '990102',
        [
          [week1.week, 0],
          [week2.week, 1],
        ],
      ],
    ],
  );
});

test.serial(
  'close-out candidates are the unit’s own cases ready before the cutoff, oldest first',
  async (t) => {
    const c = t.context;
    await openCase(c, 'QL2026-800011', '990101002', {
      status: 'close_out_pending',
      readyAt: at('2026-03-13T10:00:00'),
      summary: '已答复并满意',
    });
    await openCase(c, 'QL2026-800012', '990101002', {
      status: 'close_out_pending',
      readyAt: at('2026-03-11T10:00:00'),
      backlog: true,
      summary: '积案，包案领导已签字',
    });
    await openCase(c, 'QL2026-800013', '990101002', {
      status: 'close_out_pending',
      readyAt: at('2026-03-16T10:00:00'),
    });
    await openCase(c, 'QL2026-800014', '990101002', { status: 'close_out_pending', summary: '待答复送达' });
    await openCase(c, 'QL2026-800015', '990101002001', {
      status: 'close_out_pending',
      readyAt: at('2026-03-10T10:00:00'),
    });
    const township = unitId(c, '990101002');
    t.deepEqual(await closeOutCandidates(em(c), township, week2.to), [
      {
        caseNumber: 'QL2026-800012',
        summary: '积案，包案领导已签字',
        readyAt: '2026-03-11T02:00:00.000Z',
        backlog: true,
      },
      {
        caseNumber: 'QL2026-800011',
        summary: '已答复并满意',
        readyAt: '2026-03-13T02:00:00.000Z',
        backlog: false,
      },
    ]);
    t.deepEqual(await closeOutWaiting(em(c), township), [
      { caseNumber: 'QL2026-800014', summary: '待答复送达', status: 'close_out_pending' },
    ]);
  },
);

test.serial(
  'the bulletin ranks the child units on their subtrees and carries last month beside',
  async (t) => {
    const c = t.context;
    const city = unitId(c, '990100');
    await em(c).execute(
      `insert into case_deadline (case_number, clock, started_at, due_date, due_at, provisional, state,
       responsible_unit_id, policy_version, last_event_seq)
     values ('QL2026-800003', 'handling', ?, '2025-11-30', ?, false, 'escalated', ?, '2026.1', 3),
            ('QL2026-800003', 'resolutionPlan', ?, '2026-02-20', ?, false, 'breached', ?, '2026.1', 4),
            ('QL2026-800004', 'handling', ?, '2026-03-11', ?, false, 'escalated', ?, '2026.1', 4)`,
      [
        at('2025-11-03T10:00:00'),
        at('2025-11-30T18:00:00'),
        unitId(c, '990101001001'),
        at('2026-02-10T10:00:00'),
        at('2026-02-20T18:00:00'),
        unitId(c, '990101001001'),
        at('2026-03-02T11:00:00'),
        at('2026-03-11T18:00:00'),
        unitId(c, '990102001'),
      ],
    );

    const february = await composeBulletin(em(c), city, '2026-02', at('2026-03-01T09:00:00'));
    t.is(february.rows.length, 2);
    t.true(february.rows.every((r) => r.lastMonth === null));
    t.is(await saveBulletin(em(c), february), 'saved');
    t.is(await saveBulletin(em(c), { ...february, rows: [] }), 'exists');
    t.deepEqual(await findBulletin(em(c), city, '2026-02'), february);

    const march = await composeBulletin(em(c), city, '2026-03', at('2026-04-01T09:00:00'));
    t.deepEqual([march.periodFrom, march.periodTo], [monthPeriod('2026-03').from, monthPeriod('2026-03').to]);
    const subtreeOf = (code: string) =>
      [...c.units.entries()]
        .filter(([, u]) => u.path.startsWith(c.units.get(code)!.path))
        .map(([unitCode]) => recountMonth(c, unitCode, '2026-03'))
        .reduce((sum, f) => {
          for (const key of Object.keys(sum) as (keyof BulletinFigures)[]) sum[key] += f[key];
          return sum;
        });
    const [east, west] = [subtreeOf('990101'), subtreeOf('990102')];
    t.deepEqual(
      march.rows.map((r) => [r.unit.code, r.figures]),
      [
        ['990101', east],
        ['990102', west],
      ],
    );
    t.deepEqual(east, {
      overdue: 0,
      openAtStart: 2,
      newCases: 2,
      closedOut: 2,
      evaluations: 2,
      satisfied: 2,
      backlogStock: 1,
    });
    t.deepEqual(west, {
      overdue: 1,
      openAtStart: 1,
      newCases: 2,
      closedOut: 0,
      evaluations: 1,
      satisfied: 0,
      backlogStock: 1,
    });
    const [eastRow, westRow] = march.rows;
    t.is(eastRow!.clearanceRate, 2 / 4);
    t.is(westRow!.clearanceRate, 0);
    t.is(eastRow!.satisfactionRate, 1);
    t.is(westRow!.satisfactionRate, 0);
    t.deepEqual(
      march.rows.map((r) => [r.rankOverdue, r.rankClearance, r.rankSatisfaction]),
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
    );
    const februaryEast = february.rows.find((r) => r.unit.code === '990101')!;
    t.deepEqual(eastRow!.lastMonth, {
      figures: februaryEast.figures,
      clearanceRate: februaryEast.clearanceRate,
      satisfactionRate: februaryEast.satisfactionRate,
      rankOverdue: februaryEast.rankOverdue,
      rankClearance: februaryEast.rankClearance,
      rankSatisfaction: februaryEast.rankSatisfaction,
    });
    // February: 东湖县's C was overdue and 西山县 had nothing open overdue; nobody was evaluated.
    t.like(februaryEast, { figures: { overdue: 1 }, satisfactionRate: null, rankSatisfaction: 1 });

    t.deepEqual(march.overdueCases, [
      {
        caseNumber: 'QL2026-800004',
        unitName: '石门镇',
        summary: '案件 QL2026-800004 的诉求摘要',
        clock: 'handling',
        dueDate: '2026-03-11',
        ownerLeader: null,
        handlingDepartment: null,
        backlog: false,
      },
    ]);
    // A case that accuses a unit is counted, never named: the bulletin reaches the offices below (Art. 30).
    const accuse = (unit: string | null) =>
      em(c).execute(
        `update petition_case set accused_unit_id = (select id from unit where code = ?) where case_number = ?`,
        [unit, 'QL2026-800004'],
      );
    await accuse('990102001001');
    const withAccused = await composeBulletin(em(c), city, '2026-03', at('2026-04-01T09:00:00'));
    t.deepEqual(withAccused.overdueCases, []);
    t.deepEqual(withAccused.rows, march.rows);
    await accuse(null);

    t.deepEqual(
      february.overdueCases.map((o) => [o.caseNumber, o.clock, o.dueDate, o.backlog]),
      [['QL2026-800003', 'handling', '2025-11-30', true]],
    );

    t.deepEqual(await bulletinMonths(em(c), city), ['2026-02']);
    const parents = [
      '990000',
      '990100',
      '990101',
      '990101001',
      '990101002',
      '990102',
      '990102001',
      '990102002',
      // The discipline tree's commissions rank the bodies below them too.
      '990000-jw',
      '990100-jw',
      '990101-jw',
      '990102-jw',
    ];
    t.deepEqual(
      await unitsWithChildren(em(c)),
      parents.map((code) => unitId(c, code)).sort((a, b) => a - b),
    );
  },
);
