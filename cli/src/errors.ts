/**
 * The CLI's one error type: a code (the gateway's `extensions.code` when the gateway refused,
 * else one of the CLI's own) and the exit status it maps to. Printed once, by the program.
 */
export type CliErrorCode =
  | 'USAGE'
  | 'INVALID_FLOW_FILE'
  | 'NOT_FOUND'
  | 'GATEWAY_UNREACHABLE'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | (string & {});

/** A place in a flow file and what is wrong there. */
export interface Problem {
  file?: string;
  line?: number;
  message: string;
}

export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
    /** 2 for a usage or file error (nothing was attempted), 1 for a refusal or failure. */
    readonly exitCode = code === 'USAGE' || code === 'INVALID_FLOW_FILE' ? 2 : 1,
  ) {
    super(message);
  }
}

/** `file:line: message` for each problem, the way compilers print them. */
export function formatProblems(problems: readonly Problem[]): string[] {
  return problems.map((problem) => `${problem.file ?? ''}${problem.line ? `:${problem.line}` : ''}${problem.file || problem.line ? ': ' : ''}${problem.message}`);
}
