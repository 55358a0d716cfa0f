// One load balancer backend instance: ports used against ports allocated (as Azure reports them and
// as the model computes them), failed connections, trend, and churn. Exhaustion is per instance
// (DOMAIN.md §1), so this is the unit every alert about a load balancer starts from.
import type { BackendSeries } from './model.js';
import type { AlertSignal, BackendNodeEvaluation, EvaluationRules, Finding } from './evaluation.js';
import { levelOf, readLevels } from './evaluate-levels.js';
import { backendFindings } from './evaluate-backend-findings.js';
import { forecastExhaustion } from './forecast.js';
import { latest, mean, peak, samplesOf, totalOf, trailingCount, type Sample, type WindowMs } from './series.js';

export interface BackendContext {
  window: WindowMs;
  nowMs: number;
  /** What the allocation model says Azure should allocate per backend; null when it cannot say. */
  modelAllocated: number | null;
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
  const used = samplesOf(series?.used, window);
  // Azure reports 0 for an instance being removed: that is no allocation to judge against.
  const reported = samplesOf(series?.allocated, window).filter((sample) => sample.value > 0);
  const failedConnections = totalOf(series?.failedConnections, window).sum;
  const newConnections = totalOf(series?.newConnections, window);

  const lastUsed = latest(used);
  const stale = lastUsed === null || lastUsed.atMs < context.nowMs - rules.staleAfterMinutes * 60_000;
  const reportedAllocated = roundOrNull(latest(reported)?.value ?? null);
  const allocated = reportedAllocated ?? modelAllocated;
  const utilization = ratioOrNull(lastUsed?.value ?? null, allocated);
  const ratios = utilizationSeries(used, reported, allocated);
  const forecast = forecastExhaustion(used, allocated);
  const newConnectionsPerMinute = newConnections.count > 0 ? newConnections.sum / newConnections.count : null;
  const meanUsed = mean(used);
  const churn = newConnectionsPerMinute !== null && meanUsed !== null && meanUsed > 0 ? newConnectionsPerMinute / meanUsed : null;
  const judged = !stale && utilization !== null;

  const node: BackendNodeEvaluation = {
    kind: 'backend',
    node: backendIp,
    status: failedConnections > 0 ? 'critical' : judged ? (levelOf(utilization, rules) ?? 'ok') : 'unknown',
    used: lastUsed?.value ?? null,
    allocated,
    utilization,
    failedConnections,
    slopePerMinute: forecast.slopePerMinute,
    minutesToExhaustion: forecast.minutesToExhaustion,
    forecast: forecast.reason,
    peakUsed: peak(used),
    reportedAllocated,
    modelAllocated,
    allocationDrift: reportedAllocated !== null && modelAllocated !== null && reportedAllocated !== modelAllocated,
    newConnectionsPerMinute,
    churn,
    pooling: churn === null ? 'unknown' : churn > rules.churnThreshold ? 'not-pooling' : 'pooling',
  };
  const driftMinutes =
    modelAllocated === null ? 0 : trailingCount(reported, (value) => Math.round(value) !== modelAllocated);
  return { node, findings: backendFindings(node, window, rules), signals: backendSignals(node, judged ? ratios : null, rules), driftMinutes };
}

function backendSignals(node: BackendNodeEvaluation, ratios: Sample[] | null, rules: EvaluationRules): AlertSignal[] {
  const signals: AlertSignal[] = [];
  if (ratios === null) {
    signals.push({ condition: 'SNAT_UTILIZATION', node: node.node, sustained: null, current: null, held: null, unknown: true });
  } else {
    const reading = readLevels(ratios, rules);
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

/** used / allocated per minute, against that minute's reported allocation when Azure gave one. */
function utilizationSeries(used: readonly Sample[], reported: readonly Sample[], fallback: number | null): Sample[] {
  // Both series usually cover the same minutes: then the same index is the same minute.
  const aligned = used.length === reported.length && used.every((sample, index) => sample.atMs === reported[index]!.atMs);
  const reportedByMinute = aligned ? null : new Map(reported.map((sample) => [sample.atMs, sample.value]));
  const ratios: Sample[] = [];
  for (let index = 0; index < used.length; index += 1) {
    const sample = used[index]!;
    const allocated = aligned ? reported[index]!.value : (reportedByMinute!.get(sample.atMs) ?? fallback);
    const ratio = ratioOrNull(sample.value, allocated);
    if (ratio !== null) ratios.push({ atMs: sample.atMs, value: ratio });
  }
  return ratios;
}

function ratioOrNull(used: number | null, allocated: number | null): number | null {
  if (used === null || allocated === null || allocated <= 0) return null;
  return Math.max(0, used) / allocated;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
