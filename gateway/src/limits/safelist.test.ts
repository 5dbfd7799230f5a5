import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSafelist } from './safelist.js';

const listed = 'query Listed { schemas { totalCount } }';
const hash = (text: string): string => createHash('sha256').update(text).digest('hex');
const manifest = JSON.stringify({
  format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: hash(listed), name: 'Listed', type: 'query', body: listed }],
});

describe('the persisted query safelist', () => {
  const safelist = parseSafelist(manifest);

  it('should run a listed document sent in full', () => {
    expect(safelist.resolve({ query: listed })).toBe(listed);
  });

  it('should run the listed document for its hash alone (persisted query without registration)', () => {
    expect(safelist.resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: hash(listed) } } })).toBe(listed);
  });

  it('should refuse an unlisted document with BAD_USER_INPUT naming its hash', () => {
    const refusal = safelist.resolve({ query: '{ schemas { totalCount } }' });
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'safelist' } });
    expect((refusal as Error).message).toBe(`Only safelisted operations run on this server (GRAPHQL_PERSISTED_QUERIES=safelist): the operation ${hash('{ schemas { totalCount } }').slice(0, 16)}... is not in the manifest`);
  });

  it('should refuse an unknown hash, a listed hash sent with another document, and a request with neither', () => {
    expect(safelist.resolve({ extensions: { persistedQuery: { sha256Hash: hash('x') } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(safelist.resolve({ query: '{ a }', extensions: { persistedQuery: { sha256Hash: hash(listed) } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(safelist.resolve({})).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('should refuse a file that is not an Apollo persisted query manifest', () => {
    expect(() => parseSafelist('{"operations":[]}', 'm.json')).toThrow('m.json is not an Apollo persisted query manifest');
    expect(() => parseSafelist(JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x' }] }), 'm.json')).toThrow('m.json: operations[0] has no body');
  });
});
