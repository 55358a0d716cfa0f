// A load balancer: every backend judged on its own (exhaustion is per instance), then what only the
// whole target shows: allocation drift against the model, nodes without data, nodes being removed.
import { expectedLoadBalancerPorts } from './allocation.js';
import { AKS_DEFAULT_IDLE_TIMEOUT_MINUTES, DEFAULT_IDLE_TIMEOUT_MINUTES } from './limits.js';
import { allocationDriftFindings } from './evaluate-drift.js';
import { evaluateBackend, type BackendResult } from './evaluate-backend.js';
import type { AlertSignal, BackendNodeEvaluation, EvaluationRules, Finding, TargetJudgement } from './evaluation.js';
import { formatCount, plural } from './format.js';
import { noDataFinding } from './evaluate-no-data.js';
import type { BackendSeries, LoadBalancerMetrics, LoadBalancerTopology } from './model.js';
import type { WindowMs } from './series.js';

export interface LoadBalancerContext {
  window: WindowMs;
  nowMs: number;
  rules: EvaluationRules;
}

export function evaluateLoadBalancer(
  topology: LoadBalancerTopology,
  metrics: LoadBalancerMetrics,
  context: LoadBalancerContext,
): TargetJudgement {
  const findings: Finding[] = [];
  const modelAllocated = modelPorts(topology, findings);
  const results: BackendResult[] = [];
  const idleTimeoutMinutes = topology.outboundRule?.idleTimeoutMinutes ?? (topology.aks ? AKS_DEFAULT_IDLE_TIMEOUT_MINUTES : DEFAULT_IDLE_TIMEOUT_MINUTES);
  for (const [backendIp, series] of backendsOf(topology, metrics)) {
    results.push(evaluateBackend(backendIp, series, { ...context, modelAllocated, idleTimeoutMinutes }));
  }
  const nodes = results.map((result) => result.node);
  const signals: AlertSignal[] = results.flatMap((result) => result.signals);
  findings.push(...results.flatMap((result) => result.findings));

  const drift = allocationDriftFindings(topology, results.filter((result) => !result.node.awaitingRemoval), context.rules);
  findings.push(...drift.findings);
  if (drift.signal) signals.push(drift.signal);

  const noData = nodes.every((node) => node.status === 'unknown')
    ? nodes.length === 0 && topology.backendPoolSize === 0
      ? 'no-backends'
      : 'no-metrics'
    : null;
  const missing = noDataFinding(topology.name, nodes, noData, context.window);
  if (missing) findings.push(missing);
  const removing = awaitingRemovalFinding(nodes);
  if (removing) findings.push(removing);
  return { nodes, findings, signals, noData };
}

/** The model's ports per backend; null (with a finding saying why) when it has no answer. */
function modelPorts(topology: LoadBalancerTopology, findings: Finding[]): number | null {
  try {
    return expectedLoadBalancerPorts(topology);
  } catch (error) {
    findings.push({
      code: 'MODEL_UNAVAILABLE',
      severity: 'info',
      node: '*',
      message: `The allocation model cannot say what ${topology.name} should allocate per node (${error instanceof Error ? error.message : String(error)}); only Azure's own figures are used.`,
    });
    return null;
  }
}

/**
 * Every backend to judge: those ARM lists and those the metrics report (a node missing from one of
 * them is still a node). Series reported twice for one IP are merged.
 */
function backendsOf(topology: LoadBalancerTopology, metrics: LoadBalancerMetrics): Map<string, BackendSeries | undefined> {
  const backends = new Map<string, BackendSeries | undefined>();
  for (const ip of topology.backendIps ?? []) if (ip?.trim()) backends.set(ip.trim(), undefined);
  for (const series of metrics.backends ?? []) {
    const ip = series?.backendIp?.trim();
    if (!ip) continue;
    const known = backends.get(ip);
    backends.set(ip, known ? mergeSeries(known, series) : series);
  }
  return backends;
}

function mergeSeries(a: BackendSeries, b: BackendSeries): BackendSeries {
  return {
    backendIp: a.backendIp,
    ports: [...(a.ports ?? []), ...(b.ports ?? [])],
    newConnections: [...(a.newConnections ?? []), ...(b.newConnections ?? [])],
    failedConnections: [...(a.failedConnections ?? []), ...(b.failedConnections ?? [])],
    awaitingRemoval: a.awaitingRemoval === true && b.awaitingRemoval === true,
  };
}

/** How many nodes a finding names before it only counts them. */
const NAMED_NODES = 5;

/** Nodes being removed, said once per target: their figures are shown, they never alert. */
function awaitingRemovalFinding(nodes: readonly BackendNodeEvaluation[]): Finding | null {
  const removing = nodes.filter((node) => node.awaitingRemoval).map((node) => node.node);
  if (removing.length === 0) return null;
  const named = removing.slice(0, NAMED_NODES).join(', ');
  const more = removing.length > NAMED_NODES ? ` and ${formatCount(removing.length - NAMED_NODES)} more` : '';
  return {
    code: 'AWAITING_REMOVAL',
    severity: 'info',
    node: '*',
    message:
      `Azure reports ${plural(removing.length, 'node')} as awaiting removal from the backend pool (${named}${more}): ` +
      'their ports are shown but never alerted on, and they do not count towards the target\'s status.',
  };
}
