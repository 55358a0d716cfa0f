// A small estate for the fan-out suites: AKS clusters spread over subscriptions (one batch per
// subscription), each with one node failing SNAT connections, watched for real (simulated Azure,
// Azurite tables and queues, a local Slack receiver) with SNAT_FANOUT=on and a queue of its own.
// Workers are the local host's queue trigger (src/local/host-queue.ts) running the app's own
// snatWatchBatch, with host.json-like settings made fast through options.
import { randomBytes } from 'node:crypto';
import type { InvocationContext } from '@azure/functions';
import type { Registration } from '../../src/functions/registrations.js';
import { snatWatchBatch } from '../../src/functions/snat-watch-batch.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import type { QueueHostSettings } from '../../src/local/host-queue-settings.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { Runtime } from '../../src/runtime.js';
import { startWatchHarness, type WatchHarness } from './watch-harness.js';

export const SUBSCRIPTIONS = ['5a0f0a11-0000-4000-8000-00000000000a', '5a0f0a11-0000-4000-8000-00000000000b', '5a0f0a11-0000-4000-8000-00000000000c'] as const;

/** Retries at once, poison after 3 attempts, polls every 20–200 ms: the host's algorithm, on a test's clock. */
export const FAST_QUEUES: QueueHostSettings = { batchSize: 4, newBatchThreshold: 2, maxDequeueCount: 3, visibilityTimeoutInMs: 0, maxPollingIntervalInMs: 200, messageEncoding: 'base64' };

export const uniqueQueueName = (): string => `fanout-${randomBytes(5).toString('hex')}`;

/** `clusters[i]` names the clusters of subscription i; every cluster has one critical node. */
export async function startFanoutEstate(clusters: readonly (readonly string[])[], env: Record<string, string> = {}): Promise<WatchHarness> {
  return startWatchHarness(
    (world) =>
      clusters.flatMap((names, i) =>
        names.map(
          (name) =>
            addAksCluster(world, {
              subscriptionId: SUBSCRIPTIONS[i]!,
              resourceGroup: `rg-${name}`,
              name,
              pools: [{ name: 'nodepool1', count: 3, mode: 'System' }],
              metrics: (node) => () => (node.index === 0 ? { used: 1_010, failed: 6 } : { used: 100 }),
            }).loadBalancer.id,
        ),
      ),
    // The receiver answers at once: a Slack timeout long enough that a loaded machine never turns an answer ambiguous.
    { SNAT_FANOUT: 'on', SNAT_FANOUT_QUEUE: uniqueQueueName(), SNAT_SLACK_TIMEOUT_MS: '10000', SNAT_ATTRIBUTION: 'off', ...env },
  );
}

export type BatchHandler = (item: unknown, context: InvocationContext) => Promise<void>;

/**
 * The local host serving the batch queue of `runtime` with `handler` (snatWatchBatch unless a test wraps
 * it): the workers. The handler must find `runtime` through getRuntime (useRuntime in the test).
 */
export async function startWorkers(runtime: Runtime, handler: BatchHandler = snatWatchBatch, log: (line: string) => void = () => {}): Promise<FunctionsHost> {
  const queue = await runtime.batchQueue!();
  const registration: Registration = { kind: 'queue', name: 'snatWatchBatch', options: { queueName: queue.name, connection: 'AzureWebJobsStorage', handler } };
  return startFunctionsHost([registration], {
    port: 0,
    setting: () => undefined,
    log,
    queues: { clients: () => ({ queue: queue.main, poison: queue.poison }), settings: FAST_QUEUES, minPollingIntervalInMs: 20 },
  });
}
