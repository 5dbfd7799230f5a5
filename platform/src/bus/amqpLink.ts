import { connect, type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { coalesceFrames } from './amqpFrames.js';

export interface AmqpLinkOptions {
  url: string;
  logger: Logger;
  connectionName: string;
  heartbeatSeconds: number;
  connectTimeoutMs: number;
  outageWaitMs: number;
  reconnectDelayMs: { initial: number; max: number };
}

/**
 * One AMQP connection that heals itself: when it drops (broker restart, forced close, dead
 * peer found by heartbeats) it reconnects with exponential backoff until closed. Callers ask
 * for the connection or its shared channels and wait through an outage up to a bound.
 */
export interface AmqpLink {
  /** The open connection; during an outage waits up to `waitMs` (default `outageWaitMs`), then rejects. */
  model(waitMs?: number): Promise<ChannelModel>;
  /** The shared confirm channel used for every publish (recreated if a channel error closed it). */
  confirmChannel(): Promise<ConfirmChannel>;
  /** A shared plain channel for declarations and queue checks, whose errors must not fail publishes. */
  adminChannel(): Promise<Channel>;
  /**
   * Runs `operation`, running it again on the next connection when this one dropped while it
   * ran, until `outageWaitMs` has passed. Only for operations that are safe to repeat.
   */
  retrying<T>(operation: () => Promise<T>): Promise<T>;
  /** Bumped on every new connection: declarations cached for one generation are redone. */
  generation(): number;
  isOpen(): boolean;
  isClosed(): boolean;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL with our heartbeat unless it names one itself (amqplib reads it from the query). */
function withHeartbeat(url: string, heartbeatSeconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(heartbeatSeconds));
  return parsed.toString();
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function createAmqpLink(options: AmqpLinkOptions): Promise<AmqpLink> {
  const { logger } = options;
  const url = withHeartbeat(options.url, options.heartbeatSeconds);
  let current: ChannelModel | undefined;
  let gen = 0;
  let closed = false;
  let waiters: Array<() => void> = [];
  const shared = new Map<string, Promise<Channel>>();

  async function open(): Promise<ChannelModel> {
    // noDelay: without it Nagle's algorithm holds each small frame ~40 ms on loopback.
    const model = await connect(url, { noDelay: true, timeout: 5_000, clientProperties: { connection_name: options.connectionName } });
    if (!coalesceFrames(model)) logger.warn('amqplib internals changed: frames are written one by one (slower); see amqpFrames.ts');
    model.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    model.on('blocked', (reason: string) => logger.warn({ reason }, 'RabbitMQ blocked the connection'));
    model.on('close', () => onClose(model));
    current = model;
    gen++;
    shared.clear();
    waiters.splice(0).forEach((wake) => wake());
    return model;
  }

  function onClose(model: ChannelModel): void {
    if (current !== model) return;
    current = undefined;
    shared.clear();
    if (closed) return;
    logger.warn({ url: redact(url) }, 'RabbitMQ connection lost; reconnecting');
    void reconnect();
  }

  async function reconnect(): Promise<void> {
    let delay = options.reconnectDelayMs.initial;
    for (let attempt = 1; !closed; attempt++) {
      await sleep(delay);
      if (closed) return;
      try {
        await open();
        logger.info({ attempt }, 'RabbitMQ connection restored');
        return;
      } catch (error) {
        logger.warn({ err: error, attempt, nextDelayMs: delay }, 'RabbitMQ reconnect failed');
        delay = Math.min(delay * 2, options.reconnectDelayMs.max);
      }
    }
  }

  async function firstConnection(): Promise<void> {
    const deadline = Date.now() + options.connectTimeoutMs;
    let delay = options.reconnectDelayMs.initial;
    for (;;) {
      try {
        await open();
        return;
      } catch (error) {
        if (Date.now() + delay > deadline) {
          throw new Error(`cannot connect to RabbitMQ at ${redact(options.url)} within ${options.connectTimeoutMs} ms: ${(error as Error).message}`, { cause: error });
        }
        await sleep(delay);
        delay = Math.min(delay * 2, options.reconnectDelayMs.max);
      }
    }
  }

  async function model(waitMs = options.outageWaitMs): Promise<ChannelModel> {
    const deadline = Date.now() + waitMs;
    while (!current) {
      if (closed) throw new Error('the bus is closed');
      const left = deadline - Date.now();
      // An outage (platform outage.ts): a consumer holds its message back instead of counting a failure.
      if (left <= 0) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `RabbitMQ unavailable: no connection within ${waitMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return current;
  }

  /** A channel shared by kind, reopened after a channel error closed it. */
  function sharedChannel<C extends Channel>(kind: string, create: (model: ChannelModel) => Promise<C>): Promise<C> {
    const existing = shared.get(kind);
    if (existing) return existing as Promise<C>;
    const opening = model().then(async (owner) => {
      const channel = await create(owner);
      channel.on('error', (error: Error) => logger.warn({ err: error, channel: kind }, 'RabbitMQ channel error'));
      channel.on('close', () => {
        if (shared.get(kind) === opening) shared.delete(kind);
      });
      return channel;
    });
    opening.catch(() => {
      if (shared.get(kind) === opening) shared.delete(kind);
    });
    shared.set(kind, opening);
    return opening;
  }

  async function retrying<T>(operation: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + options.outageWaitMs;
    for (;;) {
      const generation = gen;
      try {
        return await operation();
      } catch (error) {
        const connectionLost = current === undefined || gen !== generation;
        if (!connectionLost || closed) throw error;
        if (Date.now() >= deadline) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `RabbitMQ unavailable: the connection was lost during the operation (${(error as Error).message})`, { cause: error });
        logger.warn({ err: error }, 'RabbitMQ connection lost during an operation; repeating it on the next connection');
        await model(deadline - Date.now());
      }
    }
  }

  await firstConnection();
  return {
    model,
    retrying,
    confirmChannel: () => sharedChannel('confirm', (owner) => owner.createConfirmChannel()),
    adminChannel: () => sharedChannel('admin', (owner) => owner.createChannel()),
    generation: () => gen,
    isOpen: () => current !== undefined,
    isClosed: () => closed,
    async close() {
      if (closed) return;
      closed = true;
      waiters.splice(0).forEach((wake) => wake());
      waiters = [];
      const model = current;
      current = undefined;
      await model?.close().catch((error: unknown) => logger.debug({ err: error }, 'RabbitMQ connection already closed'));
    },
  };
}
