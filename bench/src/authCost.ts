import { AUTH_OFF, createAuthenticator, signToken, type AuthConfig } from '@flow/platform';

/**
 * `npm run bench:auth`: what verifying a bearer token costs one service per request, against
 * authentication off in the same run. A request through the gateway is verified by the gateway
 * and by each subgraph its plan calls; a token seen before is not verified again (cached until
 * it expires), so the usual case is the cached one.
 */
const secret = 'bench-secret-0123456789-abcdefghijklmnop';
const count = Number(process.env.BENCH_AUTH_TOKENS ?? 20_000);
const config: Readonly<AuthConfig> = { ...AUTH_OFF, required: true, jwtSecret: secret };
const exp = Math.floor(Date.now() / 1000) + 3_600;
const tokens = await Promise.all(Array.from({ length: count }, (_, i) => signToken(secret, { sub: `user-${i}`, roles: ['admin'], exp })));

async function perCall(run: (index: number) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index += 1) await run(index);
  return Number(process.hrtime.bigint() - started) / 1_000 / count;
}

const off = createAuthenticator(AUTH_OFF);
const fresh = createAuthenticator(config, { cacheSize: 1 });
const cached = createAuthenticator(config);
await cached.authenticate(`Bearer ${tokens[0]}`);
const baseline = await perCall(() => off.authenticate(undefined));
const verified = await perCall((index) => fresh.authenticate(`Bearer ${tokens[index]}`));
const remembered = await perCall(() => cached.authenticate(`Bearer ${tokens[0]}`));
console.log(`${count} calls each, Node ${process.version}`);
console.log(`authentication off (baseline)      : ${baseline.toFixed(2)} µs/call`);
console.log(`HS256, a new token every call      : ${verified.toFixed(2)} µs/call (x${(verified / baseline).toFixed(0)} the baseline)`);
console.log(`HS256, the same token (cached)     : ${remembered.toFixed(2)} µs/call (x${(remembered / baseline).toFixed(1)} the baseline)`);
