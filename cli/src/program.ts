import { Command, CommanderError, Option } from 'commander';
import { COMMANDS, type CommandDefinition } from './commands/index.js';
import { loadCliEnvironment, type CliEnvironment } from './config.js';
import { CliError, formatProblems } from './errors.js';
import { connectGateway, type Gateway } from './gateway.js';
import { entityClient } from './graph/entities.js';
import { createOutput, type Io, type OutputFormat } from './output.js';

interface GlobalOptions {
  gateway: string;
  token?: string;
  output: OutputFormat;
}

function lazyGateway(options: GlobalOptions): { gateway: Gateway; close(): Promise<void> } {
  let opened: Gateway | undefined;
  const open = () => (opened ??= connectGateway({ gateway: options.gateway, token: options.token }));
  const gateway: Gateway = {
    get endpoint() {
      return open().endpoint;
    },
    request: (query, variables) => open().request(query, variables),
    subscribe: (query, variables, next) => open().subscribe(query, variables, next),
    close: async () => opened?.close(),
  };
  return { gateway, close: async () => opened?.close() };
}

function register(program: Command, definition: CommandDefinition, io: Io, environment: CliEnvironment, exit: (code: number) => void): void {
  const command = program.command(definition.name).description(definition.summary);
  for (const argument of definition.arguments ?? []) command.argument(argument.name, argument.description);
  for (const option of definition.options ?? []) {
    const flag = new Option(option.flags, option.description);
    if (option.defaultValue !== undefined) flag.default(option.defaultValue);
    if (option.repeatable) flag.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(flag);
  }
  command.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const args = params.slice(0, definition.arguments?.length ?? 0) as string[];
    const globals = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const output = createOutput(io, globals.output);
    const connection = lazyGateway(globals);
    const { gateway } = connection;
    try {
      exit(await definition.run({ gateway, entities: entityClient(gateway), output, environment, io }, args, self.opts()));
    } finally {
      await connection.close();
    }
  });
}

/** The `flow` program: every command of COMMANDS, with the global options, writing to `io`. */
export function buildProgram(io: Io, environment: CliEnvironment, exit: (code: number) => void): Command {
  const program = new Command('flow')
    .description('Flows as code and runs from the terminal, over the Flow Orchestrator gateway')
    .addOption(new Option('-g, --gateway <url>', 'the gateway (FLOW_GATEWAY)').default(environment.gateway))
    .addOption(new Option('-t, --token <jwt>', 'a bearer token when authentication is on (FLOW_TOKEN)').default(environment.token, environment.token ? '$FLOW_TOKEN' : undefined))
    .addOption(new Option('-o, --output <format>', 'text, or json for scripts').choices(['text', 'json']).default('text'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) });
  for (const definition of COMMANDS) register(program, definition, io, environment, exit);
  return program;
}

/**
 * Runs `flow` with these arguments and returns its exit status: 0 success, 1 a refusal or a
 * run that did not complete, 2 a usage or flow file error (nothing attempted).
 */
export async function runCli(argv: readonly string[], io: Io, env?: Readonly<Record<string, string | undefined>>): Promise<number> {
  const environment = loadCliEnvironment(env);
  let status = 0;
  const program = buildProgram(io, environment, (code) => (status = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Anything unexpected is reported like a refusal, without a stack trace.
    return printFailure(io, program, error instanceof CliError ? error : new CliError('INTERNAL_ERROR', error instanceof Error ? error.message : String(error)));
  }
}

/** Prints a failure once (as JSON with --output json) and returns its exit status. */
function printFailure(io: Io, program: Command, error: CliError): number {
  if (program.opts<GlobalOptions>().output === 'json') {
    io.stderr.write(`${JSON.stringify({ error: { code: error.code, message: error.message, problems: error.problems } }, null, 2)}\n`);
  } else {
    io.stderr.write(`${[`flow: ${error.code}: ${error.message}`, ...formatProblems(error.problems).map((line) => `  ${line}`)].join('\n')}\n`);
  }
  return error.exitCode;
}
