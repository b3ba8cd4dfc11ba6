import net from 'node:net';
import { freePort } from './ports';

/**
 * How a server in front of a real one behaves: `up` passes every connection through,
 * `refusing` is not listening (connections are refused), `silent` accepts and never
 * says a word (a relay that hangs).
 */
export type OutageMode = 'up' | 'refusing' | 'silent';

export interface OutageFront {
  /** The front's host:port, to give the sender instead of the real server's. */
  port: number;
  mode(): OutageMode;
  set(mode: OutageMode): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A TCP front for an SMTP server or an SMS centre, for drills and tests of outages:
 * real connections, refused or left hanging, no mock of any protocol.
 */
export async function startOutageFront(target: { host: string; port: number }): Promise<OutageFront> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let current: OutageMode = 'up';
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (current === 'silent') return;
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      socket.destroy();
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });
  await listen();
  return {
    port,
    mode: () => current,
    async set(mode) {
      if (mode === current) return;
      // Whatever hung or passed through before is cut, as a relay's restart does.
      for (const s of sockets) s.destroy();
      if (mode === 'refusing') await close();
      else if (current === 'refusing') await listen();
      current = mode;
    },
    stop: close,
  };
}
