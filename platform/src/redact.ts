/**
 * What must not leave a process in production answers, `/health` or configuration errors:
 * credentials, and the internal endpoints (hosts, addresses, ports) that connection errors
 * name ("connect ECONNREFUSED 127.0.0.1:27017"). Logs keep them: operators need them there.
 */
const INTERNAL = '<internal>';

/** `scheme://user:password@host` -> `scheme://***@host`; a bare `user:password@host` likewise. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@').replace(/(^|[\s,"'(])[^\s/@,"'(]+:[^\s/@]*@/g, '$1***@');
}

const endpointPatterns: ReadonlyArray<[RegExp, string]> = [
  // Any URL: its host, port and path are the system's inside.
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>)]+/gi, INTERNAL],
  // What a socket error names after its code: an address, a host, or either with a port.
  [/\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL|EPIPE)\s+[^\s,;)]+/g, `$1 ${INTERNAL}`],
  // Bracketed IPv6, with or without a port.
  [/\[[0-9a-f:.]+\](:\d{1,5})?/gi, INTERNAL],
  // IPv4, with or without a port.
  [/\b\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?\b/g, INTERNAL],
  // host:port, the host starting with a letter (so that times such as 12:30 stay).
  [/\b[a-z][a-z0-9-]*(\.[a-z0-9-]+)*:\d{2,5}\b/gi, INTERNAL],
];

/** The text with credentials and internal endpoints replaced by `***` and `<internal>`. */
export function redactEndpoints(text: string): string {
  let redacted = redactCredentials(text);
  for (const [pattern, replacement] of endpointPatterns) redacted = redacted.replace(pattern, replacement);
  return redacted;
}
