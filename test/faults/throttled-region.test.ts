// One region's metrics endpoint throttles (429 with Retry-After). Its batch retries within its own
// budget and otherwise gives up as unreadable (`throttled`); the other region's critical alert is
// delivered in the same run, and the run stays within its deadline. No test waits Azure's real
// 30 s: a Retry-After that does not fit in the batch's budget is not waited at all (that is the
// behaviour under test), and the recovering case uses Retry-After: 1.
import { afterEach, describe, expect, it } from 'vitest';
import { runWatch } from '../../src/watch/run-watch.js';
import { quietLog } from '../support/watch-harness.js';
import { deliveredSince, outcomeOf, startTwoRegions, type TwoRegions } from '../support/two-regions.js';

const DEADLINE_IN_MS = 3_000;

let estate: TwoRegions | undefined;
afterEach(async () => {
  await estate?.harness.close();
  estate = undefined;
});

describe('runWatch with a throttled region', () => {
  it('should deliver the other region\'s critical alert in the same run while one region answers 429 (Retry-After 30) all along', async () => {
    estate = await startTwoRegions({ SNAT_RUN_DEADLINE_SECONDS: String(DEADLINE_IN_MS / 1000) });
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 429, route: 'metrics', region: 'westeurope', retryAfterSeconds: 30 });

    const started = Date.now();
    const report = await runWatch(harness.runtime, quietLog);

    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS);
    expect(outcomeOf(report, east)).toMatchObject({ status: 'critical', commit: 'committed' });
    expect(outcomeOf(report, west)).toMatchObject({ status: 'unreadable' });
    expect((await harness.runtime.snapshots.getLatest(west))?.value.readError?.kind).toBe('throttled');
    const delivered = deliveredSince(harness, started);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ names: 'lb-east', text: expect.stringMatching(/critical/i) });
    const westCalls = harness.azure.requests.of('metrics', (request) => request.path.includes('westeurope'));
    expect(westCalls.every((request) => request.status === 429)).toBe(true);
    console.info(`[figures] throttled region (Retry-After 30): run ${report.durationInMs} ms; east alert at +${delivered[0]!.atInMs} ms; ${westCalls.length} west calls`);
  });

  it('should wait a Retry-After that fits in the batch\'s budget and read the region, without holding the other region\'s alert', async () => {
    estate = await startTwoRegions({ SNAT_RUN_DEADLINE_SECONDS: String(DEADLINE_IN_MS / 1000) });
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 429, route: 'metrics', region: 'westeurope', retryAfterSeconds: 1, count: 1 });

    const started = Date.now();
    const report = await runWatch(harness.runtime, quietLog);

    expect(outcomeOf(report, east)).toMatchObject({ status: 'critical' });
    expect(outcomeOf(report, west)).toMatchObject({ status: 'critical' });
    const delivered = deliveredSince(harness, started);
    const eastAt = delivered.find((message) => message.names === 'lb-east')!.atInMs;
    const westAt = delivered.find((message) => message.names === 'lb-west')!.atInMs;
    // The east alert went out while the west batch was still waiting out its Retry-After.
    expect(westAt - eastAt).toBeGreaterThan(500);
    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS);
    console.info(`[figures] throttled region (Retry-After 1, once): run ${report.durationInMs} ms; east alert at +${eastAt} ms, west alert at +${westAt} ms`);
  });
});
