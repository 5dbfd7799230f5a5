import { createServer, connect as connectTcp, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  /** Drops every connection and refuses new ones until `restore`: the server seems gone. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A real TCP proxy in front of the server of `url` (RabbitMQ, say): a fault on one link, so a
 * test can cut one service off a shared server without stopping it for everyone else.
 */
export async function startTcpProxy(url: string, defaultPort = 5672): Promise<TcpProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connectTcp(Number(target.port || defaultPort), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(socket);
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    cut() {
      refusing = true;
      sockets.forEach((socket) => socket.destroy());
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
