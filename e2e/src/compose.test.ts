import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * docker-compose.yml cannot run here (no Docker); this checks what can go wrong without
 * running it: files it mounts or runs exist, services it names exist, and the app services
 * present the cluster name the Hazelcast member is configured with.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

interface Service {
  command?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  environment?: Record<string, string>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

describe('docker-compose.yml', () => {
  it('should mount only files and folders of the repository that exist', () => {
    const mounts = services.flatMap(([, service]) => (service.volumes ?? []).map((volume) => volume.split(':')[0] as string));
    const bound = mounts.filter((source) => source.startsWith('./'));
    expect(bound.length).toBeGreaterThan(0);
    expect(bound.filter((source) => !existsSync(`${root}/${source}`))).toEqual([]);
  });

  it('should run entry points that exist and depend only on services it defines', () => {
    const scripts = services.flatMap(([, service]) => (service.command ?? []).filter((word) => /^[\w./-]+\.ts$/.test(word)));
    expect(scripts.length).toBeGreaterThan(10);
    expect(scripts.filter((script) => !existsSync(`${root}/${script.replace(/^\.\//, '')}`))).toEqual([]);
    const needed = services.flatMap(([, service]) => (Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {})));
    expect(needed.filter((name) => !compose.services[name])).toEqual([]);
  });

  it('should give the Hazelcast member the configuration it mounts, with the cluster name the clients present', () => {
    const member = compose.services.hazelcast as Service;
    const configPath = /-Dhazelcast\.config=(\S+)/.exec(member.environment?.JAVA_OPTS ?? '')?.[1];
    const mount = (member.volumes ?? []).find((volume) => volume.split(':')[1] === configPath);
    expect(mount).toBeDefined();
    const config = read((mount as string).split(':')[0] as string);
    const clusterName = /<cluster-name>([^<]+)<\/cluster-name>/.exec(config)?.[1];
    const presented = new Set(services.map(([, service]) => service.environment?.HAZELCAST_CLUSTER_NAME).filter(Boolean));
    expect([...presented]).toEqual([clusterName]);
    // The same maps as the development member: bounded heads, no JSON query metadata.
    for (const xml of [config, read('infra/hazelcast/hazelcast.xml')]) {
      expect(xml).toMatch(/<map name="execution-heads">[\s\S]*?<metadata-policy>OFF<\/metadata-policy>[\s\S]*?max-size-policy="USED_HEAP_PERCENTAGE"/);
      expect(xml).toMatch(/<map name="default">\s*<metadata-policy>OFF<\/metadata-policy>/);
    }
  });
});
