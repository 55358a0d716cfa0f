// The SNAT capacity planner: a described egress setup in, the allocation now and at max scale,
// the risks, and ranked fixes out. Pure and deterministic: the same request always gives the
// same plan, byte for byte once serialized.
import type { Plan, PlanRequestInput, Recommendation } from './plan-schema.js';
import { allocationFor } from './planner-allocation.js';
import { resolvePlanInput } from './planner-input.js';
import { recommend } from './planner-recommendations.js';
import { findRisks } from './planner-risks.js';

/** Plans a request that satisfies planRequestSchema (parse it first: this does not validate). */
export function planEgress(request: PlanRequestInput): Plan {
  const input = resolvePlanInput(request);
  const risks = findRisks(input);
  return { allocation: allocationFor(input), risks, recommendations: recommend(input, risks) };
}

/**
 * The request as it would be after the recommendation: its egress and workload, with names kept
 * when they still describe the same kind of resource (moving a load balancer's egress to a NAT
 * gateway leaves no outbound rule to name).
 */
export function applyRecommendation(request: PlanRequestInput, recommendation: Recommendation): PlanRequestInput {
  const { egress, workload } = recommendation.after;
  const applied: PlanRequestInput = { ...request, egress };
  if (workload) applied.workload = workload;
  const kind = request.target?.kind;
  if (kind !== undefined && kind !== 'aks' && kind !== egress.type) {
    // Without the target the defaults would become AKS's: keep the surge the plan used.
    delete applied.target;
    const { current, max, surge } = resolvePlanInput(request).nodes;
    applied.nodes = { current, max, surge };
  }
  return applied;
}

/** The one serialization of a plan, shared by the endpoint and the command line. */
export function planToJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}
