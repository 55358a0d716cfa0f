// Puts node names and attributions on an evaluation's backend nodes, after the evaluation and before
// the message and the snapshot are made from it. Pure: returns a new evaluation.
import type { TargetEvaluation } from '../snat/evaluation.js';
import { isAtRisk } from '../snat/finding-summary.js';
import type { NodeAttribution } from './attribution.js';

/** Nodes at or above warning, not being removed: the ones worth naming pods for. */
export function nodesToAttribute(evaluation: TargetEvaluation): string[] {
  return evaluation.nodes.flatMap((node) => (node.kind === 'backend' && !node.awaitingRemoval && isAtRisk(node.status) ? [node.node] : []));
}

export function attachAttribution(
  evaluation: TargetEvaluation,
  nodeNames: Readonly<Record<string, string>> | undefined,
  attributions: ReadonlyMap<string, NodeAttribution>,
): TargetEvaluation {
  if (!nodeNames && attributions.size === 0) return evaluation;
  return {
    ...evaluation,
    nodes: evaluation.nodes.map((node) => {
      if (node.kind !== 'backend') return node;
      const nodeName = nodeNames?.[node.node];
      const attribution = attributions.get(node.node);
      return { ...node, ...(nodeName ? { nodeName } : {}), ...(attribution ? { attribution } : {}) };
    }),
  };
}
