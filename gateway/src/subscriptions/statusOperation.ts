import { AppError, isAppError, tokenLimitError } from '@flow/platform';
import type { DocumentNode, FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, SelectionNode, ValidationRule, VariableDefinitionNode } from 'graphql';
import { edgeError, graphql } from './graphqlRealm.js';

const { GraphQLError: RealmError, Kind, OperationTypeNode, getOperationAST, parse, print, specifiedRules, validate, visit } = graphql;

/** The operation limits of the gateway, for documents that arrive over the socket. */
export interface OperationLimits {
  /** GraphQL Armor's rules, with the alias budget less the edge's own aliases (META). */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  /** Production: "Did you mean ..." hidden, as Apollo's answers are. */
  maskSuggestions: boolean;
}

/** The one subscription field; its Query twin has the same name and arguments. */
export const STATUS_FIELD = 'orchestrationStatus';
/** Fields the edge adds to the subscriber's selection to order and end the stream; stripped before delivery. */
export const META = { version: '_edgeVersion', status: '_edgeStatus', executionId: '_edgeExecutionId' } as const;
const EXECUTION_VARIABLE = '_edgeExecutionId';

export type Variables = Record<string, unknown>;

/** A validated `orchestrationStatus` subscription, turned into the two queries that serve it. */
export interface StatusOperation {
  flowId: string;
  /** Response key of the root field: its alias, else `orchestrationStatus`. */
  responseKey: string;
  operationName: string | undefined;
  /** The twin, `Query.orchestrationStatus`, with the subscriber's selection: the current state. */
  currentQuery: string;
  /** `Query.execution(id)` with the same selection, under the same key: the state of the run an event names. */
  executionQuery: string;
  executionVariable: string;
  variables: Variables;
  /** Subscribers with equal keys (and credentials) can share one federated query. */
  shareKey: string;
}

export type PreparedOperation =
  | { kind: 'subscription'; document: DocumentNode; operation: StatusOperation }
  | { kind: 'single'; document: DocumentNode; query: string; variables: Variables; operationName: string | undefined }
  | { kind: 'invalid'; errors: readonly GraphQLError[] };

export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Variables | null;
}

/** The codes Apollo Server gives the same failures over HTTP; a limit's refusal keeps its own (BAD_USER_INPUT). */
const withCode = (error: GraphQLError, code: string, limits?: OperationLimits): GraphQLError => {
  const limit = isAppError(error.originalError) ? error.originalError : tokenLimitError(error.message);
  if (limit) return edgeError(limit);
  const message = limits?.maskSuggestions ? error.message.replace(/Did you mean ".+"/g, '[Suggestion hidden]') : error.message;
  return new RealmError(message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
};

const invalid = (...errors: GraphQLError[]): PreparedOperation => ({ kind: 'invalid', errors });

/** Parses and validates a graphql-ws `subscribe` payload against the supergraph's API schema, within the limits. */
export function prepareOperation(schema: GraphQLSchema, request: OperationRequest, limits?: OperationLimits): PreparedOperation {
  let document: DocumentNode;
  try {
    document = parse(request.query, limits ? { maxTokens: limits.maxTokens } : {});
  } catch (error) {
    return invalid(withCode(error instanceof RealmError ? error : new RealmError(String(error)), 'GRAPHQL_PARSE_FAILED'));
  }
  const errors = validate(schema, document, [...specifiedRules, ...(limits?.validationRules ?? [])]);
  if (errors.length > 0) return invalid(...errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED', limits)));
  const operationName = request.operationName ?? undefined;
  const variables = request.variables ?? {};
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}"` : 'Must provide operation name if query contains multiple operations';
    return invalid(withCode(new RealmError(message), 'BAD_USER_INPUT'));
  }
  // Queries and mutations over the socket are answered once, like over HTTP.
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) return { kind: 'single', document, query: request.query, variables, operationName };
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD || root.name.value !== STATUS_FIELD) {
    const message = `A subscription must select ${STATUS_FIELD} directly at its root (no fragment there)`;
    return invalid(withCode(new RealmError(message, { nodes: operation }), 'GRAPHQL_VALIDATION_FAILED'));
  }
  const flowId = argumentValue(root, variables);
  if (flowId === undefined) return invalid(edgeError(AppError.badInput([{ field: 'orchestratedFlowId', constraint: 'type', message: 'orchestratedFlowId must be an ID' }])));
  return { kind: 'subscription', document, operation: buildOperation(document, operation, root, flowId, variables, operationName) };
}

function argumentValue(field: FieldNode, variables: Variables): string | undefined {
  const value = field.arguments?.find((argument) => argument.name.value === 'orchestratedFlowId')?.value;
  if (!value) return undefined;
  const raw: unknown = value.kind === Kind.VARIABLE ? variables[value.name.value] : value.kind === Kind.STRING || value.kind === Kind.INT ? value.value : undefined;
  return typeof raw === 'string' || (typeof raw === 'number' && Number.isInteger(raw)) ? String(raw) : undefined;
}

const field = (name: string, alias?: string, selections?: readonly SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

function buildOperation(
  document: DocumentNode, operation: OperationDefinitionNode, root: FieldNode, flowId: string, variables: Variables, operationName: string | undefined,
): StatusOperation {
  const selections = [
    ...(root.selectionSet?.selections ?? []),
    ...Object.entries(META).map(([name, alias]) => field(name, alias)),
  ];
  const responseKey = root.alias?.value ?? STATUS_FIELD;
  const current: FieldNode = { ...root, selectionSet: { kind: Kind.SELECTION_SET, selections } };
  const byExecution: FieldNode = {
    ...field('execution', responseKey, selections),
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EXECUTION_VARIABLE } } }],
  };
  const asQuery = (rootField: FieldNode, extra: VariableDefinitionNode[] = []): string => {
    const replaced: OperationDefinitionNode = {
      ...operation,
      operation: OperationTypeNode.QUERY,
      variableDefinitions: [...(operation.variableDefinitions ?? []), ...extra],
      selectionSet: { kind: Kind.SELECTION_SET, selections: [rootField] },
    };
    return print(withoutUnusedVariables({ ...document, definitions: document.definitions.map((d) => (d === operation ? replaced : d)) }, replaced));
  };
  const executionVariable: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EXECUTION_VARIABLE } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
  };
  const executionQuery = asQuery(byExecution, [executionVariable]);
  return {
    flowId,
    responseKey,
    operationName,
    currentQuery: asQuery(current),
    executionQuery,
    executionVariable: EXECUTION_VARIABLE,
    variables,
    shareKey: JSON.stringify([executionQuery, operationName ?? null, variables]),
  };
}

/**
 * `execution(id:)` no longer reads the flow id variable; an unused variable would fail validation.
 * Variables used by any fragment count as used (a fragment may be spread here).
 */
function withoutUnusedVariables(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const used = new Set<string>();
  const collect = (node: DocumentNode | OperationDefinitionNode) => visit(node, { Variable: (variable) => void used.add(variable.name.value) });
  collect({ ...operation, variableDefinitions: [] });
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) collect({ kind: Kind.DOCUMENT, definitions: [definition] });
  const pruned = { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => used.has(v.variable.name.value)) };
  return { ...document, definitions: document.definitions.map((definition) => (definition === operation ? pruned : definition)) };
}
