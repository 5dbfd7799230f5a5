import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { CliError } from '../errors.js';
import { parseKey, toFlowFile } from '../flowFile/model.js';
import { exportFlow } from '../graph/exportFlow.js';
import type { CommandDefinition } from './command.js';

export const exportCommand: CommandDefinition = {
  name: 'export',
  summary: 'Write a flow of the live graph back as a flow file (YAML; JSON with --output json)',
  arguments: [{ name: '<flow>', description: 'the flow as <name>@<version>' }],
  options: [{ flags: '-f, --file <path>', description: 'write into this file instead of standard output' }],
  async run(context, [reference], options) {
    if (!/^[^@]+@[^@]+$/.test(reference as string)) throw new CliError('USAGE', `name a flow as <name>@<version> (got "${reference}")`);
    const file = toFlowFile(await exportFlow(context.entities, parseKey(reference as string)));
    const text = context.output.format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
    if (typeof options.file === 'string') await writeFile(options.file, text);
    else context.io.stdout.write(text);
    return 0;
  },
};
