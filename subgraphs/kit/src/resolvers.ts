import { AppError } from '@flow/platform';
import { GraphQLScalarType, Kind, print } from 'graphql';
import { DATE_TIME_EXAMPLE, isDateTime, type ResolverMap } from '@flow/serving';
import type { EntityService } from './entityService.js';
import { MAX_IDS, MAX_REVERSE, requireGuid } from './fields.js';
import { idsOf } from './integrity.js';
import type { Loaders } from './loaders.js';
import type { EntityRecord, Filter } from './repository.js';

export interface SubgraphContext {
  loaders: Loaders;
  user: string;
}

type Args = Record<string, unknown>;
type Resolver = (parent: EntityRecord, args: Args, context: SubgraphContext) => unknown;

/** An input DateTime: an RFC 3339 string, else BAD_USER_INPUT (as the REST filters answer). */
function dateTimeOf(value: unknown): Date {
  if (isDateTime(value)) return new Date(value);
  throw AppError.badInput([{
    field: 'DateTime', constraint: 'format', message: `DateTime must be an ISO-8601 (RFC 3339) date and time, such as ${DATE_TIME_EXAMPLE} (got ${JSON.stringify(value)?.slice(0, 60)})`,
  }]);
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date and time in UTC',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString()),
  parseValue: dateTimeOf,
  parseLiteral: (ast) => dateTimeOf(ast.kind === Kind.STRING ? ast.value : print(ast)),
});

export const DEFAULT_PAGE_SIZE = 20;

/** A reverse list's `first`: 1..MAX_REVERSE, else BAD_USER_INPUT. */
function reverseLimit(first: unknown): number {
  const value = first ?? MAX_REVERSE;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REVERSE) return value;
  throw AppError.badInput([{ field: 'first', constraint: 'range', message: `first must be between 1 and ${MAX_REVERSE} (got ${JSON.stringify(value)})` }]);
}

function filterIds(ids: readonly unknown[]): string[] {
  if (ids.length > MAX_IDS) {
    throw AppError.badInput([{ field: 'filter.ids', constraint: 'maxItems', message: `filter.ids must hold at most ${MAX_IDS} ids (got ${ids.length})` }]);
  }
  return ids.map((id, index) => requireGuid(id, `filter.ids[${index}]`));
}

/** A GraphQL `XFilter` as a repository filter: plain fields, `ids`, and one id per reference. */
function toFilter(service: EntityService, filter: Args | null | undefined): Filter {
  const { outgoing } = service.definition;
  const out: Record<string, readonly unknown[]> = {};
  for (const [name, value] of Object.entries(filter ?? {})) {
    if (value === undefined || value === null) continue;
    const relation = outgoing.find((candidate) => candidate.filter === name);
    if (name === 'ids') out.id = filterIds(value as unknown[]);
    else if (relation) out[relation.field] = [requireGuid(value, `filter.${name}`)];
    else out[name] = [value];
  }
  return out;
}

/** Forward reference fields: stubs for the owner to resolve, or local loads for own types. */
function forwardResolvers(service: EntityService): Record<string, Resolver> {
  const { definition } = service;
  const resolvers: Record<string, Resolver> = {};
  for (const relation of definition.outgoing) {
    const local = relation.to.length === 1 && relation.to[0] === definition.type;
    resolvers[relation.forward] = async (parent, _args, { loaders }) => {
      const ids = idsOf(parent, relation.field);
      if (local) {
        const rows = await loaders.byId.loadMany(ids);
        const found = rows.filter((row): row is EntityRecord => row !== null && !(row instanceof Error));
        return relation.many ? found : (found[0] ?? null);
      }
      const stubs = ids
        .map((id) => ({ __typename: relation.to.length === 1 ? relation.to[0] : parent.refTypes?.[id], id }))
        .filter((stub) => stub.__typename !== undefined);
      return relation.many ? stubs : (stubs[0] ?? null);
    };
  }
  return resolvers;
}

/** The generic resolvers of one entity manager, derived from its definition. */
export function buildResolvers(service: EntityService): ResolverMap {
  const { definition } = service;
  const { type, single, plural } = definition;
  type FieldResolvers = Exclude<ResolverMap[string], GraphQLScalarType>;
  const own: FieldResolvers = {
    __resolveReference: (ref: { id: string }, { loaders }: SubgraphContext) => loaders.byId.load(ref.id),
    ...forwardResolvers(service),
    ...Object.fromEntries(Object.entries(definition.derived).map(([field, derived]): [string, Resolver] => [field, (parent) => derived.resolve(parent, service)])),
  };
  const map: ResolverMap = {
    DateTime,
    Query: {
      [single]: (_: unknown, { id }: Args) => service.get(id as string),
      [plural]: (_: unknown, { first, after, filter }: Args) =>
        service.list((first as number | null) ?? DEFAULT_PAGE_SIZE, (after as string | null) ?? undefined, toFilter(service, filter as Args)),
      [`${single}ByKey`]: (_: unknown, args: Args) => service.byKey(args),
    },
    Mutation: {
      [`create${type}`]: (_: unknown, { input }: Args, { user }: SubgraphContext) => service.create(input as Args, user),
      [`update${type}`]: (_: unknown, { id, input }: Args, { user }: SubgraphContext) => service.update(id as string, input as Args, user),
      [`delete${type}`]: (_: unknown, { id }: Args) => service.remove(id as string),
    },
    [type]: own,
  };
  for (const relation of definition.outgoing) {
    const reverse: Resolver = async (parent, { first }, { loaders }) => {
      const limit = reverseLimit(first);
      return (await loaders.referrers(relation.reverse).load(parent.id)).slice(0, limit);
    };
    for (const target of relation.to) {
      const resolvers: FieldResolvers = target === type ? own : ((map[target] as FieldResolvers | undefined) ?? { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) });
      resolvers[relation.reverse] = reverse;
      map[target] = resolvers;
    }
    if (relation.union) map[relation.union] = { __resolveType: (stub: { __typename: string }) => stub.__typename };
  }
  return map;
}
