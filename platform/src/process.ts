import { ConfigError, loadConfig, type Config, type ServiceName } from './config.js';
import type { Logger } from './logger.js';

/** `loadConfig` for a `main.ts`: a bad variable ends the process with a message naming it. */
export function loadConfigOrExit(service: ServiceName): Readonly<Config> {
  try {
    return loadConfig(service);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/**
 * Runs `close` once on SIGTERM or SIGINT and exits when it settles: in-flight requests finish,
 * connections close. A second signal, or a close slower than `graceMs`, exits at once.
 */
export function onShutdown(logger: Logger, close: () => Promise<void>, graceMs = 10_000): void {
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
