// The nodes of one target on the page: a bar per node (used vs allocated) with the warning and
// critical lines drawn, the numbers beside it, and the alerts open on the node. Only the nodes at
// risk (warning, critical, or an open alert) are in sight, worst first; the rest are summed up in
// counts, their rows folded away, so a 500-node pool with 2 nodes at risk reads as 2 rows. Pure.
import { isAtRisk } from '../snat/finding-summary.js';
import { formatCount, formatMinutes } from '../snat/format.js';
import type { LiveAlert, LiveNode, LiveTarget, LiveView } from './live-view-schema.js';
import { silencedMark } from './page-silences.js';
import { html, type SafeHtml } from './page-html.js';
import { nodeLabel } from '../attribution/attribution-text.js';
import { podsOf } from './page-attribution.js';

/** At-risk rows shown before the rest of them fold into "show N more". */
export const VISIBLE_NODE_ROWS = 24;

/** Listed by name: at or above warning, or with an alert open. A single-node target (a NAT gateway) always is. */
export function listedNodes(target: Pick<LiveTarget, 'nodes'>): LiveNode[] {
  if (target.nodes.length === 1) return [...target.nodes];
  return target.nodes.filter((node) => isAtRisk(node.status) || node.alerts.length > 0);
}

const conditionLabels: Record<LiveAlert['condition'], string> = {
  SNAT_UTILIZATION: 'utilization',
  SNAT_EXHAUSTION: 'exhaustion',
  ALLOCATION_DRIFT: 'allocation drift',
  DATAPATH_DEGRADED: 'datapath',
  MONITORING_BLIND: 'monitoring blind',
};

export function nodesSection(target: LiveTarget, thresholds: LiveView['thresholds']): SafeHtml {
  if (target.nodes.length === 0) return html``;
  const listed = listedNodes(target);
  const rest = target.nodes.filter((node) => !listed.includes(node));
  const rows = listed.map((node) => nodeRow(node, target.kind, thresholds));
  const folded = rows.slice(VISIBLE_NODE_ROWS);
  return html`<div class="nodes" role="list" aria-label="Nodes of ${target.name} at risk">
${rows.slice(0, VISIBLE_NODE_ROWS)}
${folded.length > 0 ? html`<details class="more-nodes"><summary>Show ${formatCount(folded.length)} more nodes at risk</summary>${folded}</details>` : ''}
</div>
${rest.length > 0 ? html`<details class="other-nodes"><summary>${restSummary(listed.length, rest)}</summary><div class="nodes" role="list">${rest.map((node) => nodeRow(node, target.kind, thresholds))}</div></details>` : ''}
<p class="legend"><span class="key key-used"></span>used of allocated <span class="key key-warning"></span>warning ${thresholds.warningPercent} % <span class="key key-critical"></span>critical ${thresholds.criticalPercent} %</p>`;
}

/** "2 nodes at risk; the other 98: 97 below warning, 1 without data." */
function restSummary(listed: number, rest: readonly LiveNode[]): string {
  const ok = rest.filter((node) => node.status === 'ok').length;
  const unknown = rest.filter((node) => node.status === 'unknown').length;
  const parts = [ok > 0 ? `${formatCount(ok)} below warning` : '', unknown > 0 ? `${formatCount(unknown)} without data` : ''].filter(Boolean);
  const head = listed === 0 ? 'No node at risk' : `${formatCount(listed)} ${listed === 1 ? 'node' : 'nodes'} at risk`;
  return `${head}; the other ${formatCount(rest.length)}: ${parts.join(', ')}. Show them`;
}

function nodeRow(node: LiveNode, kind: LiveTarget['kind'], thresholds: LiveView['thresholds']): SafeHtml {
  const label = kind === 'natGateway' ? 'gateway pool' : nodeLabel(node.node, node.nodeName);
  const numbers = node.used === null || node.allocated === null ? 'no data' : `${formatCount(node.used)} / ${formatCount(node.allocated)}`;
  const percent = node.percent === null ? '–' : `${node.percent} %`;
  return html`<div class="node status-${node.status}" role="listitem" data-node="${node.node}" data-status="${node.status}">
  <div class="node-name"><code>${label}</code>${node.alerts.map(alertChip)}</div>
  ${bar(node, thresholds)}
  <div class="node-numbers"><span class="used">${numbers}</span>${details(node, kind)}${pooling(node)}${podsOf(node)}</div>
  <div class="node-percent">${percent}</div>
</div>
`;
}

/** An SVG bar: percentages as attributes, so the page needs no inline style (and a strict CSP holds). */
function bar(node: LiveNode, thresholds: LiveView['thresholds']): SafeHtml {
  const width = node.percent === null ? 0 : Math.min(100, Math.max(0, node.percent));
  const label = node.percent === null ? 'no data' : `${node.percent} % of allocated ports in use`;
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${label}">
    <rect class="track" x="0" y="0" width="100" height="10"></rect>
    <rect class="fill" x="0" y="0" width="${width}" height="10"></rect>
    <line class="line-warning" x1="${thresholds.warningPercent}" x2="${thresholds.warningPercent}" y1="0" y2="10" vector-effect="non-scaling-stroke"></line>
    <line class="line-critical" x1="${thresholds.criticalPercent}" x2="${thresholds.criticalPercent}" y1="0" y2="10" vector-effect="non-scaling-stroke"></line>
  </svg>`;
}

function details(node: LiveNode, kind: LiveTarget['kind']): SafeHtml {
  if (node.awaitingRemoval) return html`<small class="removing">awaiting removal: shown, never alerted on</small>`;
  const alarms = [
    node.failedConnections > 0 ? `${formatCount(node.failedConnections)} failed connections` : '',
    node.minutesToExhaustion === null ? '' : node.minutesToExhaustion === 0 ? 'full now' : `full in ${formatMinutes(node.minutesToExhaustion)}`,
  ].filter(Boolean);
  if (alarms.length > 0) return html`<small class="alarm">${alarms.join(' · ')}</small>`;
  // A NAT gateway's bar is active connections against its SKU's connection limit: capacity, not ports.
  return kind === 'natGateway' ? html`<small>active connections of the gateway's connection limit (no per-node metrics)</small>` : html``;
}

const verdictLabels: Record<string, string> = {
  'connection-churn': 'one connection per request',
  'idle-connections': 'idle connections pin ports',
  unknown: 'pooling diagnosis unknown',
};

/** The pooling diagnosis of a node at risk, in its own words; quiet nodes are not judged. */
function pooling(node: LiveNode): SafeHtml {
  const label = node.pooling ? verdictLabels[node.pooling.verdict] : undefined;
  if (!label || !node.pooling) return html``;
  return html`<small class="pooling" data-verdict="${node.pooling.verdict}"><strong>${label}</strong>: ${node.pooling.summary}</small>`;
}

export function alertChip(alert: LiveAlert): SafeHtml {
  return html` <span class="chip alert-${alert.state} sev-${alert.severity}${alert.silenced ? ' is-silenced' : ''}" title="since ${alert.since}">${alert.state} · ${conditionLabels[alert.condition]}${silencedMark(alert.silenced)}</span>`;
}
