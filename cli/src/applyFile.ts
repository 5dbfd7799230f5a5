import { readFile } from 'node:fs/promises';
import { keyText } from './flowFile/model.js';
import { parseFlowFile } from './flowFile/parse.js';
import { connectGateway, type GatewayOptions } from './gateway.js';
import { entityClient } from './graph/entities.js';
import { applyPlan, planFlow } from './graph/plan.js';

export interface AppliedFlowFile {
  /** `name@version` of the flow the file declares. */
  flow: string;
  flowId: string;
  /** Entities created or updated (0 when the graph already said what the file says). */
  changed: number;
}

/** `flow apply <file> --yes` as a library call, for programs that ship a flow (npm start's demo). */
export async function applyFlowFile(options: GatewayOptions & { path: string | URL; variables?: Readonly<Record<string, string | undefined>> }): Promise<AppliedFlowFile> {
  const parsed = parseFlowFile(await readFile(options.path, 'utf8'), options.variables);
  const gateway = connectGateway(options);
  try {
    const entities = entityClient(gateway);
    const plan = await planFlow(parsed, entities);
    const changed = plan.items.filter((item) => item.action !== 'unchanged').length;
    const flow = keyText(parsed.graph.flow);
    const flowId = changed > 0 ? await applyPlan(plan, entities) : (plan.ids.get(`OrchestratedFlow:${flow}`) as string);
    return { flow, flowId, changed };
  } finally {
    await gateway.close();
  }
}
