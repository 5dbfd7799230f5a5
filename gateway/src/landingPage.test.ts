import { describe, expect, it } from 'vitest';
import { withOfflineLinks } from './landingPage.js';

describe('the landing page links', () => {
  it('should put links to /console and /graphiql at the top of the body, keeping the page', () => {
    const page = '<!DOCTYPE html><html><head><title>Sandbox</title></head><body class="x"><div id="embeddableSandbox"></div></body></html>';
    const linked = withOfflineLinks(page);
    expect(linked).toMatch(/<body class="x">\s*<nav aria-label="Offline tools"/);
    expect(linked).toContain('href="/console"');
    expect(linked).toContain('href="/graphiql"');
    expect(linked).toContain('<div id="embeddableSandbox"></div>');
  });
});
