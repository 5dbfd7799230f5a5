import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('one scrape per process', () => {
  it('should serve every included service once per family, each sample with its own service label', async () => {
    const gateway = createMetrics('gateway');
    const manager = createMetrics('manager-step');
    manager.counter('manager_operations_total', 'operations', ['outcome']).inc({ outcome: 'success' });
    gateway.include(manager);
    const text = await gateway.scrape();
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
    expect(text.match(/^# TYPE manager_operations_total counter$/gm)).toHaveLength(1);
    expect(text).toMatch(/^manager_operations_total\{outcome="success",service="manager-step"\} 1$/m);
    const cpu = text.split('\n').filter((line) => line.startsWith('process_cpu_user_seconds_total'));
    expect(cpu.map((line) => /service="([^"]+)"/.exec(line)?.[1])).toEqual(['gateway', 'manager-step']);
    // Every family's samples directly follow its header, as Prometheus requires.
    const order = text.split('\n').filter((line) => line.startsWith('# TYPE')).map((line) => line.split(' ')[2]);
    expect(new Set(order).size).toBe(order.length);
  });

  it('should answer its own registry alone when nothing is included', async () => {
    const processor = createMetrics('processor-EchoProcessor');
    const types = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));
    expect(types(await processor.scrape())).toEqual(types(await processor.registry.metrics()));
  });
});
