import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch } from 'undici';
import { requireInfra } from './harness.js';
import type { ScrapeTarget } from './metricsScrape.js';

/** Debian's prometheus (infra/up.sh installs it): PROMETHEUS_BIN, else /usr/bin/prometheus. */
const binary = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
/** promtool, from the same Debian package: PROMTOOL_BIN, else /usr/bin/promtool. */
export const promtoolBinary = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

/** Why `path` cannot run here; throws when REQUIRE_INFRA=1, where a missing tool is a failure. */
function probeBinary(path: string, name: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    const reason = `no ${name} binary at ${path}; run npm run infra:up`;
    if (requireInfra) throw new Error(`REQUIRE_INFRA=1 but ${reason}`);
    return reason;
  }
}

/** Why the Prometheus test cannot run here, or undefined when it can; throws when REQUIRE_INFRA=1. */
export const prometheusUnavailable: string | undefined = probeBinary(binary, 'prometheus');
/** Likewise for the alert rule tests. */
export const promtoolUnavailable: string | undefined = probeBinary(promtoolBinary, 'promtool');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PrometheusServer {
  url: string;
  /** `/api/v1/<path>` data, failing on an error answer. */
  api<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** The config: one job per process, scraped every second, rules evaluated every second (JSON is YAML). */
function configFor(targets: readonly ScrapeTarget[], ruleFiles: readonly string[]): string {
  return JSON.stringify({
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: targets.map((target) => ({ job_name: target.job, metrics_path: '/metrics', static_configs: [{ targets: [new URL(target.url).host] }] })),
  });
}

/**
 * Starts a Prometheus of its own on a free loopback port, with a scratch TSDB, scraping
 * `targets`; `rules` is the text of a rule file it evaluates, if any.
 */
export async function startPrometheus(targets: readonly ScrapeTarget[], rules?: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flow-prometheus-'));
  if (rules !== undefined) writeFileSync(join(dir, 'rules.yml'), rules);
  writeFileSync(join(dir, 'prometheus.yml'), configFor(targets, rules === undefined ? [] : [join(dir, 'rules.yml')]));
  const port = await freePort();
  const child: ChildProcess = spawn(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${url}/-/ready`).then((r) => r.status, () => 0)) !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`prometheus not ready on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    close,
    async api<T>(path: string): Promise<T> {
      const body = (await (await fetch(`${url}/api/v1/${path}`)).json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? body.status}`);
      return body.data;
    },
  };
}

/** Polls `probe` until it answers a value (Prometheus scrapes and evaluates every second here). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
