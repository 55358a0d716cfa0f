// One target on the page: its name, status and where it lives; stale and blind said plainly; the
// nodes, the findings, and the plan for its real topology with a button that copies that setup into
// the what-if form. Pure.
import { formatCount, formatMinutes } from '../snat/format.js';
import type { OutboundIpsRequest, Plan, PlanTarget } from '../snat/plan-schema.js';
import type { LiveTarget, LiveView } from './live-view-schema.js';
import { summariseFindings } from '../snat/finding-summary.js';
import { alertChip, listedNodes, nodesSection } from './page-nodes.js';
import { html, type SafeHtml } from './page-html.js';
import { planSection } from './page-plan.js';
import { targetSilenceControls } from './page-silences.js';

export interface TargetCardOptions {
  /** The path of GET /api/recommendations, for links that narrow the view to one target. */
  apiPath: string;
}

export function targetCard(target: LiveTarget, view: LiveView, options: TargetCardOptions): SafeHtml {
  const classes = ['target', `status-${target.status}`, target.stale ? 'is-stale' : '', target.blind ? 'is-blind' : ''].filter(Boolean).join(' ');
  const targetAlerts = target.alerts.filter((alert) => !target.nodes.some((node) => node.node === alert.node));
  return html`<section class="${classes}" data-target-id="${target.id}" aria-labelledby="${anchorOf(target)}">
<header class="target-head">
  <h2 id="${anchorOf(target)}"><a href="${options.apiPath}?target=${encodeURIComponent(target.id)}" data-keep-key>${target.displayName}</a></h2>
  <span class="badge status-${target.status}">${target.status}</span>
  ${target.stale ? html`<span class="badge stale">stale</span>` : ''}
  ${target.blind ? html`<span class="badge blind">blind</span>` : ''}
  ${targetAlerts.map(alertChip)}
  ${targetSilenceControls(target)}
</header>
<p class="meta">${metaLine(target)}${target.portalUrl ? html` · <a href="${target.portalUrl}" rel="noreferrer noopener" target="_blank">Open in Azure portal</a>` : ''}</p>
${target.stale ? html`<p class="notice notice-stale">Stale: last evaluated ${ago(target.ageMinutes)}, more than ${view.staleAfterMinutes} min ago. The watch has not recorded this target since, so these numbers are old.</p>` : ''}
${target.readError ? html`<p class="notice notice-blind">Blind: the latest run could not read this target (${target.readError.kind})${target.readError.message ? html`: <span class="detail">${target.readError.message}</span>` : ''}.</p>` : ''}
${target.notes.map((note) => html`<p class="notice">${note.message}</p>`)}
${target.noData ? html`<p class="notice">${target.noData === 'no-backends' ? 'No backend nodes to watch.' : 'Azure returned no metrics for this target in the window.'}</p>` : ''}
${countsLine(target)}
${nodesSection(target, view.thresholds)}
${findingsSection(target)}
${target.plan ? html`<h3>Plan for this topology</h3>${planSection(target.plan)}<button type="button" class="secondary" data-prefill="${JSON.stringify(prefillOf(target.plan, target))}">Try a change to this setup</button>` : ''}
</section>`;
}

/** The target's findings and those of its listed nodes in full; the others one line per code, counted. */
function findingsSection(target: LiveTarget): SafeHtml {
  if (target.findings.length === 0) return html``;
  const { listed, summarised } = summariseFindings(target.findings, new Set(listedNodes(target).map((node) => node.node)));
  const item = (severity: string, text: string) => html`<li class="finding sev-${severity}"><span class="chip sev-${severity}">${severity}</span> ${text}</li>`;
  return html`<h3>Findings</h3><ul class="findings">${listed.map((finding) => item(finding.severity, finding.message))}${summarised.map((group) =>
    item(group.severity, `${FINDING_LABELS[group.code] ?? group.code} on ${formatCount(group.nodes)} other ${group.nodes === 1 ? 'node' : 'nodes'} below warning.`))}</ul>`;
}

const FINDING_LABELS: Partial<Record<LiveTarget['findings'][number]['code'], string>> = {
  SNAT_EXHAUSTION: 'SNAT exhaustion',
  HIGH_SNAT_UTILIZATION: 'High SNAT port use',
  ALLOCATION_DRIFT: 'Allocation drift',
  NOT_POOLING: 'Not pooling connections',
  DATAPATH_DEGRADED: 'Datapath degraded',
  CONNECTION_CAPACITY: 'Connection capacity',
  PACKETS_DROPPED: 'Packets dropped',
  NO_DATA: 'No data',
  MODEL_UNAVAILABLE: 'Allocation model unavailable',
};

function metaLine(target: LiveTarget): string {
  const kind = target.kind === 'natGateway' ? 'NAT gateway' : 'Load balancer';
  const parts = [
    kind,
    target.aksCluster ? `AKS cluster ${target.aksCluster.name} (${target.aksCluster.resourceGroup})` : '',
    target.resourceGroup ? `resource group ${target.resourceGroup}` : '',
    target.location ?? '',
    `evaluated ${target.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC (${ago(target.ageMinutes)})`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function countsLine(target: LiveTarget): SafeHtml {
  const counts = target.counts;
  if (!counts || counts.total === 0) return html``;
  const parts = (['critical', 'warning', 'unknown', 'ok'] as const).filter((key) => counts[key] > 0).map((key) => `${formatCount(counts[key])} ${key}`);
  return html`<p class="counts">${formatCount(counts.total)} ${counts.total === 1 ? 'node' : 'nodes'}: ${parts.join(', ')}</p>`;
}

function ago(minutes: number): string {
  return minutes < 1 ? 'just now' : `${formatMinutes(minutes)} ago`;
}

/** The what-if form's fields for the setup the plan describes, with the names its commands should use. */
export function prefillOf(plan: Plan, target: Pick<LiveTarget, 'kind' | 'name' | 'resourceGroup' | 'aksCluster'>): Record<string, string | number> {
  const { allocation } = plan;
  const names = namesOf(target);
  const named: Record<string, string> = names ? { names: JSON.stringify(names) } : {};
  if (allocation.mode === 'natGateway') return { type: 'natGateway', ips: allocation.frontendIps, current: allocation.nodes, ...named };
  return {
    type: 'loadBalancer',
    ips: allocation.frontendIps,
    ports: allocation.mode === 'manual' ? (allocation.portsPerNode ?? 0) : 0,
    current: allocation.nodes,
    max: allocation.atMax.nodes,
    surge: allocation.atMax.surgeNodes,
    ...named,
  };
}

/** A planning request's `target` (plan-request-schema.ts), when the names are known, with an AKS cluster's own outbound IPs. */
function namesOf(target: Pick<LiveTarget, 'kind' | 'name' | 'resourceGroup' | 'aksCluster'>): (PlanTarget & { outboundIps?: OutboundIpsRequest }) | null {
  if (target.aksCluster) {
    // The form moves `outboundIps` into the egress it posts, so fixes keep the cluster's own IPs.
    const { name, resourceGroup, outboundIps, vnetSubnetIds } = target.aksCluster;
    return { kind: 'aks', resourceGroup, clusterName: name, ...(vnetSubnetIds ? { vnetSubnetIds } : {}), ...(outboundIps ? { outboundIps } : {}) };
  }
  if (target.kind === 'natGateway' && target.resourceGroup) return { kind: 'natGateway', resourceGroup: target.resourceGroup, natGatewayName: target.name };
  return null;
}

function anchorOf(target: LiveTarget): string {
  return `target-${target.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
