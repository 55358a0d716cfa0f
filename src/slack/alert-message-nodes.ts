// The node part of an alert message: the worst nodes, one line each (used/allocated and %, failed
// connections, time to exhaustion, the pooling diagnosis), and one sentence for all the others. A
// load balancer node's used/allocated are its sums over its frontend IPs, of its worst protocol
// (named when it is not TCP). Lines are
// added whole while they fit, so a 1,000-node target reads as 5 lines and "and 995 more".
import type { AlertSummary } from '../alerting/alert-state.js';
import type { BackendNodeEvaluation, NodeEvaluation, TargetEvaluation } from '../snat/evaluation.js';
import { isAtRisk } from '../snat/finding-summary.js';
import { formatCount, formatDecimal, formatMinutes, formatPercent, formatUtc, plural } from '../snat/format.js';
import { escapeMrkdwn } from './block-kit.js';
import { nodeLabel } from '../attribution/attribution-text.js';
import { podLines } from './alert-message-attribution.js';

/** How many nodes a message lists by name. */
export const LISTED_NODES = 5;

export interface NodeLines {
  lines: string[];
  /** Nodes at or above warning not listed. */
  more: number;
  /** The backend IPs of the nodes listed. */
  listed?: string[];
}

/** The worst nodes at or above warning, within `budget` characters. Nodes awaiting removal are never listed. */
export function worstNodeLines(evaluation: TargetEvaluation, budget: number): NodeLines {
  const atRisk = evaluation.nodes.filter((node) => isAtRisk(node.status) && !(node.kind === 'backend' && node.awaitingRemoval));
  // A node keeps its pods while they fit; past that it is listed without them rather than dropped.
  const lines = fitLines(atRisk.slice(0, LISTED_NODES).map((node) => {
    const line = nodeLine(node, evaluation);
    const pods = node.kind === 'backend' ? podLines(node) : [];
    return pods.length > 0 ? [[line, ...pods].join('\n'), line] : [line];
  }), budget);
  return { lines, more: atRisk.length - lines.length, listed: atRisk.slice(0, lines.length).map((node) => node.node) };
}

/** Without numbers (the target could not be read this run): the alerts themselves. */
export function alertLines(alerts: readonly AlertSummary[], budget: number): NodeLines {
  const lines = fitLines(alerts.slice(0, LISTED_NODES).map((alert) => [alertLine(alert)]), budget);
  return { lines, more: alerts.length - lines.length };
}

/** "…and 37 more nodes at or above warning." */
export function moreText(more: number, noun: 'node' | 'alert', what: string): string | null {
  return more > 0 ? `…and ${plural(more, `more ${noun}`)} ${what}.` : null;
}

function nodeLine(node: NodeEvaluation, evaluation: TargetEvaluation): string {
  const name = node.kind === 'gateway' ? `NAT gateway ${escapeMrkdwn(evaluation.targetName)}` : escapeMrkdwn(nodeLabel(node.node, node.nodeName));
  const parts: string[] = [];
  if (node.kind === 'gateway' && node.used !== null && node.allocated !== null) {
    // A gateway's allocated is its SKU's connection limit, a capacity indicator, not ports.
    parts.push(`${formatCount(node.used)} active connections of ${formatCount(node.allocated)} (${node.sku} limit)`);
  } else if (node.used !== null && node.allocated !== null) {
    const share = node.utilization === null ? '' : ` (${formatPercent(node.utilization)})`;
    const protocol = node.kind === 'backend' && node.protocol && node.protocol !== 'TCP' ? ` ${node.protocol}` : '';
    parts.push(`${formatCount(node.used)} / ${formatCount(node.allocated)}${protocol} ports${share}`);
  } else {
    parts.push('no usage data');
  }
  if (node.failedConnections > 0) parts.push(`*${plural(node.failedConnections, 'failed connection')}*`);
  if (node.minutesToExhaustion !== null) parts.push(node.minutesToExhaustion === 0 ? 'full now' : `full in ~${formatMinutes(node.minutesToExhaustion)}`);
  if (node.kind === 'backend') parts.push(...poolingPart(node));
  if (node.kind === 'backend' && node.allocationDrift && node.modelAllocated !== null) parts.push(`expected ${formatCount(node.modelAllocated)} ports`);
  if (node.kind === 'gateway' && node.datapathAvailability !== null) parts.push(`datapath ${formatDecimal(node.datapathAvailability)}%`);
  return `• *${name}* (${node.status}) — ${parts.join(' · ')}`;
}

/** The diagnosis in a few words with its two numbers (Little's law: held minutes at a rate). */
function poolingPart(node: BackendNodeEvaluation): string[] {
  const { verdict, holdMinutes, newConnectionsPerMinute: rate } = node.pooling ?? {};
  if (holdMinutes == null || rate == null) return [];
  const numbers = `ports held ~${holdMinutes < 1 ? `${formatDecimal(holdMinutes * 60)} s` : `${formatDecimal(holdMinutes)} min`} at ${formatCount(rate)} new/min`;
  if (verdict === 'connection-churn') return [`not pooling (${numbers})`];
  if (verdict === 'idle-connections') return [`idle connections (${numbers}, idle timeout ${formatCount(node.pooling.idleTimeoutMinutes)} min)`];
  if (verdict === 'unknown') return [`pooling unclear (${numbers})`];
  return [];
}

const CONDITION_TEXT: Record<AlertSummary['condition'], string> = {
  SNAT_EXHAUSTION: 'failing SNAT connections',
  SNAT_UTILIZATION: 'high SNAT port use',
  ALLOCATION_DRIFT: 'allocation drift',
  DATAPATH_DEGRADED: 'datapath degraded',
  MONITORING_BLIND: 'monitoring blind',
};

function alertLine(alert: AlertSummary): string {
  const node = alert.node === '*' ? 'whole target' : escapeMrkdwn(alert.node);
  return `• *${node}* — ${CONDITION_TEXT[alert.condition]} (${alert.severity}) since ${formatUtc(alert.since)}`;
}

/** Lines added whole while they fit; each candidate lists its forms, fullest first (a node with its pods, then without). */
function fitLines(candidates: ReadonlyArray<readonly string[]>, budget: number): string[] {
  const lines: string[] = [];
  let used = 0;
  for (const forms of candidates) {
    const line = forms.find((form) => used + form.length + 1 <= budget);
    if (line === undefined) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines;
}
