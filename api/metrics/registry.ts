import type { EntityManager } from '@mikro-orm/postgresql';
import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { openStatuses } from '../../domain/case';

/** A Prometheus registry per API app with its request timer and intake counter. */
export interface ApiMetrics {
  registry: Registry;
  timeRequests: express.RequestHandler;
  intakeTotal: Counter<'channel' | 'created'>;
}

/**
 * The API's Prometheus metrics (docs/SCALING.md says which to watch; deploy/grafana-dashboard.json
 * draws them): request latency by route, intake, the outbox, open cases by status and staff
 * sessions. The database figures are read when Prometheus scrapes.
 */
export function createApiMetrics(em: () => EntityManager): ApiMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'qingling_api_' });
  const query = async <T>(sql: string, params: unknown[] = []) =>
    em().getConnection().execute<T[]>(sql, params);

  const requestDuration = new Histogram({
    name: 'qingling_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // Labelled by the route pattern that answered, not the raw path (case numbers would explode the labels).
  const timeRequests: express.RequestHandler = (req, res, next) => {
    const end = requestDuration.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route = pattern ? `${req.baseUrl}${pattern}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  const intakeTotal = new Counter({
    name: 'qingling_intake_total',
    help: 'Petitions received by this API, by channel and whether a new case was made',
    labelNames: ['channel', 'created'] as const,
    registers,
  });
  new Gauge({
    name: 'qingling_outbox_backlog',
    help: 'Notices recorded but not yet sent, by channel',
    labelNames: ['channel'] as const,
    registers,
    async collect() {
      const [row] = await query<{ count: string }>(
        'select count(*) from mail_delivery where sent_at is null',
      );
      this.set({ channel: 'mail' }, Number(row?.count ?? 0));
    },
  });
  new Gauge({
    name: 'qingling_outbox_failing',
    help: 'Notices not yet sent whose last attempt failed, by channel',
    labelNames: ['channel'] as const,
    registers,
    async collect() {
      const [row] = await query<{ count: string }>(
        'select count(*) from mail_delivery where sent_at is null and last_error is not null',
      );
      this.set({ channel: 'mail' }, Number(row?.count ?? 0));
    },
  });
  new Gauge({
    name: 'qingling_open_cases',
    help: 'Cases not closed, by status',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const rows = await query<{ status: string; count: string }>(
        `select status, count(*) from petition_case where status in (${openStatuses.map(() => '?').join(', ')}) group by status`,
        [...openStatuses],
      );
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
  new Gauge({
    name: 'qingling_staff_sessions',
    help: 'Staff sessions not yet expired',
    registers,
    async collect() {
      const [row] = await query<{ count: string }>('select count(*) from staff_session where expire > now()');
      this.set(Number(row?.count ?? 0));
    },
  });
  return { registry, timeRequests, intakeTotal };
}
