import { createGateway, entityDefinitions } from '@flow/gateway';
import type { System } from '@flow/launcher';
import { orchestrationRoutes } from '@flow/orchestrator';
import { busFor, createLogger, listen, loadConfig } from '@flow/platform';
import type { OrchestrationKind } from './orchestrationHarness.js';

export interface ExtraGateway {
  gatewayUrl: string;
  close(): Promise<void>;
}

/**
 * Another gateway instance over the system's subgraphs, as another process would be: on the
 * real servers with its own RabbitMQ connection (so its own exclusive queue on the status
 * exchange); embedded, it can only share the system's in-memory bus.
 */
export async function startExtraGateway(kind: OrchestrationKind, system: System, env: Record<string, string> = {}): Promise<ExtraGateway> {
  const config = loadConfig('gateway', { NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...kind.env, ...env });
  const logger = createLogger('e2e-gateway', 'silent');
  const ownBus = kind.backend === 'mongo';
  const bus = ownBus ? await busFor(config, logger) : system.orchestration.bus;
  const gateway = await createGateway({
    config, logger, subgraphUrls: () => system.subgraphUrls, entities: Object.values(entityDefinitions), operations: orchestrationRoutes, bus,
  });
  const server = await listen(gateway.app, 0, '127.0.0.1');
  gateway.subscriptions.attach(server.server);
  let closed = false;
  return {
    gatewayUrl: `${server.url}/graphql`,
    async close() {
      if (closed) return;
      closed = true;
      await gateway.subscriptions.close();
      server.server.closeAllConnections();
      await server.close();
      await gateway.close();
      if (ownBus) await bus.close();
    },
  };
}
