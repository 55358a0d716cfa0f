// The live view's contract (GET /api/recommendations): the latest evaluation of every watched
// target as the last watch run recorded it. Described in zod so the OpenAPI document and the types
// come from one source; the page for people (page.ts) renders the same shape.
import { z } from 'zod';
import type { AlertKind } from '../alerting/alert-state.js';
import type { FindingCode } from '../snat/evaluation.js';
import { outboundIpsSchema, planSchema } from '../snat/plan-schema.js';
import { liveOutboxSchema, liveWatcherSchema } from './live-watcher.js';
import { liveAttributionSchema } from './live-attribution-schema.js';

export const findingCodes = [
  'SNAT_EXHAUSTION',
  'HIGH_SNAT_UTILIZATION',
  'ALLOCATION_DRIFT',
  'NOT_POOLING',
  'IDLE_CONNECTIONS',
  'DATAPATH_DEGRADED',
  'CONNECTION_CAPACITY',
  'PACKETS_DROPPED',
  'NO_DATA',
  'MODEL_UNAVAILABLE',
  'FRONTEND_HOT',
  'AWAITING_REMOVAL',
] as const satisfies readonly FindingCode[];

export const alertKinds = ['SNAT_UTILIZATION', 'SNAT_EXHAUSTION', 'ALLOCATION_DRIFT', 'DATAPATH_DEGRADED', 'MONITORING_BLIND'] as const satisfies readonly AlertKind[];

// Compile-time guards: a code added to the domain unions must be added here too.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const everyFindingListed: Missing<FindingCode, (typeof findingCodes)[number]> = true;
const everyAlertListed: Missing<AlertKind, (typeof alertKinds)[number]> = true;
void everyFindingListed;
void everyAlertListed;

const isoTime = z.string().describe('ISO 8601, UTC.');
const nodeStatus = z.enum(['ok', 'warning', 'critical', 'unknown']).describe('`unknown`: no usable data this run; never shown as ok.');

export const liveAlertSchema = z.strictObject({
  condition: z.enum(alertKinds),
  node: z.string().describe('Backend IP, or * for the target as a whole.'),
  state: z.enum(['pending', 'firing']),
  severity: z.enum(['warning', 'critical']),
  since: isoTime,
  firingSince: isoTime.nullable(),
  silenced: z
    .strictObject({ id: z.string(), until: isoTime, by: z.string() })
    .nullable()
    .describe('The active silence covering this alert (the one lasting longest): no notifications about it until `until`. Null when not silenced.'),
});

/** A silence on a target, as the live view shows it (GET /api/silences has the whole record). */
export const liveSilenceSchema = z.strictObject({
  id: z.string(),
  node: z.string().nullable().describe('The node it covers; null: every node.'),
  condition: z.enum(alertKinds).nullable().describe('The condition it covers; null: every condition.'),
  state: z.enum(['active', 'pending']).describe('`pending`: starts at `startsAt`.'),
  startsAt: isoTime,
  endsAt: isoTime,
  createdBy: z.string(),
  comment: z.string(),
});

/** The pooling diagnosis of a backend (Little's law: ports in use = new connections per minute × minutes held). */
export const livePoolingSchema = z.strictObject({
  verdict: z.enum(['not-judged', 'connection-churn', 'idle-connections', 'unknown']).describe('Judged only at or above warning or with failed connections.'),
  holdMinutes: z.number().nullable().describe('Mean ports in use ÷ new connections per minute: minutes each port is held.'),
  newConnectionsPerMinute: z.number().nullable().describe('Mean new connections per minute that got a port.'),
  idleTimeoutMinutes: z.number(),
  suggestedIdleTimeoutMinutes: z.number().nullable().describe('For idle-connections: the idle timeout to set.'),
  summary: z.string().describe('The numbers and the verdict in words; empty when not judged.'),
});

export const liveNodeSchema = z.strictObject({
  node: z.string().describe('Backend private IP, or * for a NAT gateway.'),
  nodeName: z.string().nullable().describe('The Kubernetes node name (the VM scale set instance\'s computer name), when the topology knows it; null otherwise.'),
  kind: z.enum(['backend', 'gateway']),
  status: nodeStatus,
  used: z.number().nullable().describe('Ports in use, summed over the node\'s frontend IPs, of its worst protocol (NAT gateway: active connections).'),
  allocated: z.number().nullable().describe("Ports available to the node, summed over its frontend IPs, for that protocol (NAT gateway: its SKU's total-connection limit, a capacity indicator; a NAT gateway is judged by failed connections)."),
  percent: z.number().nullable().describe('used / allocated in percent, one decimal.'),
  failedConnections: z.number().describe('Failed SNAT connections over the evaluation window.'),
  minutesToExhaustion: z.number().nullable().describe('At the recent trend, within a 6-hour horizon; 0 when full; null when not rising, unknown, a poor fit, beyond the horizon, or a NAT gateway.'),
  awaitingRemoval: z.boolean().describe('Azure reports the node with IsAwaitingRemoval = true: shown, never alerted on, not in the target status.'),
  pooling: livePoolingSchema.nullable().describe('Why the node holds its ports; null for a NAT gateway.'),
  attribution: liveAttributionSchema.nullable().describe('Which pods opened the node\'s new TCP connections (docs/attribution.md); only for nodes at or above warning on an AKS load balancer, null otherwise.'),
  alerts: z.array(liveAlertSchema).describe('Open alerts about this node.'),
});

