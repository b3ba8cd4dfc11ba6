import { timingSafeEqual } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express from 'express';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { ApiError } from '../errors';
import { errorSchema } from '../schemas';

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
  router.get('/metrics', async (req, res, next) => {
    if (options.token) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (!given || !sameToken(given, options.token)) {
        res.set('WWW-Authenticate', 'Bearer');
        next(new ApiError(401, 'metrics_token_required', 'metrics.tokenRequired'));
        return;
      }
    } else if (!loopback.has(req.ip ?? '')) {
      next(new ApiError(403, 'metrics_forbidden', 'metrics.forbidden'));
      return;
    }
    res
      .set('Cache-Control', 'no-store')
      .type(options.registry.contentType)
      .send(await options.registry.metrics());
  });
  return router;
}

const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** GET /metrics in the OpenAPI document (api/openapi.ts), so the fuzz test reaches it too. */
export function registerMetricsPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of this API process (METRICS_TOKEN as a bearer token, or this machine only)',
    responses: {
      200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
      401: problem('METRICS_TOKEN is set and the request did not bring it.'),
      403: problem('No METRICS_TOKEN is set and the request came from another machine.'),
    },
  });
}
