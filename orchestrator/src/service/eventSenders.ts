import { AppError, ErrorCode, isAppError, Role, type Authenticator, type Headers, type Principal } from '@flow/platform';
import type { FederationClient } from '@flow/kit';
import { SENDER_HEADER } from '@flow/protocol';

/**
 * Who may answer for a processor (docs/protocol.md, "Senders"): with authentication on, an
 * event on `orchestrator.events` must carry the service token of the processor it names.
 */
export interface EventSenders {
  /** The event's sender, from its SENDER_HEADER; throws a non-retryable UNAUTHENTICATED / FORBIDDEN AppError. */
  authenticate(headers: Headers): Promise<Principal>;
  /** Throws a non-retryable FORBIDDEN AppError unless `sender` is the processor `processorId` names. */
  authorize(sender: Principal, processorId: string): Promise<void>;
}

export interface EventSendersOptions {
  authenticator: Authenticator;
  /** Reads Processor names as the orchestrator itself. */
  federation: FederationClient;
  /** How long a processor's name is remembered. Default 60 s. */
  nameTtlMs?: number;
  now?: () => number;
}

const refused = (code: ErrorCode, message: string): AppError => new AppError(code, message, { retryable: false });

/**
 * Verifies event senders. A token that is missing, invalid, expired or not a processor's is
 * refused before the event is even read; one naming another processor than the event's is
 * refused once it is. Refusals are not retryable: the bus dead-letters the event at once and
 * nothing of it is applied. An unreachable JWKS or Processor manager is retryable.
 */
export function createEventSenders({ authenticator, federation, nameTtlMs = 60_000, now = Date.now }: EventSendersOptions): EventSenders {
  const names = new Map<string, { name: string | null; at: number }>();

  async function nameOf(processorId: string): Promise<string | null> {
    const known = names.get(processorId);
    if (known && now() - known.at < nameTtlMs) return known.name;
    const found = (await federation.entities('Processor', [processorId], 'name')).get(processorId);
    const name = typeof found?.name === 'string' ? found.name : null;
    if (names.size >= 10_000) names.delete(names.keys().next().value as string);
    names.set(processorId, { name, at: now() });
    return name;
  }

  return {
    async authenticate(headers) {
      let sender: Principal;
      try {
        sender = await authenticator.authenticate(headers[SENDER_HEADER]);
      } catch (error) {
        if (isAppError(error) && error.code === ErrorCode.UNAUTHENTICATED) throw refused(ErrorCode.UNAUTHENTICATED, `Event sender: ${error.message}`);
        throw error;
      }
      if (!sender.roles.includes(Role.PROCESSOR) || sender.processor === undefined) {
        throw refused(ErrorCode.FORBIDDEN, `Event sender ${sender.user} is not a processor (a processor's token has role processor and claim processor)`);
      }
      return sender;
    },
    async authorize(sender, processorId) {
      const name = await nameOf(processorId);
      if (name === null) throw refused(ErrorCode.FORBIDDEN, `Event names processor ${processorId}, which does not exist`);
      if (name !== sender.processor) {
        throw refused(ErrorCode.FORBIDDEN, `Event sender ${sender.user} may answer for processor ${sender.processor} only, not for ${name} (${processorId})`);
      }
    },
  };
}
