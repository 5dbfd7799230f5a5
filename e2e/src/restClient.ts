import { STATUS_CODES } from 'node:http';
import { entityDefinitions } from '@flow/gateway';
import { restEnumValues, restRoutesFor, type EntityDefinition, type RestRoute } from '@flow/kit';
import { fetch } from 'undici';
import { expect } from 'vitest';
import type { SeededFlow } from './fixtures.js';
import { validInput, type EntityName } from './integrityCases.js';

/**
 * HTTP helpers of the REST suite: a client that records what a route answered; the assertions
 * every answer must pass (status, content type, correlation id, problem+json shape, no stack
 * trace) and every entity body must pass (the seed's camelCase shape); and the bodies the
 * cases send (valid ones per type, and values each type must refuse).
 */
export const allRoutes: readonly RestRoute[] = Object.values(entityDefinitions).flatMap(restRoutesFor);
export const definitionOf = (type: EntityName): EntityDefinition =>
  Object.values(entityDefinitions).find((definition) => definition.type === type) as EntityDefinition;
export const routesOf = (type: EntityName): RestRoute[] => allRoutes.filter((route) => route.entity.type === type);
export const routeName = (route: RestRoute): string => `${route.method} ${route.path}`;

export type Entity = Record<string, any>;

export interface RestCall {
  method: string;
  /** Path and query, as `instance` must repeat it. */
  path: string;
  /** Sent as `application/json` unless `contentType` says otherwise. */
  json?: unknown;
  raw?: string | Uint8Array;
  contentType?: string;
  /** The bearer token; the client's default one when absent. */
  token?: string;
  /** Sends no token at all, not even the client's default one. */
  anonymous?: boolean;
  correlationId?: string;
  /** Further headers, as a browser adds them (`origin`, `sec-fetch-site`). */
  headers?: Record<string, string>;
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** A REST client of `base`, sending `defaultToken` (when given) with every call that names no other. */
export function restClient(base: string, defaultToken?: string): (call: RestCall) => Promise<RestAnswer> {
  return async (call) => {
    const headers: Record<string, string> = {};
    const contentType = call.contentType ?? (call.json === undefined ? undefined : 'application/json');
    if (contentType) headers['content-type'] = contentType;
    const token = call.anonymous ? undefined : (call.token ?? defaultToken);
    if (token) headers.authorization = `Bearer ${token}`;
    if (call.correlationId) headers['x-correlation-id'] = call.correlationId;
    Object.assign(headers, call.headers);
    const body = call.json === undefined ? call.raw : JSON.stringify(call.json);
    const response = await fetch(`${base}${call.path}`, { method: call.method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers as unknown as Headers, text, body: parsed };
  };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const errorCodes: Readonly<Record<number, string>> = {
  400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 421: 'MISDIRECTED_REQUEST', 500: 'INTERNAL_SERVER_ERROR', 503: 'SERVICE_UNAVAILABLE',
};
const problemFields = ['type', 'title', 'status', 'detail', 'instance', 'code', 'details'];

/**
 * What every answer must satisfy: the status; the correlation id echoed when sent and a fresh
 * UUID otherwise; `application/json` for bodies, nothing for 204, RFC 9457 problem details for
 * errors; and never a stack trace, whatever the status (500 included).
 */
export function expectAnswer(answer: RestAnswer, call: RestCall, status: number): void {
  expect(answer.status, `${call.method} ${call.path}: ${answer.text.slice(0, 500)}`).toBe(status);
  expect(answer.headers.get('x-correlation-id')).toEqual(call.correlationId ?? expect.stringMatching(uuid));
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+|stacktrace|"stack"/i);
  const contentType = answer.headers.get('content-type');
  if (status === 204) {
    expect(answer.text).toBe('');
    expect(contentType).toBeNull();
  } else if (status < 400) {
    expect(contentType).toMatch(/^application\/json(;|$)/);
  } else {
    expect(contentType).toMatch(/^application\/problem\+json(;|$)/);
    expect(answer.body).toMatchObject({
      type: 'about:blank', title: STATUS_CODES[status], status, instance: call.path, code: errorCodes[status], detail: expect.any(String),
    });
    expect(problemFields).toEqual(expect.arrayContaining(Object.keys(answer.body as object)));
  }
}

/** The refusal names the field: in `details.violations` when the rules ran, else in the coercion message. */
export function expectNamesField(answer: RestAnswer, field: string): void {
  const violations = (answer.body.details?.violations ?? []) as Array<{ field: string }>;
  if (violations.length > 0) expect(violations.map((violation) => violation.field)).toContain(field);
  else expect(answer.body.detail).toContain(`input.${field}`);
}

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A body in the seed's shape: exactly the stored camelCase fields, names for enums, objects for configuration. */
export function expectEntityShape(definition: EntityDefinition, body: Entity): void {
  const fields = Object.keys(definition.fields);
  expect(Object.keys(body).sort()).toEqual(['id', ...fields, 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'].sort());
  expect(body.id).toMatch(uuid);
  for (const stamp of ['createdAt', 'updatedAt']) expect(new Date(body[stamp] as string).toISOString()).toBe(body[stamp]);
  for (const author of ['createdBy', 'updatedBy']) expect(body[author]).toEqual(expect.any(String));
  for (const [field, spec] of Object.entries(definition.fields)) {
    const value: unknown = body[field];
    const label = `${definition.type}.${field} = ${JSON.stringify(value)}`;
    switch (spec.kind) {
      case 'string':
        expect(value === null || typeof value === 'string', label).toBe(true);
        break;
      case 'id':
        expect(value === null || uuid.test(value as string), label).toBe(true);
        break;
      case 'ids':
        expect(Array.isArray(value) && value.every((id) => uuid.test(id as string)), label).toBe(true);
        break;
      case 'enum':
        expect(restEnumValues(field) ?? spec.values, label).toContain(value);
        break;
      case 'boolean':
        expect(typeof value, label).toBe('boolean');
        break;
      case 'keyValues':
        expect(isPlainObject(value) && Object.values(value as object).every((item) => typeof item === 'string'), label).toBe(true);
        break;
    }
  }
}

/** REST-only spellings laid over the GraphQL-valid input: enum names and configuration objects. */
const restExtras: Partial<Record<EntityName, Entity>> = {
  Step: { entryCondition: 'Always' },
  Address: { configuration: { mode: 'append', retries: '3' } },
  Delivery: { configuration: {} },
};

/** A valid create body of the type whose references point into the seeded flow (unique name). */
export const restBody = (type: EntityName, seed: SeededFlow): Entity => ({ ...validInput(type, seed), ...restExtras[type] });

/** The composite-key path of an entity (Address adds `?connectionString=` when asked). */
export function keyPath(type: EntityName, entity: Entity, withConnection = false): string {
  const path = `/api/${type}/composite/${encodeURIComponent(entity.version as string)}/${encodeURIComponent(entity.name as string)}`;
  return withConnection ? `${path}?connectionString=${encodeURIComponent(entity.connectionString as string)}` : path;
}

/** Values each type refuses, naming the field (beyond the common ones below). */
export const badFields: Readonly<Record<EntityName, ReadonlyArray<[string, unknown]>>> = {
  Schema: [['definition', '{not json']],
  Processor: [['implementationHash', 'xyz'], ['outputSchemaId', 'not-a-guid']],
  Step: [['entryCondition', 'Sometimes'], ['entryCondition', 4], ['nextStepIds', ['nope']]],
  Workflow: [['stepIds', []]],
  OrchestratedFlow: [['cronExpression', 'every day'], ['isScheduleEnabled', 'yes']],
  Assignment: [['entityIds', []]],
  Address: [['configuration', { mode: 1 }], ['configuration', ['append']], ['connectionString', '']],
  Delivery: [['payload', '']],
};
export const commonBadFields: ReadonlyArray<[string, unknown]> = [['version', ''], ['name', 5]];

export const keyOf = (type: EntityName, entity: Entity): Entity => Object.fromEntries(definitionOf(type).keyFields.map((field) => [field, entity[field]]));
export const displayKey = (type: EntityName, entity: Entity): string => definitionOf(type).keyFields.map((field) => entity[field] as string).join('_');
