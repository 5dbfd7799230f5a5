import { runCli } from './program.js';

/** The `flow` command (cli/bin/flow.mjs runs this file). */
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
