import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem } from './harness.js';
import { subscribe, wsClient } from './subscriptionClient.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const listed = 'query CountSchemas { schemas { totalCount } }';
const listedWrite = 'mutation AddSchema($name: String!) { createSchema(input: { version: "1", name: $name, definition: "{}" }) { id } }';

describe('field suggestions in production', () => {
  let production: System;
  let development: System;
  const typo = '{ schemass { totalCount } }';

  beforeAll(async () => {
    production = await startTestSystem('memory', {}, { NODE_ENV: 'production' });
    development = await startTestSystem('memory');
  });
  afterAll(async () => {
    await stopTestSystem(production);
    await stopTestSystem(development);
  });

  it('should hide "Did you mean" on the gateway and on a manager in production, and keep it in development', async () => {
    for (const url of [production.gatewayUrl, production.subgraphUrls.schema]) {
      const error = await graphqlClient(url).error(typo);
      expect(error.message).toBe('Cannot query field "schemass" on type "Query". [Suggestion hidden]?');
    }
    expect((await graphqlClient(development.gatewayUrl).error(typo)).message).toContain('Did you mean "schemas"');
  });

  it('should keep Automatic Persisted Queries by default: a hash is registered once, then runs alone', async () => {
    const post = (body: Record<string, unknown>) =>
      fetch(development.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(listed) } };
    expect(await (await post({ extensions })).json()).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    expect(await (await post({ query: listed, extensions })).json()).toEqual({ data: { schemas: { totalCount: 0 } } });
    expect(await (await post({ extensions })).json()).toEqual({ data: { schemas: { totalCount: 0 } } });
  });

  it('should hide it over the WebSocket edge in production too', async () => {
    const { client } = wsClient(production.gatewayUrl);
    const outcome = await subscribe(client, 'subscription { orchestrationStatus(orchestratedFlowId: "x") { statuss } }').done;
    expect(JSON.stringify(outcome.error)).toContain('[Suggestion hidden]');
    expect(JSON.stringify(outcome.error)).not.toContain('Did you mean');
    await client.dispose();
  });
});

describe.each(backendKinds)('the persisted query safelist (%s)', (kind) => {
  let system: System;
  const post = (body: Record<string, unknown>) =>
    fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const schemaCount = async (): Promise<number> => (await graphqlClient(system.subgraphUrls.schema).data('{ schemas { totalCount } }')).schemas.totalCount as number;

  beforeAll(async () => {
    const manifest = join(mkdtempSync(join(tmpdir(), 'flow-safelist-')), 'manifest.json');
    writeFileSync(manifest, JSON.stringify({
      format: 'apollo-persisted-query-manifest', version: 1,
      operations: [listed, listedWrite].map((body) => ({ id: sha256(body), name: /\w+ (\w+)/.exec(body)?.[1], type: body.split(' ')[0], body })),
    }));
    system = await startTestSystem(kind, {}, { GRAPHQL_PERSISTED_QUERIES: 'safelist', GRAPHQL_SAFELIST_PATH: manifest });
    await createSchema(graphqlClient(system.subgraphUrls.schema));
  });
  afterAll(() => stopTestSystem(system));

  it('should refuse an operation that is not in the manifest with 400 BAD_USER_INPUT, and write nothing', async () => {
    const before = await schemaCount();
    for (const query of ['{ schemas { totalCount } }', 'mutation { createSchema(input: { version: "1", name: "x", definition: "{}" }) { id } }']) {
      const response = await post({ query });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{
        message: `Only safelisted operations run on this server (GRAPHQL_PERSISTED_QUERIES=safelist): the operation ${sha256(query).slice(0, 16)}... is not in the manifest`,
        extensions: { code: 'BAD_USER_INPUT' },
      }] });
    }
    const unknownHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } } });
    expect(unknownHash.status).toBe(400);
    expect(await schemaCount()).toBe(before);
  });

  it('should run a listed operation, sent in full or by its hash alone (POST and GET)', async () => {
    const before = await schemaCount();
    const full = await post({ query: listed });
    expect(full.status).toBe(200);
    expect(await full.json()).toEqual({ data: { schemas: { totalCount: before } } });
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(listed) } } });
    expect(await byHash.json()).toEqual({ data: { schemas: { totalCount: before } } });
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(listed) } }));
    const get = await fetch(`${system.gatewayUrl}?extensions=${extensions}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: { schemas: { totalCount: before } } });
    const write = await post({ query: listedWrite, variables: { name: 'listed-write' } });
    expect(write.status).toBe(200);
    expect(await schemaCount()).toBe(before + 1);
  });

  it('should keep the REST routes, which run their own operations in process', async () => {
    const response = await fetch(system.gatewayUrl.replace(/\/graphql$/, '/api/Schema'));
    expect(response.status).toBe(200);
  });

  it('should refuse an unlisted operation over the WebSocket too', async () => {
    const { client } = wsClient(system.gatewayUrl);
    const outcome = await subscribe(client, '{ schemas { totalCount } }').done;
    expect(outcome.error).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', details: { limit: 'safelist' } } })]);
    const allowed = await subscribe(client, listed).done;
    expect(allowed.results[0]?.data).toMatchObject({ schemas: { totalCount: expect.any(Number) } });
    await client.dispose();
  });
});
