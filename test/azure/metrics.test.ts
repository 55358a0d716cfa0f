import { describe, expect, it } from 'vitest';
import { groupIntoBatches } from '../../src/azure/batches.js';
import { readBatchMetrics } from '../../src/azure/metrics.js';
import type { TargetRead } from '../../src/azure/read-error.js';
import { readTopology } from '../../src/azure/topology.js';
import { manualClock } from '../../src/local/simulated-azure/clock.js';
import { addAksCluster, addLoadBalancer, addNatGateway } from '../../src/local/simulated-azure/world-builders.js';
import type { NodeMinute } from '../../src/local/simulated-azure/world-types.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import type { BackendSeries, LoadBalancerMetrics, NatGatewayMetrics, TargetMetrics, TargetTopology } from '../../src/snat/model.js';
import { protocolTotals } from '../../src/snat/protocol-totals.js';

/** A node's TCP used and allocated, summed over its frontend IPs. */
const tcp = (b: BackendSeries | undefined) => protocolTotals(b)[0]!;
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000a1';
const NOW = new Date('2026-03-02T10:00:00Z');
const WINDOW = { from: new Date(NOW.getTime() - 15 * 60_000), to: NOW };

function newWorld(): SimulatedWorld {
  return new SimulatedWorld({ clock: manualClock(NOW), origin: WINDOW.from });
}

/** Reads topology then metrics, batch by batch, as the watch run does. */
async function watch(world: SimulatedWorld, ids: string[], retry = fastRetry()) {
  const azure = await useSimulatedAzure(world);
  const clients = azureClientsFor(azure);
  const topology = await readTopology(ids, { clients, defaultSurge: '10%', retry });
  const targets = topology.flatMap((read) => (read.ok ? [read.value] : []));
  const reads: Array<TargetRead<TargetMetrics>> = [];
  for (const batch of groupIntoBatches<TargetTopology>(targets)) reads.push(...(await readBatchMetrics(batch, WINDOW, { clients, retry })));
  return { azure, reads };
}

function lbMetrics(read: TargetRead<TargetMetrics> | undefined): LoadBalancerMetrics {
  if (!read?.ok || read.value.kind !== 'loadBalancer') throw new Error(`expected load balancer metrics, got ${JSON.stringify(read)}`);
  return read.value;
}

function natMetrics(read: TargetRead<TargetMetrics> | undefined): NatGatewayMetrics {
  if (!read?.ok || read.value.kind !== 'natGateway') throw new Error(`expected NAT gateway metrics, got ${JSON.stringify(read)}`);
  return read.value;
}

