import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { graphqlProtection, tokenLimitError } from './graphqlLimits.js';

const schema = buildSchema('type Query { node: Node } type Node { next: Node id: ID }');
const { graphql } = loadConfig('gateway', {}).limits;

describe('the GraphQL operation limits', () => {
  it('should refuse with BAD_USER_INPUT, the limit and its maximum, without the "Syntax Error" prefix', () => {
    const { validationRules } = graphqlProtection({ ...graphql, maxDepth: 3 }, 'test');
    const [error] = validate(schema, parse('{ node { next { next { id } } } }'), [...specifiedRules, ...validationRules]);
    expect(error?.message).toBe('Query depth limit of 3 exceeded, found 4.');
    expect(error?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { limit: 'depth', maximum: 3 } });
  });

  it('should admit what stays within every limit', () => {
    const { validationRules } = graphqlProtection(graphql, 'production');
    expect(validate(schema, parse('{ a: node { next { id } } b: node { id } }'), [...specifiedRules, ...validationRules])).toEqual([]);
  });

  it('should read the parser token refusal as the token limit', () => {
    let message = '';
    try {
      parse('{ a b c d }', { maxTokens: 3 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(tokenLimitError(message)).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Token limit of 3 exceeded.', details: { limit: 'tokens', maximum: 3 } });
    expect(tokenLimitError('Syntax Error: Expected Name, found <EOF>.')).toBeUndefined();
  });

  it('should mask field suggestions in production only', () => {
    expect(graphqlProtection(graphql, 'production').plugins).toHaveLength(1);
    expect(graphqlProtection(graphql, 'development').plugins).toHaveLength(0);
  });
});
