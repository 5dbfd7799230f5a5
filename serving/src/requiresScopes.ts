import { createRequire } from 'node:module';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { AppError, currentContext, ErrorCode } from '@flow/platform';
import type { ConstDirectiveNode, DocumentNode, FragmentDefinitionNode, GraphQLNamedType, GraphQLSchema, OperationDefinitionNode, ValueNode } from 'graphql';

/**
 * The `graphql` instance @apollo/subgraph built the schema with (its CommonJS build, which Node
 * resolves); a test runner would resolve our own import to the ES module build, whose TypeInfo
 * refuses a schema of the other realm.
 */
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Federation's `@requiresScopes(scopes:)`: any one inner list grants access, if every scope in it is held. */
export type Scopes = ReadonlyArray<readonly string[]>;

/** One thing an operation touches that needs scopes: `Mutation.createStep`, or a type such as `Step`. */
export interface Requirement {
  what: string;
  scopes: Scopes;
}

const DIRECTIVE_NAMES = new Set(['requiresScopes', 'federation__requiresScopes']);

function scopesArgument(value: ValueNode): Scopes {
  if (value.kind !== graphql.Kind.LIST) return [];
  return value.values.map((inner) => (inner.kind === graphql.Kind.LIST ? inner.values.flatMap((scope) => (scope.kind === graphql.Kind.STRING ? [scope.value] : [])) : []));
}

function scopesOf(directives: ReadonlyArray<ConstDirectiveNode> | undefined): Scopes | undefined {
  const directive = directives?.find((candidate) => DIRECTIVE_NAMES.has(candidate.name.value));
  const argument = directive?.arguments?.find((arg) => arg.name.value === 'scopes');
  return argument ? scopesArgument(argument.value) : undefined;
}

/** Every `@requiresScopes` of a schema, by type (`Step`) and by field (`Mutation.createStep`), read once. */
interface ScopeTable {
  types: ReadonlyMap<string, Scopes>;
  fields: ReadonlyMap<string, Scopes>;
  roots: ReadonlySet<string>;
}

function scopeTableOf(schema: GraphQLSchema): ScopeTable {
  const types = new Map<string, Scopes>();
  const fields = new Map<string, Scopes>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!graphql.isObjectType(type) && !graphql.isInterfaceType(type)) continue;
    const own = [type.astNode, ...type.extensionASTNodes].map((node) => scopesOf(node?.directives)).find(Boolean);
    if (own) types.set(type.name, own);
    for (const field of Object.values(type.getFields())) {
      const scopes = scopesOf(field.astNode?.directives);
      if (scopes) fields.set(`${type.name}.${field.name}`, scopes);
    }
  }
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => (type ? [type.name] : [])));
  return { types, fields, roots };
}

/**
 * What one operation needs: for each selected field, the scopes of the type it is selected on
 * and of the field itself. A root field that declares none (Federation's own `_entities` and
 * `_service`) needs `defaultRootScopes`: nothing is reachable without a declared or default
 * requirement. Fragments are followed; introspection fields need nothing.
 */
export function requirementsOf(schema: GraphQLSchema, table: ScopeTable, document: DocumentNode, operation: OperationDefinitionNode, defaultRootScopes: Scopes): Requirement[] {
  const found = new Map<string, Scopes>();
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === graphql.Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  const seen = new Set<string>();
  for (let node = pending.pop(); node; node = pending.pop()) {
    const typeInfo = new graphql.TypeInfo(schema);
    graphql.visit(node, graphql.visitWithTypeInfo(typeInfo, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          pending.push(fragment);
        }
      },
      Field(field) {
        const parent: GraphQLNamedType | null | undefined = typeInfo.getParentType();
        if (!parent) return;
        const typeScopes = table.types.get(parent.name);
        if (typeScopes) found.set(parent.name, typeScopes);
        const name = field.name.value;
        const key = `${parent.name}.${name}`;
        const fieldScopes = table.fields.get(key) ?? (table.roots.has(parent.name) && !name.startsWith('__') ? defaultRootScopes : undefined);
        if (fieldScopes) found.set(key, fieldScopes);
      },
    }));
  }
  return [...found].map(([what, scopes]) => ({ what, scopes }));
}

const satisfied = (held: readonly string[], scopes: Scopes): boolean => scopes.some((all) => all.every((scope) => held.includes(scope)));
const describe = (scopes: Scopes): string => scopes.map((all) => all.join(' and ')).join(', ');

/**
 * Enforces the `@requiresScopes` of the subgraph's own schema on every operation, before it
 * runs (so nothing of a refused operation executes): the caller's roles (the request context's,
 * from its token) must satisfy every requirement the operation touches, else the whole
 * operation is refused with FORBIDDEN (HTTP 200, as subgraphs answer errors). One generic
 * enforcement for every subgraph, driven by the SDL: a direct call answers as the gateway does.
 */
export function requiresScopesPlugin(options: { defaultRootScopes: Scopes }): ApolloServerPlugin<BaseContext> {
  const tables = new WeakMap<GraphQLSchema, ScopeTable>();
  /** Requirements by document (Apollo reuses the parsed document of a repeated query) and operation. */
  const cache = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Requirement[]>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation }) {
          // Apollo resolves the operation before this hook; a document without one never gets here.
          if (!operation) return;
          let table = tables.get(schema);
          if (!table) tables.set(schema, (table = scopeTableOf(schema)));
          let byOperation = cache.get(document);
          if (!byOperation) cache.set(document, (byOperation = new Map<OperationDefinitionNode, Requirement[]>()));
          let requirements = byOperation.get(operation);
          if (!requirements) byOperation.set(operation, (requirements = requirementsOf(schema, table, document, operation, options.defaultRootScopes)));
          const held = currentContext()?.roles ?? [];
          const unmet = requirements.find((requirement) => !satisfied(held, requirement.scopes));
          if (!unmet) return;
          const error = new AppError(ErrorCode.FORBIDDEN, `${unmet.what} requires one of the roles ${describe(unmet.scopes)}; the caller has ${held.join(', ') || 'no role'}`, {
            details: { field: unmet.what, requiredScopes: unmet.scopes },
          });
          throw new graphql.GraphQLError(error.message, {
            originalError: error,
            extensions: { code: error.code, details: error.details, http: { status: 200 } },
          });
        },
      };
    },
  };
}
