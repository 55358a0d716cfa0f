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

export const loadBalancerEgressSchema = z.strictObject({
  type: z.literal('loadBalancer'),
  frontendIps: wholeNumber(1, LB_MAX_FRONTEND_IPS).describe('Frontend (outbound) public IPs of the load balancer.'),
  allocatedOutboundPorts: wholeNumber(0, MAX_DESCRIBED_PORTS)
    .default(0)
    .describe('Outbound rule ports per backend instance; 0 = the default table. Azure accepts multiples of 8 up to 64,000.'),
  idleTimeoutMinutes: wholeNumber(LB_IDLE_TIMEOUT_MINUTES.min, LB_IDLE_TIMEOUT_MINUTES.max)
    .optional()
    .describe('Outbound idle timeout; defaults to 30 for AKS, 4 otherwise.'),
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

export const nodesSchema = z
  .strictObject(
    {
    current: wholeNumber(0, MAX_NODES, 'a node count').describe('Backend instances now (all node pools together).'),
    max: wholeNumber(0, MAX_NODES, 'a node count').optional().describe('Autoscaler maximum, summed over node pools; defaults to current.'),
    surge: surgeSchema.optional().describe('Extra nodes an upgrade adds: a count or a percentage of max. Defaults to "10%" for AKS, 0 otherwise.'),
    },
    { error: expected('expected an object: { current, max?, surge? }') },
  )
  .refine((nodes) => nodes.max === undefined || nodes.max >= nodes.current, {
    path: ['max'],
    error: 'must be at least nodes.current',
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
}, { error: 'expected an object: { peakConnectionsPerNode?, sameDestinationShare?, pooled?, maxConnectionsPerDestination? }' });

export const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('aks'), resourceGroup: resourceGroupName, clusterName: resourceName('an AKS cluster name') }),
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
