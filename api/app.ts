import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { publicAssetsDir } from '../config/paths';
import { LedgerRepository } from '../db/ledger';
import { abuseLimits, limitAbuse, SignInGuard, type AbuseLimits } from './abuse';
import { requireCsrfToken } from './auth/csrf';
import { defaultSessionTimes, sessionMiddleware, type SessionTimes } from './auth/session';
import { auditorsReadTheLogOnly, readsTheLog, requireRole, requireStaff, signedInPaths } from './auth/staff';
import type { StaffRole } from '../domain/actor';
import { defaultSecondFactorRoles } from '../config/env';
import { startRecount } from './calendar-recount';
import { ApiError, apiErrorHandler } from './errors';
import { checkHealth } from './health';
import { i18nMiddleware } from './i18n';
import { textSizeMiddleware } from './text-size';
import { buildOpenApiDocument } from './openapi';
import { adminCalendarRoutes } from './routes/admin-calendar';
import { backlogImportRoutes } from './routes/backlog-import';
import { caseRoutes } from './routes/cases';
import { ledgerRoutes } from './routes/ledger';
import { petitionRoutes } from './routes/petitions';
import { publicPageRoutes } from './routes/public-pages';
import { qrCodeRoutes } from './routes/qr-codes';
import { statusPageRoutes } from './routes/status-pages';
import { publicStatisticsRoutes } from './routes/public-statistics';
import { typicalCaseRoutes } from './routes/typical-cases';
import { lostCodeRoutes } from './lost-code/routes';
import { queueRoutes } from './routes/queues';
import { sessionRoutes } from './routes/session';
import { secondFactorRoutes } from './routes/second-factor';
import { attachmentRoutes } from './routes/attachments';
import { closeOutRoutes } from './routes/close-out';
import { leaderWorkspaceRoutes } from './routes/leader-workspace';
import { reportRoutes } from './routes/reports';
import { statisticsRoutes } from './routes/statistics';
import { statisticsExportRoutes } from './routes/statistics-export';
import { likelyRepeatRoutes } from './routes/likely-repeats';
import { autoTriageRoutes } from './auto-triage/routes';
import { staffCaseRoutes } from './routes/staff-cases';
import { identityRoutes } from './routes/identity';
import { caseMailRoutes } from './routes/case-mails';
import { disciplineRoutes } from './discipline/routes';
import { staffIntakeRoutes } from './routes/staff-intake';
import { uiCodecPath } from '../temporal/payload-codec';
import { temporalCodecRoutes } from './routes/temporal-codec';
import { writtenNoticeRoutes } from './written-notices/routes';
import { writtenNoticeStatusRoutes } from './written-notices/status-page';
import { writtenNoticeTemplateRoutes } from './written-notices/templates';
import { createApiMetrics } from './metrics/registry';
import { metricsRoutes } from './metrics/routes';
import { administrationRoutes } from './administration/routes';
import { linkRoutes } from './administration/link-routes';
import { policyVersionRoutes } from './administration/policy-versions';
import { campaignRoutes } from './administration/campaigns';
import { powerListRoutes } from './administration/power-list';
import { orgChartImportRoutes } from './administration/org-chart-import-routes';
import { auditRequests } from './audit/requests';
import { auditRoutes } from './audit/routes';

export interface AppDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  mail: Transporter;
  accessCodeSecret: string;
  /** The first signs session cookies; all are accepted, so a new one can be put first (rotation). */
  sessionSecrets: string[];
  /** Intake takes minute-counted drill policies (QINGLING_DRILL_POLICY): drills and benches only. */
  drillPolicy?: boolean;
  publicUrl: string;
  log: Logger;
  /** Built staff console (vite build output); the console is optional in tests. */
  consoleDir?: string;
  /** Proxies believed about the client's address (`TRUST_PROXY`). */
  trustProxy?: string;
  /** Abuse limits (per-address rates, the per-case guessing guard); defaults when absent. */
  limits?: Partial<AbuseLimits>;
  /** Roles that must sign in with a second factor (SECOND_FACTOR_ROLES); `defaultSecondFactorRoles` when absent. */
  secondFactorRoles?: readonly StaffRole[];
  /** Staff session limits (idle, absolute); defaults when absent. */
  sessionTimes?: Partial<SessionTimes>;
  /** The Temporal UI's address (`TEMPORAL_UI_URL`), allowed to call the codec endpoint. */
  temporalUiUrl?: string;
  /** Bearer token for GET /metrics (`METRICS_TOKEN`); without one, metrics are for this machine only. */
  metricsToken?: string | undefined;
  /** Sender of the e-mails the API itself sends (invitations); `MAIL_FROM`'s default when absent. */
  mailFrom?: string;
  /** The public statistics page's minimum cell size (`PUBLIC_STATISTICS_MINIMUM_CELL`); 5 when absent. */
  publicStatisticsMinimumCell?: number;
}

