import { readFileSync } from 'node:fs';
import { Kind, parse, print, visit, type ConstDirectiveNode } from 'graphql';

const SCOPES_SPEC = 'https://specs.apollo.dev/requiresScopes/';

const linksScopes = (directive: ConstDirectiveNode): boolean =>
  directive.name.value === 'link' && directive.arguments?.some((arg) => arg.name.value === 'url' && arg.value.kind === Kind.STRING && arg.value.value.startsWith(SCOPES_SPEC)) === true;

/**
 * The supergraph as this gateway loads it: without the `requiresScopes` feature. @apollo/gateway
 * refuses a supergraph linking a security feature it does not enforce itself; here the
 * subgraph that owns each field enforces its `@requiresScopes` (DESIGN.md section 13,
 * serving/src/requiresScopes.ts), so the gateway forwards every operation with the caller's
 * token and passes the owner's FORBIDDEN on. The checked-in file keeps the directives, as
 * composed: it documents the access rules, and a router that enforces them may load it as is.
 */
export function gatewaySupergraphSdl(supergraphSdl: string): string {
  const document = visit(parse(supergraphSdl), {
    SchemaDefinition: (node) => ({ ...node, directives: node.directives?.filter((directive) => !linksScopes(directive)) }),
    DirectiveDefinition: (node) => (node.name.value === 'requiresScopes' ? null : undefined),
    ScalarTypeDefinition: (node) => (node.name.value.startsWith('requiresScopes__') ? null : undefined),
    Directive: (node) => (node.name.value === 'requiresScopes' ? null : undefined),
  });
  return print(document);
}

/** The composed supergraph checked in at `schema/supergraph.graphql` (no runtime composition), as the gateway loads it. */
export function readSupergraphSdl(): string {
  return gatewaySupergraphSdl(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
}
