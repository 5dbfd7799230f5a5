import { useState } from 'react';
import { ExecutionsPage } from './pages/ExecutionsPage.js';
import { FlowPage } from './pages/FlowPage.js';
import { FlowsPage } from './pages/FlowsPage.js';
import { ProcessorsPage } from './pages/ProcessorsPage.js';
import { RunPage } from './pages/RunPage.js';
import { Link, paths, routeOf, useLocation, type Route } from './router.js';
import { readToken, saveToken } from './token.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'flows': return <FlowsPage />;
    case 'flow': return <FlowPage key={route.id} id={route.id} />;
    case 'executions': return <ExecutionsPage />;
    case 'run': return <RunPage key={route.id} id={route.id} />;
    case 'processors': return <ProcessorsPage />;
    case 'missing': return <p className="empty">No page at <code>{route.path}</code>. <Link href={paths.flows}>Flows</Link></p>;
  }
}

/** The token field: kept in session storage, sent on HTTP and in the WebSocket's connectionParams. */
function TokenField({ onChange }: { onChange: () => void }) {
  const [value, setValue] = useState(readToken() ?? '');
  const [saved, setSaved] = useState(Boolean(readToken()));
  return (
    <form className="token" onSubmit={(event) => { event.preventDefault(); saveToken(value); setSaved(Boolean(value.trim())); onChange(); }}>
      <label htmlFor="token" className="sr-only">Bearer token</label>
      <input id="token" type="password" autoComplete="off" placeholder="Bearer token (if required)" value={value} onChange={(event) => setValue(event.target.value)} />
      <button type="submit" className="button ghost">{saved ? 'Update' : 'Use token'}</button>
    </form>
  );
}

const sections: ReadonlyArray<[string, string, Route['page'][]]> = [
  ['Flows', paths.flows, ['flows', 'flow']],
  ['Runs', paths.executions, ['executions', 'run']],
  ['Processors', paths.processors, ['processors']],
];

/** The shell: navigation, token, the page of the current route. */
export function App({ onToken }: { onToken: () => void }) {
  const { pathname } = useLocation();
  const route = routeOf(pathname);
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link href={paths.flows} className="brand"><span aria-hidden="true">⬡</span> Flow Orchestrator</Link>
        <nav aria-label="Sections">
          {sections.map(([label, href, pages]) => (
            <Link key={href} href={href} aria-current={pages.includes(route.page) ? 'page' : undefined}>{label}</Link>
          ))}
          <a href="/graphiql">GraphiQL</a>
        </nav>
        <TokenField onChange={onToken} />
      </header>
      <main id="main" tabIndex={-1}><Page route={route} /></main>
    </>
  );
}