const defaultMailFrom = '清零信访 <noreply@qingling.local>';

/** Request bodies are small: text only. Attachments get their own upload route. */
export const bodyLimit = '100kb';

/**
 * Request logs: one line per answer, not for the health probe. Secrets and identity
 * are redacted by the logger (config/logger.ts).
 */
export const requestLogging = (log: Logger) =>
  pinoHttp({ logger: log, autoLogging: { ignore: (req) => req.url === '/healthz' } });

/** Staff answers hold case and personal data: no browser or proxy may keep a copy. */
const noStore: express.RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** The API app, and what must be closed with it (the session store's connections). */
export function createApp(deps: AppDeps): Express & { closeSessions(): Promise<void> } {
  const app = express() as Express & { closeSessions(): Promise<void> };
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  const metrics = createApiMetrics(() => deps.orm.em.fork());
  app.use(metrics.timeRequests);
  app.use(requestLogging(deps.log));
  // Public pages carry no script at all; the console loads only its own bundle.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use(i18nMiddleware);
  app.use(textSizeMiddleware);
  app.use(express.json({ limit: bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: bodyLimit }));
  const secureCookies = deps.publicUrl.startsWith('https:');
  const sessions = sessionMiddleware({
    databaseUrl: deps.orm.config.get('clientUrl') as string,
    secret: deps.sessionSecrets,
    secureCookies,
    times: { ...defaultSessionTimes, ...deps.sessionTimes },
  });
  app.closeSessions = sessions.close;
  // Only staff routes carry a session; the complainant's pages never set a cookie for it.
  // Staff answers are never cached; state-changing staff requests carry the CSRF token. The audit
  // trail sees each request with its session, a refused CSRF token included.
  const audit = auditRequests(() => deps.orm.em.fork());
  app.use(['/api/v1/session', ...signedInPaths], noStore, sessions.middleware, audit, requireCsrfToken);
  app.use(uiCodecPath, audit);

  const ledger = () => new LedgerRepository(deps.orm.em.fork());
  const intake = {
    em: deps.orm.em,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    accessCodeSecret: deps.accessCodeSecret,
    drillPolicy: deps.drillPolicy === true,
    intakeTotal: metrics.intakeTotal,
  };
  const openApiDocument = buildOpenApiDocument(deps.publicUrl);

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth({ em: deps.orm.em, temporal: deps.temporal, mail: deps.mail });
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });
  app.use(metricsRoutes({ registry: metrics.registry, token: deps.metricsToken }));
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  const guard = limitAbuse(app, () => deps.orm.em.fork(), deps.limits);
  app.use(petitionRoutes({ ...intake, publicUrl: deps.publicUrl }));
  const em = () => deps.orm.em.fork();
  app.use(caseRoutes({ em, temporal: deps.temporal, guard }));
  const signIns = new SignInGuard(em, abuseLimits(deps.limits));
  const secondFactorRoles = deps.secondFactorRoles ?? defaultSecondFactorRoles;
  app.use(sessionRoutes({ em, signIns, secureCookies, secondFactorRoles }));
  app.use(secondFactorRoutes({ em, signIns }));
  app.use(linkRoutes({ em, secondFactorRoles }));
  app.use(
    uiCodecPath,
    temporalCodecRoutes({
      em,
      codecs: deps.temporal.options.loadedDataConverter.payloadCodecs,
      sessions: sessions.middleware,
      temporalUiUrl: deps.temporalUiUrl,
      publicUrl: deps.publicUrl,
    }),
  );
  app.use(signedInPaths, requireStaff(em), auditorsReadTheLogOnly);
  app.use('/api/v1/admin', (req, res, next) =>
    (readsTheLog(req) ? requireRole('admin', 'auditor') : requireRole('admin'))(req, res, next),
  );
  app.use('/api/v1/staff/petitions', requireRole('clerk', 'office_head'));
  app.use('/api/v1/staff/backlog', requireRole('clerk', 'office_head'));
  app.use(ledgerRoutes(ledger, (req) => req.staff!.unitPath));
  app.use(queueRoutes(ledger));
  app.use('/api/v1/staff/leader', requireRole('leader'));
  app.use(staffCaseRoutes({ em, temporal: deps.temporal }));
  app.use(identityRoutes({ em }));
  app.use(caseMailRoutes({ em }));
  app.use(likelyRepeatRoutes({ em }));
  app.use(autoTriageRoutes({ em }));
  app.use(closeOutRoutes({ em, temporal: deps.temporal, taskQueue: deps.taskQueue }));
  app.use(attachmentRoutes({ em }));
  app.use(leaderWorkspaceRoutes({ em }));
  app.use(reportRoutes({ em }));
  app.use(statisticsRoutes({ em }));
  app.use(typicalCaseRoutes({ em }));
  app.use(statisticsExportRoutes({ em }));
  app.use(staffIntakeRoutes(intake));
  app.use(writtenNoticeRoutes({ em, temporal: deps.temporal }), writtenNoticeTemplateRoutes({ em }));
  app.use(disciplineRoutes({ em }));
  app.use(backlogImportRoutes(intake));
  app.use(
    administrationRoutes({
      em,
      temporal: deps.temporal,
      mail: {
        orm: deps.orm,
        mail: deps.mail,
        mailFrom: deps.mailFrom ?? defaultMailFrom,
        publicUrl: deps.publicUrl,
      },
    }),
  );
  app.use(
    adminCalendarRoutes({
      orm: deps.orm,
      startRecompute: (year) =>
        startRecount({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue }, year),
    }),
  );
  app.use(auditRoutes({ em }));
  app.use(policyVersionRoutes({ em }));
  app.use(campaignRoutes({ em }));
  app.use(powerListRoutes({ em }));
  app.use(
    orgChartImportRoutes({
      em: deps.orm.em,
      mail: {
        orm: deps.orm,
        mail: deps.mail,
        mailFrom: deps.mailFrom ?? defaultMailFrom,
        publicUrl: deps.publicUrl,
      },
      log: deps.log,
    }),
  );
  app.use(publicPageRoutes({ ...intake, ledger }));
  app.use(qrCodeRoutes({ ledger, publicUrl: deps.publicUrl }));
  app.use(statusPageRoutes({ em, temporal: deps.temporal, guard }));
  app.use(
    lostCodeRoutes({
      em,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      limits: abuseLimits(deps.limits).lostCode,
    }),
  );
  app.use(writtenNoticeStatusRoutes({ em, guard }));
  app.use(publicStatisticsRoutes({ em, minimumCell: deps.publicStatisticsMinimumCell }));
  app.use('/assets', express.static(publicAssetsDir, { maxAge: '1h' }));
  app.get('/favicon.ico', (_req, res) =>
    res.type('image/svg+xml').sendFile(path.join(publicAssetsDir, 'favicon.svg')),
  );
  if (deps.consoleDir && fs.existsSync(path.join(deps.consoleDir, 'index.html'))) {
    const consoleDir = deps.consoleDir;
    app.use('/console', express.static(consoleDir, { index: 'index.html' }));
    // Client-side routes of the console all load the same page.
    app.get('/console/*rest', (_req, res) => res.sendFile(path.join(consoleDir, 'index.html')));
  }
  app.use('/api', (_req, _res, next) => next(new ApiError(404, 'not_found', 'errors.notFound')));
  app.use(apiErrorHandler(deps.log));
  return app;
}
