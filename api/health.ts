import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';

type Check = 'ok' | 'failing';

const withTimeout = async (probe: () => Promise<unknown>, ms: number): Promise<Check> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
};

/** Probes each service the API depends on, in parallel, each with its own time limit. */
export async function checkHealth(deps: { em: EntityManager; temporal: Client; mail: Transporter }) {
  const [database, temporal, smtp] = await Promise.all([
    withTimeout(() => deps.em.fork().getConnection().execute('select 1'), 3000),
    withTimeout(() => deps.temporal.workflowService.getSystemInfo({}), 3000),
    withTimeout(() => deps.mail.verify(), 5000),
  ]);
  const status: Check = [database, temporal, smtp].every((c) => c === 'ok') ? 'ok' : 'failing';
  return { status, checks: { database, temporal, smtp } };
}
