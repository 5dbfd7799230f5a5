import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { entityDefinitions } from '@flow/gateway';
import { backendFor, createEntitySubgraph, defineEntity, entitySdl, linkEntities, type EntityBackend, type EntityDefinition } from '@flow/kit';
import { createLogger, listen, loadConfig, servicePorts, subgraphNames, type EntitySubgraphName, type RunningServer, type SubgraphName } from '@flow/platform';
import { parse } from 'graphql';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, uniqueName } from './fixtures.js';
import { graphqlClient } from './harness.js';

/**
 * The acceptance point of "each entity described once": a field added to one declaration,
 * and nothing else, appears in the manager's SDL, the supergraph, GraphQL, REST, OpenAPI and
 * the relation graph; without it, none of them has it.
 */
const withNewFields = linkEntities({
  ...entityDefinitions,
  delivery: defineEntity({
    ...entityDefinitions.delivery,
    fields: {
      ...entityDefinitions.delivery.fields,
      priority: { kind: 'enum', values: ['LOW', 'HIGH'], fallback: 'LOW', enumDoc: 'How urgent a delivery is', filter: true },
      ownerId: { kind: 'id', required: false, doc: 'The processor that owns it', ref: { to: 'Processor', reverse: 'ownedDeliveries' } },
    },
    // A derived field reads other entities through their owners, and is never stored or written.
    derived: {
      ownerName: {
        type: 'OwnerName',
        doc: 'The name of the processor that owns it, read when asked',
        typeDefs: '"A name read from the owner"\ntype OwnerName {\n  name: String!\n}',
        resolve: async (record, { entities }) => {
          const owner = typeof record.ownerId === 'string' ? (await entities('Processor', [record.ownerId], 'id name')).get(record.ownerId) : null;
          return owner ? { name: owner.name } : null;
        },
      },
    },
  }),
});

function compose(definitions: Readonly<Record<EntitySubgraphName, EntityDefinition>>): string {
  const sdlOf = (name: SubgraphName): string =>
    name === 'orchestrator' ? readFileSync(new URL('../../schema/orchestrator.graphql', import.meta.url), 'utf8') : entitySdl(definitions[name]);
  const composed = composeServices(subgraphNames.map((name) => ({ name, url: `http://127.0.0.1:${servicePorts[name]}/graphql`, typeDefs: parse(sdlOf(name)) })));
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('; '));
  return composed.supergraphSdl;
}

describe('a field added to an entity declaration', () => {
  it('should appear in the generated SDL, its inputs and filter, and the supergraph', () => {
    const sdl = entitySdl(withNewFields.delivery);
    expect(sdl).toContain('"How urgent a delivery is"\nenum Priority {\n  LOW\n  HIGH\n}');
    expect(sdl).toMatch(/type Delivery @key\(fields: "id"\) @requiresScopes\([^{]*\) \{[^}]*\n {2}priority: Priority!\n[^}]*\n {2}owner: Processor\n/);
    expect(sdl).toMatch(/input CreateDeliveryInput \{[^}]*\n {2}priority: Priority = LOW\n[^}]*\n {2}ownerId: ID\n/);
    expect(sdl).toMatch(/input DeliveryFilter \{[^}]*\n {2}priority: Priority\n[^}]*\n {2}ownerId: ID\n/);
    expect(sdl).toMatch(/type Processor @key\(fields: "id"\) \{\n {2}id: ID!\n {2}"The oldest `first` \(1\.\.100, default 100\)"\n {2}ownedDeliveries\(first: Int = 100\): \[Delivery!\]!\n\}/);
    expect(sdl).toContain('"A name read from the owner"\ntype OwnerName {\n  name: String!\n}');
    expect(sdl).toMatch(/type Delivery @key[^}]*\n {2}"The name of the processor that owns it, read when asked"\n {2}ownerName: OwnerName\n/);
    expect(sdl).not.toMatch(/input (CreateDeliveryInput|UpdateDeliveryInput|DeliveryFilter) \{[^}]*ownerName/);
    const supergraph = compose(withNewFields);
    expect(supergraph).toMatch(/type Delivery[^}]*\n {2}priority: Priority!/);
    expect(supergraph).toMatch(/type Processor[^}]*\n {2}ownedDeliveries\(first: Int = 100\): \[Delivery!\]! @join__field\(graph: DELIVERY\)/);
  });

  it('should link the reference into the graph: its target learns who refers to it', () => {
    expect(withNewFields.processor.incoming.map((relation) => `${relation.from}.${relation.field}`)).toEqual(['Step.processorId', 'Delivery.ownerId']);
    expect(withNewFields.delivery.outgoing.map((relation) => relation.forward)).toEqual(['schema', 'owner']);
  });

  it('should be absent from every generated artefact once removed from the declaration', () => {
    const sdl = entitySdl(entityDefinitions.delivery);
    expect(sdl).not.toMatch(/priority|ownerId|ownedDeliveries|ownerName/);
    expect(entityDefinitions.processor.incoming.map((relation) => relation.from)).not.toContain('Delivery');
    // The checked-in copy is what the declaration generates (the CI drift check, in small).
    expect(readFileSync(new URL('../../schema/delivery.graphql', import.meta.url), 'utf8')).toContain(sdl);
    expect(compose(entityDefinitions)).not.toMatch(/ownedDeliveries|enum Priority/);
  });
});

