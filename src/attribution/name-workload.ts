// When pods are named, the pooling advice names the workload to fix: the POOL_CONNECTIONS
// recommendation gains "in shop/checkout-7f9c" and the evidence. Pure.
import type { Plan } from '../snat/plan-schema.js';
import type { TargetEvaluation } from '../snat/evaluation.js';
import { SOURCE_LABEL } from './attribution-text.js';

/** The pod opening most of the worst attributed node's connections, with its node and share. */
export interface WorkloadToFix {
  workload: string;
  nodeName: string;
  share: number;
  source: 'acns-metrics';
}

export function workloadToFixOf(evaluation: TargetEvaluation | null): WorkloadToFix | null {
  for (const node of evaluation?.nodes ?? []) {
    // cAdvisor candidates are never the workload to fix: packets are not connections.
    if (node.kind !== 'backend' || !node.attribution || 'unavailable' in node.attribution || node.attribution.source !== 'acns-metrics') continue;
    const top = node.attribution.pods.find((pod) => !pod.hostNetwork);
    if (top) return { workload: `${top.namespace}/${top.pod}`, nodeName: node.nodeName ?? node.node, share: top.share, source: node.attribution.source };
  }
  return null;
}

export function nameWorkloadInPlan(plan: Plan | null, fix: WorkloadToFix | null): Plan | null {
  if (!plan || !fix) return plan;
  const percent = `${Math.round(fix.share * 100)}%`;
  return {
    ...plan,
    recommendations: plan.recommendations.map((recommendation) =>
      recommendation.code !== 'POOL_CONNECTIONS'
        ? recommendation
        : {
            ...recommendation,
            title: `${recommendation.title} — in ${fix.workload}`,
            rationale: `${recommendation.rationale} Start with ${fix.workload}: it opened ${percent} of the new TCP connections on ${fix.nodeName} (${SOURCE_LABEL[fix.source]}).`,
          },
    ),
  };
}
