import pino, { type DestinationStream, type Logger } from 'pino';
import { currentContext } from './context.js';
import { correlationIdOf } from './telemetry/propagation.js';
import { activeTraceIds } from './telemetry/spans.js';

export type { Logger };

/** Where secrets sit in logged objects: pino replaces them before the line is written. */
const REDACTED_PATHS = [
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'req.headers.authorization', 'request.headers.authorization',
  'cookie', '*.cookie', 'headers.cookie', '*.headers.cookie', 'req.headers.cookie',
  'headers["set-cookie"]', '*.headers["set-cookie"]', 'res.headers["set-cookie"]',
  'password', '*.password', 'secret', '*.secret', 'authJwtSecret', '*.authJwtSecret', 'token', '*.token',
];

/**
 * The last line of defence, applied to every written line, for secrets no path names (an
 * error message quoting a header, a connection string in a URL): credentials in
 * `scheme://user:password@host`, and `Bearer`/`Basic` credentials (8 characters or more, so
 * prose such as "bearer of news" stays).
 */
export function redactSecrets(line: string): string {
  return line
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s"@:]*:[^/\s"@]*@/gi, '$1[redacted]@')
    .replace(/\b(Bearer|Basic)\s+[\w.~+/=-]{8,}/gi, '$1 [redacted]');
}

/** Where each logger writes, so that `serviceLogger` can write beside it (undefined: stdout). */
const destinations = new WeakMap<object, DestinationStream | undefined>();

/**
 * JSON logs on stdout (or `destination`). Every line carries the service name, the active
 * span's `trace_id` and `span_id`, and the correlation id of the request or message being
 * handled; credentials are redacted wherever they appear.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const logger = newLogger(service, level, destination);
  destinations.set(logger, destination);
  return logger;
}

/**
 * A logger for another service hosted in the same process (npm start), writing where `logger`
 * writes at its level. Not `logger.child({ service })`: pino appends a child's bindings to its
 * parent's, so every line would carry the key `service` twice, which log pipelines reject.
 */
export function serviceLogger(logger: Logger, service: string): Logger {
  return createLogger(service, logger.level, destinationOf(logger));
}

/** A child logger is created from its parent's prototype: the root's destination is up the chain. */
function destinationOf(logger: Logger): DestinationStream | undefined {
  for (let current: object | null = logger; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    if (destinations.has(current)) return destinations.get(current);
  }
  return undefined;
}

function newLogger(service: string, level: string, destination: DestinationStream | undefined): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const correlationId = currentContext()?.correlationId ?? correlationIdOf();
      return { ...activeTraceIds(), ...(correlationId ? { correlationId } : {}) };
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: redactSecrets },
  };
  return destination ? pino(options, destination) : pino(options);
}
