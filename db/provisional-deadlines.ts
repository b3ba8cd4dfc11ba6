import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Open cases with a deadline counted without a holiday calendar (weekdays only):
 * the ones to recount when a year's calendar is loaded.
 */
export async function casesWithProvisionalDeadlines(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ case_number: string }[]>(
    `select distinct case_number from case_deadline
      where provisional and state in ('running', 'breached', 'escalated') order by case_number`,
  );
  return rows.map((r) => r.case_number);
}
