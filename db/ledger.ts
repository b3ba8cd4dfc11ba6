import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { BacklogFlagName } from '../domain/backlog';
import type { CaseStatus } from '../domain/case';
import type { ClockName, EscalationTarget } from '../domain/policy';
import type { Category, Channel, PetitionKind } from '../domain/petition';
import { CaseEvent, PetitionCase, Receipt, Unit } from './entities';

export interface LedgerFilter {
  page: number;
  pageSize: number;
  /** The signed-in person's unit path: nothing outside this subtree is ever returned. */
  jurisdictionPath: string;
  /** The signed-in person's department: cases complaining about it are never returned (Art. 30). */
  viewerDepartmentId?: number | null | undefined;
  /** A unit whose subtree narrows the jurisdiction; a unit outside it gives no rows. */
  unitCode?: string | undefined;
  status?: CaseStatus | undefined;
  /** true: the earliest running deadline has passed; false: it has not, or nothing runs. */
  overdue?: boolean | undefined;
  /** The earliest running deadline falls between now and now + this many days. */
  dueWithinDays?: number | undefined;
  category?: Category | undefined;
  channel?: Channel | undefined;
  /** 信访诉求, 检举控告 or 咨询: consultations are counted apart from petitions. */
  kind?: PetitionKind | undefined;
  /** true: a breach sits with a higher office (督办); false: none does. */
  escalated?: boolean | undefined;
  /** Any part of the case number. */
  caseNumber?: string | undefined;
  handlingDepartmentId?: number | undefined;
  /** true: backlog cases (积案) only; false: none. */
  backlog?: boolean | undefined;
  /** «三多» flags that must all be set. */
  flags?: BacklogFlagName[] | undefined;
  /** Backlog cases this leader owns (包案). */
  ownerLeaderId?: number | undefined;
  /** true: backlog cases nobody owns yet. */
  unowned?: boolean | undefined;
  /** The instant "overdue" and "due within" are measured from; the route passes the one it shows. */
  now?: Date | undefined;
}

/** An open escalation in the receiving office's queue (督办), with where its case stands. */
export interface EscalationQueueItem {
  caseNumber: string;
  unit: { code: string; name: string };
  status: CaseStatus;
  clock: ClockName;
  target: EscalationTarget;
  escalatedAt: Date;
  /** When the escalated clock was due, if the case still projects that deadline. */
  dueAt: Date | null;
  nextDueAt: Date | null;
}

const dayMs = 24 * 60 * 60 * 1000;
/** Hydrating a thousand cases costs ~100 ms; nobody works a queue past its first screens. */
const queueLimit = 200;

/**
 * The columns a ledger row shows (api/ledger-entry.ts), and no others: the complainant's identity
 * and the petition's text never reach the list, and a row of all fifty-odd columns and three
 * whole related entities cost more to hydrate than PostgreSQL took to find it.
 */
export const ledgerFields = [
  'caseNumber',
  'category',
  'channel',
  'status',
  'kind',
  'anonymous',
  'receivedAt',
  'registeredAt',
  'nextDueAt',
  'nextDueClock',
  'deadlineProvisional',
  'escalatedToUnit',
  'backlogAt',
  'flagManyYears',
  'flagManyLevels',
  'flagManyOffices',
  'repeatCount',
  'nextMilestoneDate',
  'planVersion',
  'joinedCaseNumber',
  'urgent',
  'unit.code',
  'unit.name',
  'handlingDepartment.name',
  'ownerLeader.name',
] as const;

/**
 * A ledger row: the case with its unit, handling department and owning leader, as the list
 * shows them. The ledger and the department queue read it in SQL (`ledgerColumns`); the
 * discipline queue's entities, loaded with `ledgerFields`, have the same shape.
 */
export interface LedgerCase {
  caseNumber: string;
  category: Category;
  channel: Channel;
  status: CaseStatus;
  kind: PetitionKind;
  anonymous: boolean;
  receivedAt: Date;
  registeredAt: Date;
  nextDueAt?: Date | null;
  nextDueClock?: ClockName | null;
  deadlineProvisional: boolean;
  escalatedToUnit?: { id: number } | null;
  backlogAt?: Date | null;
  flagManyYears: boolean;
  flagManyLevels: boolean;
  flagManyOffices: boolean;
  repeatCount: number;
  nextMilestoneDate?: string | null;
  planVersion: number;
  joinedCaseNumber?: string | null;
  urgent: boolean;
  unit: { code: string; name: string };
  handlingDepartment?: { id: number; name: string } | null;
  ownerLeader?: { id: number; name: string } | null;
}

