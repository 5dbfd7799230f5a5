import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { ReactNode } from 'react';

const explanations: Record<string, string> = {
  FORBIDDEN: 'Forbidden: your token does not carry a role allowed to do this.',
  UNAUTHENTICATED: 'Not signed in: paste a valid token at the top of the page.',
};

interface Problem {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The GraphQL errors of an answer: in a 200 body, or in the body of a 401/403/4xx the gateway refused. */
function problemsOf(error: ErrorLike): Problem[] {
  if (CombinedGraphQLErrors.is(error)) return [...error.errors];
  if (!ServerError.is(error)) return [];
  try {
    const body = JSON.parse(error.bodyText) as { errors?: Problem[] };
    if (body.errors?.length) return body.errors;
  } catch {
    // not JSON: fall back to the status
  }
  const code = error.statusCode === 401 ? 'UNAUTHENTICATED' : error.statusCode === 403 ? 'FORBIDDEN' : undefined;
  return [{ message: error.message, ...(code ? { extensions: { code } } : {}) }];
}

/** An error answer with its code; FORBIDDEN and UNAUTHENTICATED are explained as such. */
export function ErrorNotice({ error, action }: { error: ErrorLike | undefined; action?: string }) {
  if (!error) return null;
  const graphqlErrors = problemsOf(error);
  const codes = graphqlErrors.map((e) => e.extensions?.['code']).filter((c): c is string => typeof c === 'string');
  const code = codes[0];
  const headline = (code && explanations[code]) ?? `${action ? `${action} failed` : 'Request failed'}${code ? ` (${code})` : ''}`;
  return (
    <div className="notice notice-error" role="alert" data-code={code ?? 'ERROR'}>
      <strong>{headline}</strong>
      <div className="notice-detail">{graphqlErrors.length ? graphqlErrors.map((e) => e.message).join('; ') : error.message}</div>
    </div>
  );
}

/** A page whose object did not load: the error, or "not found" with a way back. */
export function NotLoaded({ error, loading, what, id, back }: { error: ErrorLike | undefined; loading: boolean; what: string; id: string; back: ReactNode }) {
  return (
    <section>
      <ErrorNotice error={error} action={`Loading the ${what}`} />
      {!loading && !error && <p className="empty">No {what} with id <code>{id}</code>. {back}</p>}
    </section>
  );
}
