/** The name `main` would give itself, from its path (OTEL_SERVICE_NAME overrides it). */
export function serviceNameOf(entry: string): string {
  const path = entry.replace(/\\/g, '/');
  const match = /(?:^|\/)(subgraphs|processors)\/([\w-]+)\/src\/main\.[jt]s$/.exec(path);
  if (match) return `${match[1] === 'subgraphs' ? 'manager' : 'processor'}-${match[2]}`;
  return /(?:^|\/)(gateway|orchestrator)\/src\/main\.[jt]s$/.exec(path)?.[1] ?? 'flow-orchestrator';
}
