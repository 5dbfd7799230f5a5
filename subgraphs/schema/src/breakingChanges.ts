/**
 * What a new version of a JSON Schema breaks for data and processors written against the
 * old one: a property removed, a property newly required, or a type changed (narrowed).
 * Walks `properties` and `items` recursively; paths are JSON-pointer-like.
 */
type Node = Record<string, unknown>;

const asNode = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
const typesOf = (node: Node): string[] | undefined =>
  node.type === undefined ? undefined : Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];

export function breakingChanges(before: unknown, after: unknown, path = ''): string[] {
  const old = asNode(before);
  const next = asNode(after);
  if (!old || !next) return [];
  const at = path || '/';
  const changes: string[] = [];
  const oldTypes = typesOf(old);
  const newTypes = typesOf(next);
  // Narrowing breaks; widening (a type added, `integer` to `number`, `type` dropped) does not.
  const accepts = (type: string): boolean => !newTypes || newTypes.includes(type) || (type === 'integer' && newTypes.includes('number'));
  if (oldTypes && !oldTypes.every(accepts)) {
    changes.push(`${at}: type changed from ${oldTypes.join('|')} to ${newTypes?.join('|') ?? 'any'}`);
  }
  const oldRequired = new Set((old.required as string[] | undefined) ?? []);
  for (const name of (next.required as string[] | undefined) ?? []) {
    if (!oldRequired.has(name)) changes.push(`${path}/${name}: became required`);
  }
  const oldProps = asNode(old.properties) ?? {};
  const newProps = asNode(next.properties) ?? {};
  for (const [name, schema] of Object.entries(oldProps)) {
    if (!(name in newProps)) changes.push(`${path}/${name}: removed`);
    else changes.push(...breakingChanges(schema, newProps[name], `${path}/${name}`));
  }
  if (old.items !== undefined && next.items !== undefined) {
    changes.push(...breakingChanges(old.items, next.items, `${path}/items`));
  }
  return changes;
}
