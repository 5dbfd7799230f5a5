import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Package boundaries that point one way (issue 12). Lint's import-x/no-cycle sees neither
// workspace dependencies declared in package.json nor cycles made only of type imports; this
// test reads both from the sources.

type Graph = ReadonlyMap<string, readonly string[]>;

/** Every cycle of `graph` (each found once, from its first node in traversal order), as paths `a, b, ..., a`. */
export function findCycles(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const root = resolve(import.meta.dirname, '../..');
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(root, path), 'utf8'));

interface Workspace {
  folder: string;
  name: string;
  dependencies: string[];
  exports: Record<string, string>;
}

const workspaces: Workspace[] = (readJson('package.json').workspaces as string[]).map((folder) => {
  const manifest = readJson(`${folder}/package.json`);
  return {
    folder,
    name: manifest.name,
    dependencies: Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }),
    exports: typeof manifest.exports === 'string' ? { '.': manifest.exports } : (manifest.exports ?? {}),
  };
});
const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));

function workspaceGraph(): Graph {
  return new Map(workspaces.map(({ name, dependencies }) => [name, dependencies.filter((dependency) => byName.has(dependency))]));
}

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return entry === 'generated' || entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Specifiers of import and export declarations, type-only ones included, and of dynamic imports. */
export function specifiersOf(source: string): string[] {
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

function resolveFile(path: string): string | undefined {
  const candidates = path.endsWith('.js') ? [path.replace(/\.js$/, '.ts'), path] : [path, `${path}.ts`, join(path, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolveFile(resolve(dirname(from), specifier));
  const match = /^(@flow\/[^/]+)(\/.+)?$/.exec(specifier);
  const workspace = match && byName.get(match[1] as string);
  const target = workspace?.exports[`.${match?.[2] ?? ''}`];
  return workspace && target ? resolveFile(join(root, workspace.folder, target)) : undefined;
}

function fileGraph(): Graph {
  const files = workspaces.flatMap(({ folder }) => sourceFiles(join(root, folder, 'src')));
  return new Map(files.map((file) => [
    relative(root, file),
    specifiersOf(readFileSync(file, 'utf8'))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((target): target is string => target !== undefined)
      .map((target) => relative(root, target)),
  ]));
}

const describeCycles = (cycles: string[][]): string[] => cycles.map((cycle) => cycle.join(' -> '));

describe('the cycle finder', () => {
  it('should find a cycle and name its path', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
    expect(describeCycles(findCycles(graph))).toEqual(['a -> b -> c -> a']);
  });

  it('should find a node that depends on itself', () => {
    expect(describeCycles(findCycles(new Map([['a', ['a']]])))).toEqual(['a -> a']);
  });

  it('should find nothing in a graph that only points one way', () => {
    const graph = new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]);
    expect(findCycles(graph)).toEqual([]);
  });
});

describe('the import scanner', () => {
  it('should read value, type-only, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import {\n  c,\n  type C,\n} from '@flow/c';",
      "export type { D } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = await import('./g.js');",
    ].join('\n');
    expect(specifiersOf(source)).toEqual(['./a.js', '../b.js', '@flow/c', './d.js', './e.js', './f.js', './g.js']);
  });
});

describe('package boundaries', () => {
  it('should have no cycle among workspace dependencies (dependencies and devDependencies)', () => {
    const cycles = describeCycles(findCycles(workspaceGraph()));
    expect(cycles, `workspace dependency cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('should have no import cycle between source files, counting type-only imports', () => {
    const cycles = describeCycles(findCycles(fileGraph()));
    expect(cycles, `file import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('should let processors/sdk depend on @flow/platform and @flow/protocol only', () => {
    const sdk = workspaces.find(({ folder }) => folder === 'processors/sdk') as Workspace;
    expect(sdk.dependencies.filter((dependency) => dependency.startsWith('@flow/')).sort()).toEqual(['@flow/platform', '@flow/protocol']);
    const imported = sourceFiles(join(root, sdk.folder, 'src'))
      .flatMap((file) => specifiersOf(readFileSync(file, 'utf8')))
      .filter((specifier) => specifier.startsWith('@flow/'))
      .map((specifier) => specifier.split('/').slice(0, 2).join('/'));
    expect([...new Set(imported)].sort()).toEqual(['@flow/platform', '@flow/protocol']);
  });
});
