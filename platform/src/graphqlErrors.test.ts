import { buildSchema, graphql, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from './errors.js';
import { createFormatError, toGraphQLError } from './graphqlErrors.js';

const schema = buildSchema('type Query { fail: String }');
const stacktrace = ['Error: at resolver (/srv/app/resolver.ts:12:3)'];

/**
 * Runs a query whose resolver throws `thrown` and returns what Apollo hands to formatError:
 * the formatted error (with the stack trace Apollo adds in development) and the GraphQLError.
 */
async function failWith(thrown: unknown): Promise<[GraphQLFormattedError, GraphQLError]> {
  const result = await graphql({ schema, source: '{ fail }', rootValue: { fail: () => { throw thrown; } } });
  const error = result.errors?.[0];
  if (!error) throw new Error('the query did not fail');
  const formatted = error.toJSON();
  return [{ ...formatted, extensions: { ...formatted.extensions, stacktrace } }, error];
}

const production = createFormatError({ exposeDetails: false });
const development = createFormatError({ exposeDetails: true });

describe('formatError for AppErrors', () => {
  it('should carry the code, message and details of an AppError', async () => {
    const thrown = new AppError(ErrorCode.CONFLICT, 'Schema s1 is referenced', { details: { referrers: ['p1'] } });
    const formatted = production(...(await failWith(thrown)));
    expect(formatted.message).toBe('Schema s1 is referenced');
    expect(formatted.path).toEqual(['fail']);
    expect(formatted.extensions).toEqual({ code: 'CONFLICT', details: { referrers: ['p1'] } });
  });

  it('should carry the violations of BAD_USER_INPUT', async () => {
    const violations = [{ field: 'name', constraint: 'required', message: 'name is required' }];
    const formatted = production(...(await failWith(AppError.badInput(violations))));
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', details: { violations } });
  });

  it('should keep the message of an INTERNAL_SERVER_ERROR the code raised on purpose', async () => {
    const thrown = new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Execution state is corrupt');
    expect(production(...(await failWith(thrown))).message).toBe('Execution state is corrupt');
  });

  it('should drop the stack trace when details are not exposed, and keep it when they are', async () => {
    const failure = await failWith(new AppError(ErrorCode.NOT_FOUND, 'gone'));
    expect(production(...failure).extensions).not.toHaveProperty('stacktrace');
    expect(development(...failure).extensions?.stacktrace).toEqual(stacktrace);
  });

  it('should recognise an AppError passed directly rather than wrapped', () => {
    const error = new AppError(ErrorCode.NOT_FOUND, 'Step x was not found', { details: { id: 'x' } });
    const formatted = production({ message: 'ignored', extensions: { code: 'SOMETHING' } }, error);
    expect(formatted).toEqual({ message: 'Step x was not found', extensions: { code: 'NOT_FOUND', details: { id: 'x' } } });
  });
});

describe('formatError for unexpected errors', () => {
  it('should hide the message and stack trace of an unexpected error when details are not exposed', async () => {
    const formatted = production(...(await failWith(new Error('connect ECONNREFUSED mongodb://admin:secret@db'))));
    expect(formatted.message).toBe('Internal server error');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(formatted)).not.toContain('secret');
  });

  it('should show the message and stack trace of an unexpected error when details are exposed', async () => {
    const formatted = development(...(await failWith(new Error('connect ECONNREFUSED'))));
    expect(formatted.message).toBe('connect ECONNREFUSED');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', stacktrace });
  });

  it('should keep the message of a coded GraphQL error such as a validation failure', () => {
    const formatted = production(
      { message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace } },
      new GraphQLError('Cannot query field "nope" on type "Query".'),
    );
    expect(formatted).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('should hide a thrown string as well', async () => {
    const formatted = production(...(await failWith('raw string with internals')));
    expect(formatted.message).toBe('Internal server error');
  });
});

describe('toGraphQLError', () => {
  it('should carry the AppError as original error with code and details in extensions', () => {
    const appError = new AppError(ErrorCode.CONFLICT, 'taken', { details: { key: '1_a' } });
    const error = toGraphQLError(appError);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('taken');
    expect(error.originalError).toBe(appError);
    expect(error.extensions).toEqual({ code: 'CONFLICT', details: { key: '1_a' } });
    expect(production(error.toJSON(), error).extensions).toEqual({ code: 'CONFLICT', details: { key: '1_a' } });
  });
});