/** A jurisdiction that is not a unit path: a bug in the caller, refused before it can widen a query. */
export class InvalidUnitPathError extends Error {
  constructor(readonly path: string) {
    super(`Not a unit path: ${JSON.stringify(path)}`);
    this.name = 'InvalidUnitPathError';
  }
}

/** Unit paths are '/1/4/9/'; anything else ('', '%') would turn a prefix filter into a leak. */
function assertUnitPath(path: string): void {
  if (!/^\/(\d+\/)+$/.test(path)) throw new InvalidUnitPathError(path);
}

/** A LIKE pattern for the subtree of `path`. */
export function subtree(path: string): string {
  assertUnitPath(path);
  return `${path}%`;
}

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/** The viewer's unit is the root of their jurisdiction, the last id on its path. */
const viewerUnitId = (jurisdictionPath: string): number =>
  Number(jurisdictionPath.split('/').filter(Boolean).at(-1));

/** 信访工作条例 Art. 30: a case never shows to the unit or department it complains about. */
export function notAccused(
  jurisdictionPath: string,
  departmentId?: number | null,
): FilterQuery<PetitionCase>[] {
  const all: FilterQuery<PetitionCase>[] = [
    { $or: [{ accusedUnitId: null }, { accusedUnitId: { $ne: viewerUnitId(jurisdictionPath) } }] },
  ];
  if (departmentId != null) {
    all.push({ $or: [{ accusedDepartmentId: null }, { accusedDepartmentId: { $ne: departmentId } }] });
  }
  return all;
}

/** A WHERE clause with its `?` values, in the order they appear. */
interface Conditions {
  sql: string[];
  values: unknown[];
}

const flagSqlColumn = {
  manyYears: 'c.flag_many_years',
  manyLevels: 'c.flag_many_levels',
  manyOffices: 'c.flag_many_offices',
} as const satisfies Record<BacklogFlagName, string>;

/**
 * Every condition of a ledger page in SQL: the subtree, Art. 30 (as `notAccused`) and the
 * filter. The page is read in SQL and not through MikroORM's criteria, whose query building
 * and hydration cost several times what PostgreSQL takes to answer (issue 18).
 */
function ledgerConditions(path: string, filter: LedgerFilter): Conditions {
  const now = filter.now ?? new Date();
  const where: Conditions = { sql: [], values: [] };
  const add = (sql: string, ...values: unknown[]) => {
    where.sql.push(sql);
    where.values.push(...values);
  };
  add('c.unit_path like ?', subtree(path));
  add('(c.accused_unit_id is null or c.accused_unit_id <> ?)', viewerUnitId(filter.jurisdictionPath));
  if (filter.viewerDepartmentId != null) {
    add('(c.accused_department_id is null or c.accused_department_id <> ?)', filter.viewerDepartmentId);
  }
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.category) add('c.category = ?', filter.category);
  if (filter.channel) add('c.channel = ?', filter.channel);
  if (filter.kind) add('c.kind = ?', filter.kind);
  if (filter.handlingDepartmentId !== undefined)
    add('c.handling_department_id = ?', filter.handlingDepartmentId);
  if (filter.caseNumber) add('c.case_number like ?', `%${escapeLike(filter.caseNumber)}%`);
  if (filter.overdue === true) add('c.next_due_at < ?', now);
  if (filter.overdue === false) add('(c.next_due_at is null or c.next_due_at >= ?)', now);
  if (filter.dueWithinDays !== undefined) {
    const until = new Date(now.getTime() + filter.dueWithinDays * dayMs);
    add('c.next_due_at >= ? and c.next_due_at <= ?', now, until);
  }
  if (filter.escalated === true) add('c.escalated_to_unit_id is not null');
  if (filter.escalated === false) add('c.escalated_to_unit_id is null');
  if (filter.backlog === true) add('c.backlog_at is not null');
  if (filter.backlog === false) add('c.backlog_at is null');
  for (const flag of filter.flags ?? []) add(flagSqlColumn[flag]);
  if (filter.ownerLeaderId !== undefined) add('c.owner_leader_id = ?', filter.ownerLeaderId);
  if (filter.unowned === true) add('c.backlog_at is not null and c.owner_leader_id is null');
  return where;
}

