import { describe, expect, it } from 'vitest';
import { groupIntoBatches } from '../../src/azure/batches.js';
import { readBatchMetrics } from '../../src/azure/metrics.js';
import type { TargetRead } from '../../src/azure/read-error.js';
import { createSeriesCache, LATE_POINT_OVERLAP_MINUTES, type SeriesCache } from '../../src/azure/series-cache.js';
import { readTopology } from '../../src/azure/topology.js';
import { manualClock, type ManualClock } from '../../src/local/simulated-azure/clock.js';
import { addLoadBalancer } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import type { SimulatedAzure } from '../../src/local/simulated-azure/server.js';
import type { LoadBalancerMetrics, TargetMetrics, TargetTopology } from '../../src/snat/model.js';
import { protocolTotals } from '../../src/snat/protocol-totals.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000b2';
const START = new Date('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const WINDOW_MINUTES = 15;

interface Estate {
  azure: SimulatedAzure;
  clock: ManualClock;
  cache: SeriesCache;
  topologies: TargetTopology[];
  /** One watch-run read at the clock's now, with the window the watch run uses. */
  read(topologies?: TargetTopology[], cache?: SeriesCache): Promise<Array<TargetRead<TargetMetrics>>>;
  /** The metrics requests since the last `read`. */
  lastRequests(): Array<{ starttime: string; endtime: string; metricnames: string }>;
}

async function estate(build: (world: SimulatedWorld) => string[]): Promise<Estate> {
  const clock = manualClock(START);
  const world = new SimulatedWorld({ clock, origin: new Date(START.getTime() - 60 * MINUTE) });
  const ids = build(world);
  const azure = await useSimulatedAzure(world);
  const clients = azureClientsFor(azure);
  const topology = await readTopology(ids, { clients, defaultSurge: '1' });
  const topologies = topology.flatMap((read) => (read.ok ? [read.value] : []));
  const cache = createSeriesCache();
  let seen = 0;
  return {
    azure, clock, cache, topologies,
    async read(targets = topologies, using = cache) {
      seen = azure.requests.of('metrics').length;
      const now = clock.now();
      const window = { from: new Date(now.getTime() - WINDOW_MINUTES * MINUTE), to: now };
      const reads: Array<TargetRead<TargetMetrics>> = [];
      for (const batch of groupIntoBatches(targets)) reads.push(...(await readBatchMetrics(batch, window, { clients, retry: fastRetry(), series: using })));
      return reads;
    },
    lastRequests: () => azure.requests.of('metrics').slice(seen).map((r) => ({ starttime: r.query.starttime!, endtime: r.query.endtime!, metricnames: r.query.metricnames! })),
  };
}

function lb(read: TargetRead<TargetMetrics> | undefined): LoadBalancerMetrics {
  if (!read?.ok || read.value.kind !== 'loadBalancer') throw new Error(`expected load balancer metrics, got ${JSON.stringify(read)}`);
  return read.value;
}

/** TCP used ports of a node, minute by minute over the window. */
function used(read: TargetRead<TargetMetrics> | undefined, backend = 0): Array<number | null> {
  return protocolTotals(lb(read).backends[backend])[0]!.used.map((p) => p.value);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('readBatchMetrics (incremental)', () => {
  it('should ask Azure for only the new minute plus the overlap on the next run, and still give the whole window', async () => {
    const e = await estate((world) => [addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 3, metrics: () => ({ minute }) => ({ used: minute }) }).id]);
    await e.read();
    e.clock.advance(MINUTE);

    const [read] = await e.read();
    const now = START.getTime() + MINUTE;
    expect(e.lastRequests()).toEqual([
      { starttime: iso(START.getTime() - LATE_POINT_OVERLAP_MINUTES * MINUTE), endtime: iso(now), metricnames: 'UsedSnatPorts,AllocatedSnatPorts' },
      { starttime: iso(START.getTime() - LATE_POINT_OVERLAP_MINUTES * MINUTE), endtime: iso(now), metricnames: 'SnatConnectionCount' },
    ]);
    // Minute 0 of the world is an hour before START: the window now holds minutes 46–60.
    expect(used(read)).toEqual(Array.from({ length: WINDOW_MINUTES }, (_, m) => 46 + m));
  });

  it('should let a late point change a minute already read (the evaluation sees the new value)', async () => {
    const late = new Map<number, number>();
    const e = await estate((world) => [
      addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1, metrics: () => ({ minute }) => ({ used: late.get(minute) ?? (minute === 58 ? null : 100) }) }).id,
    ]);
    const [first] = await e.read();
    expect(used(first)[13]).toBeNull(); // minute 58 had not arrived

    late.set(58, 900);
    e.clock.advance(MINUTE);
    const [second] = await e.read();
    expect(used(second)[12]).toBe(900);
    expect(lb(second).backends[0]!.ports[0]!.used[12]!.at).toBe(iso(START.getTime() - 2 * MINUTE));
  });

  it('should equal a full read of the same window when no point is later than the overlap', async () => {
    const e = await estate((world) => [
      addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'a', nodes: 4, outboundIps: 2, metrics: (node) => ({ minute }) => ({ used: node.index * 50 + minute, newConnections: 10, failed: minute % 7 === 0 ? 2 : 0 }) }).id,
      addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'b', nodes: 2, metrics: () => ({ minute }) => (minute % 5 === 0 ? null : { used: 300 }) }).id,
    ]);
    for (let run = 0; run < 4; run++) {
      await e.read();
      e.clock.advance(MINUTE);
    }
    const incremental = await e.read();
    const full = await e.read(e.topologies, createSeriesCache());
    expect(incremental).toEqual(full);
  });

  it('should read the whole window when the cache is cold, after a failed read, and after the node set changed', async () => {
    const e = await estate((world) => [addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 2 }).id]);
    const windowStart = () => iso(e.clock.now().getTime() - WINDOW_MINUTES * MINUTE);

    await e.read();
    expect(e.lastRequests().map((r) => r.starttime)).toEqual([windowStart(), windowStart()]);

    e.clock.advance(MINUTE);
    e.azure.faults.inject({ route: 'metrics', status: 500, count: 4 });
    const [failed] = await e.read();
    expect(failed).toMatchObject({ ok: false, error: { kind: 'failed' } });

    e.clock.advance(MINUTE);
    await e.read();
    expect(e.lastRequests().map((r) => r.starttime)).toEqual([windowStart(), windowStart()]);

    e.clock.advance(MINUTE);
    const grown = e.topologies.map((t) => (t.kind === 'loadBalancer' ? { ...t, backendPoolSize: 3, backendIps: [...t.backendIps, '10.0.0.99'] } : t));
    await e.read(grown);
    expect(e.lastRequests().map((r) => r.starttime)).toEqual([windowStart(), windowStart()]);
  });

  it('should keep the call count at one per group when warm and cold targets share a batch, plus one per group for the cold ones', async () => {
    const e = await estate((world) => ['a', 'b', 'c'].map((name) => addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name, nodes: 2 }).id));
    await e.read(e.topologies.slice(0, 2));
    e.clock.advance(MINUTE);

    await e.read();
    const starts = e.lastRequests().map((r) => r.starttime);
    expect(starts).toHaveLength(4);
    expect(new Set(starts)).toEqual(new Set([iso(START.getTime() - LATE_POINT_OVERLAP_MINUTES * MINUTE), iso(START.getTime() + MINUTE - WINDOW_MINUTES * MINUTE)]));
  });

  it('should show a node that starts reporting between runs, with no values before it did', async () => {
    let joinedAt = Number.POSITIVE_INFINITY;
    const e = await estate((world) => [
      addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 2, metrics: (node) => ({ minute }) => (node.index === 1 && minute < joinedAt ? null : { used: 40 }) }).id,
    ]);
    const [first] = await e.read();
    expect(lb(first).backends).toHaveLength(1);

    joinedAt = 60;
    e.clock.advance(MINUTE);
    const [second] = await e.read();
    expect(lb(second).backends).toHaveLength(2);
    expect(used(second, 1)).toEqual([...Array(WINDOW_MINUTES - 1).fill(null), 40]);
    expect(used(second, 0)).toEqual(Array(WINDOW_MINUTES).fill(40));
  });

  it('should read the whole window again after a gap longer than the window', async () => {
    const e = await estate((world) => [addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1, metrics: () => ({ minute }) => ({ used: minute }) }).id]);
    await e.read();
    e.clock.advance(20 * MINUTE);

    const [read] = await e.read();
    expect(e.lastRequests()[0]!.starttime).toBe(iso(e.clock.now().getTime() - WINDOW_MINUTES * MINUTE));
    expect(used(read)).toEqual(Array.from({ length: WINDOW_MINUTES }, (_, m) => 65 + m));
  });
});
