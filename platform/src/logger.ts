import pino, { type DestinationStream, type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger };

/**
 * JSON logs on stdout. Every line carries the service name and, inside a request, its
 * correlation id; credentials are redacted wherever they appear in a logged object.
 */
export function createLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = currentContext();
      return context ? { correlationId: context.correlationId } : {};
    },
    redact: {
      paths: ['authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
