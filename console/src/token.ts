/** The bearer token an operator pasted: kept for this browser tab only (session storage). */
const KEY = 'flow-orchestrator.token';

export function readToken(): string | undefined {
  const token = sessionStorage.getItem(KEY)?.trim();
  return token ? token : undefined;
}

export function saveToken(token: string): void {
  if (token.trim()) sessionStorage.setItem(KEY, token.trim());
  else sessionStorage.removeItem(KEY);
}

/** The `Authorization` header value for HTTP and the graphql-ws `connectionParams`. */
export function authorization(): string | undefined {
  const token = readToken();
  if (!token) return undefined;
  return /^bearer\s/i.test(token) ? token : `Bearer ${token}`;
}

/** The gateway's endpoint on the page's own origin, over HTTP and over WebSocket. */
export const graphqlHttpUrl = `${location.origin}/graphql`;
export const graphqlWsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
