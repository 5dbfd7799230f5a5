/**
 * A value loaded at most once per `ttlMs`, shared by concurrent readers: gauges collected at
 * each scrape (several Prometheus servers may scrape) do not each scan the store or the
 * broker. A failed load keeps the last good value and is tried again at the next read.
 */
export function cachedValue<T>(load: () => Promise<T>, ttlMs: number, timeoutMs = 2_000): () => Promise<T | undefined> {
  let value: T | undefined;
  let loadedAt = -Infinity;
  let loading: Promise<T | undefined> | undefined;
  const bounded = (): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([load(), expired]).finally(() => clearTimeout(timer));
  };
  return () => {
    if (performance.now() - loadedAt < ttlMs) return Promise.resolve(value);
    loading ??= bounded()
      .then((loaded) => {
        value = loaded;
        loadedAt = performance.now();
        return value;
      }, () => value)
      .finally(() => (loading = undefined));
    return loading;
  };
}
