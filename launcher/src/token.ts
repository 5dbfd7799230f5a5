/**
 * `npm run token -- --roles admin [--sub alice] [--ttl 1h] [--processor EchoProcessor]`: prints
 * a development token signed with AUTH_JWT_SECRET (with AUTH_ISSUER / AUTH_AUDIENCE when set),
 * and nothing else, so that `export TOKEN=$(npm run -s token -- --roles operator)` works.
 * README "Security". Roles: viewer, operator, editor, admin; processor and scheduler are the
 * service roles (a processor's token also names it with --processor).
 */
import { parseArgs } from 'node:util';
import { ALL_ROLES, loadConfigOrExit, signToken } from '@flow/platform';

const usage = 'usage: npm run token -- --roles <role>[,<role>...] [--sub <user>] [--ttl <n>s|m|h|d] [--processor <name>]';
const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(64); // EX_USAGE
}

function seconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) fail(`--ttl must be a number and a unit (s, m, h, d), e.g. 1h (got "${ttl}")`);
  const value = Number(match[1]) * (units[match[2] as string] as number);
  if (value < 1 || value > 366 * 86_400) fail('--ttl must be between 1s and 366d');
  return value;
}

const { values } = parseArgs({
  options: {
    roles: { type: 'string', multiple: true },
    sub: { type: 'string', default: 'developer' },
    ttl: { type: 'string', default: '1h' },
    processor: { type: 'string' },
  },
  strict: true,
});
const roles = [...new Set((values.roles ?? []).flatMap((list) => list.split(',')).map((role) => role.trim()).filter(Boolean))];
if (roles.length === 0) fail('--roles is required');
const unknown = roles.filter((role) => !(ALL_ROLES as readonly string[]).includes(role));
if (unknown.length > 0) fail(`unknown role(s) ${unknown.join(', ')}; known: ${ALL_ROLES.join(', ')}`);
const { auth } = loadConfigOrExit('gateway');
if (!auth.jwtSecret) fail('AUTH_JWT_SECRET is not set: it signs the token (and must be the one the services verify with)');
const token = await signToken(
  auth.jwtSecret,
  { sub: values.sub, roles, ...(values.processor ? { processor: values.processor } : {}) },
  { ttlSeconds: seconds(values.ttl), issuer: auth.issuer, audience: auth.audience },
);
process.stdout.write(`${token}\n`);
