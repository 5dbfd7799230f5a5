import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, subgraphNames, type ServiceName } from './config.js';

// The port table of DESIGN.md section 3, written out again on purpose: the test guards the contract,
// so it must not be derived from the code it checks.
const designPorts: Record<Exclude<ServiceName, 'worker'>, number> = {
  gateway: 4000,
  step: 5000,
  assignment: 5010,
  workflow: 5030,
  'orchestrated-flow': 5040,
  orchestrator: 5070,
  schema: 5100,
  address: 5120,
  delivery: 5130,
  processor: 5140,
};

describe('a worker (a process running a processor)', () => {
  it('should listen on PORT, else on a free port', () => {
    expect(loadConfig('worker', {}).port).toBe(0);
    expect(loadConfig('worker', { PORT: '5200' }).port).toBe(5200);
  });
});

/** The problems a ConfigError lists for `env`, or fails the test when the env is accepted. */
function problemsOf(env: Record<string, string>, service: ServiceName = 'gateway'): string[] {
  try {
    loadConfig(service, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  it.each(Object.entries(designPorts))('should give %s its DESIGN.md port %i when PORT is unset', (service, port) => {
    expect(loadConfig(service as ServiceName, {}).port).toBe(port);
  });

  it('should point every subgraph URL at loopback on its own port', () => {
    const { subgraphUrls } = loadConfig('gateway', {});
    expect(Object.keys(subgraphUrls).sort()).toEqual(
      ['address', 'assignment', 'delivery', 'orchestrated-flow', 'orchestrator', 'processor', 'schema', 'step', 'workflow'],
    );
    for (const name of subgraphNames) {
      expect(subgraphUrls[name]).toBe(`http://127.0.0.1:${designPorts[name]}/graphql`);
    }
  });

  it('should default to development, info logs, loopback, embedded backends and a 1 MiB body limit', () => {
    const config = loadConfig('schema', {});
    expect(config).toMatchObject({
      service: 'schema',
      env: 'development',
      logLevel: 'info',
      host: '127.0.0.1',
      hazelcastClusterName: 'flow-orchestrator',
      bodyLimitBytes: 1024 * 1024,
      subgraphTimeoutMs: 10_000,
      subgraphMaxPending: 1_000,
      rabbitmqQueueType: 'quorum',
      criticalSubgraphs: [],
    });
    expect(config.mongodbUri).toBeUndefined();
    expect(config.rabbitmqUrl).toBeUndefined();
    expect(config.hazelcastAddresses).toBeUndefined();
  });

  it('should treat blank variables as unset', () => {
    const config = loadConfig('step', { PORT: '  ', NODE_ENV: '', MONGODB_URI: ' ' });
    expect(config.port).toBe(5000);
    expect(config.env).toBe('development');
    expect(config.mongodbUri).toBeUndefined();
  });
});

describe('loadConfig overrides', () => {
  it('should take every variable that is set and valid', () => {
    const config = loadConfig('gateway', {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '0.0.0.0',
      PORT: '8080',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/flow',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      HAZELCAST_ADDRESSES: '127.0.0.1:5701, hz-2.internal:5702',
      HAZELCAST_CLUSTER_NAME: 'prod',
      BODY_LIMIT_BYTES: '2048',
      SUBGRAPH_TIMEOUT_MS: '500',
      SUBGRAPH_MAX_PENDING: '32',
      RABBITMQ_QUEUE_TYPE: 'classic',
      GATEWAY_CRITICAL_SUBGRAPHS: 'orchestrator, step,orchestrator',
      SUBGRAPH_ORCHESTRATED_FLOW_URL: 'https://flows.internal/graphql',
    });
    expect(config).toMatchObject({
      env: 'production',
      logLevel: 'warn',
      host: '0.0.0.0',
      port: 8080,
      mongodbUri: 'mongodb://127.0.0.1:27017/flow',
      rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672',
      hazelcastAddresses: ['127.0.0.1:5701', 'hz-2.internal:5702'],
      hazelcastClusterName: 'prod',
      bodyLimitBytes: 2048,
      subgraphTimeoutMs: 500,
      subgraphMaxPending: 32,
      rabbitmqQueueType: 'classic',
      criticalSubgraphs: ['orchestrator', 'step'],
    });
    expect(config.subgraphUrls['orchestrated-flow']).toBe('https://flows.internal/graphql');
    expect(config.subgraphUrls.step).toBe('http://127.0.0.1:5000/graphql');
  });

  it('should accept PORT 0 (any free port) and the mongodb+srv scheme', () => {
    const config = loadConfig('step', { PORT: '0', MONGODB_URI: 'mongodb+srv://cluster.example.com/flow' });
    expect(config.port).toBe(0);
    expect(config.mongodbUri).toBe('mongodb+srv://cluster.example.com/flow');
  });
});

describe('loadConfig validation', () => {
  it.each(['65536', '-1', '80.5', 'http', '1e3x'])('should refuse PORT=%s naming PORT', (value) => {
    const [problem, ...rest] = problemsOf({ PORT: value });
    expect(rest).toEqual([]);
    expect(problem).toContain('PORT');
    expect(problem).toContain(value);
  });

  it('should refuse an unknown NODE_ENV, listing the allowed ones', () => {
    expect(problemsOf({ NODE_ENV: 'staging' })).toEqual([
      'NODE_ENV must be one of development, production, test (got "staging")',
    ]);
  });

  it('should refuse an unknown LOG_LEVEL naming it', () => {
    expect(problemsOf({ LOG_LEVEL: 'verbose' })[0]).toMatch(/^LOG_LEVEL must be one of .*verbose/);
  });

  it.each(['http://127.0.0.1:27017/flow', 'postgres://db/flow'])('should refuse MONGODB_URI with the scheme of %s', (value) => {
    const [problem] = problemsOf({ MONGODB_URI: value });
    expect(problem).toMatch(/^MONGODB_URI must be a mongodb: or mongodb\+srv: URL/);
  });

  it('should refuse a MONGODB_URI that is not a URL at all', () => {
    expect(problemsOf({ MONGODB_URI: 'localhost:27017' })[0]).toMatch(/^MONGODB_URI must be a/);
    expect(problemsOf({ MONGODB_URI: 'not a url' })[0]).toBe('MONGODB_URI must be a mongodb: or mongodb+srv: URL; it does not parse as a URL (not shown, it may hold a secret)');
  });

  it('should refuse a RABBITMQ_URL that is not amqp', () => {
    expect(problemsOf({ RABBITMQ_URL: 'http://127.0.0.1:5672' })[0]).toMatch(/^RABBITMQ_URL must be a amqp: or amqps: URL/);
  });

  it('should refuse a subgraph URL that is not http, naming its variable', () => {
    expect(problemsOf({ SUBGRAPH_STEP_URL: 'ftp://127.0.0.1/graphql' })[0]).toMatch(/^SUBGRAPH_STEP_URL must be a http: or https: URL/);
  });

  it.each(['127.0.0.1', '127.0.0.1:', 'a:5701,b', 'host:port', ',', 'bad host:5701'])(
    'should refuse HAZELCAST_ADDRESSES=%j naming the variable',
    (value) => {
      const [problem] = problemsOf({ HAZELCAST_ADDRESSES: value });
      expect(problem).toMatch(/^HAZELCAST_ADDRESSES must be a comma-separated list of host:port/);
    },
  );

  it('should name the bad entries of HAZELCAST_ADDRESSES', () => {
    expect(problemsOf({ HAZELCAST_ADDRESSES: 'a:5701,b,c:x' })[0]).toContain('bad: "b, c:x"');
  });

  it('should name the subgraphs of GATEWAY_CRITICAL_SUBGRAPHS that do not exist, and RABBITMQ_QUEUE_TYPE values it does not know', () => {
    expect(problemsOf({ GATEWAY_CRITICAL_SUBGRAPHS: 'step, steps,gateway' })).toEqual([
      'GATEWAY_CRITICAL_SUBGRAPHS must be a comma-separated list of step, assignment, workflow, orchestrated-flow, orchestrator, schema, address, delivery, processor (bad: "steps, gateway")',
    ]);
    expect(problemsOf({ RABBITMQ_QUEUE_TYPE: 'stream' })).toEqual(['RABBITMQ_QUEUE_TYPE must be one of quorum, classic (got "stream")']);
  });

  it('should refuse a Hazelcast address whose port is out of range', () => {
    expect(problemsOf({ HAZELCAST_ADDRESSES: '127.0.0.1:99999' })[0]).toMatch(/^HAZELCAST_ADDRESSES/);
  });

  it.each(['100', '1023', String(64 * 1024 * 1024 + 1), '1mb', '0'])('should refuse BODY_LIMIT_BYTES=%s', (value) => {
    expect(problemsOf({ BODY_LIMIT_BYTES: value })[0]).toBe(
      `BODY_LIMIT_BYTES must be an integer between 1024 and ${64 * 1024 * 1024} (got "${value}")`,
    );
  });

  it('should read ALLOWED_HOSTS as lower-case host names with optional ports, frozen; unset means any host', () => {
    expect(loadConfig('gateway', {}).allowedHosts).toBeUndefined();
    const config = loadConfig('gateway', { ALLOWED_HOSTS: ' Flow.Example.com, localhost:4000,[::1]:4000,10.0.0.7 ' });
    expect(config.allowedHosts).toEqual(['flow.example.com', 'localhost:4000', '[::1]:4000', '10.0.0.7', '127.0.0.1']);
    expect(Object.isFrozen(config.allowedHosts)).toBe(true);
  });

  it('should add the host names of the subgraph and gateway URLs to ALLOWED_HOSTS, so internal calls pass', () => {
    const config = loadConfig('step', {
      ALLOWED_HOSTS: 'flow.example.com',
      SUBGRAPH_STEP_URL: 'http://manager-step:5000/graphql',
      SUBGRAPH_ORCHESTRATOR_URL: 'http://Orchestrator:5070/graphql',
      GATEWAY_URL: 'http://gateway:4000/graphql',
    });
    expect(config.allowedHosts).toEqual(['flow.example.com', 'manager-step', '127.0.0.1', 'orchestrator', 'gateway']);
  });

  it.each(['https://flow.example.com', 'flow.example.com:0', 'flow.example.com:99999', 'a b', '*.example.com', ',', 'host/path'])(
    'should refuse ALLOWED_HOSTS=%s naming ALLOWED_HOSTS',
    (value) => {
      expect(problemsOf({ ALLOWED_HOSTS: value })[0]).toMatch(/^ALLOWED_HOSTS must be a comma-separated list of host names/);
    },
  );

  it('should refuse SUBGRAPH_TIMEOUT_MS outside 100..300000', () => {
    expect(problemsOf({ SUBGRAPH_TIMEOUT_MS: '99' })[0]).toMatch(/^SUBGRAPH_TIMEOUT_MS must be an integer/);
  });

  it('should read ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS, 24 h by default, and refuse it outside 1 s..30 days', () => {
    expect(loadConfig('orchestrator', {}).orchestration.idempotencyWindowMs).toBe(86_400_000);
    expect(loadConfig('orchestrator', { ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS: '60000' }).orchestration.idempotencyWindowMs).toBe(60_000);
    expect(problemsOf({ ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS: '999' })[0]).toMatch(/^ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS must be an integer/);
    expect(problemsOf({ ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS: String(30 * 86_400_000 + 1) })[0]).toMatch(/^ORCHESTRATOR_IDEMPOTENCY_WINDOW_MS must be an integer/);
  });

  it('should report every bad variable at once, in one error message', () => {
    const env = { PORT: '70000', NODE_ENV: 'prod', MONGODB_URI: 'http://x', HAZELCAST_ADDRESSES: 'nope', BODY_LIMIT_BYTES: '-5' };
    const problems = problemsOf(env);
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual(
      ['BODY_LIMIT_BYTES', 'HAZELCAST_ADDRESSES', 'MONGODB_URI', 'NODE_ENV', 'PORT'],
    );
    expect(() => loadConfig('gateway', env)).toThrow(/^Invalid configuration:\n {2}- /);
    try {
      loadConfig('gateway', env);
    } catch (error) {
      for (const problem of problems) expect((error as Error).message).toContain(problem);
    }
  });
});

describe('loadConfig result', () => {
  it('should be frozen, down to the subgraph URLs', () => {
    const config = loadConfig('gateway', {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.subgraphUrls)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('should freeze the Hazelcast address list too', () => {
    const config = loadConfig('gateway', { HAZELCAST_ADDRESSES: '127.0.0.1:5701' });
    expect(Object.isFrozen(config.hazelcastAddresses)).toBe(true);
  });

  it('should not read process.env when an env is passed', () => {
    expect(loadConfig('gateway', { NODE_ENV: 'production' }).env).toBe('production');
    expect(loadConfig('gateway', {}).env).toBe('development');
  });
});

describe("FileProcessor's sandbox", () => {
  it('should default its root to a data directory of the process, never the temporary directory', () => {
    const { root, maxFileBytes } = loadConfig('worker', {}).fileProcessor;
    expect(root).toBe(join(process.cwd(), '.data', 'files'));
    expect(root.startsWith(tmpdir())).toBe(false);
    expect(maxFileBytes).toBe(16 * 1024 * 1024);
  });

  it('should take FILE_PROCESSOR_ROOT normalized and FILE_PROCESSOR_MAX_FILE_BYTES', () => {
    const { root, maxFileBytes } = loadConfig('worker', { FILE_PROCESSOR_ROOT: '/srv/flow/../files/', FILE_PROCESSOR_MAX_FILE_BYTES: '1024' }).fileProcessor;
    expect(root).toBe('/srv/files');
    expect(maxFileBytes).toBe(1024);
  });

  it('should refuse a relative root and a cap that is not a positive size', () => {
    expect(problemsOf({ FILE_PROCESSOR_ROOT: 'data/files', FILE_PROCESSOR_MAX_FILE_BYTES: '0' }, 'worker')).toEqual([
      'FILE_PROCESSOR_ROOT must be an absolute path',
      'FILE_PROCESSOR_MAX_FILE_BYTES must be an integer between 1 and 1073741824 (got "0")',
    ]);
  });
});
