// evaluateTarget: one target's topology and metrics, judged against the rules at `now`. Pure: the
// watch run, the live view and the tests all call it the same way.
import type { EvaluationRules, NodeCounts, NodeEvaluation, TargetEvaluation, TargetJudgement } from './evaluation.js';
import { levelRank, statusRank } from './evaluate-levels.js';
import { evaluateLoadBalancer } from './evaluate-load-balancer.js';
import { evaluateNatGateway } from './evaluate-nat-gateway.js';
import { assertEvaluationRules } from './evaluate-rules.js';
import type { TargetMetrics, TargetTopology } from './model.js';
import type { WindowMs } from './series.js';

/**
 * Judges every node of a target. Throws TypeError when the metrics are not the topology's (another
 * target or kind, an unreadable window) and RangeError for unusable rules or `now`; missing, null or
 * NaN data never throws: it makes the node `unknown`.
 */
export function evaluateTarget(
  topology: TargetTopology,
  metrics: TargetMetrics,
  rules: EvaluationRules,
  now: Date,
): TargetEvaluation {
  assertEvaluationRules(rules);
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a valid Date');
  if (!topology || !metrics) throw new TypeError('evaluateTarget needs a topology and its metrics');
  if (topology.kind !== metrics.kind) {
    throw new TypeError(`metrics of a ${metrics.kind} cannot be judged against the topology of a ${topology.kind} (${topology.id})`);
  }
  if (String(topology.id).toLowerCase() !== String(metrics.targetId).toLowerCase()) {
    throw new TypeError(`metrics are for ${metrics.targetId}, not for ${topology.id}`);
  }
  const window = windowOf(metrics.from, metrics.to);
  const context = { window, nowMs, rules };
  const judgement: TargetJudgement =
    topology.kind === 'loadBalancer' && metrics.kind === 'loadBalancer'
      ? evaluateLoadBalancer(topology, metrics, context)
      : evaluateNatGateway(topology as Extract<TargetTopology, { kind: 'natGateway' }>, metrics as Extract<TargetMetrics, { kind: 'natGateway' }>, context);

  const nodes = [...judgement.nodes].sort(worstNodeFirst);
  const counts = countNodes(nodes);
  return {
    targetId: topology.id,
    targetName: topology.name,
    kind: topology.kind,
    evaluatedAt: now.toISOString(),
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    // Nodes awaiting removal sort last and never set the target's status.
    status: judgement.noData ? 'unknown' : (nodes.find((node) => !isRemoving(node))?.status ?? nodes[0]?.status ?? 'unknown'),
    noData: judgement.noData,
    counts,
    nodes,
    findings: [...judgement.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)),
    signals: judgement.signals,
  };
}

function windowOf(from: string, to: string): WindowMs {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new TypeError(`the metrics window must be two ISO-8601 times, got from=${String(from)} to=${String(to)}`);
  }
  if (toMs < fromMs) throw new TypeError(`the metrics window ends (${to}) before it starts (${from})`);
  return { fromMs, toMs };
}

/** Natural order for names with numbers (10.0.0.9 before 10.0.0.10). */
const byName = new Intl.Collator('en', { numeric: true });

/** Critical, warning, unknown, ok; then more failures, higher use, sooner exhaustion; then by name. Nodes being removed last. */
export function worstNodeFirst(a: NodeEvaluation, b: NodeEvaluation): number {
  return (
    Number(isRemoving(a)) - Number(isRemoving(b)) ||
    statusRank(b.status) - statusRank(a.status) ||
    b.failedConnections - a.failedConnections ||
    (b.utilization ?? -1) - (a.utilization ?? -1) ||
    (a.minutesToExhaustion ?? Number.MAX_VALUE) - (b.minutesToExhaustion ?? Number.MAX_VALUE) ||
    byName.compare(a.node, b.node)
  );
}

function countNodes(nodes: readonly NodeEvaluation[]): NodeCounts {
  const counts: NodeCounts = { total: nodes.length, critical: 0, warning: 0, unknown: 0, ok: 0 };
  let removing = 0;
  for (const node of nodes) {
    if (isRemoving(node)) removing += 1;
    else counts[node.status] += 1;
  }
  return removing > 0 ? { ...counts, awaitingRemoval: removing } : counts;
}

function isRemoving(node: NodeEvaluation): boolean {
  return node.kind === 'backend' && node.awaitingRemoval === true;
}

function severityRank(severity: 'info' | 'warning' | 'critical'): number {
  return severity === 'info' ? 0 : levelRank(severity);
}
