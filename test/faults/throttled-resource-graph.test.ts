// Resource Graph's quota and ARM's read bucket, enforced by the simulated Azure (scaled down so the
// waits stay short): a watch run that discovers and reads AKS topology still reads every target,
// waiting what each 429 says before its one retry — never a second request on top (the SDK clients'
// own retries are off), never a retry before the quota is back.
import { afterEach, describe, expect, it } from 'vitest';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { LoggedRequest } from '../../src/local/simulated-azure/request-log.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';
/** One query per 400 ms window; an ARM bucket of one token refilled 30 a second. */
const LIMITS = { graphQuotaPerWindow: 1, graphWindowInMs: 400, armBucketSize: 1, armRefillPerSecond: 30 };

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Each 429 and the next request for the same thing (method, path and resources): its retry, whatever else ran meanwhile. */
function retriesAfter(requests: readonly LoggedRequest[]): Array<{ waitedInMs: number; hintInMs: number; next: number }> {
  const sameAsk = (a: LoggedRequest, b: LoggedRequest) => a.method === b.method && a.path === b.path && a.resourceIds.join() === b.resourceIds.join();
  return requests.flatMap((request, index) => {
    const next = requests.slice(index + 1).find((later) => sameAsk(later, request));
    if (request.status !== 429 || !next) return [];
    return [{ waitedInMs: next.receivedAt! - request.receivedAt!, hintInMs: Number(request.headers?.['retry-after-ms'] ?? Number(request.headers?.['retry-after']) * 1000), next: next.status }];
  });
}

describe('a watch run under Resource Graph\'s quota and ARM\'s read bucket', () => {
  it('should read every target, each 429 followed by one retry after its Retry-After', async () => {
    const ids: string[] = [];
    harness = await startWatchHarness((world) => {
      for (const name of ['shop', 'pay', 'ledger']) ids.push(addAksCluster(world, { subscriptionId: SUBSCRIPTION, resourceGroup: `rg-${name}`, name, nodes: 4 }).loadBalancer.id);
      return [];
    }, { SNAT_DISCOVERY_SUBSCRIPTIONS: SUBSCRIPTION });
    harness.azure.throttling.enable(LIMITS);

    const report = await harness.watch();

    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok', 'ok']);
    const graph = harness.azure.requests.of('resourceGraph');
    const arm = harness.azure.requests.of('arm');
    // Discovery, the targets and their clusters: three queries answered, whatever the 429s in between.
    expect(graph.filter((r) => r.status === 200)).toHaveLength(3);
    expect(graph.some((r) => r.status === 429)).toBe(true);
    // ARM's bucket refuses the node-name listings only when they arrive together (timing): every refusal is waited out.
    expect(arm.filter((r) => r.status === 200)).toHaveLength(ids.length);
    for (const { waitedInMs, hintInMs } of [...retriesAfter(graph), ...retriesAfter(arm)]) {
      expect(hintInMs).toBeGreaterThan(0);
      expect(waitedInMs).toBeGreaterThanOrEqual(hintInMs - 5);
    }
    // Node names came through the throttled ARM listings.
    for (const id of ids) expect(Object.keys((await harness.runtime.snapshots.getLatest(id))!.value.topology as object)).toContain('nodeNames');
    console.info(`[figures] throttled run: ${graph.length} Resource Graph requests (${graph.filter((r) => r.status === 429).length} × 429), ${arm.length} ARM (${arm.filter((r) => r.status === 429).length} × 429), ${report.durationInMs} ms`);
  });
});
