import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** `host:port` clients connect to instead of the upstream's. */
  address: string;
  /** Drops every connection and refuses new ones: to its clients, the upstream has gone away. */
  cut(): Promise<void>;
}

/**
 * A TCP relay to `upstream` (`host:port`), for tests of a dependency going away without
 * stopping a server that other tests share.
 */
export async function startTcpProxy(upstream: string): Promise<TcpProxy> {
  const url = new URL(`tcp://${upstream}`);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const server = connect(Number(url.port), url.hostname);
    for (const [from, to] of [[client, server], [server, client]] as const) {
      sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    async cut() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
