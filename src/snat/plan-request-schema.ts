// The planner's request: what a platform team describes (egress, node counts, workload, and
// optionally the names the commands should use). One zod schema serves the endpoint, the command
// line and the OpenAPI document. It rejects what is not a description at all (wrong types,
// impossible counts); a description Azure itself would refuse is planned and answered with an
// INVALID_CONFIGURATION risk instead.
import { z } from 'zod';
import {
  AKS_MANAGED_OUTBOUND_IPS,
  LB_IDLE_TIMEOUT_MINUTES,
  LB_MAX_FRONTEND_IPS,
  MAX_NODES,
  NAT_IDLE_TIMEOUT_MINUTES,
  NAT_MAX_PUBLIC_IPS,
  NAT_SKU_LIMITS,
  type NatGatewaySku,
} from './limits.js';

/** Sanity bound for port counts: far above Azure's 64,000 so Azure's own error can be reported. */
const MAX_DESCRIBED_PORTS = 1_000_000;
const MAX_CONNECTIONS = 100_000_000;
/** A day: far above any idle timeout (120 min), so "left open until the idle timeout" fits. */
const MAX_CONNECTION_SECONDS = 86_400;

/** An error message that says "is required" when the field is missing, else what is expected. */
const expected = (text: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : text);

const wholeNumber = (min: number, max: number, what = 'a whole number') => {
  const error = expected(`expected ${what} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

// Azure naming rules, which also keep every name safe to paste into a shell command.
const resourceGroupName = z
  .string({ error: expected('expected a resource group name') })
  .regex(/^[-\w.()]{0,89}[-\w()]$/, { error: 'expected a resource group name: 1–90 letters, digits, _ - . ( ), not ending in .' });
const resourceName = (what: string) =>
  z.string({ error: expected(`expected ${what}`) }).regex(/^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/, {
    error: `expected ${what}: 1–80 letters, digits, _ - ., starting with a letter or digit, ending with a letter, digit or _`,
  });

// ARM IDs of the resources the commands name, matched whole so each is safe to paste into a shell.
const armId = (type: string, what: string) =>
  z.string({ error: expected(`expected the resource ID of ${what}`) }).regex(
    new RegExp(`^/subscriptions/[0-9A-Fa-f-]{36}/resourceGroups/[-\\w.()]{0,89}[-\\w()]/providers/Microsoft\\.Network/${type}/[A-Za-z0-9](?:[-\\w.]{0,78}\\w)?$`, 'i'),
    { error: `expected the resource ID of ${what}: /subscriptions/{GUID}/resourceGroups/{group}/providers/Microsoft.Network/${type}/{name}` },
  );
const publicIpId = armId('publicIPAddresses', 'a public IP');
const publicIpPrefixId = armId('publicIPPrefixes', 'a public IP prefix');
const subnetId = armId('virtualNetworks/[A-Za-z0-9](?:[-\\w.]{0,62}\\w)?/subnets', 'a subnet');

const uniqueIds = (ids: readonly string[]) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length;

/**
 * Where an AKS cluster's outbound IPs come from. Own IPs and prefixes are often allow-listed by third
 * parties: fixes keep them and add to them, and never switch the cluster to managed IPs.
 * https://learn.microsoft.com/azure/aks/configure-load-balancer-standard#provide-your-own-outbound-public-ips-or-prefixes
 */
export const outboundIpsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('managed') }),
  z.strictObject({
    kind: z.literal('publicIps'),
    ids: z.array(publicIpId).min(1).max(LB_MAX_FRONTEND_IPS).refine(uniqueIds, { error: 'lists a public IP twice' }),
  }),
  z.strictObject({
    kind: z.literal('prefixes'),
    ids: z.array(publicIpPrefixId).min(1).max(LB_MAX_FRONTEND_IPS).refine(uniqueIds, { error: 'lists a prefix twice' }),
  }),
], { error: expected('expected an object with kind "managed", "publicIps" or "prefixes"') });

export const loadBalancerEgressSchema = z.strictObject({
  type: z.literal('loadBalancer'),
  frontendIps: wholeNumber(1, LB_MAX_FRONTEND_IPS).describe('Frontend (outbound) public IPs of the load balancer.'),
  allocatedOutboundPorts: wholeNumber(0, MAX_DESCRIBED_PORTS)
    .default(0)
    .describe('Outbound rule ports per backend instance; 0 = the default table. Azure accepts multiples of 8 up to 64,000.'),
  idleTimeoutMinutes: wholeNumber(LB_IDLE_TIMEOUT_MINUTES.min, LB_IDLE_TIMEOUT_MINUTES.max)
    .optional()
    .describe('Outbound idle timeout; defaults to 30 for AKS, 4 otherwise.'),
  outboundIps: outboundIpsSchema
    .optional()
    .describe('AKS: managed IPs (the default), or the resource IDs of the own public IPs (one per frontend IP) or prefixes (frontendIps counts their addresses).'),
});

export const natGatewayEgressSchema = z.strictObject({
  type: z.literal('natGateway'),
  sku: z
    .enum(Object.keys(NAT_SKU_LIMITS) as [NatGatewaySku, ...NatGatewaySku[]], { error: expected('expected "Standard" or "StandardV2"') })
    .default('Standard')
    .describe('The NAT gateway SKU; its limits (connections per IP per destination, total connections, IPv4/IPv6 addresses) apply. Defaults to Standard.'),
  publicIps: wholeNumber(1, NAT_MAX_PUBLIC_IPS).describe('Public IPv4 addresses of the NAT gateway, prefixes expanded.'),
  idleTimeoutMinutes: wholeNumber(NAT_IDLE_TIMEOUT_MINUTES.min, NAT_IDLE_TIMEOUT_MINUTES.max)
    .optional()
    .describe('TCP idle timeout; defaults to 4.'),
});

export const egressSchema = z.discriminatedUnion('type', [loadBalancerEgressSchema, natGatewayEgressSchema], {
  error: expected('expected an object with type "loadBalancer" or "natGateway"'),
});

const surgeSchema = z.union([
  wholeNumber(0, MAX_NODES, 'a node count'),
  z.string().regex(/^(100|[1-9]?\d)%$/, { error: 'expected a node count or a percentage from 0% to 100%' }),
], { error: expected('expected a node count (1) or a percentage ("10%")') });

/**
 * One node pool, as AKS checks outbound ports against it: its autoscaler max (else its count) plus
 * its own surge, a percentage rounded up on that max (DOMAIN.md §10, §12).
 */
export const nodePoolSchema = z.strictObject({
  name: z.string().max(80).optional().describe('For people; not used by the plan.'),
  count: wholeNumber(0, MAX_NODES, 'a node count').describe('Nodes in the pool now.'),
  maxCount: wholeNumber(0, MAX_NODES, 'a node count').optional().describe('Autoscaler maximum; defaults to count.'),
  maxSurge: surgeSchema.optional().describe('This pool\'s upgrade surge: a count or a percentage of its max. Defaults to "10%" for AKS, 0 otherwise.'),
}, { error: expected('expected an object: { name?, count, maxCount?, maxSurge? }') });

export const nodesSchema = z
  .strictObject(
    {
    current: wholeNumber(0, MAX_NODES, 'a node count').describe('Backend instances now (all node pools together).'),
    max: wholeNumber(0, MAX_NODES, 'a node count').optional().describe('Autoscaler maximum, summed over node pools; defaults to current.'),
    surge: surgeSchema.optional().describe('Extra nodes an upgrade adds: a count or a percentage of max. Defaults to "10%" for AKS, 0 otherwise.'),
    pools: z
      .array(nodePoolSchema)
      .min(1)
      .max(100)
      .optional()
      .describe('Per node pool instead of max and surge: surge is then counted per pool on its max, rounded up, and summed, as AKS counts it.'),
    },
    { error: expected('expected an object: { current, max?, surge?, pools? }') },
  )
  .refine((nodes) => nodes.max === undefined || nodes.max >= nodes.current, {
    path: ['max'],
    error: 'must be at least nodes.current',
  })
  .refine((nodes) => nodes.pools === undefined || (nodes.max === undefined && nodes.surge === undefined), {
    path: ['pools'],
    error: 'give either pools, or max and surge, not both',
  })
  .refine((nodes) => nodes.pools === undefined || nodes.pools.reduce((sum, pool) => sum + Math.max(pool.count, pool.maxCount ?? pool.count), 0) >= nodes.current, {
    path: ['pools'],
    error: 'the pools\' maxCount (else count) must add up to at least nodes.current',
  });

export const workloadSchema = z.strictObject({
  peakConnectionsPerNode: wholeNumber(0, MAX_CONNECTIONS).optional().describe('Peak concurrent outbound connections per node.'),
  sameDestinationShare: z
    .number({ error: expected('expected a share from 0 to 1') })
    .min(0, { error: 'expected a share from 0 to 1' })
    .max(1, { error: 'expected a share from 0 to 1' })
    .optional()
    .describe('Share of those connections going to one destination IP:port; defaults to 1 (the worst case).'),
  pooled: z.boolean({ error: expected('expected true or false') }).optional().describe('Whether the application reuses connections.'),
  maxConnectionsPerDestination: wholeNumber(1, MAX_CONNECTIONS)
    .optional()
    .describe('The connection pool limit per destination and node, when pooled.'),
  newConnectionsPerMinute: z
    .number({ error: expected(`expected a rate from 0 to ${MAX_CONNECTIONS.toLocaleString('en-US')} per minute`) })
    .min(0, { error: `expected a rate from 0 to ${MAX_CONNECTIONS.toLocaleString('en-US')} per minute` })
    .max(MAX_CONNECTIONS, { error: `expected a rate from 0 to ${MAX_CONNECTIONS.toLocaleString('en-US')} per minute` })
    .optional()
    .describe(
      "New outbound connections one node opens per minute at peak (sameDestinationShare of them to the busiest destination). Each holds a SNAT port for connectionSeconds plus the platform's hold after close (Little's law).",
    ),
  connectionSeconds: z
    .number({ error: expected(`expected seconds above 0, at most ${MAX_CONNECTION_SECONDS.toLocaleString('en-US')}`) })
    .gt(0, { error: `expected seconds above 0, at most ${MAX_CONNECTION_SECONDS.toLocaleString('en-US')}` })
    .max(MAX_CONNECTION_SECONDS, { error: `expected seconds above 0, at most ${MAX_CONNECTION_SECONDS.toLocaleString('en-US')}` })
    .optional()
    .describe(
      'How long each connection stays open before the client closes it; defaults to 0 (requests far shorter than the hold after close). At or above the egress idle timeout: connections left open until the idle timeout ends them. Unpooled, without newConnectionsPerMinute, the rate is peakConnectionsPerNode ÷ connectionSeconds.',
    ),
}, {
  error: 'expected an object: { peakConnectionsPerNode?, sameDestinationShare?, pooled?, maxConnectionsPerDestination?, newConnectionsPerMinute?, connectionSeconds? }',
});

export const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('aks'),
    resourceGroup: resourceGroupName,
    clusterName: resourceName('an AKS cluster name'),
    vnetSubnetIds: z
      .array(subnetId)
      .max(100)
      .optional()
      .describe("The node pools' vnetSubnetID when the cluster runs in a custom VNet; absent or empty for an AKS-managed VNet."),
  }),
  z.strictObject({
    kind: z.literal('loadBalancer'),
    resourceGroup: resourceGroupName,
    loadBalancerName: resourceName('a load balancer name'),
    outboundRuleName: resourceName('an outbound rule name'),
  }),
  z.strictObject({ kind: z.literal('natGateway'), resourceGroup: resourceGroupName, natGatewayName: resourceName('a NAT gateway name') }),
], { error: expected('expected an object with kind "aks", "loadBalancer" or "natGateway"') });

const targetMatchesEgress = z.object({ egress: egressSchema, target: targetSchema.optional() });

export const planRequestSchema = z
  .strictObject({
    egress: egressSchema,
    nodes: nodesSchema,
    workload: workloadSchema.optional(),
    target: targetSchema.optional().describe('Names for the commands; defaults to an AKS cluster named by $RESOURCE_GROUP and $CLUSTER_NAME.'),
  }, { error: 'expected a JSON object: { egress, nodes, workload?, target? }' })
  .superRefine((request, ctx) => {
    const kind = request.target?.kind ?? 'aks';
    const { egress } = request;
    if (kind === 'loadBalancer' && egress.type !== 'loadBalancer') {
      ctx.addIssue({ code: 'custom', path: ['target', 'kind'], message: 'a loadBalancer target needs egress.type "loadBalancer"' });
    }
    if (kind === 'natGateway' && egress.type !== 'natGateway') {
      ctx.addIssue({ code: 'custom', path: ['target', 'kind'], message: 'a natGateway target needs egress.type "natGateway"' });
    }
    if (egress.type === 'loadBalancer' && egress.outboundIps?.kind === 'publicIps' && egress.outboundIps.ids.length !== egress.frontendIps) {
      ctx.addIssue({ code: 'custom', path: ['egress', 'frontendIps'], message: `must equal the ${egress.outboundIps.ids.length} public IPs in egress.outboundIps.ids` });
    }
    if (egress.type === 'loadBalancer' && egress.outboundIps?.kind === 'prefixes' && egress.outboundIps.ids.length * 2 > egress.frontendIps) {
      ctx.addIssue({ code: 'custom', path: ['egress', 'frontendIps'], message: 'must count every address of the prefixes (a /31 holds 2)' });
    }
    if (kind === 'aks' && egress.type === 'loadBalancer' && egress.frontendIps > AKS_MANAGED_OUTBOUND_IPS.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['egress', 'frontendIps'],
        message: `AKS manages ${AKS_MANAGED_OUTBOUND_IPS.min} to ${AKS_MANAGED_OUTBOUND_IPS.max} outbound IPs`,
      });
    }
  }, { when: (payload) => targetMatchesEgress.safeParse(payload.value).success });

export type PlanRequest = z.output<typeof planRequestSchema>;
export type PlanRequestInput = z.input<typeof planRequestSchema>;
export type EgressRequest = z.output<typeof egressSchema>;
export type WorkloadRequest = z.output<typeof workloadSchema>;
export type PlanTarget = z.output<typeof targetSchema>;
export type OutboundIpsRequest = z.output<typeof outboundIpsSchema>;
