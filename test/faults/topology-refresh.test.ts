// Topology refreshes that fail, and refreshes all due at once, with topology from Resource Graph (the
// default). A refresh that fails for a passing reason keeps the last good topology, so the target is
// still judged (the log says so once); a target Azure says is gone turns unreadable (Resource Graph
// leaves it out, ARM says 404); a hung discovery query keeps the targets it had; and each target is
// refreshed at its own moment in the interval, not all in the same run — those due together in one query.
import { afterEach, describe, expect, it } from 'vitest';
import { addLoadBalancer } from '../../src/local/simulated-azure/world-builders.js';
import { runWatch } from '../../src/watch/run-watch.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';
import { outcomeOf, startTwoRegions, type TwoRegions } from '../support/two-regions.js';

const REFRESH_MINUTES = 4;

let estate: TwoRegions | undefined;
let harness: WatchHarness | undefined;
afterEach(async () => {
  await estate?.harness.close();
  await harness?.close();
  estate = undefined;
  harness = undefined;
});

function recordingLog() {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  return { lines, log: { log: record, warn: record, error: record } };
}

describe('the topology cache in runWatch', () => {
  it('should judge a target on its last good topology while its refresh fails, and say so once', async () => {
    estate = await startTwoRegions({ SNAT_TOPOLOGY_REFRESH_MINUTES: String(REFRESH_MINUTES), SNAT_RUN_DEADLINE_SECONDS: '3', SNAT_READ_BUDGET_SECONDS: '0.6', SNAT_CALL_TIMEOUT_SECONDS: '0.5' });
    const { harness: h, west } = estate;
    const { lines, log } = recordingLog();
    await runWatch(h.runtime, log);
    // The first Resource Graph refresh naming it hangs, the later ones fail outright.
    h.azure.faults.inject({ status: 'hang', route: 'resourceGraph', resourceId: west, count: 1 });
    h.azure.faults.inject({ status: 500, route: 'resourceGraph', resourceId: west });

    const reports = [];
    for (let minute = 1; minute <= REFRESH_MINUTES + 2; minute++) {
      h.clock.advance(60_000);
      reports.push(await runWatch(h.runtime, log));
    }

    expect(reports.map((report) => outcomeOf(report, west)?.status)).toEqual(Array(REFRESH_MINUTES + 2).fill('critical'));
    const refreshes = h.azure.requests.of('resourceGraph', (request) => request.resourceIds.some((id) => id.toLowerCase() === west.toLowerCase()));
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(h.azure.requests.of('arm', (request) => request.path.includes('/loadBalancers/'))).toEqual([]);
    expect(lines.filter((line) => line.includes('last good topology') && line.includes(west))).toHaveLength(1);
    expect((await h.runtime.snapshots.getLatest(west))?.value).toMatchObject({ readError: null, evaluation: { status: 'critical' } });

    h.azure.faults.clear();
    h.clock.advance(60_000);
    await runWatch(h.runtime, log);
    expect(lines.filter((line) => /read again/.test(line) && line.includes(west))).toHaveLength(1);
    console.info(`[figures] topology refresh failing: judged ${reports.length}/${reports.length} runs on the last good topology; ${refreshes.length} refresh attempts; 1 log line`);
  });

  it('should stop judging a target on its old topology once Azure says it is gone', async () => {
    estate = await startTwoRegions({ SNAT_TOPOLOGY_REFRESH_MINUTES: '1', SNAT_RUN_DEADLINE_SECONDS: '3' });
    const { harness: h, west } = estate;
    await h.watch();
    h.azure.faults.inject({ status: 404, route: 'arm', resourceId: west });

    // The run whose refresh learns it is gone still judged it on the topology it had (refreshes run
    // beside the batches); the next one reads it afresh.
    await h.watch();
    const report = await h.watch();

    expect(outcomeOf(report, west)?.status).toBe('unreadable');
    expect((await h.runtime.snapshots.getLatest(west))?.value.readError?.kind).toBe('not-found');
  });

  it('should keep watching the targets it discovered while the discovery query hangs', async () => {
    const subscription = '2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081';
    const ids: string[] = [];
    harness = await startWatchHarness((world) => {
      for (const name of ['lb-a', 'lb-b']) ids.push(addLoadBalancer(world, { subscriptionId: subscription, resourceGroup: 'rg-found', name, nodes: 2 }).id);
      return [];
    }, { SNAT_DISCOVERY_SUBSCRIPTIONS: subscription, SNAT_TOPOLOGY_REFRESH_MINUTES: '1', SNAT_RUN_DEADLINE_SECONDS: '3', SNAT_READ_BUDGET_SECONDS: '0.6', SNAT_CALL_TIMEOUT_SECONDS: '0.5' });
    expect((await harness.watch()).targets).toBe(2);
    // Every Resource Graph query hangs: discovery's, and the refresh of the known topologies.
    harness.azure.faults.inject({ status: 'hang', route: 'resourceGraph' });

    const report = await harness.watch();

    expect(harness.azure.requests.of('resourceGraph', (request) => request.status === 0).length).toBeGreaterThan(0);
    expect(report.targets).toBe(2);
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok']);
    expect(report.durationInMs).toBeLessThan(3_000);
  });

  it('should refresh each topology once per interval at its own moment, not all in one run', async () => {
    const ids: string[] = [];
    harness = await startWatchHarness((world) => {
      for (let n = 0; n < 8; n++) {
        ids.push(addLoadBalancer(world, { subscriptionId: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', resourceGroup: 'rg-spread', name: `lb-${n}`, nodes: 2 }).id);
      }
      return ids;
    }, { SNAT_TOPOLOGY_REFRESH_MINUTES: String(REFRESH_MINUTES) });
    const readsPerRun: number[] = [];
    const queriesPerRun: number[] = [];
    for (let run = 0; run <= REFRESH_MINUTES; run++) {
      harness.azure.requests.clear();
      await harness.watch();
      const queries = harness.azure.requests.of('resourceGraph');
      queriesPerRun.push(queries.length);
      readsPerRun.push(queries.flatMap((request) => request.resourceIds).filter((id) => id.includes('/loadBalancers/')).length);
    }
    // Whatever is due in a run is read in one query.
    expect(Math.max(...queriesPerRun)).toBe(1);
    expect(harness.azure.requests.of('arm', (request) => request.path.includes('/loadBalancers/'))).toEqual([]);

    expect(readsPerRun[0]).toBe(ids.length);
    const refreshRuns = readsPerRun.slice(1);
    expect(refreshRuns.reduce((sum, reads) => sum + reads, 0)).toBe(ids.length);
    expect(Math.max(...refreshRuns)).toBeLessThan(ids.length);
    expect(refreshRuns.filter((reads) => reads > 0).length).toBeGreaterThanOrEqual(3);
    console.info(`[figures] refresh spread, 8 targets, ${REFRESH_MINUTES}-min interval: load balancers read per run ${readsPerRun.join(', ')}; Resource Graph queries per run ${queriesPerRun.join(', ')}`);
  });
});
