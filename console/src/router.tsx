import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The console lives under `/console`; routes are the path after it. */
export const BASE = '/console';

export type Route =
  | { page: 'flows' }
  | { page: 'flow'; id: string }
  | { page: 'executions' }
  | { page: 'run'; id: string }
  | { page: 'processors' }
  | { page: 'missing'; path: string };

export function routeOf(pathname: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/+$/, '') : pathname;
  const [, first, second] = path.split('/').map(decodeURIComponent);
  if (!first) return { page: 'flows' };
  if (first === 'flows' && second) return { page: 'flow', id: second };
  if (first === 'executions') return second ? { page: 'run', id: second } : { page: 'executions' };
  if (first === 'processors' && !second) return { page: 'processors' };
  return { page: 'missing', path };
}

const listeners = new Set<() => void>();

/** Goes to `href` (a console path) without a reload. */
export function navigate(href: string): void {
  history.pushState(null, '', href);
  listeners.forEach((listener) => listener());
}

/** The current location; re-renders on navigation and on the browser's back and forward. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = (): void => setTick((tick) => tick + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { pathname: location.pathname, search: new URLSearchParams(location.search) };
}

/** An ordinary link (middle click, copy address) that navigates in-app on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}

export const paths = {
  flows: BASE,
  flow: (id: string) => `${BASE}/flows/${encodeURIComponent(id)}`,
  executions: `${BASE}/executions`,
  run: (id: string) => `${BASE}/executions/${encodeURIComponent(id)}`,
  processors: `${BASE}/processors`,
};
