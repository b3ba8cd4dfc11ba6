import net from 'node:net';

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A base for `clusterPorts(base)` whose 40 ports are all free: below the OS's ephemeral range,
 * because the Temporal server keeps its membership ports in a smallint column.
 */
export async function freeClusterPortBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + 40 * Math.floor(Math.random() * 300);
    let free = true;
    for (let port = base; port < base + 40 && free; port += 1) free = await isFree(port);
    if (free) return base;
  }
}
