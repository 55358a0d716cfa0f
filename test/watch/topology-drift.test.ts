// A target whose allocation drifts from the model computed from its topology is read again at once
// (the next run), not at its regular refresh up to 15 minutes later: a stale topology (Azure changed the
// outbound rule) then stops raising drift. A drift that survives the fresh read is Azure's, and asks
// for no further read before the regular refresh.
import { afterEach, describe, expect, it } from 'vitest';
import { addLoadBalancer } from '../../src/local/simulated-azure/world-builders.js';
import type { SimLoadBalancer } from '../../src/local/simulated-azure/world-types.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '3c4d5e6f-7081-4a2b-9c3d-4e5f60718293';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function startDrifting(): Promise<{ harness: WatchHarness; lb: SimLoadBalancer; azureAllocates: { ports: number } }> {
  const azureAllocates = { ports: 4_000 };
  let lb: SimLoadBalancer | undefined;
  const started = await startWatchHarness((world) => {
    lb = addLoadBalancer(world, {
      subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-drift', name: 'lb-drift', nodes: 3,
      outboundRule: { allocatedOutboundPorts: 4_000, idleTimeoutInMinutes: 4, enableTcpReset: true },
      metrics: () => () => ({ used: 200, newConnections: 20, failed: 0, allocated: azureAllocates.ports }),
    });
    return [lb.id];
  });
  return { harness: started, lb: lb!, azureAllocates };
}

/** Resource Graph queries that named the target, per run. */
async function queriesPerRun(h: WatchHarness, id: string, runs: number, between: (run: number) => void = () => {}): Promise<number[]> {
  const counts: number[] = [];
  for (let run = 0; run < runs; run++) {
    between(run);
    h.azure.requests.clear();
    await h.watch();
    counts.push(h.azure.requests.of('resourceGraph', (r) => r.resourceIds.some((named) => named.toLowerCase() === id.toLowerCase())).length);
  }
  return counts;
}

describe('the topology cache on allocation drift', () => {
  it('should read the topology again on the run after Azure\'s allocation left the model, and judge on the fresh one', async () => {
    const started = await startDrifting();
    harness = started.harness;
    const { lb, azureAllocates } = started;

    const counts = await queriesPerRun(harness, lb.id, 5, (run) => {
      // Before the second run Azure changes the rule (a cluster operation reset it): 1,024 ports a node.
      if (run === 1) {
        lb.outboundRules[0]!.allocatedOutboundPorts = 1_024;
        azureAllocates.ports = 1_024;
      }
    });

    // Run 1 reads; run 2 sees drift; run 3 reads again (the regular refresh is 15 minutes away); then quiet.
    expect(counts).toEqual([1, 0, 1, 0, 0]);
    const snapshot = (await harness.runtime.snapshots.getLatest(lb.id))!.value;
    expect(snapshot.topology).toMatchObject({ outboundRule: { allocatedOutboundPorts: 1_024 } });
    expect(snapshot.evaluation!.nodes.some((node) => node.kind === 'backend' && node.allocationDrift)).toBe(false);
  });

  it('should read once for a drift that survives the fresh read, not every run', async () => {
    const started = await startDrifting();
    harness = started.harness;
    started.azureAllocates.ports = 1_024; // Azure's own drift: the rule still says 4,000

    const counts = await queriesPerRun(harness, started.lb.id, 6);

    expect(counts).toEqual([1, 1, 0, 0, 0, 0]);
  });
});
