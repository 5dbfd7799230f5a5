import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { requireInfra } from './harness.js';

/** Debian's chromium package (`apt-get install -y chromium`; .ci/run installs it). */
export const chromiumPath = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined; with REQUIRE_INFRA=1 a missing Chromium fails instead. */
export function chromiumMissing(suite: string): string | undefined {
  const missing = existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath}; run apt-get install -y chromium`;
  if (missing && requireInfra) throw new Error(`REQUIRE_INFRA=1 but ${missing}`);
  if (missing) console.warn(`[e2e] ${suite} browser test skipped: ${missing}`);
  return missing;
}

const launchArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Headless Chromium without background traffic (updates, sync), so every request is the page's own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: launchArgs });
}