describe('a manager serving a declaration with an added field', () => {
  let backend: EntityBackend;
  const servers: RunningServer[] = [];
  const closers: Array<() => Promise<void>> = [];
  const urls = {} as Record<SubgraphName, string>;

  beforeAll(async () => {
    const logger = createLogger('test', 'silent');
    backend = await backendFor(undefined, logger);
    for (const name of ['schema', 'processor', 'step', 'delivery'] as const) {
      const config = loadConfig(name, { PORT: '0' });
      const subgraph = await createEntitySubgraph({ name, definition: withNewFields[name], config, logger, backend, subgraphUrls: () => urls });
      const server = await listen(subgraph.app, 0, '127.0.0.1');
      urls[name] = `${server.url}/graphql`;
      servers.push(server);
      closers.push(() => subgraph.close());
    }
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const close of closers) await close();
    await backend?.close();
  });

  it('should store, filter, check and answer the new fields over GraphQL and REST, and protect their target', async () => {
    const schemaId = await createSchema(graphqlClient(urls.schema));
    const processorId = (await graphqlClient(urls.processor).data<{ createProcessor: { id: string } }>(
      'mutation($input: CreateProcessorInput!) { createProcessor(input: $input) { id } }',
      { input: { version: '1.0', name: uniqueName('processor'), inputSchemaId: schemaId, outputSchemaId: schemaId } },
    )).createProcessor.id;
    const delivery = graphqlClient(urls.delivery);
    const created = await delivery.data<{ createDelivery: { id: string; priority: string; ownerId: string } }>(
      'mutation($input: CreateDeliveryInput!) { createDelivery(input: $input) { id priority ownerId } }',
      { input: { version: '1.0', name: uniqueName('delivery'), schemaId, payload: '{"path":"a"}', priority: 'HIGH', ownerId: processorId } },
    );
    expect(created.createDelivery).toMatchObject({ priority: 'HIGH', ownerId: processorId });
    const derived = await delivery.data<{ delivery: { ownerName: { name: string } | null } }>('query($id: ID!) { delivery(id: $id) { ownerName { name } } }', { id: created.createDelivery.id });
    expect(derived.delivery.ownerName?.name).toMatch(/^processor/);
    const written = await delivery.error('mutation($id: ID!) { updateDelivery(id: $id, input: { ownerName: "x" }) { id } }', { id: created.createDelivery.id });
    expect(written.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const filtered = await delivery.data<{ deliveries: { nodes: Array<{ id: string }> } }>('{ deliveries(filter: { priority: HIGH }) { nodes { id } } }');
    expect(filtered.deliveries.nodes.map((node) => node.id)).toEqual([created.createDelivery.id]);

    const refused = await delivery.error(
      'mutation($input: CreateDeliveryInput!) { createDelivery(input: $input) { id } }',
      { input: { version: '1.0', name: uniqueName('delivery'), schemaId, payload: '{"path":"a"}', ownerId: '00000000-0000-4000-8000-000000000001' } },
    );
    expect(refused.extensions?.code).toBe('BAD_USER_INPUT');

    const rest = await fetch(`${urls.delivery.replace(/\/graphql$/, '')}/api/Delivery/${created.createDelivery.id}`);
    expect(rest.status).toBe(200);
    const body = await rest.json() as Record<string, unknown>;
    expect(body).toMatchObject({ ownerId: processorId });
    expect(body).not.toHaveProperty('ownerName');

    const conflict = await graphqlClient(urls.processor).error('mutation($id: ID!) { deleteProcessor(id: $id) }', { id: processorId });
    expect(conflict.extensions?.code).toBe('CONFLICT');
    expect(conflict.message).toContain(created.createDelivery.id);
  });
});
