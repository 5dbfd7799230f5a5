const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects: identifiers that are neither functions (followed
 * by a parenthesis), keywords, label names (inside matchers and `by`/`without`/`on` lists) nor
 * parts of strings or range durations.
 */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:])(?!\s*\()/g)].map((match) => match[1] as string);
  return [...new Set(names.filter((name) => !keywords.has(name.toLowerCase())))];
}

/** The family a sample name belongs to: `x_bucket`, `x_sum` and `x_count` of a histogram or summary are `x`. */
export function familyOf(name: string, families: ReadonlyMap<string, string>): string | undefined {
  if (families.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const type = families.get(base);
  return type === 'histogram' || (type === 'summary' && !name.endsWith('_bucket')) ? base : undefined;
}
