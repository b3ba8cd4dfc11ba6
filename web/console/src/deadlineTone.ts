/** How urgent a deadline is: past due, due within `nearDueDays`, or neither. */
export type DueTone = 'overdue' | 'nearDue' | null;

export const nearDueDays = 3;
const dayMs = 24 * 60 * 60 * 1000;

export function dueTone(dueAt: string | null, overdue = false, now = Date.now()): DueTone {
  if (overdue) return 'overdue';
  if (dueAt === null) return null;
  const left = Date.parse(dueAt) - now;
  if (left <= 0) return 'overdue';
  return left <= nearDueDays * dayMs ? 'nearDue' : null;
}

/** Row classes from deadlines.css. */
export const dueRowClass = (tone: DueTone): string =>
  tone === 'overdue' ? 'ql-row-overdue' : tone === 'nearDue' ? 'ql-row-near-due' : '';
