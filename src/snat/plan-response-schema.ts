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
] as const;
export type RiskCode = (typeof riskCodes)[number];

export const recommendationCodes = ['POOL_CONNECTIONS', 'SET_OUTBOUND_PORTS', 'ADD_OUTBOUND_IPS', 'USE_NAT_GATEWAY'] as const;
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
});

export const planSchema = z.strictObject({
  allocation: allocationSchema,
  risks: z.array(riskSchema),
  recommendations: z.array(recommendationSchema),
});

export type Risk = z.output<typeof riskSchema>;
export type Allocation = z.output<typeof allocationSchema>;
export type Recommendation = z.output<typeof recommendationSchema>;
export type Plan = z.output<typeof planSchema>;
