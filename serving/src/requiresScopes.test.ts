import { createRequire } from 'node:module';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { runWithContext } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiresScopesPlugin } from './requiresScopes.js';

// The realm @apollo/subgraph builds with (see requiresScopes.ts).
const { parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@requiresScopes"])
  type Thing @key(fields: "id") @requiresScopes(scopes: [["viewer"], ["admin"], ["robot"]]) {
    id: ID!
    secret: String @requiresScopes(scopes: [["admin"], ["auditor", "viewer"]])
  }
  type Query {
    thing: Thing @requiresScopes(scopes: [["viewer"], ["admin"]])
    open: String
  }
  type Mutation {
    makeThing: Thing! @requiresScopes(scopes: [["admin"], ["robot"]])
  }
`);
const thing = { id: '1', secret: 's' };
const resolvers = {
  Query: { thing: () => thing, open: () => 'open' },
  Mutation: { makeThing: () => thing },
  Thing: { __resolveReference: () => thing },
};

let server: ApolloServer;
beforeAll(async () => {
  server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }), plugins: [ApolloServerPluginInlineTraceDisabled(), requiresScopesPlugin({ defaultRootScopes: [['viewer'], ['admin']] })] });
  await server.start();
});
afterAll(() => server.stop());

/** Runs `query` as a caller holding `roles`; answers its data or its first error's code and message. */
async function as(roles: string[], query: string): Promise<unknown> {
  const response = await runWithContext({ correlationId: 'test', user: 'u', roles }, () => server.executeOperation({ query }));
  if (response.body.kind !== 'single') throw new Error('incremental');
  const { data, errors } = response.body.singleResult;
  return errors ? { code: errors[0]?.extensions?.code, message: errors[0]?.message, http: response.http.status } : data;
}

describe('the @requiresScopes of a subgraph schema, enforced on each operation', () => {
  it('should serve a field to a caller holding one of its scope lists', async () => {
    expect(await as(['viewer'], '{ thing { id } }')).toEqual({ thing: { id: '1' } });
    expect(await as(['auditor', 'viewer'], '{ thing { secret } }')).toEqual({ thing: { secret: 's' } });
  });

  it('should refuse the whole operation when one field needs what the caller lacks, with FORBIDDEN and HTTP 200', async () => {
    expect(await as(['viewer'], '{ open thing { id secret } }')).toEqual({
      code: 'FORBIDDEN', http: 200, message: 'Thing.secret requires one of the roles admin, auditor and viewer; the caller has viewer',
    });
  });

  it('should require the scopes of the type a field is selected on, through fragments too', async () => {
    expect(await as(['robot'], 'mutation { makeThing { id } }')).toEqual({ makeThing: { id: '1' } });
    expect(await as(['robot'], '{ ...Q } fragment Q on Query { thing { ...T } } fragment T on Thing { id }')).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Query.thing requires/) });
    expect(await as(['viewer'], 'mutation { ...M } fragment M on Mutation { makeThing { id } }')).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Mutation.makeThing requires/) });
  });

  it('should give a root field without a directive, _entities included, the default scopes', async () => {
    expect(await as([], '{ open }')).toMatchObject({ code: 'FORBIDDEN', message: 'Query.open requires one of the roles viewer, admin; the caller has no role' });
    const entities = '{ _entities(representations: [{ __typename: "Thing", id: "1" }]) { ... on Thing { id } } }';
    expect(await as(['robot'], entities)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Query._entities requires/) });
    expect(await as(['viewer'], entities)).toEqual({ _entities: [{ id: '1' }] });
  });

  it('should check only the operation that runs, and leave introspection alone', async () => {
    const response = await runWithContext({ correlationId: 't', user: 'u', roles: ['viewer'] }, () =>
      server.executeOperation({ query: 'query A { thing { id } } mutation B { makeThing { id } }', operationName: 'A' }));
    expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ thing: { id: '1' } });
    expect(await as([], '{ __typename __schema { queryType { name } } }')).toEqual({ __typename: 'Query', __schema: { queryType: { name: 'Query' } } });
  });
});
