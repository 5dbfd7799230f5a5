export { runCli, buildProgram } from './program.js';
export { COMMANDS, type CommandDefinition } from './commands/index.js';
export { parseFlowFile, FLOW_FILE_SCHEMA_URL, type ParsedFlowFile } from './flowFile/parse.js';
export { canonicalGraph, toFlowFile, type FlowFile, type FlowGraph } from './flowFile/model.js';
export { progressBar } from './run/liveView.js';
export { CliError, type Problem } from './errors.js';
export { applyFlowFile, type AppliedFlowFile } from './applyFile.js';
