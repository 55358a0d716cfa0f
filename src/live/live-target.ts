// One target of the live view, from the snapshot its latest watch run recorded: identity, age,
// per-node numbers with the alerts open on each node, findings and the plan. Pure.
import type { AlertRecord } from '../alerting/alert-state.js';
import { parseResourceId } from '../azure/resource-id.js';
import type { NodeEvaluation } from '../snat/evaluation.js';
import type { AksContext } from '../snat/model.js';
import { portalResourceUrl } from '../slack/target-links.js';
import { clusterOf, targetDisplayName } from '../snat/target-names.js';
import type { TargetSnapshot } from '../watch/target-snapshot.js';
import type { PoolingDiagnosis } from '../snat/pooling-diagnosis.js';
import type { LiveAlert, LiveNode, LivePooling, LiveTarget } from './live-view-schema.js';
import { liveAttributionSchema, type LiveAttribution } from './live-attribution-schema.js';
import type { Silence } from '../alerting/silence.js';
import { alertSilence, liveSilencesOf } from './live-silences.js';

export interface LiveTargetContext {
  nowMs: number;
  staleAfterMinutes: number;
  /** SNAT_PORTAL_URL; no portal link without it. */
  portalUrl?: string;
  /** Every silence not over yet (the store's list); none when absent. */
  silences?: readonly Silence[];
}

export function liveTarget(snapshot: TargetSnapshot, context: LiveTargetContext): LiveTarget {
  const { target, topology, evaluation, readError } = snapshot;
  const now = new Date(context.nowMs);
  const silences = context.silences ?? [];
  const nodeNames = new Map((evaluation?.nodes ?? []).map((node) => [node.node, node.kind === 'backend' ? (node.nodeName ?? null) : null]));
  const alerts = (snapshot.alerts ?? [])
    .filter((alert) => alert.state !== 'resolved')
    .map((alert) => liveAlert(alert, alertSilence(silences, target, now, { node: alert.node, nodeName: nodeNames.get(alert.node) ?? null, condition: alert.condition })));
  const ageMs = Math.max(0, context.nowMs - Date.parse(snapshot.recordedAt));
  const identity = topology ?? idParts(target.id);
  return {
    id: target.id,
    name: target.name,
    displayName: targetDisplayName(target, clusterOf(topology)),
    kind: target.kind,
    cluster: clusterOf(topology),
    subscriptionId: identity?.subscriptionId ?? null,
    resourceGroup: identity?.resourceGroup ?? null,
    location: topology?.location ?? null,
    // A cluster that could not be read and whose name is a placeholder names no cluster.
    aksCluster: topology?.kind === 'loadBalancer' && topology.aks && !topology.aks.clusterName.startsWith('$') ? aksCluster(topology.aks) : null,
    portalUrl: context.portalUrl ? portalResourceUrl(context.portalUrl, target.id) : null,
    evaluatedAt: snapshot.recordedAt,
    ageMinutes: Number.isFinite(ageMs) ? Math.floor(ageMs / 60_000) : 0,
    // An unreadable timestamp cannot prove the data is fresh.
    stale: !Number.isFinite(ageMs) || ageMs > context.staleAfterMinutes * 60_000,
    blind: readError !== null || alerts.some((alert) => alert.condition === 'MONITORING_BLIND'),
    status: evaluation?.status ?? 'unreadable',
    noData: evaluation?.noData ?? null,
    counts: evaluation ? { ...evaluation.counts } : null,
    nodes: (evaluation?.nodes ?? []).map((node) => liveNode(node, alerts)),
    findings: (evaluation?.findings ?? []).map(({ code, severity, node, message }) => ({ code, severity, node, message })),
    notes: topology?.kind === 'loadBalancer' ? (topology.notes ?? []).map(({ code, message }) => ({ code, message })) : [],
    readError: readError ? { kind: readError.kind, message: readError.message } : null,
    alerts,
    silences: liveSilencesOf(silences, target, now),
    plan: snapshot.plan,
  };
}

function liveNode(node: NodeEvaluation, alerts: readonly LiveAlert[]): LiveNode {
  return {
    node: node.node,
    nodeName: node.kind === 'backend' ? node.nodeName ?? null : null,
    kind: node.kind,
    status: node.status,
    used: node.used,
    allocated: node.allocated,
    percent: node.utilization === null ? null : Math.round(node.utilization * 1000) / 10,
    failedConnections: node.failedConnections,
    minutesToExhaustion: node.minutesToExhaustion,
    awaitingRemoval: node.kind === 'backend' && node.awaitingRemoval === true,
    pooling: livePooling(node),
    attribution: node.kind === 'backend' ? liveAttribution(node.attribution) : null,
    alerts: alerts.filter((alert) => alert.node === node.node),
  };
}

/** Snapshots written before attribution have none; a stored one that no longer fits the schema shows none. */
function liveAttribution(attribution: unknown): LiveAttribution | null {
  const parsed = liveAttributionSchema.safeParse(attribution);
  return parsed.success ? parsed.data : null;
}

/** Snapshots recorded before the diagnosis hold a plain string here: those show no diagnosis. */
function livePooling(node: NodeEvaluation): LivePooling | null {
  const pooling = node.kind === 'backend' ? (node.pooling as Partial<PoolingDiagnosis> | string | undefined) : undefined;
  if (typeof pooling !== 'object' || pooling === null || typeof pooling.verdict !== 'string') return null;
  const { verdict, holdMinutes = null, newConnectionsPerMinute = null, idleTimeoutMinutes = 0, suggestedIdleTimeoutMinutes = null, summary = '' } = pooling;
  return { verdict, holdMinutes, newConnectionsPerMinute, idleTimeoutMinutes, suggestedIdleTimeoutMinutes, summary };
}

function liveAlert(record: AlertRecord, silenced: LiveAlert['silenced']): LiveAlert {
  const { condition, node, severity, since, firingSince } = record;
  return { condition, node, state: record.state === 'firing' ? 'firing' : 'pending', severity, since, firingSince, silenced };
}

function idParts(id: string): { subscriptionId: string; resourceGroup: string } | null {
  try {
    return parseResourceId(id);
  } catch {
    return null;
  }
}

/** The cluster's names, and what fixes must keep: its own IPs or prefixes, its custom-VNet subnets. */
function aksCluster(aks: AksContext): NonNullable<LiveTarget['aksCluster']> {
  const source = aks.outboundIps;
  const subnets = aks.vnetSubnetIds ?? [];
  return {
    name: aks.clusterName,
    resourceGroup: aks.resourceGroup,
    ...(source && source.kind !== 'managed' ? { outboundIps: { kind: source.kind, ids: source.ids } } : {}),
    ...(subnets.length > 0 ? { vnetSubnetIds: subnets } : {}),
  };
}
