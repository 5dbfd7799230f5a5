import dagre from '@dagrejs/dagre';

export interface GraphStep {
  id: string;
  nextStepIds: readonly string[];
}

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 84;

/** Left-to-right positions (top-left corners) of a workflow's steps, laid out by dagre. */
export function layoutSteps(steps: readonly GraphStep[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set(steps.map((step) => step.id));
  for (const step of steps) graph.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const step of steps) for (const next of step.nextStepIds) if (known.has(next)) graph.setEdge(step.id, next);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const step of steps) {
    const node = graph.node(step.id);
    positions.set(step.id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}
