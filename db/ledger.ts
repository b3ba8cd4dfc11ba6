import type { EntityManager, FilterQuery, Loaded } from '@mikro-orm/postgresql';
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

/** A ledger row: the case with its unit, handling department and owning leader, as the list shows them. */
export type LedgerCase = Loaded<
  PetitionCase,
  'unit' | 'handlingDepartment' | 'ownerLeader',
  (typeof ledgerFields)[number]
>;

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
function subtree(path: string): string {
  assertUnitPath(path);
  return `${path}%`;
}

const flagColumn = {
  manyYears: 'flagManyYears',
  manyLevels: 'flagManyLevels',
  manyOffices: 'flagManyOffices',
} as const satisfies Record<BacklogFlagName, keyof PetitionCase>;

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/**
 * 信访工作条例 Art. 30: a case never shows to the unit or department it complains about.
 * The viewer's unit is the root of their jurisdiction, the last id on its path.
 */
export function notAccused(
  jurisdictionPath: string,
  departmentId?: number | null,
): FilterQuery<PetitionCase>[] {
  const unitId = Number(jurisdictionPath.split('/').filter(Boolean).at(-1));
  const all: FilterQuery<PetitionCase>[] = [
    { $or: [{ accusedUnitId: null }, { accusedUnitId: { $ne: unitId } }] },
  ];
  if (departmentId != null) {
    all.push({ $or: [{ accusedDepartmentId: null }, { accusedDepartmentId: { $ne: departmentId } }] });
  }
  return all;
}

/** Every condition of a filter except the unit subtree, as MikroORM criteria. */
function criteria(filter: LedgerFilter): FilterQuery<PetitionCase>[] {
  const now = filter.now ?? new Date();
  const all: FilterQuery<PetitionCase>[] = [];
  if (filter.status) all.push({ status: filter.status });
  if (filter.category) all.push({ category: filter.category });
  if (filter.channel) all.push({ channel: filter.channel });
  if (filter.kind) all.push({ kind: filter.kind });
  if (filter.handlingDepartmentId !== undefined)
    all.push({ handlingDepartment: filter.handlingDepartmentId });
  if (filter.caseNumber) all.push({ caseNumber: { $like: `%${escapeLike(filter.caseNumber)}%` } });
  if (filter.overdue === true) all.push({ nextDueAt: { $lt: now } });
  if (filter.overdue === false) all.push({ $or: [{ nextDueAt: null }, { nextDueAt: { $gte: now } }] });
  if (filter.dueWithinDays !== undefined) {
    const until = new Date(now.getTime() + filter.dueWithinDays * dayMs);
    all.push({ nextDueAt: { $gte: now, $lte: until } });
  }
  if (filter.escalated === true) all.push({ escalatedToUnit: { $ne: null } });
  if (filter.escalated === false) all.push({ escalatedToUnit: null });
  if (filter.backlog === true) all.push({ backlogAt: { $ne: null } });
  if (filter.backlog === false) all.push({ backlogAt: null });
  for (const flag of filter.flags ?? []) all.push({ [flagColumn[flag]]: true });
  if (filter.ownerLeaderId !== undefined) all.push({ ownerLeader: filter.ownerLeaderId });
  if (filter.unowned === true) all.push({ backlogAt: { $ne: null }, ownerLeader: null });
  return all;
}

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
    const where: FilterQuery<PetitionCase> = {
      $and: [
        { unitPath: { $like: subtree(path) } },
        ...notAccused(filter.jurisdictionPath, filter.viewerDepartmentId),
        ...criteria(filter),
      ],
    };
    // Not findAndCount: its count would carry the populate joins and read every matching case twice.
    const [items, total] = await Promise.all([
      this.em.find(PetitionCase, where, {
        populate: ['unit', 'handlingDepartment', 'ownerLeader'],
        fields: ledgerFields,
        orderBy: { receivedAt: 'desc', caseNumber: 'desc' },
        limit: filter.pageSize,
        offset: (filter.page - 1) * filter.pageSize,
      }),
      this.em.count(PetitionCase, where),
    ]);
    return { items, total };
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
    const unitId = Number(jurisdictionPath.split('/').filter(Boolean).at(-1));
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
    return this.em.find(
      PetitionCase,
      {
        handlingDepartment: departmentId,
        status: 'in_handling',
        $or: [{ accusedDepartmentId: null }, { accusedDepartmentId: { $ne: departmentId } }],
      },
      {
        populate: ['unit', 'handlingDepartment', 'ownerLeader'],
        fields: ledgerFields,
        orderBy: { nextDueAt: 'asc nulls last', receivedAt: 'asc', caseNumber: 'asc' },
        limit,
      },
    );
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
