import type { EntityManager } from '@mikro-orm/postgresql';

const provisionalOpen = `provisional and state in ('running', 'breached', 'escalated')`;

/**
 * Open cases with a deadline counted without a holiday calendar (weekdays only):
 * the ones to recount when a year's calendar is loaded.
 */
export async function casesWithProvisionalDeadlines(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ case_number: string }[]>(
    `select distinct case_number from case_deadline where ${provisionalOpen} order by case_number`,
  );
  return rows.map((r) => r.case_number);
}

/** One page of those cases, in case-number order after `after`, so a recount can go through them in batches. */
export async function casesWithProvisionalDeadlinesAfter(
  em: EntityManager,
  page: { after: string | null; limit: number },
): Promise<string[]> {
  const rows = await em.execute<{ case_number: string }[]>(
    `select distinct case_number from case_deadline
      where ${provisionalOpen} and case_number > ? order by case_number limit ?`,
    [page.after ?? '', page.limit],
  );
  return rows.map((r) => r.case_number);
}

/** How many open cases have provisional deadlines: the figure the administrator is shown. */
export async function countCasesWithProvisionalDeadlines(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ count: string }[]>(
    `select count(distinct case_number) as count from case_deadline where ${provisionalOpen}`,
  );
  return Number(row?.count ?? 0);
}