/** `ledgerFields` in SQL, from `petition_case c` and `ledgerJoins`, read back by `toLedgerCase`. */
const ledgerColumns = `c.case_number, c.category, c.channel, c.status, c.kind, c.anonymous, c.received_at,
  c.registered_at, c.next_due_at, c.next_due_clock, c.deadline_provisional, c.escalated_to_unit_id,
  c.backlog_at, c.flag_many_years, c.flag_many_levels, c.flag_many_offices, c.repeat_count,
  c.next_milestone_date, c.plan_version, c.joined_case_number, c.urgent, u.code as unit_code,
  u.name as unit_name, d.id as department_id, d.name as department_name, l.id as owner_id, l.name as owner_name`;

const ledgerJoins = `join unit u on u.id = c.unit_id
  left join department d on d.id = c.handling_department_id
  left join staff_member l on l.id = c.owner_leader_id`;

/** Reads of the office ledger (台账). Writes belong to the workflow's activities. */
export class LedgerRepository {
  constructor(private readonly em: EntityManager) {}

  async unitByCode(code: string): Promise<Unit | null> {
    return this.em.findOne(Unit, { code });
  }

  /** Every unit: a complainant may address any of them. */
  async units(): Promise<Unit[]> {
    return this.em.find(Unit, {}, { orderBy: { path: 'asc' }, populate: ['parent'] });
  }

  /** The places a complainant may address: every government unit, never a discipline body. */
  async places(): Promise<Unit[]> {
    return this.em.find(Unit, { kind: 'government' }, { orderBy: { path: 'asc' }, populate: ['parent'] });
  }

  /** The units a person may see: their own and every unit below it. */
  async unitsWithin(jurisdictionPath: string): Promise<Unit[]> {
    return this.em.find(
      Unit,
      { path: { $like: subtree(jurisdictionPath) } },
      { orderBy: { path: 'asc' }, populate: ['parent'] },
    );
  }

