import { statusLook, type AnyStatus } from '../status.js';

/** A status as symbol + word + colour; `data-status` carries the raw value for tests and styles. */
export function StatusBadge({ status, testId }: { status: AnyStatus; testId?: string }) {
  const look = statusLook[status];
  return (
    <span className={`badge tone-${look.tone}`} data-status={status} data-testid={testId}>
      <span aria-hidden="true" className="badge-symbol">{look.symbol}</span>
      {look.label}
    </span>
  );
}
