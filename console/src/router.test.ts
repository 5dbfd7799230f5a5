import { describe, expect, it } from 'vitest';
import { paths, routeOf } from './router.js';

describe('console routes', () => {
  it('should map every page path, trailing slash or not, and its link back', () => {
    expect(routeOf('/console')).toEqual({ page: 'flows' });
    expect(routeOf('/console/')).toEqual({ page: 'flows' });
    expect(routeOf(paths.flow('a b'))).toEqual({ page: 'flow', id: 'a b' });
    expect(routeOf('/console/executions/')).toEqual({ page: 'executions' });
    expect(routeOf(paths.run('e1'))).toEqual({ page: 'run', id: 'e1' });
    expect(routeOf(paths.processors)).toEqual({ page: 'processors' });
    expect(routeOf('/console/nowhere')).toEqual({ page: 'missing', path: '/nowhere' });
  });
});
