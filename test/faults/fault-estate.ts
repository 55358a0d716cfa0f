// The estate the fault suites break: three AKS clusters in one region, each with one node failing SNAT
// connections (so every run that decides to notify sends one alert per cluster), watched for real
// (simulated Azure, Azurite, a local Slack receiver) with short Slack timeouts set through settings.
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { SimulatedWorld } from '../../src/local/simulated-azure/world.js';

export const SUBSCRIPTION = '3c9a1e2b-7d4f-4a6b-9c8d-0e1f2a3b4c5d';

/** Fast, but real: the attempt timeout and the wait before a re-send are the app's own settings. */
export const FAST_SLACK = { SNAT_SLACK_TIMEOUT_MS: '300', SNAT_SLACK_RESEND_AFTER_MS: '0' };

/** `aks-a`, `aks-b`, … → their load balancers' IDs (each in its own MC_ resource group). */
export function criticalClusters(names: readonly string[]): (world: SimulatedWorld) => string[] {
  return (world) =>
    names.map(
      (name) =>
        addAksCluster(world, {
          subscriptionId: SUBSCRIPTION,
          resourceGroup: `rg-${name}`,
          name,
          pools: [{ name: 'nodepool1', count: 3, mode: 'System' }],
          metrics: (node) => () => (node.index === 0 ? { used: 1_010, failed: 6 } : { used: 100 }),
        }).loadBalancer.id,
    );
}

/** Whether a Slack body is about the cluster `name` (its node resource group is in every alert). */
export const mentions = (name: string) => (body: unknown): boolean => JSON.stringify(body ?? '').includes(`_rg-${name}_${name}_`);

export const textOf = (body: unknown): string => String((body as { text?: unknown } | undefined)?.text ?? '');
