import { useQuery } from '@apollo/client/react';
import { DeadLetters } from '../components/DeadLetters.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ProcessorsDocument, type ProcessorsQuery } from '../generated/graphql.js';
import { when } from '../status.js';

type Processor = ProcessorsQuery['processors']['nodes'][number];

/** How often the page reads instances and queues again (heartbeats are written every few seconds). */
const POLL_MS = 3000;

/** The time of day of a heartbeat (its date is today: older heartbeats have expired). */
const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'medium' });

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Whether anybody is working: a symbol and a word with the colour. A queue with work and no
 * instance is what an operator must see first, so it reads as a fault.
 */
function Liveness({ processor }: { processor: Processor }) {
  const { instances, queueDepth } = processor;
  if (!instances) return <span className="badge tone-warn" data-live="unknown"><span aria-hidden="true" className="badge-symbol">?</span>Instances unknown</span>;
  if (instances.length > 0) {
    return <span className="badge tone-good" data-live={instances.length}><span aria-hidden="true" className="badge-symbol">●</span>{plural(instances.length, 'instance')} live</span>;
  }
  const stuck = (queueDepth ?? 0) > 0;
  return (
    <span className={`badge tone-${stuck ? 'bad' : 'idle'}`} data-live="0">
      <span aria-hidden="true" className="badge-symbol">{stuck ? '✕' : '○'}</span>{stuck ? 'No instance, work waiting' : 'No live instance'}
    </span>
  );
}

const depthText = (depth: number | null | undefined): string => (depth === null || depth === undefined ? 'unknown' : String(depth));

/** One processor: what it is, who runs it now and what waits for it. */
function ProcessorCard({ processor }: { processor: Processor }) {
  const instances = processor.instances ?? [];
  return (
    <article className="card" data-processor={processor.name}>
      <h2>{processor.name} <span className="chip">v{processor.version}</span></h2>
      <p><Liveness processor={processor} /></p>
      {processor.description && <p className="muted">{processor.description}</p>}
      <dl className="facts">
        <dt>Queue</dt><dd data-testid="queue-depth">{depthText(processor.queueDepth)} waiting</dd>
        <dt>Dead letters</dt>
        <dd data-testid="dead-letters" className={(processor.deadLetterDepth ?? 0) > 0 ? 'field-error' : undefined}>{depthText(processor.deadLetterDepth)}</dd>
        <dt>Input</dt><dd>{processor.inputSchema ? `${processor.inputSchema.name} ${processor.inputSchema.version}` : '—'}</dd>
        <dt>Output</dt><dd>{processor.outputSchema ? `${processor.outputSchema.name} ${processor.outputSchema.version}` : '—'}</dd>
        <dt>Used by</dt><dd>{processor.steps.length ? plural(processor.steps.length, 'step') : 'no step'}</dd>
        <dt>Hash</dt><dd><code title={processor.implementationHash ?? undefined}>{processor.implementationHash?.slice(0, 12) ?? 'not pinned'}</code></dd>
        <dt>Updated</dt><dd>{when(processor.updatedAt)}</dd>
      </dl>
      {(processor.deadLetterDepth ?? 0) > 0 && <DeadLetters queue={`processor.${processor.id}`} count={processor.deadLetterDepth ?? 0} />}
      {instances.length > 0 && (
        <div className="instances-wrap">
          <table className="table instances">
            <caption className="sr-only">Live instances of {processor.name}</caption>
            <thead><tr><th scope="col">Instance</th><th scope="col">Version</th><th scope="col">In flight</th><th scope="col">Seen</th></tr></thead>
            <tbody>
              {instances.map((instance) => (
                <tr key={instance.instanceId} data-instance={instance.instanceId}>
                  <td data-label="Instance"><code>{instance.instanceId}</code></td>
                  <td data-label="Version">{instance.version}</td>
                  <td data-label="In flight">{instance.inFlight}</td>
                  <td data-label="Seen"><time dateTime={instance.lastSeenAt} title={when(instance.lastSeenAt)}>{clock(instance.lastSeenAt)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/**
 * `/console/processors`: the registered processors with their live instances (from their
 * heartbeats), the commands waiting in their queues and their dead letters, read again every
 * few seconds; versions, implementation hashes, schemas and the steps that use them.
 */
export function ProcessorsPage() {
  // errorPolicy all: when the orchestrator cannot answer, the registered processors still show, their activity "unknown".
  const { data, error, loading } = useQuery(ProcessorsDocument, { fetchPolicy: 'cache-and-network', pollInterval: POLL_MS, errorPolicy: 'all' });
  const processors = data?.processors.nodes ?? [];
  const live = processors.reduce((sum, processor) => sum + (processor.instances?.length ?? 0), 0);
  return (
    <section aria-labelledby="processors-title">
      <header className="page-head">
        <h1 id="processors-title">Processors</h1>
        <p className="muted" aria-live="polite">{data ? `${data.processors.totalCount} registered, ${plural(live, 'live instance')}` : loading ? 'Loading…' : ''}</p>
      </header>
      <ErrorNotice error={error} action="Loading processors" />
      <div className="cards">
        {processors.map((processor) => <ProcessorCard key={processor.id} processor={processor} />)}
      </div>
    </section>
  );
}
