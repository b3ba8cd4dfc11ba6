import { parseKeyring } from '../config/encryption-keys';
import { loadEnv, requireServices, requireSessionSecrets, secondFactorRolesOf } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createLogger } from '../config/logger';
import { createMailTransport } from '../config/mail-transport';
import { consoleBuildDir } from '../config/paths';
import { openDatabase } from '../db/orm';
import { seedDemoData } from '../db/seed/demo-data';
import { seedHolidayCalendar } from '../db/seed/holiday-calendar';
import { connectTemporalClient } from '../temporal/client';
import { createApp } from './app';
import { startRecount } from './calendar-recount';

/** The API process: `npm run api` in development, `node dist/api/main.js` in production. */
async function main(): Promise<void> {
  const env = loadEnv();
  const services = requireServices(env);
  const sessionSecrets = requireSessionSecrets(env);
  const log = createLogger(env, 'api');
  const keyring = parseKeyring(services.ENCRYPTION_KEYS);
  // In production migrations are a deployment step (`npm run migrate`); elsewhere they run here.
  const orm = await openDatabase(services.DATABASE_URL, {
    keyring,
    migrations: env.NODE_ENV === 'production' ? 'require' : 'apply',
  });
  // Reference data every office needs: the published holiday calendars.
  const newlyLoadedYears = await seedHolidayCalendar(orm.em.fork());
  if (env.SEED_DEMO === 'true') await seedDemoData(orm.em.fork());
  const temporalConnection = temporalConnectionOptions(services.TEMPORAL_ADDRESS, env);
  const temporal = await connectTemporalClient(temporalConnection, env.TEMPORAL_NAMESPACE, keyring);
  // A newer calendar package brought a year: cases counted provisionally over it count again.
  for (const year of newlyLoadedYears) {
    await startRecount({ orm, temporal, taskQueue: env.TEMPORAL_TASK_QUEUE }, year);
  }
  const app = createApp({
    orm,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    mail: createMailTransport(services.SMTP_URL),
    accessCodeSecret: services.ACCESS_CODE_SECRET,
    sessionSecrets,
    secondFactorRoles: secondFactorRolesOf(env.SECOND_FACTOR_ROLES),
    drillPolicy: env.QINGLING_DRILL_POLICY === 'true',
    publicUrl: env.PUBLIC_URL,
    log,
    consoleDir: consoleBuildDir,
    trustProxy: env.TRUST_PROXY,
    temporalUiUrl: env.TEMPORAL_UI_URL,
    metricsToken: env.METRICS_TOKEN,
    publicStatisticsMinimumCell: env.PUBLIC_STATISTICS_MINIMUM_CELL,
    mailFrom: env.MAIL_FROM,
  });
  const server = app.listen(env.PORT, env.HOST, () =>
    log.info({ host: env.HOST, port: env.PORT }, 'api listening'),
  );
  const shutdown = () => {
    server.close(() => {
      void Promise.all([orm.close(), temporal.connection.close()]).then(() => process.exit(0));
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
