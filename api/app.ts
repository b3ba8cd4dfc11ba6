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
import { ApiError, apiErrorHandler } from './errors';
import { checkHealth } from './health';
import { i18nMiddleware } from './i18n';
import { buildOpenApiDocument } from './openapi';
import { caseRoutes } from './routes/cases';
import { ledgerRoutes } from './routes/ledger';
import { petitionRoutes } from './routes/petitions';
import { publicPageRoutes } from './routes/public-pages';

export interface AppDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  mail: Transporter;
  accessCodeSecret: string;
  publicUrl: string;
  log: Logger;
  /** Built staff console (vite build output); the console is optional in tests. */
  consoleDir?: string;
}

/** Request bodies are small: text only. Attachments get their own upload route. */
export const bodyLimit = '100kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: deps.log, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
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
  app.use(express.json({ limit: bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: bodyLimit }));

  const ledger = () => new LedgerRepository(deps.orm.em.fork());
  const intake = {
    em: deps.orm.em,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    accessCodeSecret: deps.accessCodeSecret,
  };
  const openApiDocument = buildOpenApiDocument(deps.publicUrl);

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth({ em: deps.orm.em, temporal: deps.temporal, mail: deps.mail });
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(petitionRoutes({ ...intake, publicUrl: deps.publicUrl }));
  app.use(caseRoutes(ledger));
  app.use(ledgerRoutes(ledger));
  app.use(publicPageRoutes({ ...intake, ledger }));
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
