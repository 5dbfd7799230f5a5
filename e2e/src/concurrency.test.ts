import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, createSchema, objectSchema } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';

describe.each(backendKinds)('concurrent creates of one composite key (%s)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  beforeAll(async () => {
    system = await startTestSystem(kind);
    client = graphqlClient(system.gatewayUrl);
  });
  afterAll(() => stopTestSystem(system));

  async function race(type: string, input: Record<string, unknown>) {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.request(`mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`, { input })),
    );
    const winners = results.filter((result) => !result.errors);
    const codes = results.flatMap((result) => result.errors ?? []).map((error) => error.extensions?.code);
    return { winners, codes, messages: results.flatMap((result) => result.errors ?? []).map((error) => error.message) };
  }

  it('should let exactly one of 20 concurrent createSchema calls win and answer CONFLICT to 19', async () => {
    const name = `race-${Date.now()}`;
    const { winners, codes, messages } = await race('Schema', { version: '1.0', name, definition: objectSchema });
    expect({ winners: winners.length, codes, messages: messages.filter((message) => !message.includes('already exists')) }).toEqual({ winners: 1, codes: Array(19).fill('CONFLICT'), messages: [] });
    expect(messages[0]).toContain(`1.0_${name}`);
    const stored = await client.data('query($name: String) { schemas(filter: { name: $name }) { totalCount } }', { name });
    expect(stored.schemas.totalCount).toBe(1);
  });

  it('should let exactly one of 20 concurrent createProcessor calls win, references checked', async () => {
    const schemaId = await createSchema(client);
    const name = `race-${Date.now()}`;
    const { winners, codes } = await race('Processor', { version: '2.0', name, inputSchemaId: schemaId, outputSchemaId: schemaId });
    expect(winners).toHaveLength(1);
    expect(codes).toEqual(Array(19).fill('CONFLICT'));
  });

  it('should answer CONFLICT when an update takes an existing key, leaving both rows intact', async () => {
    const schemaId = await createSchema(client);
    const first = await createProcessor(client, schemaId, schemaId, { name: `taken-${Date.now()}` });
    const second = await createProcessor(client, schemaId, schemaId);
    const { processor } = await client.data('query($id: ID!) { processor(id: $id) { name } }', { id: first });
    const error = await client.error('mutation($id: ID!, $name: String!) { updateProcessor(id: $id, input: { name: $name }) { id } }', { id: second, name: processor.name });
    expect(error.extensions?.code).toBe('CONFLICT');
    const after = await client.data('query($id: ID!) { processor(id: $id) { name } }', { id: second });
    expect(after.processor.name).not.toBe(processor.name);
  });
});
