// A small estate watched for real, for tests of what the watch records: the simulated Azure with an
// AKS cluster (6 nodes behind one IP, default allocation, autoscaler max 60 — one node critical with
// failed connections, two above warning, the rest calm) and a NAT gateway, plus a target that no
// longer exists; Azurite for state; a Slack receiver. The runtime is built by createRuntime from
// settings, exactly as the app builds it, on a clock the test moves.
import { createRuntime, useRuntime, type Runtime } from '../../src/runtime.js';
import { manualClock, type ManualClock } from '../../src/local/simulated-azure/clock.js';
import { addAksCluster, addNatGateway } from '../../src/local/simulated-azure/world-builders.js';
import type { NodeMinute } from '../../src/local/simulated-azure/world-types.js';
import type { SimulatedAzure } from '../../src/local/simulated-azure/server.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { runWatch, type WatchReport } from '../../src/watch/run-watch.js';
import { useSimulatedAzure } from './simulated-azure.js';
import { startSlackReceiver, type SlackReceiver } from './slack-receiver.js';
import { testStorageConnectionString, uniqueTablePrefix } from './test-storage.js';

export const ESTATE_START = new Date('2026-03-02T08:00:00Z');
const SUBSCRIPTION = '6f1c2b9e-3a4d-4c5e-8f70-91a2b3c4d5e6';

/** Ports in use per node index (1,024 allocated each): 950 critical, 820 and 790 warning, the rest calm. */
export const NODE_USE = [950, 820, 790, 300, 200, 100] as const;

export interface WatchedEstate {
  clock: ManualClock;
  runtime: Runtime;
  /** The simulated Azure it runs against (its request log says what the watch read). */
  azure: SimulatedAzure;
  slack: SlackReceiver;
  ids: { aks: string; nat: string; missing: string };
  /** Private IPs of the AKS nodes, in NODE_USE order. */
  nodeIps: string[];
  watch(): Promise<WatchReport>;
  close(): Promise<void>;
}

export async function startWatchedEstate(): Promise<WatchedEstate> {
  const clock = manualClock(ESTATE_START);
  const world = new SimulatedWorld({ clock, origin: new Date(ESTATE_START.getTime() - 60 * 60_000) });
  const { loadBalancer } = addAksCluster(world, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-shop',
    name: 'aks-shop',
    pools: [{ name: 'nodepool1', count: NODE_USE.length, enableAutoScaling: true, minCount: 3, maxCount: 60, mode: 'System' }],
    metrics: (node) => () => nodeMinute(node.index),
  });
  const nat = addNatGateway(world, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-net',
    name: 'nat-egress',
    publicIps: 2,
    metrics: () => ({ attempted: 400, failed: 0, active: 9_000, dropped: 0, availability: 100 }),
  });
  const missing = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-old/providers/Microsoft.Network/loadBalancers/lb-gone`;
  const azure = await useSimulatedAzure(world);
  const slack = await startSlackReceiver();
  const runtime = await createRuntime({
    env: {
      ...azure.env(),
      SNAT_TARGETS: [loadBalancer.id, nat.id, missing].join(','),
      SLACK_WEBHOOK_URL: slack.url,
      AzureWebJobsStorage: testStorageConnectionString(),
      SNAT_TABLE_PREFIX: uniqueTablePrefix(),
    },
    now: () => clock.now(),
  });
  useRuntime(runtime);
  const quiet = { log: () => {}, warn: () => {}, error: () => {} };
  return {
    clock,
    runtime,
    azure,
    slack,
    ids: { aks: loadBalancer.id, nat: nat.id, missing },
    nodeIps: loadBalancer.nodes.map((node) => node.privateIp),
    watch: () => runWatch(runtime, quiet),
    close: () => slack.close(),
  };
}

function nodeMinute(index: number): NodeMinute {
  const used = NODE_USE[index] ?? 100;
  return { used, newConnections: 40, failed: used >= 950 ? 4 : 0 };
}
