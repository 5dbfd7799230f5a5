// `npm run test:mutation [-- <stryker options>]`: a Stryker run (options such as
// `--concurrency 2` or `--mutate <file>` passed through), then every module of its report held
// to the threshold by mutationScores.mjs. One command, so CI and developers run the same thing.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;

const status = run('stryker', ['run', ...process.argv.slice(2)]);
process.exit(status === 0 ? run(process.execPath, [fileURLToPath(new URL('mutationScores.mjs', import.meta.url))]) : status);
