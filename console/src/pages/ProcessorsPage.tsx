import { useQuery } from '@apollo/client/react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ProcessorsDocument } from '../generated/graphql.js';
import { when } from '../status.js';

/**
 * `/console/processors`: the registered processors, their versions, implementation hashes,
 * schemas and the steps that use them. Live instances and queue depths are not in the
 * supergraph yet (the orchestrator exports them on its own `/metrics`), so they are not shown.
 */
export function ProcessorsPage() {
  const { data, error, loading } = useQuery(ProcessorsDocument, { fetchPolicy: 'cache-and-network' });
  const processors = data?.processors.nodes ?? [];
  return (
    <section aria-labelledby="processors-title">
      <header className="page-head">
        <h1 id="processors-title">Processors</h1>
        <p className="muted">{data ? `${data.processors.totalCount} registered` : loading ? 'Loading…' : ''}</p>
      </header>
      <ErrorNotice error={error} action="Loading processors" />
      <div className="cards">
        {processors.map((processor) => (
          <article key={processor.id} className="card" data-processor={processor.name}>
            <h2>{processor.name} <span className="chip">v{processor.version}</span></h2>
            {processor.description && <p className="muted">{processor.description}</p>}
            <dl className="facts">
              <dt>Input</dt><dd>{processor.inputSchema ? `${processor.inputSchema.name} ${processor.inputSchema.version}` : '—'}</dd>
              <dt>Output</dt><dd>{processor.outputSchema ? `${processor.outputSchema.name} ${processor.outputSchema.version}` : '—'}</dd>
              <dt>Used by</dt><dd>{processor.steps.length ? `${processor.steps.length} step${processor.steps.length > 1 ? 's' : ''}` : 'no step'}</dd>
              <dt>Hash</dt><dd><code title={processor.implementationHash ?? undefined}>{processor.implementationHash?.slice(0, 12) ?? 'not pinned'}</code></dd>
              <dt>Updated</dt><dd>{when(processor.updatedAt)}</dd>
            </dl>
          </article>
        ))}
      </div>
      <p className="muted small">Live instances and queue depths are exported by the orchestrator on its own <code>/metrics</code>
        (<code>orchestrator_processor_instances</code>, <code>orchestrator_processor_queue_depth</code>); the gateway does not serve them yet.</p>
    </section>
  );
}
