import { toAppError, type Metrics } from '@flow/platform';

/** The use cases of an entity service that `manager_operation*` families time, by name. */
export const managerOperations = ['get', 'byKey', 'list', 'create', 'update', 'remove'] as const;
export type ManagerOperation = (typeof managerOperations)[number];

type Operations = { [K in ManagerOperation]: (...args: never[]) => Promise<unknown> };

/**
 * Wraps an entity service's use cases so that each call counts in
 * `manager_operations_total{entity, operation, outcome}` and its time in
 * `manager_operation_duration_seconds` (the seed's entity-operation counters and API
 * performance). `outcome` is `success` or the error code: a small fixed set, never an id.
 */
export function instrumentOperations<S extends Operations>(service: S, entity: string, metrics: Metrics): S {
  const total = metrics.counter('manager_operations_total', 'Entity operations, by entity type, operation and outcome (success or error code)', ['entity', 'operation', 'outcome']);
  const duration = metrics.histogram('manager_operation_duration_seconds', 'Entity operation duration, by entity type, operation and outcome', ['entity', 'operation', 'outcome']);
  const wrapped = { ...service };
  for (const operation of managerOperations) {
    const run = service[operation] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[operation] = async (...args: unknown[]): Promise<unknown> => {
      const end = duration.startTimer({ entity, operation });
      let outcome = 'success';
      try {
        return await run(...args);
      } catch (error) {
        outcome = toAppError(error).code;
        throw error;
      } finally {
        end({ outcome });
        total.inc({ entity, operation, outcome });
      }
    };
  }
  return wrapped;
}
