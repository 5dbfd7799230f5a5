import { Background, Controls, Handle, Position, ReactFlow, useReactFlow, useStore, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import type { WorkflowGraphFragment } from '../generated/graphql.js';
import { statusLook, type AnyStatus } from '../status.js';
import { layoutSteps, type StepLayout } from './layout.js';

type WorkflowStep = NonNullable<WorkflowGraphFragment['workflow']>['steps'][number];

/** What a node shows beyond its step: its run state (on the run page) and assigned entities. */
export interface StepState {
  status?: AnyStatus;
  attempts?: number;
  duration?: string;
}

interface StepNodeData extends Record<string, unknown> {
  step: WorkflowStep;
  state: StepState | undefined;
  assigned: string[];
  selected: boolean;
  onSelect: ((stepId: string) => void) | undefined;
  direction: StepLayout['direction'];
}

const conditionLabel: Record<string, string> = {
  PREVIOUS_SUCCESS: 'on success',
  PREVIOUS_FAILURE: 'on failure',
  ALWAYS: 'always',
  NEVER: 'never',
};

function StepNode({ data }: NodeProps<Node<StepNodeData>>) {
  const { step, state, assigned, selected, onSelect, direction } = data;
  const [into, out] = direction === 'LR' ? [Position.Left, Position.Right] : [Position.Top, Position.Bottom];
  const look = state?.status ? statusLook[state.status] : undefined;
  const label = `${step.name}${look ? `, ${look.label}` : ''}${state?.attempts ? `, ${state.attempts} attempt${state.attempts > 1 ? 's' : ''}` : ''}`;
  return (
    <button
      type="button"
      className={`dag-node${look ? ` tone-${look.tone}` : ''}${selected ? ' selected' : ''}`}
      data-step={step.name}
      data-step-id={step.id}
      data-status={state?.status}
      aria-label={label}
      aria-pressed={onSelect ? selected : undefined}
      tabIndex={onSelect ? 0 : -1}
    >
      <Handle type="target" position={into} isConnectable={false} />
      <span className="dag-node-title">
        {look && <span aria-hidden="true" className="badge-symbol">{look.symbol}</span>}
        {step.name}
      </span>
      <span className="dag-node-meta">{step.processor ? `${step.processor.name} ${step.processor.version}` : 'unknown processor'}</span>
      <span className="dag-node-meta">
        {look ? `${look.label}${state?.attempts ? ` · ${state.attempts}×` : ''}${state?.duration ? ` · ${state.duration}` : ''}` : assigned.join(', ') || 'no assignment'}
      </span>
      <Handle type="source" position={out} isConnectable={false} />
    </button>
  );
}

const nodeTypes = { step: StepNode };
const fitOptions = { padding: 0.12, maxZoom: 1 };

/** Fits the graph again whenever its box changes size (a side panel opens, the window turns). */
function FitOnResize() {
  const { fitView } = useReactFlow();
  const width = useStore((store) => store.width);
  const height = useStore((store) => store.height);
  useEffect(() => {
    void fitView(fitOptions);
  }, [fitView, width, height]);
  return null;
}

/** The workflow as a left-to-right DAG; entry conditions label the edges. */
export function WorkflowDag({ flow, states, selected, onSelect }: {
  flow: WorkflowGraphFragment;
  states?: ReadonlyMap<string, StepState>;
  selected?: string | undefined;
  onSelect?: (stepId: string) => void;
}) {
  const steps = useMemo(() => flow.workflow?.steps ?? [], [flow]);
  const layout = useMemo(() => layoutSteps(steps, !matchMedia('(max-width: 720px)').matches), [steps]);
  const assignedByStep = useMemo(() => {
    const byStep = new Map<string, string[]>();
    for (const assignment of flow.assignments) {
      const names = assignment.entities.map((entity) => (entity.__typename === 'Address' ? `→ ${entity.name}` : `◆ ${entity.name}`));
      byStep.set(assignment.stepId, [...(byStep.get(assignment.stepId) ?? []), ...names]);
    }
    return byStep;
  }, [flow]);
  const nodes: Node<StepNodeData>[] = steps.map((step) => ({
    id: step.id,
    type: 'step',
    position: layout.positions.get(step.id) ?? { x: 0, y: 0 },
    data: { step, state: states?.get(step.id), assigned: assignedByStep.get(step.id) ?? [], selected: selected === step.id, onSelect, direction: layout.direction },
    draggable: false,
    selectable: false,
  }));
  const byId = new Map(steps.map((step) => [step.id, step]));
  const edges: Edge[] = steps.flatMap((step) => step.nextStepIds.filter((next) => byId.has(next)).map((next) => {
    const condition = byId.get(next)?.entryCondition ?? 'PREVIOUS_SUCCESS';
    return {
      id: `${step.id}->${next}`, source: step.id, target: next,
      // The usual condition goes unlabelled; the others are named on their edge.
      ...(condition === 'PREVIOUS_SUCCESS' ? {} : { label: conditionLabel[condition] ?? condition }),
      className: `edge-${condition.toLowerCase()}`,
      animated: states?.get(step.id)?.status === 'RUNNING',
    };
  }));
  return (
    <div className="dag" role="group" aria-label={`Workflow ${flow.workflow?.name ?? ''}`} style={{ height: Math.min(560, Math.max(220, layout.height + 48)) }}>
      <ReactFlow
        nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView fitViewOptions={fitOptions}
        {...(onSelect ? { onNodeClick: (_event: unknown, node: Node) => onSelect(node.id) } : {})}
        colorMode="system" nodesConnectable={false} nodesDraggable={false} nodesFocusable={false} edgesFocusable={false} proOptions={{ hideAttribution: true }} minZoom={0.2}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
        <FitOnResize />
      </ReactFlow>
    </div>
  );
}
