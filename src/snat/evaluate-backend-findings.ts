// The findings of one backend, in words on-call can act on: what is wrong, how bad, how fast, and
// the first thing to do about it.
import type { BackendNodeEvaluation, EvaluationRules, Finding } from './evaluation.js';
import { levelOf } from './evaluate-levels.js';
import { formatCount, formatDecimal, formatMinutes, formatPercent } from './format.js';
import { FORECAST_HORIZON_MINUTES } from './forecast.js';
import type { WindowMs } from './series.js';

export function backendFindings(node: BackendNodeEvaluation, window: WindowMs, rules: EvaluationRules): Finding[] {
  if (node.status === 'unknown') return [];
  const findings: Finding[] = [];
  const windowText = `the last ${formatMinutes((window.toMs - window.fromMs) / 60_000)}`;
  const usage = usageText(node);

  if (node.failedConnections > 0) {
    findings.push({
      code: 'SNAT_EXHAUSTION',
      severity: 'critical',
      node: node.node,
      message:
        `${node.node} failed ${formatCount(node.failedConnections)} SNAT connections in ${windowText}${usage ? ` (${usage})` : ''}: ` +
        'it has run out of SNAT ports and its new outbound connections fail now.',
    });
  }
  const level = levelOf(node.utilization, rules);
  if (level !== null && node.used !== null && node.allocated !== null) {
    findings.push({
      code: 'HIGH_SNAT_UTILIZATION',
      severity: level,
      node: node.node,
      message: `${node.node} uses ${usage}${trendText(node)}.`,
    });
  }
  const pooling = poolingFinding(node);
  if (pooling) findings.push(pooling);
  return findings;
}

/** Only judged nodes (at risk) get one, so its severity is the node's. */
function poolingFinding(node: BackendNodeEvaluation): Finding | null {
  const { pooling } = node;
  const severity = node.status === 'critical' ? 'critical' : 'warning';
  if (pooling.verdict === 'connection-churn') {
    return {
      code: 'NOT_POOLING',
      severity,
      node: node.node,
      message:
        `${node.node} ${pooling.summary}: the workload is not pooling connections. ` +
        'Reuse connections (keep-alive, one shared HTTP client); more outbound IPs would only delay the same failure.',
    };
  }
  if (pooling.verdict === 'idle-connections') {
    return {
      code: 'IDLE_CONNECTIONS',
      severity,
      node: node.node,
      message:
        `${node.node} ${pooling.summary}, not ${formatCount(pooling.used ?? 0)}. ` +
        `Lower the idle timeout to ${formatCount(pooling.suggestedIdleTimeoutMinutes ?? 4)} min with TCP reset on; clients that keep connections idle longer should send TCP keepalives.`,
    };
  }
  return null;
}

function usageText(node: BackendNodeEvaluation): string {
  if (node.used === null || node.allocated === null || node.utilization === null) return '';
  // TCP and UDP have separate allocations: say which one when it is not TCP.
  const protocol = node.protocol && node.protocol !== 'TCP' ? `${node.protocol} ` : '';
  return `${formatCount(node.used)} of ${formatCount(node.allocated)} ${protocol}SNAT ports (${formatPercent(node.utilization)})`;
}

function trendText(node: BackendNodeEvaluation): string {
  if (node.minutesToExhaustion === 0) return ', all of its allocation';
  if (node.minutesToExhaustion !== null && node.slopePerMinute !== null) {
    const how = node.forecast === 'step' ? 'jumped' : 'rising';
    return `, ${how} ${formatDecimal(node.slopePerMinute)} ports/min: full in about ${formatMinutes(node.minutesToExhaustion)}`;
  }
  if (node.forecast === 'beyond-horizon') return `, rising slowly: not full within ${formatMinutes(FORECAST_HORIZON_MINUTES)} at this trend`;
  if (node.forecast === 'poor-fit') return ', no steady trend to forecast from';
  return ', not rising';
}