describe('readBatchMetrics', () => {
  it('should return every node of a 60-node cluster, not the 10 the default top keeps', async () => {
    const world = newWorld();
    const { loadBalancer } = addAksCluster(world, { subscriptionId: SUB, resourceGroup: 'rg-aks', name: 'big', nodes: 60 });
    const { azure, reads } = await watch(world, [loadBalancer.id]);

    const metrics = lbMetrics(reads[0]);
    expect(metrics.backends.map((b) => b.backendIp).sort()).toEqual(loadBalancer.nodes.map((n) => n.privateIp).sort());
    expect(metrics.backends.every((b) => tcp(b).allocated.every((p) => p.value === 512))).toBe(true);
    const tops = azure.requests.of('metrics').map((r) => Number(r.query.top));
    expect(Math.min(...tops)).toBeGreaterThan(60);
  });

  it('should map used (peak), allocated, new and failed connections per node on a per-minute grid', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 2,
      metrics: (node) => ({ minute }) => (node.index === 0 ? { used: 100 + minute, newConnections: 50, failed: minute === 14 ? 3 : 0 } : { used: 7 }),
    });
    const { reads } = await watch(world, [lb.id]);

    const [busy, quiet] = lbMetrics(reads[0]).backends;
    expect(tcp(busy).used.map((p) => p.value)).toEqual(Array.from({ length: 15 }, (_, m) => 100 + m));
    expect(tcp(busy).used[0]!.at).toBe('2026-03-02T09:45:00.000Z');
    expect(tcp(busy).allocated.every((p) => p.value === 1024)).toBe(true);
    expect(busy!.newConnections.every((p) => p.value === 50)).toBe(true);
    expect(busy!.failedConnections.map((p) => p.value)).toEqual([...Array(14).fill(0), 3]);
    expect(quiet!.failedConnections.every((p) => p.value === 0)).toBe(true);
  });

  it.each([
    { name: 'lowercased names, lowercase states', dimensionNames: 'lowercase', connectionStateValues: 'lowercase' },
    { name: 'lowercased names, capitalized states', dimensionNames: 'lowercase', connectionStateValues: 'capitalized' },
    { name: 'documented names, capitalized states', dimensionNames: 'documented', connectionStateValues: 'capitalized' },
    { name: 'documented names, lowercase states', dimensionNames: 'documented', connectionStateValues: 'lowercase' },
  ] as const)('should read failed connections whatever the casing ($name)', async ({ dimensionNames, connectionStateValues }) => {
    const world = newWorld();
    const lb = addLoadBalancer(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 3,
      quirks: { dimensionNames, connectionStateValues },
      metrics: () => () => ({ newConnections: 40, failed: 4 }),
    });
    const { reads } = await watch(world, [lb.id]);

    const backends = lbMetrics(reads[0]).backends;
    expect(backends).toHaveLength(3);
    expect(backends.flatMap((b) => b.failedConnections.map((p) => p.value))).toEqual(Array(45).fill(4));
    expect(backends.flatMap((b) => b.newConnections.map((p) => p.value))).toEqual(Array(45).fill(40));
  });

  it('should report no backends when Azure returns empty timeseries', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'silent', nodes: 4, metrics: () => () => null });
    const { reads } = await watch(world, [lb.id]);

    expect(lbMetrics(reads[0]).backends).toEqual([]);
  });

  it.each([
    { name: 'missing point (no aggregation key)', minute: { used: null } satisfies NodeMinute },
    { name: 'NaN (served as null)', minute: { used: Number.NaN } satisfies NodeMinute },
  ])('should turn a $name into a null point', async ({ minute }) => {
    const world = newWorld();
    const lb = addLoadBalancer(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1,
      metrics: () => (at) => (at.minute === 5 ? minute : { used: 200 }),
    });
    const { reads } = await watch(world, [lb.id]);

    const used = tcp(lbMetrics(reads[0]).backends[0]).used.map((p) => p.value);
    expect(used[5]).toBeNull();
    expect(used.filter((v) => v === 200)).toHaveLength(14);
  });

  it('should leave minutes after "now" empty rather than invent them', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1 });
    const azure = await useSimulatedAzure(world);
    const clients = azureClientsFor(azure);
    const [topology] = await readTopology([lb.id], { clients, defaultSurge: '1' });
    const later = { from: new Date(NOW.getTime() - 5 * 60_000), to: new Date(NOW.getTime() + 5 * 60_000) };
    const [batch] = groupIntoBatches([topology!.ok ? topology!.value : (undefined as never)]);

    const [read] = await readBatchMetrics(batch!, later, { clients });
    expect(tcp(lbMetrics(read).backends[0]).used.map((p) => p.value !== null)).toEqual([...Array(6).fill(true), ...Array(4).fill(false)]);
  });

  it('should read one target while another in the same batch is forbidden', async () => {
    const world = newWorld();
    const readable = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'mine', nodes: 2 });
    const forbidden = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'theirs', nodes: 2 });
    const azure = await useSimulatedAzure(world);
    azure.faults.inject({ route: 'metrics', resourceId: forbidden.id, status: 403 });
    const clients = azureClientsFor(azure);
    const topology = await readTopology([readable.id, forbidden.id], { clients, defaultSurge: '1' });
    const [batch] = groupIntoBatches(topology.flatMap((read) => (read.ok ? [read.value] : [])));

    const reads = await readBatchMetrics(batch!, WINDOW, { clients, retry: fastRetry() });
    expect(lbMetrics(reads[0]).backends).toHaveLength(2);
    expect(reads[1]).toMatchObject({ ok: false, error: { targetId: forbidden.id, kind: 'forbidden', statusCode: 403 } });
  });

  it.each([
    { name: '429 with Retry-After', status: 429, retryAfterSeconds: 2, wait: 2_000 },
    { name: '529 with Retry-After', status: 529, retryAfterSeconds: 3, wait: 3_000 },
    { name: '529 without Retry-After', status: 529, retryAfterSeconds: undefined, wait: undefined },
  ])('should retry a throttled batch ($name) and then read it', async ({ status, retryAfterSeconds, wait }) => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 2 });
    const azure = await useSimulatedAzure(world);
    const clients = azureClientsFor(azure);
    const [topology] = await readTopology([lb.id], { clients, defaultSurge: '1' });
    const [batch] = groupIntoBatches([topology!.ok ? topology!.value : (undefined as never)]);
    azure.faults.inject({ route: 'metrics', status, count: 2, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
    const waits: number[] = [];

    const [read] = await readBatchMetrics(batch!, WINDOW, { clients, retry: fastRetry(waits) });
    expect(lbMetrics(read).backends).toHaveLength(2);
    expect(waits).toHaveLength(2);
    if (wait) expect(waits).toEqual([wait, wait]);
    expect(azure.requests.of('metrics', (r) => r.status === status)).toHaveLength(2);
  });

  it('should give up on throttling after the retries and call the target throttled', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 2 });
    const azure = await useSimulatedAzure(world);
    const clients = azureClientsFor(azure);
    const [topology] = await readTopology([lb.id], { clients, defaultSurge: '1' });
    const [batch] = groupIntoBatches([topology!.ok ? topology!.value : (undefined as never)]);
    azure.faults.inject({ route: 'metrics', status: 429, retryAfterSeconds: 1 });

    const [read] = await readBatchMetrics(batch!, WINDOW, { clients, retry: fastRetry() });
    expect(read).toMatchObject({ ok: false, error: { kind: 'throttled', statusCode: 429 } });
  });

  it('should make 2 calls per metric group for 51 load balancers', async () => {
    const world = newWorld();
    const ids = Array.from({ length: 51 }, (_, i) => addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: `lb-${i}`, nodes: 2 }).id);
    const { azure, reads } = await watch(world, ids);

    expect(reads.filter((read) => read.ok)).toHaveLength(51);
    const calls = azure.requests.of('metrics');
    expect(calls.filter((r) => r.query.metricnames === 'UsedSnatPorts,AllocatedSnatPorts')).toHaveLength(2);
    expect(calls.filter((r) => r.query.metricnames === 'SnatConnectionCount')).toHaveLength(2);
    expect(Math.max(...calls.map((r) => r.resourceIds.length))).toBeLessThanOrEqual(50);
  });

  it('should read NAT gateway failures, attempts, active connections, drops and availability', async () => {
    const world = newWorld();
    const gateway = addNatGateway(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'nat',
      quirks: { dimensionNames: 'lowercase', connectionStateValues: 'capitalized' },
      metrics: ({ minute }) => ({ attempted: 300, failed: minute >= 10 ? 12 : 0, active: 900, dropped: 5, availability: minute === 3 ? null : 99.5 }),
    });
    const { reads } = await watch(world, [gateway.id]);

    const metrics = natMetrics(reads[0]);
    expect(metrics.failedConnections.map((p) => p.value)).toEqual([...Array(10).fill(0), ...Array(5).fill(12)]);
    expect(metrics.attemptedConnections.every((p) => p.value === 300)).toBe(true);
    expect(metrics.activeConnections.every((p) => p.value === 900)).toBe(true);
    expect(metrics.droppedPackets.every((p) => p.value === 5)).toBe(true);
    expect(metrics.datapathAvailability[3]!.value).toBeNull();
    expect(metrics.datapathAvailability[4]!.value).toBe(99.5);
  });

  it('should report a NAT gateway without data as all-null, never as zeros', async () => {
    const world = newWorld();
    const gateway = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', metrics: () => null });
    const { reads } = await watch(world, [gateway.id]);

    const metrics = natMetrics(reads[0]);
    for (const series of [metrics.failedConnections, metrics.attemptedConnections, metrics.activeConnections, metrics.droppedPackets, metrics.datapathAvailability]) {
      expect(series.map((p) => p.value)).toEqual(Array(15).fill(null));
    }
  });
});
