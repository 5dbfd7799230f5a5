import {
  Client,
  HazelcastError,
  HazelcastJsonValue,
  IllegalMonitorStateError,
  JsonStringDeserializationPolicy,
  LifecycleState,
  LogLevel,
  ReconnectMode,
  type IMap,
  type ILogger,
} from 'hazelcast-client';
import type { Logger } from '../logger.js';
import { cacheUnavailable, requirePositiveMs, toCacheJson, type Cache, type CacheEntry, type CacheMap } from './cache.js';

type HazelcastClient = Awaited<ReturnType<typeof Client.newHazelcastClient>>;
type JsonMap = IMap<string, HazelcastJsonValue>;

export interface HazelcastCacheOptions {
  /** Member addresses, `host:port`. */
  addresses: readonly string[];
  clusterName: string;
  logger: Logger;
  /** How long the first connection to the cluster may take before creation fails. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long one operation waits (including for a reconnection) before it fails. Default 10 s. */
  operationTimeoutMs?: number;
}

/** Locks live in their own maps: a Hazelcast key lock would block other clients' writes to the key. */
const lockMapName = (name: string): string => `lock.${name}`;
const healthMapName = 'cache.health';

/**
 * The member counts entry times in whole seconds (it truncates the write time and rounds the
 * TTL up), so an entry can die up to a second before `ttlMs`. One extra second keeps the
 * port's promise that an entry lives at least its TTL.
 */
const memberTtl = (ttlMs: number): number => Math.ceil(requirePositiveMs('ttlMs', ttlMs) / 1_000) * 1_000 + 1_000;

const parse = <V>(stored: HazelcastJsonValue | string): V => JSON.parse(String(stored)) as V;

/** The member reports Long.MAX_VALUE as the expiration of an entry without TTL. */
function expiryOf(expirationTime: { toNumber(): number }): number | undefined {
  const ms = expirationTime.toNumber();
  return ms >= Number.MAX_SAFE_INTEGER ? undefined : ms;
}

/** Sources that warn on every connection attempt; the lifecycle listener reports outages once. */
const perAttemptSources = new Set(['ConnectionManager', 'WaitStrategy', 'Connection']);

/**
 * hazelcast-client logs into our logger: its info is lifecycle chatter, so nothing below warn
 * passes unless the process logs at a stricter level still.
 */
function hazelcastLogger(logger: Logger): ILogger {
  const level = logger.levelVal > logger.levels.values.warn! ? logger.level : 'warn';
  const log = logger.child({ component: 'hazelcast-client' }, { level });
  const write = (logLevel: LogLevel, source: string, message: string, furtherInfo?: unknown): void => {
    const fields = furtherInfo instanceof Error ? { source, err: furtherInfo } : { source };
    if (logLevel === LogLevel.WARN && perAttemptSources.has(source)) log.debug(fields, message);
    else if (logLevel <= LogLevel.ERROR) log.error(fields, message);
    else if (logLevel === LogLevel.WARN) log.warn(fields, message);
    else if (logLevel === LogLevel.INFO) log.info(fields, message);
    else log.debug(fields, message);
  };
  return {
    log: write,
    error: (source, message, info) => write(LogLevel.ERROR, source, message, info),
    warn: (source, message, info) => write(LogLevel.WARN, source, message, info),
    info: (source, message, info) => write(LogLevel.INFO, source, message, info),
    debug: (source, message, info) => write(LogLevel.DEBUG, source, message, info),
    trace: (source, message, info) => write(LogLevel.TRACE, source, message, info),
  };
}

/** Reports losing and regaining the cluster once each, instead of once per attempt. */
function lifecycleLogger(options: HazelcastCacheOptions, connected: () => void): (state: LifecycleState) => void {
  const where = { clusterName: options.clusterName, addresses: options.addresses };
  let lost = false;
  let closing = false;
  return (state) => {
    if (state === LifecycleState.CONNECTED) {
      if (lost) options.logger.info(where, 'reconnected to the Hazelcast cluster');
      lost = false;
      connected();
    } else if (state === LifecycleState.SHUTTING_DOWN) {
      closing = true;
    } else if (state === LifecycleState.DISCONNECTED && !closing) {
      lost = true;
      options.logger.warn(where, 'lost the Hazelcast cluster; reconnecting');
    }
  };
}

/**
 * Connects a client that reconnects forever after losing the cluster, yet fails fast at start.
 * `asyncStart: false` cannot do both: its only bound on the first connection,
 * `clusterConnectTimeoutMillis`, also bounds every reconnection and then shuts the client
 * down for good. So the client starts asynchronously and we wait for its first CONNECTED.
 */
async function connect(options: HazelcastCacheOptions): Promise<HazelcastClient> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  let connected!: () => void;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));
  const client = await Client.newHazelcastClient({
    clusterName: options.clusterName,
    network: { clusterMembers: [...options.addresses], connectionTimeout: connectTimeoutMs, smartRouting: false },
    connectionStrategy: {
      asyncStart: true,
      reconnectMode: ReconnectMode.ON,
      connectionRetry: { clusterConnectTimeoutMillis: -1, initialBackoffMillis: 200, maxBackoffMillis: 5_000 },
    },
    lifecycleListeners: [lifecycleLogger(options, () => connected())],
    serialization: { jsonStringDeserializationPolicy: JsonStringDeserializationPolicy.NO_DESERIALIZATION },
    customLogger: hazelcastLogger(options.logger),
    properties: { 'hazelcast.client.invocation.timeout.millis': options.operationTimeoutMs ?? 10_000 },
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), connectTimeoutMs)));
  const failed = await Promise.race([firstConnection.then(() => false), timedOut]);
  clearTimeout(timer);
  if (!failed) return client;
  await client.shutdown();
  const where = `cluster '${options.clusterName}' at ${options.addresses.join(', ')}`;
  throw cacheUnavailable('connect', new Error(`no Hazelcast member of ${where} answered within ${connectTimeoutMs} ms`));
}

