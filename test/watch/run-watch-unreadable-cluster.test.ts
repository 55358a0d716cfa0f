import { afterEach, describe, expect, it } from 'vitest';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { runWatch } from '../../src/watch/run-watch.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6b';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('runWatch with an identity that may read the node resource group but not the AKS cluster', () => {
  it('should still judge the load balancer, say once on the target what it could not read, and plan with named assumptions', async () => {
    let id = '';
    let ownIp = '';
    harness = await startWatchHarness((world) => {
      const { loadBalancer } = addAksCluster(world, {
        subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-pay', name: 'pay', nodes: 50, ownOutboundIps: 1, allocatedOutboundPorts: 1_200,
        metrics: (node) => () => (node.index === 2 ? { used: 1_200, newConnections: 90, failed: 14 } : { used: 100, newConnections: 20, failed: 0 }),
      });
      ownIp = loadBalancer.frontends[0]!.publicIpId!;
      return [(id = loadBalancer.id)];
    });
    harness.azure.faults.inject({ route: 'arm', pathIncludes: 'Microsoft.ContainerService', status: 403 });
    const lines: string[] = [];
    const log = { log: () => {}, warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };

    for (let run = 0; run < 3; run++) {
      const report = await runWatch(harness.runtime, log);
      expect(report.outcomes).toEqual([expect.objectContaining({ targetId: id, status: 'critical' })]);
      harness.clock.advance(60_000);
    }

    const snapshot = (await harness.runtime.snapshots.getLatest(id))!.value;
    expect(snapshot.readError).toBeNull();
    expect(snapshot.topology).toMatchObject({ kind: 'loadBalancer', notes: [expect.objectContaining({ code: 'AKS_CLUSTER_UNREADABLE' })] });
    // Said once, on the target: no warning or error line per run.
    expect(lines.filter((line) => /ContainerService|cluster/i.test(line))).toEqual([]);
    const plan = snapshot.plan!;
    expect(plan.assumptions).toEqual(expect.arrayContaining([expect.stringContaining("autoscaler max is today's 50 nodes"), expect.stringContaining('5 surge nodes')]));
    // 55 nodes (with the assumed surge) × 1,200 ports outgrow one IP. The own IP the load balancer
    // shows is kept: the fix adds one beside it, through az aks (1,160 ports each would fit but fall below the 1,200 in use).
    // The hot node keeps each port ~16 of the 30 idle minutes (76 new connections a minute on 1,200
    // ports): idle connections, so lowering the idle timeout comes first.
    expect(plan.recommendations.map((r) => r.code)).toEqual(['LOWER_IDLE_TIMEOUT', 'ADD_OUTBOUND_IPS', 'USE_NAT_GATEWAY']);
    expect(plan.recommendations[1]!.commands.at(-1)).toBe(
      `az aks update --resource-group rg-pay --name pay --load-balancer-outbound-ips ${ownIp},${ownIp.replace(/[^/]+$/, 'pay-outbound-ip-2')} --load-balancer-outbound-ports 1200`,
    );
    expect(plan.recommendations.flatMap((r) => r.commands).join('\n')).not.toMatch(/az network lb|--load-balancer-managed-outbound-ip-count/);
  });
});
