import { applyCommand } from './apply.js';
import type { CommandDefinition } from './command.js';
import { exportCommand } from './export.js';
import { runsCommand, statusCommand, stopCommand } from './runs.js';
import { startCommand } from './start.js';

/**
 * Every command of `flow`, in the order `--help` lists them. The run controls of DESIGN.md
 * section 13 (retry, pause, resume, rerun) join this table as definitions like `stopCommand`
 * once the orchestrator serves them.
 */
export const COMMANDS: readonly CommandDefinition[] = [applyCommand, exportCommand, startCommand, runsCommand, statusCommand, stopCommand];

export type { CommandContext, CommandDefinition } from './command.js';
