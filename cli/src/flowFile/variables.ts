import type { Problem } from '../errors.js';
import type { LineOf } from './model.js';

/**
 * Replaces `${NAME}` in every string of a flow file by the variable's value (from `--var
 * NAME=value`, else the environment), e.g. a machine's directory in a `file://` address.
 * `$${NAME}` stays literal as `${NAME}`. An unset variable is a problem at its line.
 */
export function substituteVariables<T>(value: T, variables: Readonly<Record<string, string | undefined>>, lineOf: LineOf): { value: T; problems: Problem[] } {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: Array<string | number>): unknown => {
    if (typeof node === 'string') {
      return node.replace(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match: string, escape: string, name: string) => {
        if (escape) return match.slice(1);
        const replacement = variables[name];
        if (replacement === undefined) problems.push({ line: lineOf(path), message: `variable \${${name}} is not set (pass --var ${name}=<value> or set it in the environment)` });
        return replacement ?? match;
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item, [...path, key])]));
    return node;
  };
  return { value: visit(value, []) as T, problems };
}
