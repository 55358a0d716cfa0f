// One load balancer backend instance: ports used against ports allocated (as Azure reports them and
// as the model computes them), failed connections, trend, and why its ports are held. Exhaustion is
// per instance (DOMAIN.md §1), so this is the unit every alert about a load balancer starts from.
// Azure reports ports per frontend IP and per protocol: each protocol is judged on its sum over the
// node's frontend IPs against its own allocation, and the node shows its worst protocol.
import type { BackendSeries } from './model.js';
import type { AlertSignal, BackendNodeEvaluation, EvaluationRules, Finding, Level } from './evaluation.js';
import { levelRank, worseLevel, type LevelReading } from './evaluate-levels.js';
import { backendFindings } from './evaluate-backend-findings.js';
import { hotFrontendFindings } from './evaluate-frontends.js';
import { judgeProtocol, type ProtocolJudgement } from './evaluate-protocol.js';
import { forecastExhaustion } from './forecast.js';
import { diagnosePooling } from './pooling-diagnosis.js';
import { protocolTotals } from './protocol-totals.js';
import { mean, peak, totalOf, trailingCount, type WindowMs } from './series.js';

export interface BackendContext {
  window: WindowMs;
  nowMs: number;
  /** What the allocation model says Azure should allocate per backend; null when it cannot say. */
  modelAllocated: number | null;
  /** The egress idle timeout, for the pooling diagnosis. */
  idleTimeoutMinutes: number;
  rules: EvaluationRules;
}

export interface BackendResult {
  node: BackendNodeEvaluation;
  findings: Finding[];
  signals: AlertSignal[];
  /** Trailing minutes in which Azure's allocation differed from the model's. */
  driftMinutes: number;
}

export function evaluateBackend(backendIp: string, series: BackendSeries | undefined, context: BackendContext): BackendResult {
  const { window, rules, modelAllocated } = context;
  const totals = protocolTotals(series);
  const protocols = (totals.length > 0 ? totals : [{ protocol: 'TCP', used: [], allocated: [], frontends: [] }]).map((protocol) => judgeProtocol(protocol, context));
  // Allocation drift is read on the first protocol (TCP when reported): the outbound rule gives
  // every protocol the same number, and one figure keeps the drift finding readable.
  const primary = protocols[0]!;
  const shown = worstProtocol(protocols);
  const failedConnections = totalOf(series?.failedConnections, window).sum;
  const newConnections = totalOf(series?.newConnections, window);
  const awaitingRemoval = series?.awaitingRemoval === true;

  const lastUsed = shown.lastUsed;
  const forecast = forecastExhaustion(shown.used, shown.allocated);
  const newConnectionsPerMinute = newConnections.count > 0 ? newConnections.sum / newConnections.count : null;
  // Ports held by the node over every protocol: connections have no protocol dimension.
  const means = protocols.map((protocol) => mean(protocol.used)).filter((value): value is number => value !== null);
  const meanUsed = means.length === 0 ? null : means.reduce((a, b) => a + b, 0);
  const judged = protocols.some((protocol) => protocol.judged);
  const level = protocols.reduce<Level | null>((worst, protocol) => worseLevel(worst, protocol.level), null);

  const node: BackendNodeEvaluation = {
    kind: 'backend',
    node: backendIp,
    status: failedConnections > 0 ? 'critical' : judged ? (level ?? 'ok') : 'unknown',
    protocol: shown.protocol,
    awaitingRemoval,
    used: lastUsed?.value ?? null,
    allocated: shown.allocated,
    utilization: shown.utilization,
    failedConnections,
    slopePerMinute: forecast.slopePerMinute,
    minutesToExhaustion: forecast.minutesToExhaustion,
    forecast: forecast.reason,
    peakUsed: peak(shown.used),
    reportedAllocated: primary.reportedAllocated,
    modelAllocated,
    allocationDrift: primary.reportedAllocated !== null && modelAllocated !== null && primary.reportedAllocated !== modelAllocated,
    newConnectionsPerMinute,
    pooling: diagnosePooling({
      used: meanUsed,
      allocated: shown.allocated,
      // Little's law counts connections that got a port: a failed one never held one.
      newConnectionsPerMinute: newConnections.count > 0 ? Math.max(0, newConnections.sum - failedConnections) / newConnections.count : null,
      idleTimeoutMinutes: context.idleTimeoutMinutes,
      level: judged ? level : null,
      failedConnections,
    }),
  };
  const driftMinutes =
    modelAllocated === null ? 0 : trailingCount(primary.reported, (value) => Math.round(value) !== modelAllocated);
  // A node being removed is shown with its figures, but says nothing on its own and never alerts.
  if (awaitingRemoval) return { node, findings: [], signals: [], driftMinutes };
  const findings = [...backendFindings(node, window, rules), ...hotFrontendFindings(backendIp, totals, protocols, context)];
  return { node, findings, signals: backendSignals(node, judged ? protocols : null), driftMinutes };
}

/** The protocol the node shows: the highest level, then the highest use; TCP on a tie. */
function worstProtocol(protocols: readonly ProtocolJudgement[]): ProtocolJudgement {
  return protocols.reduce((worst, candidate) => {
    if (candidate.judged !== worst.judged) return candidate.judged ? candidate : worst;
    const byLevel = levelRank(candidate.level) - levelRank(worst.level);
    if (byLevel !== 0) return byLevel > 0 ? candidate : worst;
    return (candidate.utilization ?? -1) > (worst.utilization ?? -1) ? candidate : worst;
  });
}

function backendSignals(node: BackendNodeEvaluation, protocols: readonly ProtocolJudgement[] | null): AlertSignal[] {
  const signals: AlertSignal[] = [];
  if (protocols === null) {
    signals.push({ condition: 'SNAT_UTILIZATION', node: node.node, sustained: null, current: null, held: null, unknown: true });
  } else {
    // Each protocol against its own allocation; the node's reading is the worst of them.
    const reading = protocols.reduce<LevelReading>(
      (worst, protocol) => ({
        sustained: worseLevel(worst.sustained, protocol.reading?.sustained ?? null),
        current: worseLevel(worst.current, protocol.reading?.current ?? null),
        held: worseLevel(worst.held, protocol.reading?.held ?? null),
      }),
      { sustained: null, current: null, held: null },
    );
    if (reading.sustained || reading.current || reading.held) {
      signals.push({ condition: 'SNAT_UTILIZATION', node: node.node, ...reading, unknown: false });
    }
  }
  if (node.failedConnections > 0) {
    // Any failed connection is exhaustion now; it clears once a whole window passes without one.
    signals.push({ condition: 'SNAT_EXHAUSTION', node: node.node, sustained: 'critical', current: 'critical', held: 'critical', unknown: false });
  } else if (node.status === 'unknown') {
    signals.push({ condition: 'SNAT_EXHAUSTION', node: node.node, sustained: null, current: null, held: null, unknown: true });
  }
  return signals;
}
