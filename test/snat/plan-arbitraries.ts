// fast-check generators of planning requests: valid ones (every shape the schema accepts, biased
// toward the interesting boundaries) for the planner's properties.
import fc from 'fast-check';
import { planRequestSchema, type PlanRequestInput } from '../../src/snat/plan-schema.js';

const boundaryNodes = fc.constantFrom(0, 1, 7, 48, 50, 51, 60, 100, 101, 200, 201, 400, 401, 800, 801, 1000, 1001);
const nodeCount = fc.oneof(boundaryNodes, fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 5000 }));

const ports = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8000 }).map((blocks) => blocks * 8),
  fc.constantFrom(1000, 1024, 4000, 10_000, 64_000, 64_008),
  fc.integer({ min: 1, max: 70_000 }),
);

const loadBalancer = fc.record(
  {
    type: fc.constant('loadBalancer' as const),
    frontendIps: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 100 })),
    allocatedOutboundPorts: ports,
    idleTimeoutMinutes: fc.integer({ min: 4, max: 120 }),
  },
  { requiredKeys: ['type', 'frontendIps'] },
);

const natGateway = fc.record(
  { type: fc.constant('natGateway' as const), publicIps: fc.integer({ min: 1, max: 16 }), idleTimeoutMinutes: fc.integer({ min: 4, max: 120 }) },
  { requiredKeys: ['type', 'publicIps'] },
);

const surgeValue = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 100 }).map((percent) => `${percent}%`));

const totals = fc
  .record({
    current: nodeCount,
    growth: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 2000 })),
    surge: fc.option(surgeValue, { nil: undefined }),
    withMax: fc.boolean(),
  })
  .map(({ current, growth, surge, withMax }) => ({
    current,
    ...(withMax ? { max: Math.min(5000, current + growth) } : {}),
    ...(surge === undefined ? {} : { surge }),
  }));

/** Node pools, each with its own max and surge; `current` is their count. */
const pools = fc
  .array(
    fc.record({ count: fc.integer({ min: 0, max: 400 }), growth: fc.integer({ min: 0, max: 300 }), maxSurge: fc.option(surgeValue, { nil: undefined }) }),
    { minLength: 1, maxLength: 5 },
  )
  .map((list) => ({
    current: list.reduce((sum, pool) => sum + pool.count, 0),
    pools: list.map(({ count, growth, maxSurge }) => ({ count, maxCount: count + growth, ...(maxSurge === undefined ? {} : { maxSurge }) })),
  }));

const nodes = fc.oneof({ arbitrary: totals, weight: 4 }, { arbitrary: pools, weight: 1 });

const workload = fc.record(
  {
    peakConnectionsPerNode: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 200_000 })),
    sameDestinationShare: fc.oneof(fc.constantFrom(0, 0.1, 0.5, 0.7, 0.8, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    pooled: fc.boolean(),
    maxConnectionsPerDestination: fc.integer({ min: 1, max: 5000 }),
    newConnectionsPerMinute: fc.oneof(fc.constantFrom(0, 3, 28, 200, 60_000), fc.double({ min: 0, max: 100_000, noNaN: true })),
    // Short calls, holds around the idle timeouts (4–120 min), and connections left open for hours.
    connectionSeconds: fc.oneof(fc.constantFrom(0.1, 1, 240, 1_800, 7_200), fc.double({ min: 0.001, max: 86_400, noNaN: true })),
  },
  { requiredKeys: [] },
);

/** Connections left open until the idle timeout at a modest rate: the shape LOWER_IDLE_TIMEOUT is for. */
const idleHeavy = fc.record(
  {
    newConnectionsPerMinute: fc.double({ min: 1, max: 600, noNaN: true }),
    connectionSeconds: fc.constantFrom(7_200, 86_400),
    pooled: fc.boolean(),
    maxConnectionsPerDestination: fc.integer({ min: 1, max: 5000 }),
  },
  { requiredKeys: ['newConnectionsPerMinute', 'connectionSeconds'] },
);

const target = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: 'aks' as const, resourceGroup: 'rg-aks', clusterName: 'prod-aks' }),
  fc.constant({ kind: 'loadBalancer' as const, resourceGroup: 'rg(net)', loadBalancerName: 'edge-lb', outboundRuleName: 'outbound' }),
  fc.constant({ kind: 'natGateway' as const, resourceGroup: 'rg-net', natGatewayName: 'egress-nat' }),
);

const SUB = '00000000-0000-0000-0000-0000000000a1';
const subnetId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/nodes`;

/** AKS outbound IPs as the cluster has them: managed (said or left out), own IPs (one per frontend IP) or own prefixes. */
const outboundIpKind = fc.constantFrom('unsaid', 'managed', 'publicIps', 'prefixes');

function withOutboundIps(egress: PlanRequestInput['egress'], kind: string): PlanRequestInput['egress'] {
  if (egress.type !== 'loadBalancer' || kind === 'unsaid') return egress;
  if (kind === 'managed') return { ...egress, outboundIps: { kind: 'managed' } };
  if (kind === 'publicIps') {
    const ids = Array.from({ length: egress.frontendIps }, (_, i) => `/subscriptions/${SUB}/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/ip-${i + 1}`);
    return { ...egress, outboundIps: { kind: 'publicIps', ids } };
  }
  const count = Math.max(1, Math.floor(egress.frontendIps / 2));
  const ids = Array.from({ length: count }, (_, i) => `/subscriptions/${SUB}/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/range-${i + 1}`);
  return { ...egress, outboundIps: { kind: 'prefixes', ids } };
}

/** Requests the schema accepts. */
export const validPlanRequest: fc.Arbitrary<PlanRequestInput> = fc
  .record({
    egress: fc.oneof(loadBalancer, natGateway), nodes, workload: fc.option(fc.oneof(workload, idleHeavy), { nil: undefined }), target,
    outboundIps: outboundIpKind, customVnet: fc.boolean(),
  })
  .map(({ egress, nodes, workload, target, outboundIps, customVnet }) => ({
    egress: target === undefined || target.kind === 'aks' ? withOutboundIps(egress, outboundIps) : egress,
    nodes,
    ...(workload === undefined ? {} : { workload }),
    ...(target === undefined ? {} : { target: target.kind === 'aks' && customVnet ? { ...target, vnetSubnetIds: [subnetId] } : target }),
  }))
  .filter((request) => planRequestSchema.safeParse(request).success);
