import { randomUUID } from 'node:crypto';
import type { System } from '@flow/launcher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, seedFlow, type SeededFlow } from './fixtures.js';
import { backendKinds, graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { countOf, createMutation, expectCreateRefused, expectUpdateRefused, validInput } from './integrityCases.js';
import { restClient } from './restClient.js';

/**
 * Attacks on the limits of issue 13's "Untrusted JSON Schemas": each is refused precisely and
 * writes nothing. The limits themselves are unit-tested beside the code (protocol, kit).
 */
const refused = (names: string[]) => ({ code: 'BAD_USER_INPUT', names });
const guids = (count: number): string[] => Array.from({ length: count }, () => randomUUID());
const nested = (depth: number): string => '{"items":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe.each(backendKinds)('untrusted schemas, id lists and lists through the gateway (%s)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let seed: SeededFlow;

  beforeAll(async () => {
    system = await startTestSystem(kind);
    client = graphqlClient(system.gatewayUrl);
    seed = await seedFlow(client);
  });
  afterAll(() => stopTestSystem(system));

  it('should answer a ReDoS pattern with a 40-character subject in under 1 s, refusing the Delivery', async () => {
    const schemaId = await createSchema(client, { definition: '{"type":"string","pattern":"^(a+)+$"}' });
    const before = await countOf(client, 'Delivery');
    const input = { ...validInput('Delivery', seed), schemaId, payload: JSON.stringify(`${'a'.repeat(39)}!`) };
    const started = performance.now();
    const error = await client.error(createMutation('Delivery'), { input });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(error.message).toContain(`payload does not match schema ${schemaId}: / must match pattern "^(a+)+$"`);
    expect(await countOf(client, 'Delivery')).toBe(before);
  });

  it.each([
    { title: 'a backreference', definition: '{"type":"string","pattern":"^(a)\\\\1$"}', pattern: '"^(a)\\\\1$"', detail: 'invalid escape sequence' },
    { title: 'a lookahead in patternProperties', definition: '{"patternProperties":{"^(?!id)":{"type":"string"}}}', pattern: '"^(?!id)"', detail: 'unsupported Perl syntax' },
    { title: 'a lookbehind in propertyNames', definition: '{"propertyNames":{"pattern":"(?<=x)y"}}', pattern: '"(?<=x)y"', detail: '(?<=' },
  ])('should refuse a Schema whose pattern RE2 cannot run ($title), naming the pattern', async ({ definition, pattern, detail }) => {
    const error = await expectCreateRefused(client, 'Schema', { ...validInput('Schema', seed), definition }, refused([`definition has a pattern that cannot be used, ${pattern}`, detail]));
    expect(error.extensions?.details).toMatchObject({ violations: [{ field: 'definition', constraint: 'pattern' }] });
  });

  it('should refuse to update a Schema to a backreference, leaving it unchanged', async () => {
    const schemaId = await createSchema(client);
    await expectUpdateRefused(client, 'Schema', schemaId, { definition: '{"type":"object","properties":{"path":{"pattern":"(x)\\\\1"}}}' }, refused(['definition has a pattern that cannot be used, "(x)\\\\1"']));
  });

  it.each([
    { title: 'nested 33 deep', definition: () => nested(33), names: ['definition must nest objects and arrays at most 32 deep'] },
    { title: 'nested 25,000 deep', definition: () => nested(25_000), names: ['definition must nest objects and arrays at most 32 deep'] },
    { title: 'of 10,002 values', definition: () => JSON.stringify({ anyOf: Array.from({ length: 5000 }, (_, i) => ({ const: i })) }), names: ['definition must hold at most 10000 JSON values'] },
  ])('should refuse a Schema definition $title', async ({ definition, names }) => {
    await expectCreateRefused(client, 'Schema', { ...validInput('Schema', seed), definition: definition() }, refused(names));
  });

  it.each([
    { type: 'Workflow' as const, field: 'stepIds' },
    { type: 'Assignment' as const, field: 'entityIds' },
    { type: 'OrchestratedFlow' as const, field: 'assignmentIds' },
    { type: 'Step' as const, field: 'nextStepIds' },
  ])('should refuse a $type whose $field holds 1001 ids, without listing them', async ({ type, field }) => {
    const error = await expectCreateRefused(client, type, { ...validInput(type, seed), [field]: guids(1001) }, refused([`${field} must hold at most 1000 ids (got 1001)`]));
    expect(error.message.length).toBeLessThan(200);
  });

  it('should refuse a list filter of 1001 ids', async () => {
    const error = await client.error('query($ids: [ID!]) { steps(filter: { ids: $ids }) { totalCount } }', { ids: guids(1001) });
    expect(error).toMatchObject({ message: 'filter.ids must hold at most 1000 ids (got 1001)', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('should answer GET /api/Schema without paging with the first 100, saying how many exist and where the rest is', async () => {
    const missing = 101 - (await countOf(client, 'Schema'));
    for (let i = 0; i < missing; i += 10) await Promise.all(Array.from({ length: Math.min(10, missing - i) }, () => createSchema(client)));
    const total = await countOf(client, 'Schema');
    const call = restClient(new URL(system.gatewayUrl).origin);
    const first = await call({ method: 'GET', path: '/api/Schema' });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(100);
    expect(first.headers.get('x-total-count')).toBe(String(total));
    expect(first.headers.get('link')).toBe('</api/Schema?page=2&pageSize=100>; rel="next"');
    const second = await call({ method: 'GET', path: '/api/Schema?page=2&pageSize=100' });
    const ids = [...first.body, ...second.body.items].map((schema: { id: string }) => schema.id);
    expect(new Set(ids).size).toBe(total);
  });
});
