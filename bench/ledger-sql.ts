import type { Pool } from 'pg';
import type { LedgerFilter } from '../db/ledger';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The ledger page and count written by hand, as the yardstick the repository is
 * measured against: the same conditions, columns and order, straight through `pg`.
 */
export function rawLedgerQueries(
  filter: LedgerFilter,
  scopePath: string,
): { page: SqlQuery; count: SqlQuery } {
  const now = filter.now ?? new Date();
  const values: unknown[] = [`${scopePath}%`];
  const where = ['c.unit_path like $1'];
  const add = (condition: (param: string) => string, value: unknown) => {
    values.push(value);
    where.push(condition(`$${values.length}`));
  };
  // Art. 30, as the repository must: never the viewer's own unit or department when accused.
  const viewerUnitId = Number(filter.jurisdictionPath.split('/').filter(Boolean).at(-1));
  add((p) => `(c.accused_unit_id is null or c.accused_unit_id <> ${p})`, viewerUnitId);
  if (filter.viewerDepartmentId != null) {
    add(
      (p) => `(c.accused_department_id is null or c.accused_department_id <> ${p})`,
      filter.viewerDepartmentId,
    );
  }
  if (filter.status) add((p) => `c.status = ${p}`, filter.status);
  if (filter.category) add((p) => `c.category = ${p}`, filter.category);
  if (filter.channel) add((p) => `c.channel = ${p}`, filter.channel);
  if (filter.handlingDepartmentId) add((p) => `c.handling_department_id = ${p}`, filter.handlingDepartmentId);
  if (filter.caseNumber) add((p) => `c.case_number like ${p}`, `%${filter.caseNumber}%`);
  if (filter.overdue === true) add((p) => `c.next_due_at < ${p}`, now);
  if (filter.overdue === false) add((p) => `(c.next_due_at is null or c.next_due_at >= ${p})`, now);
  if (filter.dueWithinDays !== undefined) {
    add((p) => `c.next_due_at >= ${p}`, now);
    add((p) => `c.next_due_at <= ${p}`, new Date(now.getTime() + filter.dueWithinDays! * dayMs));
  }
  if (filter.escalated === true) where.push('c.escalated_to_unit_id is not null');
  if (filter.escalated === false) where.push('c.escalated_to_unit_id is null');
  const condition = where.join(' and ');
  const offset = (filter.page - 1) * filter.pageSize;
  return {
    page: {
      text: `select c.case_number, c.unit_id, c.channel, c.category, c.place, c.anonymous, c.unit_path, c.status,
                    c.next_due_at, c.next_due_clock, c.deadline_provisional, c.escalated_to_unit_id,
                    c.received_at, c.registered_at, u.code, u.name, d.id as department_id, d.name as department_name
               from petition_case c
               join unit u on u.id = c.unit_id
               left join department d on d.id = c.handling_department_id
              where ${condition}
              order by c.received_at desc, c.case_number desc
              limit ${filter.pageSize} offset ${offset}`,
      values,
    },
    count: { text: `select count(*)::int as total from petition_case c where ${condition}`, values },
  };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** EXPLAIN ANALYZE in one line: the top node, the indexes used, any full scan of the ledger, and the time. */
export async function explainSummary(pool: Pool, query: SqlQuery): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
    `explain (analyze, format json) ${query.text}`,
    query.values,
  );
  const [{ Plan: plan, 'Execution Time': executionMs }] = rows[0]!['QUERY PLAN'];
  const nodes = nodesOf(plan);
  const indexes = [...new Set(nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name']] : [])))];
  const fullScans = nodes.filter(
    (n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'petition_case',
  );
  const path = nodes
    .slice(0, 4)
    .map((n) => n['Node Type'])
    .join(' › ');
  return [
    `top: ${path}`,
    `index used: ${indexes.length ? indexes.join(', ') : 'none'}`,
    fullScans.length ? 'seq scan of petition_case' : 'no seq scan of petition_case',
    `${executionMs.toFixed(1)} ms`,
  ].join('; ');
}
