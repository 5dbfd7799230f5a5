/**
 * At most `limit` holders at once; the others wait in arrival order. The bus may deliver more
 * commands than that (prefetch), which then wait here for a slot instead of in the broker.
 */
export interface Limiter {
  /** Resolves with the release of the slot obtained. */
  acquire(): Promise<() => void>;
  readonly active: number;
}

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const waiting: Array<() => void> = [];
  let active = 0;

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  return {
    acquire() {
      return new Promise<() => void>((resolve) => {
        const grant = (): void => {
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            release();
          });
        };
        if (active < limit) {
          active += 1;
          grant();
        } else waiting.push(grant);
      });
    },
    get active() {
      return active;
    },
  };
}
