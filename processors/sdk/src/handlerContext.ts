import type { Logger } from '@flow/platform';
import type { AssignedEntity, Json } from '@flow/protocol';

/** A JSON Schema (draft 2020-12) document; registered as the JSON text of a Schema entity. */
export type JsonSchema = { [keyword: string]: Json };

/** One entity assigned to the step, with its payload parsed (undefined when it has none). */
export interface ProcessorEntity {
  type: AssignedEntity['type'];
  /** The entity's fields as the command carries them (id, name, connectionString, ...). */
  entity: Readonly<Record<string, Json>>;
  payload: Json | undefined;
}

/** What a handler gets for one command. */
export interface HandlerContext<TInput = Json> {
  /** The step input, valid against `inputSchema`. */
  input: TInput;
  /** The step's assigned entities, each payload valid against its schema. */
  entities: readonly ProcessorEntity[];
  /** 1 on the first attempt of the step; retries count up. */
  attempt: number;
  commandId: string;
  executionId: string;
  orchestratedFlowId: string;
  stepId: string;
  /** Aborted when the command's deadline passes or the processor shuts down: stop early. */
  signal: AbortSignal;
  /** Logs with the command's ids and correlation id. */
  logger: Logger;
  /**
   * Tells the orchestrator the attempt is alive: its deadline (and this command's) moves to a
   * full step timeout from now. Call it during long work, more often than the step's timeout;
   * calls closer together than a quarter of that timeout (or than a second) send nothing. Resolves once the sign of life is published (confirmed by the broker).
   */
  heartbeat: () => Promise<void>;
}
