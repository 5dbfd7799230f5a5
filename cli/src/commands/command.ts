import type { CliEnvironment } from '../config.js';
import type { Gateway } from '../gateway.js';
import type { EntityClient } from '../graph/entities.js';
import type { Io, Output } from '../output.js';

/** What every command gets: the gateway (opened on first use), the output, the environment. */
export interface CommandContext {
  gateway: Gateway;
  entities: EntityClient;
  output: Output;
  environment: CliEnvironment;
  io: Io;
}

export interface ArgumentDefinition {
  /** `<name>` (required) or `[name]` (optional), as commander writes them. */
  name: string;
  description: string;
}

export interface OptionDefinition {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
  /** The option may repeat; its values are collected in a list. */
  repeatable?: boolean;
}

/**
 * One command, declared once: the program's parser, `--help` and the README's command list
 * all come from these definitions. `run` returns the exit status.
 */
export interface CommandDefinition {
  name: string;
  summary: string;
  arguments?: ArgumentDefinition[];
  options?: OptionDefinition[];
  run(context: CommandContext, args: string[], options: Record<string, unknown>): Promise<number>;
}
