import http from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';

export interface ReverseProxyHandle {
  url: string;
  /** Requests each API answered, by its address. */
  served: Map<string, number>;
  stop(): Promise<void>;
}

/** How long an API that refused a connection gets no requests. */
const downForMs = 3_000;

/**
 * The cluster's reverse proxy (compose's nginx, deploy/proxy/nginx.conf): requests go to the
 * APIs in turn; one that refuses a connection is left out for a few seconds, so while an API
 * restarts the other carries the traffic. Tells the API the client's address
 * (X-Forwarded-For), which it believes from a proxy on this machine (TRUST_PROXY loopback).
 */
export async function startReverseProxy(options: {
  port: number;
  targets: string[];
  host?: string;
}): Promise<ReverseProxyHandle> {
  const proxy = httpProxy.createProxyServer({ xfwd: true, proxyTimeout: 120_000 });
  const downUntil = new Map<string, number>();
  const served = new Map<string, number>();
  let next = 0;
  const pick = (): string => {
    const now = Date.now();
    for (let i = 0; i < options.targets.length; i += 1) {
      const target = options.targets[(next + i) % options.targets.length]!;
      if ((downUntil.get(target) ?? 0) <= now) {
        next = (next + i + 1) % options.targets.length;
        return target;
      }
    }
    next = (next + 1) % options.targets.length;
    return options.targets[next]!;
  };
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, retries: number) => {
    const target = pick();
    served.set(target, (served.get(target) ?? 0) + 1);
    proxy.web(req, res, { target }, (error: NodeJS.ErrnoException) => {
      const refused = error.code === 'ECONNREFUSED';
      if (refused || error.code === 'ECONNRESET') downUntil.set(target, Date.now() + downForMs);
      // A request without a body reached no API yet: the next one can take it, as nginx's proxy_next_upstream.
      if (refused && retries > 0 && !res.headersSent && (req.method === 'GET' || req.method === 'HEAD')) {
        forward(req, res, retries - 1);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Bad gateway: the API did not answer; try again.');
      } else res.destroy();
    });
  };
  const server = http.createServer((req, res) => forward(req, res, options.targets.length - 1));
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        proxy.close();
      }),
  };
}
