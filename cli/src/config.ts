/**
 * The CLI's only reader of the environment: the gateway and the token when the command line
 * does not name them, and the variables a flow file may use (`${NAME}`).
 */
export interface CliEnvironment {
  /** FLOW_GATEWAY, else http://127.0.0.1:4000. */
  gateway: string;
  /** FLOW_TOKEN: a bearer token (JWT) for a gateway with authentication on. */
  token: string | undefined;
  /** Every variable, for `${NAME}` in flow files (command-line `--var` wins). */
  variables: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_GATEWAY = 'http://127.0.0.1:4000';

export function loadCliEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CliEnvironment {
  const text = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);
  return Object.freeze({ gateway: text(env.FLOW_GATEWAY) ?? DEFAULT_GATEWAY, token: text(env.FLOW_TOKEN), variables: { ...env } });
}
