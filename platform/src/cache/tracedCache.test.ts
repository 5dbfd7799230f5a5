import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startTelemetry } from '../telemetry/index.js';
import { describeCacheContract } from './cacheContract.js';
import { createMemoryCache, createMemoryCacheCluster } from './memoryCache.js';
import { tracedCache } from './tracedCache.js';

const exporter = new InMemorySpanExporter();
const telemetry = await startTelemetry(loadConfig('worker', {}).telemetry, { spanProcessors: [new SimpleSpanProcessor(exporter)] });
afterAll(() => telemetry.shutdown());

const cluster = createMemoryCacheCluster();
describeCacheContract('traced memory', () => tracedCache(createMemoryCache(Date.now, cluster), { system: 'memory' }));

describe('tracedCache', () => {
  it('should record a CLIENT span per operation with the map, the key and whether a read hit, never the value', async () => {
    exporter.reset();
    const cache = tracedCache(createMemoryCache(Date.now, cluster), { system: 'memory' });
    const map = cache.map<{ secret: string }>('traced-map');
    await map.set('k1', { secret: 'value-never-recorded' });
    await map.get('k1');
    await map.get('missing');
    const release = await cache.tryLock('traced-locks', 'k1', 1_000);
    await release?.();
    const spans = exporter.getFinishedSpans().filter((span) => span.attributes['flow.cache.map'] === 'traced-map' || span.attributes['flow.cache.lock'] === 'traced-locks');
    expect(spans.map((span) => [span.name, span.attributes['flow.cache.key'], span.attributes['flow.cache.hit'] ?? span.attributes['flow.cache.acquired']])).toEqual([
      ['cache.set', 'k1', undefined], ['cache.get', 'k1', true], ['cache.get', 'missing', false], ['cache.lock', 'k1', true],
    ]);
    expect(spans.every((span) => span.kind === SpanKind.CLIENT && span.attributes['db.system.name'] === 'memory')).toBe(true);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('value-never-recorded');
    await cache.close();
  });
});
