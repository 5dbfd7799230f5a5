import { applyCommand } from './apply.js';
import type { CommandDefinition } from './command.js';
import { exportCommand } from './export.js';
import { pauseCommand, rerunCommand, resumeCommand, retryCommand, runsCommand, statusCommand, stopCommand } from './runs.js';
import { startCommand } from './start.js';

/** Every command of `flow`, in the order `--help` lists them (the run controls last). */
export const COMMANDS: readonly CommandDefinition[] = [
  applyCommand, exportCommand, startCommand, runsCommand, statusCommand, stopCommand, pauseCommand, resumeCommand, retryCommand, rerunCommand,
];

export type { CommandContext, CommandDefinition } from './command.js';