  /**
   * One page of cases, newest first. Subtrees are matched on the case's own copy of
   * its unit path, so neither the filter nor the count joins the unit table.
   */
  async page(filter: LedgerFilter): Promise<{ items: LedgerCase[]; total: number }> {
    const path = await this.scopePath(filter.jurisdictionPath, filter.unitCode);
    if (!path) return { items: [], total: 0 };
    const where = ledgerConditions(path, filter);
    const condition = where.sql.join(' and ');
    const connection = this.em.getConnection();
    // Two statements side by side: a window count would make the page read every match.
    const [rows, [{ total }]] = await Promise.all([
      connection.execute<LedgerRow[]>(
        `select ${ledgerColumns} from petition_case c ${ledgerJoins}
          where ${condition}
          order by c.received_at desc, c.case_number desc
          limit ? offset ?`,
        [...where.values, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
      connection.execute<[{ total: number }]>(
        `select count(*)::int as total from petition_case c where ${condition}`,
        where.values,
      ),
    ]);
    return { items: rows.map(toLedgerCase), total };
  }

  /** The path the ledger covers: the jurisdiction, or the chosen unit's subtree inside it. */
  private async scopePath(jurisdictionPath: string, unitCode: string | undefined): Promise<string | null> {
    assertUnitPath(jurisdictionPath);
    if (!unitCode) return jurisdictionPath;
    const unit = await this.unitByCode(unitCode);
    return unit?.path.startsWith(jurisdictionPath) ? unit.path : null;
  }

  async countByStatus(
    jurisdictionPath: string,
    viewerDepartmentId: number | null = null,
  ): Promise<{ status: CaseStatus; count: number }[]> {
    const unitId = viewerUnitId(jurisdictionPath);
    // `is distinct from null` would mean `is not null`: the department clause only when there is one.
    const department = viewerDepartmentId === null ? '' : 'and accused_department_id is distinct from ?';
    return this.em.getConnection().execute<{ status: CaseStatus; count: number }[]>(
      `select status, count(*)::int as count from petition_case
        where unit_path like ? and accused_unit_id is distinct from ? ${department}
        group by status order by status`,
      [subtree(jurisdictionPath), unitId, ...(viewerDepartmentId === null ? [] : [viewerDepartmentId])],
    );
  }

  /**
   * A handling department's work (承办): cases it is handling, the nearest deadline first.
   * A queue is what to do next, so it stops at `limit`; the ledger's department filter pages through all.
   */
  async departmentQueue(departmentId: number, limit = queueLimit): Promise<LedgerCase[]> {
    const rows = await this.em.getConnection().execute<LedgerRow[]>(
      `select ${ledgerColumns} from petition_case c ${ledgerJoins}
        where c.handling_department_id = ? and c.status = 'in_handling'
          and (c.accused_department_id is null or c.accused_department_id <> ?)
        order by c.next_due_at asc nulls last, c.received_at asc, c.case_number asc
        limit ?`,
      [departmentId, departmentId, limit],
    );
    return rows.map(toLedgerCase);
  }

  /** Breaches sent up to a unit's office (督办) and not yet acted on, newest first, up to `limit`. */
  async escalationQueue(unitId: number, limit = queueLimit): Promise<EscalationQueueItem[]> {
    const rows = await this.em.getConnection().execute<EscalationRow[]>(
      `select e.case_number, e.clock, e.target, e.escalated_at, d.due_at,
              c.status, c.next_due_at, u.code as unit_code, u.name as unit_name
         from escalation e
         join petition_case c on c.case_number = e.case_number
         join unit u on u.id = c.unit_id
         left join case_deadline d on d.case_number = e.case_number and d.clock = e.clock
        where e.to_unit_id = ? and e.resolved_at is null
          and c.accused_unit_id is distinct from e.to_unit_id
        order by e.escalated_at desc, e.id desc
        limit ?`,
      [unitId, limit],
    );
    return rows.map(toEscalationQueueItem);
  }

  async caseWithUnit(caseNumber: string): Promise<PetitionCase | null> {
    return this.em.findOne(PetitionCase, { caseNumber }, { populate: ['unit'] });
  }

  async timeline(caseNumber: string): Promise<CaseEvent[]> {
    return this.em.find(CaseEvent, { caseNumber }, { orderBy: { seq: 'asc' } });
  }

  async receipt(caseNumber: string): Promise<Receipt | null> {
    return this.em.findOne(Receipt, { caseNumber });
  }
}

/** Raw rows come through MikroORM's connection, which leaves timestamps as PostgreSQL's text. */
interface EscalationRow {
  case_number: string;
  clock: ClockName;
  target: EscalationTarget;
  escalated_at: string;
  due_at: string | null;
  status: CaseStatus;
  next_due_at: string | null;
  unit_code: string;
  unit_name: string;
}

const instant = (text: string | null): Date | null => (text === null ? null : new Date(text));

const toEscalationQueueItem = (row: EscalationRow): EscalationQueueItem => ({
  caseNumber: row.case_number,
  unit: { code: row.unit_code, name: row.unit_name },
  status: row.status,
  clock: row.clock,
  target: row.target,
  escalatedAt: new Date(row.escalated_at),
  dueAt: instant(row.due_at),
  nextDueAt: instant(row.next_due_at),
});

/** A row of `ledgerColumns`: timestamps and dates as PostgreSQL's text, as above. */
interface LedgerRow {
  case_number: string;
  category: Category;
  channel: Channel;
  status: CaseStatus;
  kind: PetitionKind;
  anonymous: boolean;
  received_at: string;
  registered_at: string;
  next_due_at: string | null;
  next_due_clock: ClockName | null;
  deadline_provisional: boolean;
  escalated_to_unit_id: number | null;
  backlog_at: string | null;
  flag_many_years: boolean;
  flag_many_levels: boolean;
  flag_many_offices: boolean;
  repeat_count: number;
  next_milestone_date: string | null;
  plan_version: number;
  joined_case_number: string | null;
  urgent: boolean;
  unit_code: string;
  unit_name: string;
  department_id: number | null;
  department_name: string | null;
  owner_id: number | null;
  owner_name: string | null;
}

const toLedgerCase = (row: LedgerRow): LedgerCase => ({
  caseNumber: row.case_number,
  category: row.category,
  channel: row.channel,
  status: row.status,
  kind: row.kind,
  anonymous: row.anonymous,
  receivedAt: new Date(row.received_at),
  registeredAt: new Date(row.registered_at),
  nextDueAt: instant(row.next_due_at),
  nextDueClock: row.next_due_clock,
  deadlineProvisional: row.deadline_provisional,
  escalatedToUnit: row.escalated_to_unit_id === null ? null : { id: row.escalated_to_unit_id },
  backlogAt: instant(row.backlog_at),
  flagManyYears: row.flag_many_years,
  flagManyLevels: row.flag_many_levels,
  flagManyOffices: row.flag_many_offices,
  repeatCount: row.repeat_count,
  nextMilestoneDate: row.next_milestone_date,
  planVersion: row.plan_version,
  joinedCaseNumber: row.joined_case_number,
  urgent: row.urgent,
  unit: { code: row.unit_code, name: row.unit_name },
  handlingDepartment:
    row.department_id === null ? null : { id: row.department_id, name: row.department_name! },
  ownerLeader: row.owner_id === null ? null : { id: row.owner_id, name: row.owner_name! },
});
