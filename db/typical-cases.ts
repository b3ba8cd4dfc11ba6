import type { EntityManager } from '@mikro-orm/postgresql';
import type { Category } from '../domain/petition';
import { recordAdminChange } from './administration/admin-log';
import { bindNamed } from './close-out-figures';
import { subtree } from './ledger';

/**
 * 典型案例: an office's anonymised summary of a concluded case. It is written as a draft,
 * submitted for review, and published by a different person (the office head); a published
 * one may be withdrawn. Every step is a line of the administration log (系统管理日志), with
 * the text before and after, so what the public was shown can always be told.
 */
export const typicalCaseStatuses = ['draft', 'submitted', 'published', 'withdrawn'] as const;
export type TypicalCaseStatus = (typeof typicalCaseStatuses)[number];

/** Each step and the status it starts from; the status it leads to. */
export const typicalCaseSteps = {
  edit: { from: ['draft'], to: 'draft' },
  submit: { from: ['draft'], to: 'submitted' },
  return: { from: ['submitted'], to: 'draft' },
  publish: { from: ['submitted'], to: 'published' },
  withdraw: { from: ['submitted', 'published'], to: 'withdrawn' },
} as const satisfies Record<string, { from: readonly TypicalCaseStatus[]; to: TypicalCaseStatus }>;
export type TypicalCaseStep = keyof typeof typicalCaseSteps;

interface Person {
  id: number;
  name: string;
}

