import { isAbsolute, resolve } from 'node:path';
import { redactCredentials } from './redact.js';

/**
 * A value as a configuration error may repeat it: never a URL's credentials, never long (a
 * secret pasted into the wrong variable is shown by its first characters at most).
 */
function shown(value: string): string {
  const safe = redactCredentials(value);
  return safe.length > 40 ? `${safe.slice(0, 12)}... (${value.length} characters)` : safe;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The process's environment, for callers that layer overrides on it before `loadConfig`. */
export function processEnvironment(): Env {
  return process.env;
}

/** Reads and checks environment variables, collecting every problem instead of stopping at the first. */
export class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${shown(value)}")`);
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${shown(raw)}")`);
    return fallback;
  }

  /**
   * A URL of one of `protocols`. A problem names the variable and, at most, the scheme: a URL
   * such as MONGODB_URI or RABBITMQ_URL may carry a password, even when it does not parse.
   */
  url(name: string, fallback: string | undefined, protocols: readonly string[]): string | undefined {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) return undefined;
    const expected = `a ${protocols.join(' or ')} URL`;
    try {
      const parsed = new URL(value);
      if (protocols.includes(parsed.protocol)) return value;
      this.problems.push(`${name} must be ${expected} (got "${parsed.protocol}"; the rest is not shown, it may hold a secret)`);
    } catch {
      this.problems.push(`${name} must be ${expected}; it does not parse as a URL (not shown, it may hold a secret)`);
    }
    return fallback;
  }

  secret(name: string, minLength: number): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters long`);
      return undefined;
    }
    return value;
  }

  /** A compact JWS (three base64url parts); the value itself is never echoed. */
  jwt(name: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
      this.problems.push(`${name} must be a JWT (three base64url parts separated by dots)`);
      return undefined;
    }
    return value;
  }

  timeZone(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    try {
      // Throws a RangeError for a name the runtime's time zone database does not know.
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value;
    } catch {
      this.problems.push(`${name} must be an IANA time zone such as UTC or Europe/Paris (got "${shown(value)}")`);
      return fallback;
    }
  }

  /** An absolute directory path, normalized (no trailing slash, no `.`/`..` segments). */
  absolutePath(name: string, fallback: string): string {
    const value = this.string(name, fallback);
    if (isAbsolute(value)) return resolve(value);
    this.problems.push(`${name} must be an absolute path`);
    return fallback;
  }

  /** A comma-separated list of `allowed` values, without repeats; `fallback` when unset. */
  someOf<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): readonly T[] {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const entries = [...new Set(value.split(',').map((entry) => entry.trim()).filter(Boolean))];
    const bad = entries.filter((entry) => !(allowed as readonly string[]).includes(entry));
    if (bad.length === 0) return Object.freeze(entries as T[]);
    this.problems.push(`${name} must be a comma-separated list of ${allowed.join(', ')} (bad: "${shown(bad.join(', '))}")`);
    return fallback;
  }

  /** `name`, `name:port`, `[v6]` or `[v6]:port` entries, lower-cased; see `parseHost` in http. */
  hostNames(name: string): string[] | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const entries = value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
    const bad = entries.filter((entry) => {
      const match = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/.exec(entry);
      return !match || (match[1] !== undefined && !(Number(match[1]) >= 1 && Number(match[1]) <= 65535));
    });
    if (entries.length === 0 || bad.length > 0) {
      this.problems.push(`${name} must be a comma-separated list of host names, each with an optional :port (bad: "${shown(bad.join(', ') || value)}")`);
      return undefined;
    }
    return Object.freeze(entries) as string[];
  }

  hostPorts(name: string): string[] | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    const bad = entries.filter((entry) => {
      const port = Number(/^[\w.-]+:(\d{1,5})$/.exec(entry)?.[1]);
      return !(port >= 1 && port <= 65535);
    });
    if (entries.length === 0 || bad.length > 0) {
      this.problems.push(`${name} must be a comma-separated list of host:port (bad: "${shown(bad.join(', ') || value)}")`);
      return undefined;
    }
    return Object.freeze(entries) as string[];
  }
}

