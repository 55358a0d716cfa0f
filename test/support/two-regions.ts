// Two load balancers in two regions for the fault suite (test/faults/): `lb-east` in eastus and
// `lb-west` in westeurope, each with one node out of SNAT ports (failed connections) — so each run
// that reads a region queues a critical alert for it — on the watch harness (simulated Azure,
// Azurite, local Slack receiver). A fault on one region must cost only that region's alert.
import { addLoadBalancer } from '../../src/local/simulated-azure/world-builders.js';
import type { WatchReport } from '../../src/watch/run-watch.js';
import { startWatchHarness, type WatchHarness } from './watch-harness.js';

const SUBSCRIPTION = '5a7e0c1d-2b3f-4a5c-8d9e-0f1a2b3c4d5e';

export interface TwoRegions {
  harness: WatchHarness;
  east: string;
  west: string;
}

export async function startTwoRegions(env: Record<string, string>): Promise<TwoRegions> {
  const ids = { east: '', west: '' };
  const harness = await startWatchHarness((world) => {
    const place = (name: string, location: string) =>
      addLoadBalancer(world, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: `rg-${name}`,
        name,
        location,
        nodes: 3,
        metrics: (node) => () => (node.index === 0 ? { used: 1_024, newConnections: 80, failed: 12 } : { used: 150, newConnections: 20, failed: 0 }),
      }).id;
    ids.east = place('lb-east', 'eastus');
    ids.west = place('lb-west', 'westeurope');
    return [ids.east, ids.west];
  }, env);
  return { harness, ...ids };
}

/** Slack messages that arrived (answered 200), with the target they name and when, relative to `since`. */
export function deliveredSince(harness: WatchHarness, since: number): Array<{ names: 'lb-east' | 'lb-west' | 'other'; text: string; atInMs: number }> {
  return harness.slack.requests
    .filter((request) => request.answer === 200)
    .map((request) => {
      const text = JSON.stringify(request.body);
      const names = text.includes('lb-east') ? 'lb-east' : text.includes('lb-west') ? 'lb-west' : 'other';
      return { names, text, atInMs: request.receivedAt - since };
    });
}

export function outcomeOf(report: WatchReport, id: string) {
  return report.outcomes.find((outcome) => outcome.targetId === id);
}
