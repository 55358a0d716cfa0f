// A NAT gateway: one shared pool for every VM of its subnets (no per-instance preallocation,
// DOMAIN.md §5), so it is judged as a single node `*`: failed connections, pool use, dropped
// packets and datapath availability.
import { natGatewayCapacity } from './allocation.js';
import type { AlertSignal, EvaluationRules, Finding, GatewayNodeEvaluation, TargetJudgement } from './evaluation.js';
import { levelOf, readLevels } from './evaluate-levels.js';
import { DATAPATH_DEGRADED_BELOW_PERCENT, natGatewayFindings } from './evaluate-nat-gateway-findings.js';
import { noDataFinding } from './evaluate-no-data.js';
import { minutesToExhaustion, slopePerMinute } from './forecast.js';
import type { NatGatewayMetrics, NatGatewayTopology } from './model.js';
import { latest, mean, samplesOf, sum, totalOf, type Sample, type WindowMs } from './series.js';

export interface NatGatewayContext {
  window: WindowMs;
  nowMs: number;
  rules: EvaluationRules;
}

export function evaluateNatGateway(topology: NatGatewayTopology, metrics: NatGatewayMetrics, context: NatGatewayContext): TargetJudgement {
  const { window, rules } = context;
  const active = samplesOf(metrics.activeConnections, window);
  const attempted = samplesOf(metrics.attemptedConnections, window);
  const datapath = samplesOf(metrics.datapathAvailability, window);
  const dropped = totalOf(metrics.droppedPackets, window);
  const failedConnections = totalOf(metrics.failedConnections, window).sum;

  const freshestMs = Math.max(...[active, attempted, datapath].map((samples) => latest(samples)?.atMs ?? -Infinity));
  const hasData = freshestMs >= context.nowMs - rules.staleAfterMinutes * 60_000;
  const capacity = topology.publicIps >= 1 ? natGatewayCapacity(topology.publicIps) : null;
  const lastActive = latest(active);
  const activeFresh = hasData && lastActive !== null && lastActive.atMs >= context.nowMs - rules.staleAfterMinutes * 60_000;
  const utilization = activeFresh && capacity !== null ? lastActive.value / capacity : null;
  const slope = slopePerMinute(active);
  const datapathAvailability = mean(datapath);
  const degraded = datapathAvailability !== null && datapathAvailability < DATAPATH_DEGRADED_BELOW_PERCENT;

  const level = levelOf(utilization, rules);
  const node: GatewayNodeEvaluation = {
    kind: 'gateway',
    node: '*',
    status: failedConnections > 0 ? 'critical' : !hasData ? 'unknown' : (level ?? (degraded ? 'warning' : 'ok')),
    used: lastActive?.value ?? null,
    allocated: capacity,
    utilization,
    failedConnections,
    slopePerMinute: slope,
    minutesToExhaustion: minutesToExhaustion(lastActive?.value ?? null, capacity, slope),
    publicIps: topology.publicIps,
    attemptedConnections: attempted.length > 0 ? sum(attempted) : null,
    droppedPackets: dropped.count > 0 ? dropped.sum : null,
    datapathAvailability,
  };

  const ratios: Sample[] | null = utilization === null ? null : active.map((sample) => ({ atMs: sample.atMs, value: sample.value / capacity! }));
  const noData = hasData || failedConnections > 0 ? null : 'no-metrics';
  const findings: Finding[] = natGatewayFindings(topology, node, window, rules);
  const missing = noDataFinding(topology.name, [node], noData, window);
  if (missing) findings.push(missing);
  return { nodes: [node], findings, signals: gatewaySignals(node, ratios, hasData, degraded, rules), noData };
}

function gatewaySignals(
  node: GatewayNodeEvaluation,
  ratios: Sample[] | null,
  hasData: boolean,
  degraded: boolean,
  rules: EvaluationRules,
): AlertSignal[] {
  const unknown = (condition: AlertSignal['condition']): AlertSignal => ({ condition, node: '*', sustained: null, current: null, held: null, unknown: true });
  const signals: AlertSignal[] = [];
  if (ratios === null) signals.push(unknown('SNAT_UTILIZATION'));
  else {
    const reading = readLevels(ratios, rules);
    if (reading.sustained || reading.current || reading.held) signals.push({ condition: 'SNAT_UTILIZATION', node: '*', ...reading, unknown: false });
  }
  if (node.failedConnections > 0) {
    signals.push({ condition: 'SNAT_EXHAUSTION', node: '*', sustained: 'critical', current: 'critical', held: 'critical', unknown: false });
  } else if (!hasData) signals.push(unknown('SNAT_EXHAUSTION'));
  if (degraded) {
    signals.push({ condition: 'DATAPATH_DEGRADED', node: '*', sustained: 'warning', current: 'warning', held: 'warning', unknown: false });
  } else if (node.datapathAvailability === null) signals.push(unknown('DATAPATH_DEGRADED'));
  return signals;
}
