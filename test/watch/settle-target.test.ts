import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { countTableRequests, type TableRequests } from '../support/table-requests.js';
import { testStorageConnectionString } from '../support/test-storage.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a';

/** A cluster of 4 nodes; node 0 runs hot and fails connections when `hot`. */
function cluster(world: SimulatedWorld, name: string, hot: boolean): string {
  return addAksCluster(world, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: `rg-${name}`,
    name,
    pools: [{ name: 'nodepool1', count: 4, enableAutoScaling: true, minCount: 1, maxCount: 10, mode: 'System' }],
    metrics: (node) => () => (hot && node.index === 0 ? { used: 1_000, newConnections: 60, failed: 20 } : { used: 120, newConnections: 30, failed: 0 }),
  }).loadBalancer.id;
}

/** The requests of the targets' turns: every one but the delivery's listings of the outbox. */
// The delivery's outbox listings and the run's one read of the silences are per run, not per target.
const targetRequests = (sent: TableRequests) =>
  sent.sent.filter((request) => !request.path.includes("RowKey ge 'outbox-'") && !request.path.includes("PartitionKey eq 'silences'")).map((request) => request.kind);

let requests: TableRequests;
beforeAll(() => {
  requests = countTableRequests(testStorageConnectionString());
});
afterAll(() => requests.stop());

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('settleTarget', () => {
  it('should write each target with one Table request in a steady run, and read none', async () => {
    harness = await startWatchHarness((world) => [cluster(world, 'aks-a', true), cluster(world, 'aks-b', false), cluster(world, 'aks-c', false)]);
    await harness.watch();
    await harness.watch();

    requests.reset();
    const report = await harness.watch();
    expect(report.outcomes.map((outcome) => outcome.commit)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    // Three transactions (one per target); besides them only the delivery's outbox listings.
    expect(requests.count('batch')).toBe(3);
    expect(targetRequests(requests)).toEqual(['batch', 'batch', 'batch']);
    // What the live view reads is this minute's.
    const latest = await harness.runtime.snapshots.listLatest();
    expect(latest.map((snapshot) => snapshot.value.recordedAt)).toEqual(Array(3).fill(report.at));
  });

  it('should decide again, and send no second copy, when another instance wrote the target between two runs', async () => {
    // A repeat every 2 minutes: the stale instance would repeat what the other one just repeated.
    harness = await startWatchHarness((world) => [cluster(world, 'aks-hot', true)], { SNAT_REPEAT_INTERVAL_MINUTES: '2' });
    const [a, b] = [harness.runtime, await harness.instance()];
    await harness.watch(a); // fires: the first message
    await harness.watch(b);
    await harness.watch(b); // the repeat is due: b sends it
    expect(harness.slack.delivered()).toHaveLength(2);

    requests.reset();
    const report = await harness.watch(a); // a remembers the state from before b's repeat
    // Its transaction is refused (412), it reads the target again and decides from b's state: no repeat yet.
    expect(targetRequests(requests)).toEqual(['batch', 'read', 'batch']);
    expect(report.outcomes[0]).toMatchObject({ commit: 'unchanged', notify: expect.not.stringMatching(/repeat/) });
    expect(harness.slack.delivered()).toHaveLength(2);
    expect((await a.snapshots.getLatest(report.outcomes[0]!.targetId))?.value.recordedAt).toBe(report.at);
  });
});
