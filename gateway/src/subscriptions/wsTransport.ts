import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from '@flow/platform';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UpgradeRefusal } from './wsAdmission.js';

/** What each graphql-ws callback knows about its connection. */
export interface SocketExtra<C> {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Set by `onConnect` once the connection is accepted. */
  connection?: C;
  /** The authenticated user (not Anonymous), set by `onConnect`: its rate limit. */
  user?: string;
}

export interface WsTransportOptions {
  server: Server;
  path: string;
  /** A larger message closes the connection with 1009 (message too big). */
  maxPayloadBytes: number;
  /** Ping period; a socket that has not answered the previous ping is dropped. 0 = off. */
  keepAliveMs: number;
  /** Checks each upgrade (Host, Origin, connection caps, rate); a refusal is answered with its HTTP status. */
  admit: (request: IncomingMessage) => UpgradeRefusal | undefined;
  /** Unsent bytes to one client beyond which it is closed as a slow consumer (1008). */
  maxBufferedBytes: number;
  logger: Logger;
}

export interface WsTransport {
  /** Closes every socket with 1001 (going away), waits for them (bounded), and stops accepting. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Policy Violation: a client that does not read what it asked for. The close frame follows the
 * unsent data; `ws` destroys the socket if the client has not answered it within 30 s.
 */
export const SLOW_CONSUMER = 1008;

/** Ping/pong at the WebSocket level: it also keeps proxies from closing idle connections. */
function keepAlive(socket: WebSocket, periodMs: number): () => void {
  if (periodMs === 0) return () => undefined;
  let answered = true;
  socket.on('pong', () => (answered = true));
  const timer = setInterval(() => {
    if (!answered) return void socket.terminate();
    answered = false;
    socket.ping();
  }, periodMs);
  return () => clearInterval(timer);
}

/**
 * graphql-ws over `ws` on an existing HTTP server and path (the same `/graphql` as HTTP). Our own
 * adapter rather than `graphql-ws/use/ws` so that socket errors go to our logger (an oversized
 * message is the client's fault, not an internal error) and shutdown can wait for the sockets.
 */
export function serveGraphqlWs<P extends Record<string, unknown>, C>(options: ServerOptions<P, SocketExtra<C>>, transport: WsTransportOptions): WsTransport {
  const { logger, maxBufferedBytes } = transport;
  const wss = new WebSocketServer({
    server: transport.server, path: transport.path, maxPayload: transport.maxPayloadBytes, handleProtocols: (protocols) => handleProtocols(protocols),
    // The upgrade never reaches the HTTP app, so its checks (Host, rate) are made here, with the socket's own ones.
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string, headers?: Record<string, string>) => void) => {
      const refusal = transport.admit(info.req);
      if (refusal) done(false, refusal.status, refusal.message, refusal.headers);
      else done(true);
    },
  });
  const graphqlWs = makeServer(options);
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    // ws closes the socket itself with the right code (1009, 1002) before reporting the error.
    socket.on('error', (error) => logger.warn({ err: error }, 'websocket error'));
    const stopKeepAlive = keepAlive(socket, transport.keepAliveMs);
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) => new Promise<void>((resolve, reject) => {
          if (socket.readyState !== socket.OPEN) return resolve();
          // A client that stops reading: its answers pile up here. Closed, its buffer is bounded by this limit and one message.
          if (socket.bufferedAmount > maxBufferedBytes) {
            socket.close(SLOW_CONSUMER, `Slow consumer: more than ${maxBufferedBytes} bytes unsent`);
            return resolve();
          }
          socket.send(data, (error) => (error ? reject(error) : resolve()));
        }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) => socket.on('message', (data: Buffer) => {
          handle(data.toString('utf8')).catch((error: unknown) => {
            logger.error({ err: error }, 'graphql-ws message handling failed');
            socket.close(CloseCode.InternalServerError, 'Internal server error');
          });
        }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      sockets.delete(socket);
      stopKeepAlive();
      closed(code, reason.toString('utf8')).catch((error: unknown) => logger.error({ err: error }, 'graphql-ws cleanup failed'));
    });
  });
  return {
    async close(graceMs = 2_000) {
      const gone = [...sockets].map((socket) => new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1001, 'Going away');
      }));
      const timer = setTimeout(() => sockets.forEach((socket) => socket.terminate()), graceMs);
      await Promise.all(gone);
      clearTimeout(timer);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
