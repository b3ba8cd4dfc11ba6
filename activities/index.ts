import type { MikroORM } from '@mikro-orm/postgresql';
import { createLedgerActivities } from './ledger';

/** Every activity the case worker offers, wired to its dependencies. */
export function createActivities(deps: { orm: MikroORM }) {
  return { ...createLedgerActivities(deps.orm) };
}
