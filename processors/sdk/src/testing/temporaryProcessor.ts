import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineProcessor, type ProcessorDeclaration, type ProcessorDefinition } from '../defineProcessor.js';
import { writeHashFiles } from '../implementationHash.js';

let counter = 0;
/** A processor name unique within the test run (composite keys must not collide); at most 43 characters. */
export const uniqueProcessorName = (prefix = 'Test'): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export interface TemporaryProcessorOptions {
  /** Write its implementation.sha256 as `npm run build:hashes` would. Default true. */
  build?: boolean;
}

/**
 * A processor defined in a test, given a package of its own in a temporary folder: its
 * "implementation file" holds the handler's source, so the implementation hash and the
 * built-hash check run exactly as for a real processor package.
 */
export async function temporaryProcessor<TInput, TOutput>(
  declaration: Omit<ProcessorDeclaration<TInput, TOutput>, 'implementationFiles'>,
  options: TemporaryProcessorOptions = {},
): Promise<ProcessorDefinition<TInput, TOutput> & { packageDir: string; sourceFile: string }> {
  const packageDir = await mkdtemp(join(tmpdir(), 'flow-processor-'));
  await mkdir(join(packageDir, 'src'));
  await writeFile(join(packageDir, 'package.json'), JSON.stringify({ name: declaration.name, private: true }));
  const sourceFile = join(packageDir, 'src', 'handler.js');
  await writeFile(sourceFile, `// ${declaration.name}@${declaration.version}\n${declaration.handle.toString()}\n`);
  const definition = defineProcessor({ ...declaration, implementationFiles: [sourceFile] });
  if (options.build ?? true) await writeHashFiles([definition]);
  return { ...definition, packageDir, sourceFile };
}
