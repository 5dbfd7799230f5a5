import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Session, type Profiler, type Runtime } from 'node:inspector';

/**
 * CPU profiles of the measured phases (BENCH_PROFILE=1), one per gateway, to see where a
 * request's time goes. The profiler covers the whole process, subgraphs and client included:
 * the two gateways' profiles differ only by what their gateways do.
 */
export interface CpuProfiler {
  start(): Promise<void>;
  stop(): Promise<Profiler.Profile>;
  close(): void;
}

export function createCpuProfiler(): CpuProfiler {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  let enabled = false;
  return {
    async start() {
      if (!enabled) await post('Profiler.enable');
      enabled = true;
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    },
    async stop() {
      return (await post<{ profile: Profiler.Profile }>('Profiler.stop')).profile;
    },
    close: () => session.disconnect(),
  };
}

/** The package or workspace a function belongs to: where to look, not which line. */
function bucketOf(frame: Runtime.CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(14).split('/')[0] : url.slice(5)}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 14).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const workspace = /\/work\/main\/(.+?)\/src\//.exec(url) ?? /\/([^/]+\/[^/]+)\/src\//.exec(url);
  return workspace ? `${workspace[1]} (ours)` : url;
}

/** Self time per bucket, in milliseconds, from a profile's samples. */
export function selfTimeByBucket(profile: Profiler.Profile): Map<string, number> {
  const bucketOfNode = new Map(profile.nodes.map((node) => [node.id, bucketOf(node.callFrame)]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((nodeId, index) => {
    const bucket = bucketOfNode.get(nodeId) ?? '(unknown)';
    totals.set(bucket, (totals.get(bucket) ?? 0) + (deltas[index] ?? 0) / 1000);
  });
  return totals;
}

/** The top buckets of one profile as "share  ms  bucket" lines, per request when `requests` > 0. */
export function formatBuckets(totals: Map<string, number>, requests: number, top = 14): string {
  const all = [...totals.values()].reduce((sum, value) => sum + value, 0);
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([bucket, msTotal]) => `  ${((msTotal / all) * 100).toFixed(1).padStart(5)}%  ${(msTotal / Math.max(1, requests)).toFixed(1).padStart(8)} ms/req  ${bucket}`)
    .join('\n');
}

export async function saveProfile(path: string, profile: Profiler.Profile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(profile));
}
