// The planner's answer, a contract scripts rely on: the allocation now and at max scale, the risks
// found, and ranked recommendations. Described in zod so the OpenAPI document is generated from
// the same source as the types.
import { z } from 'zod';
import { egressSchema, workloadSchema } from './plan-request-schema.js';

export const riskCodes = [
  'INVALID_CONFIGURATION',
  'SCALE_EXCEEDS_CAPACITY',
  'SURGE_EXCEEDS_CAPACITY',
  'WORKLOAD_EXCEEDS_ALLOCATION',
  'DESTINATION_LIMIT',
  'TIER_CLIFF',
  'CONNECTIONS_NOT_POOLED',
  'IDLE_CONNECTIONS',
] as const;
export type RiskCode = (typeof riskCodes)[number];

export const recommendationCodes = ['POOL_CONNECTIONS', 'SET_OUTBOUND_PORTS', 'ADD_OUTBOUND_IPS', 'USE_NAT_GATEWAY', 'LOWER_IDLE_TIMEOUT'] as const;
export type RecommendationCode = (typeof recommendationCodes)[number];

const severity = z.enum(['info', 'warning', 'critical']);
const count = z.number().int().min(0);
const azureErrorCode = z.string().nullable().describe('The error Azure gives for this, when it has a documented code.');

const risk = <Code extends RiskCode, Shape extends z.ZodRawShape>(code: Code, shape: Shape) =>
  z.strictObject({ code: z.literal(code), severity, message: z.string(), ...shape });

export const riskSchema = z.discriminatedUnion('code', [
  risk('INVALID_CONFIGURATION', { field: z.string(), azureErrorCode }),
  risk('SCALE_EXCEEDS_CAPACITY', {
    nodes: count,
    requiredPorts: count.nullable(),
    capacityPorts: count,
    maxNodesThatFit: count,
    azureErrorCode,
  }),
  risk('SURGE_EXCEEDS_CAPACITY', {
    nodes: count,
    surgeNodes: count,
    requiredPorts: count.nullable(),
    capacityPorts: count,
    maxNodesThatFit: count,
    azureErrorCode,
  }),
  risk('WORKLOAD_EXCEEDS_ALLOCATION', { connectionsPerDestinationPerNode: count, portsPerNode: count, atNodes: count }),
  risk('DESTINATION_LIMIT', { connectionsPerDestination: count, limit: count, atNodes: count }),
  risk('TIER_CLIFF', { atNodes: count, portsPerNodeBefore: count, portsPerNodeAfter: count }),
  risk('CONNECTIONS_NOT_POOLED', {}),
  risk('IDLE_CONNECTIONS', {
    newConnectionsPerMinute: z.number().min(0).describe('New connections per minute one node opens to its busiest destination.'),
    idleTimeoutMinutes: count,
    portsHeld: count.describe("Ports those connections hold, each until the idle timeout (Little's law)."),
    portsPerNode: count.describe('Ports one node has for that destination.'),
  }),
]);

const natGatewayLimitsSchema = z.strictObject({
  sku: z.enum(['Standard', 'StandardV2']),
  connectionsPerIpPerDestination: count,
  totalConnections: count,
  maxIpv4Addresses: count,
  maxIpv6Addresses: count,
}).describe("The NAT gateway SKU's limits (Microsoft Learn: Azure NAT Gateway SKUs).");

export const allocationSchema = z.strictObject({
  mode: z.enum(['default', 'manual', 'natGateway']),
  natGateway: natGatewayLimitsSchema.nullable().describe('The SKU and its limits; null for a load balancer.'),
  frontendIps: count.describe('Outbound public IPs (NAT gateway: its public IPs).'),
  portsPerNode: count.nullable().describe('Ports each node has now; null for a NAT gateway (shared on demand) or when Azure defines none.'),
  capacityPorts: count.describe('64,000 per LB frontend IP, 64,512 per NAT gateway IP.'),
  nodes: count,
  atMax: z.strictObject({
    nodes: count.describe('Autoscaler maximum.'),
    portsPerNode: count.nullable(),
    surgeNodes: count.describe('Extra nodes an upgrade at max adds.'),
    nodesWithSurge: count,
    portsPerNodeWithSurge: count.nullable(),
  }),
});

export const recommendationSchema = z.strictObject({
  code: z.enum(recommendationCodes),
  title: z.string(),
  rationale: z.string(),
  addresses: z.array(z.enum(riskCodes)).describe('The risks this change clears.'),
  after: z.strictObject({
    egress: egressSchema.describe('The egress after the change (a planning request with it clears the risks addressed).'),
    workload: workloadSchema.nullable(),
    portsPerNode: count.nullable(),
    portsPerNodeWithSurge: count.nullable(),
    capacityPorts: count,
  }),
  commands: z.array(z.string()).describe('The exact Azure CLI commands; $NAME marks a value the request did not give.'),
  changesEgressIps: z
    .boolean()
    .describe('The cluster would send traffic from addresses it does not have today and that were not created by its owner beforehand (new AKS-managed IPs, a NAT gateway): allow-lists at third parties need the new addresses.'),
  cutsPortsPerNode: z
    .strictObject({ from: count, to: count })
    .nullable()
    .describe('Ports per node today and after the change, when the change gives nodes fewer; ranked below fixes that keep them.'),
  coverage: z
    .enum(['full', 'partial'])
    .describe('`partial`: no single change covers the need; this is the best one, and the rationale says what it achieves.'),
});

export const planSchema = z.strictObject({
  allocation: allocationSchema,
  risks: z.array(riskSchema),
  recommendations: z.array(recommendationSchema),
  assumptions: z
    .array(z.string())
    .optional()
    .describe('Facts the plan assumed because they could not be read (a live plan whose AKS cluster answered 403, say).'),
});

export type Risk = z.output<typeof riskSchema>;
export type Allocation = z.output<typeof allocationSchema>;
export type Recommendation = z.output<typeof recommendationSchema>;
export type Plan = z.output<typeof planSchema>;