export interface TypicalCase {
  id: number;
  unit: { id: number; name: string; path: string };
  /** The source case: internal, never on a public page. */
  caseNumber: string;
  title: string;
  summary: string;
  category: Category;
  /** `YYYY-MM`, the office month the case concluded in. */
  concludedMonth: string;
  status: TypicalCaseStatus;
  writtenBy: Person;
  writtenAt: string;
  /** Everyone who wrote or changed its text, as the administration log has them: none of them may publish it. */
  authorIds: number[];
  submittedAt: string | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  publishedAt: string | null;
  withdrawnBy: Person | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

/** What the public page shows of a published one: no case number, no names of staff. */
export interface PublishedTypicalCase {
  id: number;
  unitName: string;
  title: string;
  summary: string;
  category: Category;
  concludedMonth: string;
  publishedAt: string;
}

interface Row {
  id: number;
  unit_id: number;
  unit_name: string;
  unit_path: string;
  case_number: string;
  title: string;
  summary: string;
  category: Category;
  concluded_month: string;
  status: TypicalCaseStatus;
  written_by: number;
  writer_name: string;
  written_at: Date | string;
  author_ids: number[];
  submitted_at: Date | string | null;
  reviewed_by: number | null;
  reviewer_name: string | null;
  reviewed_at: Date | string | null;
  review_note: string | null;
  published_at: Date | string | null;
  withdrawn_by: number | null;
  withdrawer_name: string | null;
  withdrawn_at: Date | string | null;
  withdrawal_reason: string | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();
const person = (id: number | null, name: string | null): Person | null =>
  id === null ? null : { id, name: name ?? '' };

const toTypicalCase = (r: Row): TypicalCase => ({
  id: r.id,
  unit: { id: r.unit_id, name: r.unit_name, path: r.unit_path },
  caseNumber: r.case_number,
  title: r.title,
  summary: r.summary,
  category: r.category,
  concludedMonth: r.concluded_month,
  status: r.status,
  writtenBy: { id: r.written_by, name: r.writer_name },
  writtenAt: iso(r.written_at)!,
  authorIds: r.author_ids,
  submittedAt: iso(r.submitted_at),
  reviewedBy: person(r.reviewed_by, r.reviewer_name),
  reviewedAt: iso(r.reviewed_at),
  reviewNote: r.review_note,
  publishedAt: iso(r.published_at),
  withdrawnBy: person(r.withdrawn_by, r.withdrawer_name),
  withdrawnAt: iso(r.withdrawn_at),
  withdrawalReason: r.withdrawal_reason,
});

const selectTypicalCases = `
  select t.*, u.name as unit_name, u.path as unit_path,
         w.name as writer_name, r.name as reviewer_name, x.name as withdrawer_name,
         array(select distinct a.actor_id from admin_change a
                where a.entity = 'typical_case' and a.entity_id = t.id::text and a.actor_id is not null
                  and a.action in ('typical_case.write', 'typical_case.edit')) as author_ids
    from typical_case t
    join unit u on u.id = t.unit_id
    join staff_member w on w.id = t.written_by
    left join staff_member r on r.id = t.reviewed_by
    left join staff_member x on x.id = t.withdrawn_by`;

/** The typical cases of an office's subtree, newest first; `status` narrows them. */
export async function typicalCasesWithin(
  em: EntityManager,
  unitPath: string,
  status?: TypicalCaseStatus,
): Promise<TypicalCase[]> {
  const rows = await em.execute<Row[]>(
    `${selectTypicalCases} where u.path like ? ${status ? 'and t.status = ?' : ''} order by t.updated_at desc, t.id desc`,
    status ? [subtree(unitPath), status] : [subtree(unitPath)],
  );
  return rows.map(toTypicalCase);
}

/** One typical case of the subtree, or null (one outside it is as good as none). */
export async function typicalCaseWithin(em: EntityManager, id: number, unitPath: string) {
  const [row] = await em.execute<Row[]>(`${selectTypicalCases} where t.id = ? and u.path like ?`, [
    id,
    subtree(unitPath),
  ]);
  return row ? toTypicalCase(row) : null;
}

/** Who does a step, as the administration log names them. */
export interface TypicalCaseActor {
  staffId: number;
  name: string;
  unit: { id: number; name: string; path: string };
}

const logged = (t: TypicalCase | null) =>
  t && {
    status: t.status,
    title: t.title,
    summary: t.summary,
    category: t.category,
    concludedMonth: t.concludedMonth,
  };

export interface TypicalCaseDraft {
  caseNumber: string;
  title: string;
  summary: string;
  category: Category;
  concludedMonth: string;
}

/** Writes a new draft under the writer's office, with its line in the administration log. */
export async function writeTypicalCaseDraft(
  em: EntityManager,
  actor: TypicalCaseActor,
  draft: TypicalCaseDraft,
): Promise<TypicalCase> {
  const id = await em.transactional(async (tx) => {
    const [row] = await tx.execute<{ id: number }[]>(
      `insert into typical_case
         (unit_id, case_number, title, summary, category, concluded_month, status, written_by, written_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 'draft', ?, now(), now()) returning id`,
      [
        actor.unit.id,
        draft.caseNumber,
        draft.title,
        draft.summary,
        draft.category,
        draft.concludedMonth,
        actor.staffId,
      ],
    );
    const written = (await typicalCaseWithin(tx, row!.id, actor.unit.path))!;
    recordAdminChange(tx, {
      actor: { staffId: actor.staffId, name: actor.name },
      action: 'typical_case.write',
      entity: 'typical_case',
      entityId: written.id,
      unit: actor.unit,
      after: logged(written),
    });
    return written.id;
  });
  return (await typicalCaseWithin(em, id, actor.unit.path))!;
}

/** What a step changes besides the status. */
export interface TypicalCaseChange {
  text?: Pick<TypicalCaseDraft, 'title' | 'summary' | 'category'>;
  note?: string | undefined;
}

const stepColumns: Record<TypicalCaseStep, string> = {
  edit: '',
  submit: ', submitted_at = now()',
  return: ', reviewed_by = :staff, reviewed_at = now(), review_note = :note',
  publish: ', reviewed_by = :staff, reviewed_at = now(), review_note = :note, published_at = now()',
  withdraw: ', withdrawn_by = :staff, withdrawn_at = now(), withdrawal_reason = :note',
};

/**
 * Takes one step on a typical case if it still stands where the step starts, with the text
 * `current` has (the row is locked, so two reviewers cannot both publish, and nobody
 * publishes a text changed after they read it); null when it has moved on meanwhile.
 */
export async function takeTypicalCaseStep(
  em: EntityManager,
  actor: TypicalCaseActor,
  current: TypicalCase,
  step: TypicalCaseStep,
  change: TypicalCaseChange = {},
): Promise<TypicalCase | null> {
  const { from, to } = typicalCaseSteps[step];
  const done = await em.transactional(async (tx) => {
    const [locked] = await tx.execute<{ status: TypicalCaseStatus; title: string; summary: string }[]>(
      `select status, title, summary from typical_case where id = ? for update`,
      [current.id],
    );
    // The text checked or read before the step is the text the step applies to.
    const unchanged = locked?.title === current.title && locked.summary === current.summary;
    if (!locked || !unchanged || !(from as readonly string[]).includes(locked.status)) return false;
    const values = {
      id: current.id,
      status: to,
      staff: actor.staffId,
      note: change.note ?? null,
      title: change.text?.title ?? current.title,
      summary: change.text?.summary ?? current.summary,
      category: change.text?.category ?? current.category,
    };
    const named = `update typical_case set status = :status, title = :title, summary = :summary,
        category = :category, updated_at = now()${stepColumns[step]} where id = :id`;
    await tx.execute(...bindNamed(named, values));
    recordAdminChange(tx, {
      actor: { staffId: actor.staffId, name: actor.name },
      action: `typical_case.${step}`,
      entity: 'typical_case',
      entityId: current.id,
      unit: current.unit,
      before: logged(current),
      after: {
        ...logged({ ...current, ...change.text, status: to }),
        ...(change.note ? { note: change.note } : {}),
      },
    });
    return true;
  });
  return done ? typicalCaseWithin(em, current.id, current.unit.path) : null;
}

/**
 * The published typical cases of the matters in a county's subtree (where the source case
 * is, whichever office above wrote it up), newest first, one page of them.
 */
export async function publishedTypicalCases(
  em: EntityManager,
  countyPath: string,
  page: { offset: number; limit: number },
): Promise<{ total: number; items: PublishedTypicalCase[] }> {
  const [counted, rows] = await Promise.all([
    em.execute<{ n: number }[]>(
      `select count(*)::int as n from typical_case t join petition_case p on p.case_number = t.case_number
        where t.status = 'published' and p.unit_path like ?`,
      [subtree(countyPath)],
    ),
    em.execute<
      {
        id: number;
        unit_name: string;
        title: string;
        summary: string;
        category: Category;
        concluded_month: string;
        published_at: Date | string;
      }[]
    >(
      `select t.id, u.name as unit_name, t.title, t.summary, t.category, t.concluded_month, t.published_at
         from typical_case t join unit u on u.id = t.unit_id join petition_case p on p.case_number = t.case_number
        where t.status = 'published' and p.unit_path like ?
        order by t.published_at desc, t.id desc limit ? offset ?`,
      [subtree(countyPath), page.limit, page.offset],
    ),
  ]);
  return {
    total: counted[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      unitName: r.unit_name,
      title: r.title,
      summary: r.summary,
      category: r.category,
      concludedMonth: r.concluded_month,
      publishedAt: iso(r.published_at)!,
    })),
  };
}