export const liveFindingSchema = z.strictObject({
  code: z.enum(findingCodes),
  severity: z.enum(['info', 'warning', 'critical']),
  node: z.string(),
  message: z.string(),
});

export const liveTargetSchema = z.strictObject({
  id: z.string().describe('ARM resource ID.'),
  name: z.string(),
  displayName: z.string().describe('The name people use: the AKS cluster first when the target belongs to one ("aks-shop-prod · load balancer kubernetes").'),
  kind: z.enum(['loadBalancer', 'natGateway']),
  cluster: z
    .strictObject({ name: z.string(), id: z.string().nullable().describe('Null when the cluster could not be read and its name comes from the node resource group\'s.') })
    .nullable()
    .describe('The AKS cluster the load balancer or NAT gateway belongs to; null when none is known.'),
  subscriptionId: z.string().nullable(),
  resourceGroup: z.string().nullable(),
  location: z.string().nullable().describe('Null until the topology was read once.'),
  aksCluster: z
    .strictObject({
      name: z.string(),
      resourceGroup: z.string(),
      outboundIps: outboundIpsSchema.optional().describe("The cluster's own public IPs or prefixes, when it has them: fixes keep them."),
      vnetSubnetIds: z.array(z.string()).optional().describe('The node subnets of a custom VNet.'),
    })
    .nullable()
    .describe('The cluster whose `kubernetes` load balancer this is.'),
  portalUrl: z.string().nullable(),
  evaluatedAt: isoTime.describe('When the watch run recorded this.'),
  ageMinutes: z.number().int().min(0),
  stale: z.boolean().describe('Older than SNAT_STALE_AFTER_MINUTES: the watch has not run (or not reached this target) since.'),
  blind: z.boolean().describe('The latest run could not read the target, or MONITORING_BLIND is open.'),
  status: z.enum(['ok', 'warning', 'critical', 'unknown', 'unreadable']).describe('The worst node; `unreadable` when the latest run could not read it.'),
  noData: z.enum(['no-backends', 'no-metrics']).nullable(),
  counts: z
    .strictObject({ total: z.number(), critical: z.number(), warning: z.number(), unknown: z.number(), ok: z.number(), awaitingRemoval: z.number().optional().describe('Nodes being removed, counted here and not under their status.') })
    .nullable(),
  nodes: z.array(liveNodeSchema).describe('Worst first.'),
  findings: z.array(liveFindingSchema).describe('Worst first.'),
  notes: z
    .array(z.strictObject({ code: z.enum(['AKS_CLUSTER_UNREADABLE', 'PUBLIC_IP_PREFIX_UNREADABLE']), message: z.string() }))
    .describe('What the topology could not read (the AKS cluster answered 403, say), said once here rather than in every run; the plan lists what it assumed instead.'),
  readError: z.strictObject({ kind: z.enum(['forbidden', 'not-found', 'throttled', 'timeout', 'failed', 'no-data']), message: z.string() }).nullable(),
  alerts: z.array(liveAlertSchema).describe('Every open (pending or firing) alert of the target.'),
  silences: z.array(liveSilenceSchema).describe('The silences on this target not over yet (active or pending), soonest end first.'),
  plan: planSchema.nullable().describe('The planner on the real topology; null until the topology was read once.'),
});

export const liveViewSchema = z.strictObject({
  generatedAt: isoTime,
  staleAfterMinutes: z.number().int().min(1),
  thresholds: z.strictObject({ warningPercent: z.number(), criticalPercent: z.number() }),
  targets: z.array(liveTargetSchema).describe('Worst first: critical, warning, unreadable, unknown, ok; then by name.'),
  watcher: liveWatcherSchema.nullable().describe('The watch on the watcher: the latest run\'s heartbeat and failed runs in a row.'),
  outbox: liveOutboxSchema.nullable().describe('Slack delivery: messages waiting, and the parked (dead-lettered) ones.'),
});

export type LiveAlert = z.output<typeof liveAlertSchema>;
export type LiveSilence = z.output<typeof liveSilenceSchema>;
export type LiveNode = z.output<typeof liveNodeSchema>;
export type LivePooling = z.output<typeof livePoolingSchema>;
export type LiveTarget = z.output<typeof liveTargetSchema>;
export type LiveView = z.output<typeof liveViewSchema>;
