import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Registry } from 'prom-client';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics for Prometheus. Not public: with METRICS_TOKEN set, only a scraper sending it as a
 * bearer token reads it; without one, only this machine (the client's address as the trusted
 * proxy reports it, so a request from outside through the proxy is refused).
 */
export function metricsRoutes(options: { registry: Registry; token?: string | undefined }): express.Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    if (options.token) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (!given || !sameToken(given, options.token)) {
        res
          .status(401)
          .set('WWW-Authenticate', 'Bearer')
          .type('text/plain')
          .send('Metrics need the bearer token set in METRICS_TOKEN.\n');
        return;
      }
    } else if (!loopback.has(req.ip ?? '')) {
      res
        .status(403)
        .type('text/plain')
        .send(
          'Metrics are served to this machine only; set METRICS_TOKEN to let a scraper elsewhere read them.\n',
        );
      return;
    }
    res
      .set('Cache-Control', 'no-store')
      .type(options.registry.contentType)
      .send(await options.registry.metrics());
  });
  return router;
}
