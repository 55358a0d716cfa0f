// A NAT gateway: one shared pool for every VM of its subnets (no per-instance preallocation,
// DOMAIN.md §5), judged as a single node `*` because its metrics have no per-VM dimension.
// Exhaustion is judged by failures, never by connections ÷ ports: a NAT gateway reuses a port
// across destinations, so TotalConnectionCount above 64,512 × IPs is normal. Connections are a
// capacity indicator against the SKU's total-connection limit: at most a warning, never "full".
import { natGatewayCapacity } from './allocation.js';
import type { AlertSignal, EvaluationRules, Finding, GatewayNodeEvaluation, Level, TargetJudgement } from './evaluation.js';
import { levelOf, readLevels, type LevelReading } from './evaluate-levels.js';
import { DATAPATH_DEGRADED_BELOW_PERCENT, natGatewayFindings } from './evaluate-nat-gateway-findings.js';
import { noDataFinding } from './evaluate-no-data.js';
import { slopePerMinute } from './forecast.js';
import { NAT_SKU_LIMITS } from './limits.js';
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

  const freshSinceMs = context.nowMs - rules.staleAfterMinutes * 60_000;
  const freshestMs = Math.max(...[active, attempted, datapath].map((samples) => latest(samples)?.atMs ?? -Infinity));
  const hasData = freshestMs >= freshSinceMs;
  const limit = NAT_SKU_LIMITS[topology.sku].totalConnections;
  const lastActive = latest(active);
  const activeFresh = hasData && lastActive !== null && lastActive.atMs >= freshSinceMs;
  const utilization = activeFresh ? lastActive.value / limit : null;
  const datapathAvailability = mean(datapath);
  const degraded = datapathAvailability !== null && datapathAvailability < DATAPATH_DEGRADED_BELOW_PERCENT;
  const capacity = capAtWarning(levelOf(utilization, rules));

  const node: GatewayNodeEvaluation = {
    kind: 'gateway',
    node: '*',
    status: failedConnections > 0 ? 'critical' : !hasData ? 'unknown' : (capacity ?? (degraded ? 'warning' : 'ok')),
    used: lastActive?.value ?? null,
    allocated: limit,
    utilization,
    failedConnections,
    slopePerMinute: slopePerMinute(active),
    // Never "full": the connection count is not what runs out (ports per destination are).
    minutesToExhaustion: null,
    sku: topology.sku,
    publicIps: topology.publicIps,
    ports: natGatewayCapacity(topology.publicIps),
    attemptedConnections: attempted.length > 0 ? sum(attempted) : null,
    droppedPackets: dropped.count > 0 ? dropped.sum : null,
    datapathAvailability,
  };

  const ratios: Sample[] | null = utilization === null ? null : active.map((sample) => ({ atMs: sample.atMs, value: sample.value / limit }));
  const noData = hasData || failedConnections > 0 ? null : 'no-metrics';
  const findings: Finding[] = natGatewayFindings(topology, node, window, rules);
  const missing = noDataFinding(topology.name, [node], noData, window);
  if (missing) findings.push(missing);
  return { nodes: [node], findings, signals: gatewaySignals(node, ratios, hasData, degraded, rules), noData };
}

/** Connections are a capacity indicator: they warn, and only failures make a gateway critical. */
function capAtWarning(level: Level | null): Level | null {
  return level === null ? null : 'warning';
}

function capReading(reading: LevelReading): LevelReading {
  return { sustained: capAtWarning(reading.sustained), current: capAtWarning(reading.current), held: capAtWarning(reading.held) };
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
    const reading = capReading(readLevels(ratios, rules));
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
