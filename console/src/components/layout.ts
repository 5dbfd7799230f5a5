import dagre from '@dagrejs/dagre';

export interface GraphStep {
  id: string;
  nextStepIds: readonly string[];
}

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 76;

export interface StepLayout {
  /** Left to right, or top to bottom for a fan-out wider than it is long. */
  direction: 'LR' | 'TB';
  /** Top-left corners. */
  positions: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
}

function layout(steps: readonly GraphStep[], direction: StepLayout['direction']): StepLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: direction, nodesep: 20, ranksep: 56, marginx: 8, marginy: 8 });
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
  const { width = 0, height = 0 } = graph.graph();
  return { direction, positions, width, height };
}

/**
 * A workflow's steps laid out by dagre, in the direction whose shape suits the screen: wider than
 * tall on a wide screen (a chain runs left to right, a wide fan-out top to bottom), the other way
 * round on a phone.
 */
export function layoutSteps(steps: readonly GraphStep[], wideScreen: boolean): StepLayout {
  const across = layout(steps, 'LR');
  const landscape = across.width >= across.height;
  return landscape === wideScreen ? across : layout(steps, 'TB');
}
