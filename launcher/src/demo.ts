import { join } from 'node:path';
import { applyFlowFile } from '@flow/cli';

/** What `npm start` prints about the demo flow it ensures. */
export interface DemoFlow {
  flowId: string;
  directory: string;
}

/** The demo flow is a flow file of the repository, the one README "Flows as code" shows. */
export const DEMO_FLOW_FILE = new URL('../../examples/demo.flow.yaml', import.meta.url);

/**
 * A ready-to-run flow, applied from examples/demo.flow.yaml by composite keys (so it is found
 * again across restarts on MongoDB): EchoProcessor echoes the input and a delivery's payload,
 * then FileProcessor writes both into `<fileRoot>/demo`. `authorization` is the launcher's
 * own `Bearer <JWT>` (editor) when authentication is on.
 */
export async function ensureDemoFlow(gatewayUrl: string, fileRoot: string, authorization?: string): Promise<DemoFlow> {
  const token = authorization?.replace(/^Bearer /, '');
  const { flowId } = await applyFlowFile({ gateway: gatewayUrl, token, path: DEMO_FLOW_FILE, variables: { FILE_PROCESSOR_ROOT: fileRoot } });
  return { flowId, directory: join(fileRoot, 'demo') };
}