/**
 * The Cache port on a Hazelcast cluster. Values are stored as HazelcastJsonValue (JSON text),
 * readable by any client; one client per cache, closed by `close()`.
 */
export async function createHazelcastCache(options: HazelcastCacheOptions): Promise<Cache> {
  const client = await connect(options);
  let closing: Promise<void> | undefined;

  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (closing) throw cacheUnavailable(operation);
    try {
      return await run();
    } catch (error) {
      throw error instanceof HazelcastError ? cacheUnavailable(operation, error) : error;
    }
  }
  const mapNamed = (name: string): Promise<JsonMap> => client.getMap<string, HazelcastJsonValue>(name);

  return {
    map: <V>(name: string) => hazelcastMap<V>(name, mapNamed, call),
    tryLock: createLocks(mapNamed, call, () => closing !== undefined),
    health: {
      name: 'hazelcast',
      check: () =>
        call('health check', async () => {
          if (!client.getLifecycleService().isRunning()) throw cacheUnavailable('health check', new Error('the client is not running'));
          await (await mapNamed(healthMapName)).containsKey('ping');
        }),
    },
    close() {
      closing ??= client.shutdown();
      return closing;
    },
  };
}

type Call = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

function hazelcastMap<V>(name: string, mapNamed: (name: string) => Promise<JsonMap>, call: Call): CacheMap<V> {
  const json = (value: V): HazelcastJsonValue => new HazelcastJsonValue(toCacheJson(value));
  return {
    get: (key) =>
      call('get', async () => {
        const stored = await (await mapNamed(name)).get(key);
        return stored == null ? undefined : parse<V>(stored);
      }),
    getEntry: (key) =>
      call('getEntry', async (): Promise<CacheEntry<V> | undefined> => {
        const view = await (await mapNamed(name)).getEntryView(key);
        return view == null ? undefined : { value: parse<V>(view.value), expiresAt: expiryOf(view.expirationTime) };
      }),
    set: (key, value, ttlMs) =>
      call('set', async () => {
        const ttl = ttlMs === undefined ? 0 : memberTtl(ttlMs);
        await (await mapNamed(name)).set(key, json(value), ttl);
      }),
    setIfAbsent: (key, value, ttlMs) =>
      call('setIfAbsent', async () => {
        const ttl = ttlMs === undefined ? 0 : memberTtl(ttlMs);
        return (await (await mapNamed(name)).putIfAbsent(key, json(value), ttl)) == null;
      }),
    delete: (key) => call('delete', async () => (await mapNamed(name)).delete(key)),
    entries: () =>
      call('entries', async () => {
        const entries = await (await mapNamed(name)).entrySet();
        return entries.map(([key, stored]): [string, V] => [key, parse<V>(stored)]);
      }),
  };
}

/** Unlocks when this client holds the lock; a lease that already ended is not an error. */
async function unlockIfHeld(locks: JsonMap, key: string): Promise<void> {
  try {
    await locks.unlock(key);
  } catch (error) {
    if (!(error instanceof IllegalMonitorStateError)) throw error;
  }
}

/**
 * Hazelcast map locks belong to the client and are reentrant; the port's locks are not. This
 * client remembers its grants and refuses a key it holds without asking the member. Releasing
 * after `close()` does nothing: the member frees a gone client's locks, at the latest when
 * their lease ends.
 */
function createLocks(mapNamed: (name: string) => Promise<JsonMap>, call: Call, closed: () => boolean): Cache['tryLock'] {
  const grants = new Map<string, { grant: object; expiresAt: number }>();
  const forget = (id: string, grant: object): void => {
    if (grants.get(id)?.grant === grant) grants.delete(id);
  };
  return async (name, key, leaseMs) => {
    requirePositiveMs('leaseMs', leaseMs);
    const id = JSON.stringify([name, key]);
    const previous = grants.get(id);
    if (previous && previous.expiresAt > Date.now()) return undefined;
    const grant = {};
    grants.set(id, { grant, expiresAt: Date.now() + leaseMs });
    try {
      const locks = await call('tryLock', () => mapNamed(lockMapName(name)));
      // The member frees an ended lease up to a second late; re-entering it would leave a hold
      // that our one unlock does not free, so drop the lapsed grant first.
      if (previous) await call('tryLock', () => unlockIfHeld(locks, key));
      if (!(await call('tryLock', () => locks.tryLock(key, 0, leaseMs)))) {
        forget(id, grant);
        return undefined;
      }
      return async () => {
        if (grants.get(id)?.grant !== grant || closed()) return;
        grants.delete(id);
        await call('unlock', () => unlockIfHeld(locks, key));
      };
    } catch (error) {
      forget(id, grant);
      throw error;
    }
  };
}
