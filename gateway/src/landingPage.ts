import type { ApolloServerPlugin, BaseContext, GraphQLServerListener, LandingPage } from '@apollo/server';

/**
 * A bar on top of the landing page (Apollo Sandbox, which needs Apollo's CDN) that links to
 * what works offline: the console and GraphiQL, both bundled and served by the gateway.
 */
const linksBar = `<nav aria-label="Offline tools" style="font:14px system-ui,sans-serif;display:flex;gap:16px;align-items:center;padding:8px 16px;background:#1b1f24;color:#e6e9ee;position:relative;z-index:10">
<strong>Flow Orchestrator</strong>
<a href="/console" style="color:#9db1ff">Console</a>
<a href="/graphiql" style="color:#9db1ff">GraphiQL (offline)</a>
<span style="color:#9aa4b1">Sandbox below loads from Apollo's CDN.</span>
</nav>`;

export function withOfflineLinks(html: string): string {
  return html.replace(/<body([^>]*)>/i, (body) => `${body}\n${linksBar}`);
}

/** Wraps a landing page plugin (Sandbox) so that its page carries the links bar. */
export function landingPageWithOfflineLinks<T extends BaseContext>(plugin: ApolloServerPlugin<T>): ApolloServerPlugin<T> {
  return {
    ...plugin,
    async serverWillStart(service): Promise<GraphQLServerListener | void> {
      const listener = await plugin.serverWillStart?.(service);
      if (!listener?.renderLandingPage) return listener;
      const render = listener.renderLandingPage.bind(listener);
      return {
        ...listener,
        async renderLandingPage(): Promise<LandingPage> {
          const { html } = await render();
          return { html: typeof html === 'string' ? withOfflineLinks(html) : async () => withOfflineLinks(await html()) };
        },
      };
    },
  };
}
