import type { AddressInfo } from 'node:net';
import anyTest, { type TestFn } from 'ava';
import express from 'express';
import { Registry } from 'prom-client';
import pino from 'pino';
import { apiErrorHandler } from '../../api/errors';
import { i18nMiddleware } from '../../api/i18n';
import { metricsRoutes } from '../../api/metrics/routes';
import { stopChild } from '../../embedded/processes';
import { eventually } from '../helpers/app';
import { aPetition, postJson } from '../helpers/petitions';
import { freePort } from '../helpers/ports';
import { useTestStack, type StackContext } from '../helpers/stack-context';
import { startWorkerProcess } from '../helpers/worker-process';

const test = anyTest as TestFn<StackContext>;

// The API in the test process; the worker as a process of its own, serving the SDK's metrics.
useTestStack(test, { worker: false });

const scrape = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, text: await response.text() };
};

/** The value of one sample line (`name{labels} value`), or undefined. */
const sample = (text: string, line: RegExp) => {
  const match = text.split('\n').find((l) => line.test(l));
  return match === undefined ? undefined : Number(match.split(' ').at(-1));
};

test.serial(
  'the API and a worker serve Prometheus metrics: latency by route, intake, open cases by status, outbox, sessions, and the SDK worker metrics',
  async (t) => {
    const { app, services } = t.context;
    const answer = await postJson(`${app.baseUrl}/api/v1/petitions`, aPetition());
    t.is(answer.status, 201);

    const metricsPort = await freePort();
    const worker = await startWorkerProcess(services, 'metrics-worker', services.smtp.url, {
      WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    });
    try {
      const api = await eventually(async () => {
        const scraped = await scrape(`${app.baseUrl}/metrics`);
        // The worker has registered the case: the ledger counts it among the open cases.
        return /^qingling_open_cases\{status="registered"\} [1-9]/m.test(scraped.text) ? scraped : undefined;
      }, 60_000);
      t.is(api.status, 200);
      t.is(sample(api.text, /^qingling_intake_total\{channel="web",created="true"\}/), 1);
      t.truthy(
        sample(
          api.text,
          /^qingling_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/petitions",status="201"\}/,
        ),
      );
      t.regex(api.text, /^qingling_outbox_backlog\{channel="mail"\} \d+$/m);
      t.regex(api.text, /^qingling_outbox_failing\{channel="mail"\} 0$/m);
      t.regex(api.text, /^qingling_staff_sessions \d+$/m);

      const workerMetrics = await eventually(async () => {
        const scraped = await scrape(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => undefined);
        return scraped &&
          /^temporal_workflow_completed|^temporal_workflow_task_schedule_to_start_latency/m.test(scraped.text)
          ? scraped
          : undefined;
      }, 60_000);
      t.is(workerMetrics.status, 200);
      t.regex(workerMetrics.text, /^temporal_sticky_cache_size/m);
      t.regex(workerMetrics.text, /^temporal_workflow_task_schedule_to_start_latency_bucket/m);
    } finally {
      await stopChild(worker.process, 20_000);
    }
  },
);

test.serial(
  'without a token the API serves metrics to this machine only: a client behind the proxy is refused',
  async (t) => {
    const { app } = t.context;
    // Through a proxy on this machine, the API believes X-Forwarded-For (TRUST_PROXY loopback).
    const outside = await scrape(`${app.baseUrl}/metrics`, { 'x-forwarded-for': '203.0.113.9' });
    t.is(outside.status, 403);
    t.regex(outside.text, /METRICS_TOKEN/);
    t.notRegex(outside.text, /qingling_/);
  },
);

test.serial('with METRICS_TOKEN set, metrics need it as a bearer token, from anywhere', async (t) => {
  const registry = new Registry();
  const token = 'a-metrics-token-of-at-least-32-characters';
  const app = express();
  app.use(i18nMiddleware);
  app.use(metricsRoutes({ registry, token }));
  app.use(apiErrorHandler(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  try {
    const refused = await scrape(url);
    t.is(refused.status, 401);
    t.regex(refused.text, /METRICS_TOKEN/);
    t.is((await scrape(url, { authorization: 'Bearer wrong-token' })).status, 401);
    t.is((await scrape(url, { authorization: `Bearer ${token}` })).status, 200);
  } finally {
    server.close();
  }
});
