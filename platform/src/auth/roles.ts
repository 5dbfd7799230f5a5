/**
 * The roles of DESIGN.md section 13, carried in a token's `roles` claim, and the narrow roles of
 * the platform's own services. A requirement is a list of roles of which any one grants access;
 * the SDL states it as Federation's `@requiresScopes(scopes: [["viewer"], ["admin"], ...])`.
 */
export const Role = {
  /** Reads every entity and run; subscribes to run status. */
  VIEWER: 'viewer',
  /** viewer + start, stop and every run control. */
  OPERATOR: 'operator',
  /** viewer + entity create, update and delete (processors excepted). */
  EDITOR: 'editor',
  /** Everything, processor registration and dead letters included. */
  ADMIN: 'admin',
  /** A processor's service role: registering its schemas and itself, and answering its own commands. */
  PROCESSOR: 'processor',
  /** The orchestrator's service role beside viewer: turning a stopped flow's schedule off. */
  SCHEDULER: 'scheduler',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

/** Any of these reads: every query and subscription. */
export const READ_ROLES: readonly Role[] = Object.freeze([Role.VIEWER, Role.OPERATOR, Role.EDITOR, Role.ADMIN]);
/** Any of these starts, stops and controls runs. */
export const OPERATE_ROLES: readonly Role[] = Object.freeze([Role.OPERATOR, Role.ADMIN]);
/** Any of these writes entities. */
export const EDIT_ROLES: readonly Role[] = Object.freeze([Role.EDITOR, Role.ADMIN]);
export const ADMIN_ROLES: readonly Role[] = Object.freeze([Role.ADMIN]);

/** Whether `held` grants one of `anyOf`. */
export function grants(held: readonly string[], anyOf: readonly string[]): boolean {
  return anyOf.some((role) => held.includes(role));
}
