// Holds every module of the mutation run to Stryker's `thresholds.break` on its own: the engine
// as a whole (a directory, so files added to it count), every other mutated file by itself.
// Stryker's own `break` only checks the total, where a strong module can hide a weak one.
import { readFileSync } from 'node:fs';
import config from '../stryker.config.mjs';

// A report path may be given, for a run with its own config (one module at a time, say).
const report = JSON.parse(readFileSync(process.argv[2] ?? config.jsonReporter.fileName, 'utf8'));
const threshold = config.thresholds.break;
const grouped = ['orchestrator/src/engine/'];

const modules = new Map();
for (const [path, file] of Object.entries(report.files)) {
  const module = grouped.find((dir) => path.startsWith(dir))?.replace(/\/$/, '') ?? path;
  const counts = modules.get(module) ?? { detected: 0, valid: 0, ignored: 0, static: 0 };
  for (const { status, statusReason } of file.mutants) {
    if (status === 'Killed' || status === 'Timeout') counts.detected += 1;
    if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(status)) counts.valid += 1;
    // Left out by `ignoreStatic` (stryker.config.mjs says which), or marked equivalent in the code.
    if (status === 'Ignored') counts[/^Static mutant/.test(statusReason ?? '') ? 'static' : 'ignored'] += 1;
  }
  modules.set(module, counts);
}

let failed = false;
console.log(`\nMutation score per module (break below ${threshold} %)`);
for (const [module, { detected, valid, ignored, static: left }] of [...modules].sort(([a], [b]) => a.localeCompare(b))) {
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  const low = score < threshold;
  failed ||= low;
  console.log(`${low ? 'FAIL' : 'ok  '} ${score.toFixed(1).padStart(5)} %  ${String(detected).padStart(3)}/${String(valid).padEnd(3)} ${ignored ? `(${ignored} marked equivalent) ` : ''}${left ? `(${left} static left out) ` : ''}${module}`);
}
if (failed) {
  console.error(`\nA module scores below ${threshold} %: kill its survivors (reports/mutation/index.html) or mark a truly equivalent one with a reason.`);
  process.exit(1);
}
