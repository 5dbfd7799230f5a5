import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { Environment } from './config.js';
import { AppError, ErrorCode } from './errors.js';
import type { GraphqlLimitsConfig } from './limitsConfig.js';

/** The limit an operation broke, as `extensions.details.limit` names it. */
export type GraphqlLimit = 'depth' | 'cost' | 'aliases' | 'directives' | 'tokens';

/**
 * A refused operation: BAD_USER_INPUT (HTTP 400, as every invalid operation), the library's
 * precise message ("Query depth limit of 15 exceeded, found 50.") without the misleading
 * "Syntax Error: " prefix GraphQL Armor gives it, and the limit with its maximum in details.
 */
export function limitError(limit: GraphqlLimit, maximum: number, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message.replace(/^Syntax Error: /, ''), { details: { limit, maximum } });
}

/** Reports a refusal into the validation context, carrying the AppError for `createFormatError`. */
const reportAs = (limit: GraphqlLimit, maximum: number): GraphQLArmorRejectCallback => (context, error) => {
  const appError = limitError(limit, maximum, error.message);
  context?.reportError(new GraphQLError(appError.message, { originalError: appError, extensions: { code: appError.code } }));
};

const rule = (limit: GraphqlLimit, maximum: number) => ({
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [reportAs(limit, maximum)],
});

/**
 * The token limit is the parser's own (graphql-js `maxTokens`): counted while lexing, before any
 * tree is built. graphql-js 16 words it "more that N tokens"; the corrected wording is accepted too.
 */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/** A parse error of `maxTokens` as the limit refusal, else undefined. */
export function tokenLimitError(message: string): AppError | undefined {
  const match = TOKEN_LIMIT.exec(message);
  return match ? limitError('tokens', Number(match[1]), `Token limit of ${match[1]} exceeded.`) : undefined;
}

export interface GraphqlProtection {
  /** GraphQL Armor's validation rules: depth, cost, aliases, directives (fragments flattened, introspection aside). */
  validationRules: ValidationRule[];
  /** Field suggestions ("Did you mean ...") masked in production. */
  plugins: ApolloServerPlugin[];
  /** `maxTokens` for the parser. */
  parseOptions: { maxTokens: number };
}

/** The operation limits of one GraphQL server (the gateway and every subgraph run the same). */
export function graphqlProtection(limits: Readonly<GraphqlLimitsConfig>, env: Environment): GraphqlProtection {
  const { plugins, validationRules } = new ApolloArmor({
    blockFieldSuggestion: { enabled: env === 'production' },
    // graphql-js counts tokens in the parser (below); Armor's plugin re-parses and throws outside Apollo's error handling.
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...rule('depth', limits.maxDepth) },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...rule('cost', limits.maxCost) },
    maxAliases: { n: limits.maxAliases, ...rule('aliases', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...rule('directives', limits.maxDirectives) },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

/** The Apollo Server options of the limits: rules, plugins, parser options and the APQ cache. */
export function apolloLimitOptions<C extends BaseContext>(limits: Readonly<GraphqlLimitsConfig>, env: Environment) {
  const protection = graphqlProtection(limits, env);
  return {
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    // Automatic Persisted Queries stay on (Apollo's bounded in-memory cache) unless turned off.
    ...(limits.persistedQueries === 'off' ? { persistedQueries: false as const } : {}),
    plugins: protection.plugins,
  } satisfies Partial<ApolloServerOptions<C>>;
}
