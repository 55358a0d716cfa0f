// A metrics or ARM endpoint that accepts the request and never answers (or stops halfway through
// its body): the run must still end by its deadline, deliver the other region's alert while it
// waits, and count the hung target as unreadable (`timeout`), towards "monitoring blind". Short
// deadlines keep the suite fast.
import { afterEach, describe, expect, it } from 'vitest';
import { runWatch } from '../../src/watch/run-watch.js';
import { quietLog } from '../support/watch-harness.js';
import { deliveredSince, outcomeOf, startTwoRegions, type TwoRegions } from '../support/two-regions.js';

const DEADLINE_IN_MS = 3_000;
/** Settling and delivering after the deadline: Azurite and the local Slack receiver answer in milliseconds. */
const SETTLE_MARGIN_IN_MS = 1_500;

const SETTINGS = {
  SNAT_RUN_DEADLINE_SECONDS: String(DEADLINE_IN_MS / 1000),
  SNAT_READ_BUDGET_SECONDS: '1.5',
  SNAT_CALL_TIMEOUT_SECONDS: '0.5',
  SNAT_BLIND_AFTER_RUNS: '1',
};

let estate: TwoRegions | undefined;
afterEach(async () => {
  await estate?.harness.close();
  estate = undefined;
});

describe('runWatch with a hung endpoint', () => {
  it('should end by its deadline and deliver the other region\'s alert while the metrics of one region hang', async () => {
    estate = await startTwoRegions(SETTINGS);
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 'hang', route: 'metrics', region: 'westeurope' });

    const started = Date.now();
    const report = await runWatch(harness.runtime, quietLog);

    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS + SETTLE_MARGIN_IN_MS);
    expect(outcomeOf(report, east)).toMatchObject({ status: 'critical', commit: 'committed' });
    expect(outcomeOf(report, west)).toMatchObject({ status: 'unreadable' });
    expect((await harness.runtime.snapshots.getLatest(west))?.value.readError?.kind).toBe('timeout');
    const delivered = deliveredSince(harness, started);
    const eastAlert = delivered.find((message) => message.names === 'lb-east');
    const westBlind = delivered.find((message) => message.names === 'lb-west');
    expect(eastAlert?.text).toMatch(/critical/i);
    // Delivered as its batch settled, long before the hung region gave up.
    expect(eastAlert!.atInMs).toBeLessThan(1_000);
    expect(westBlind?.text).toMatch(/blind/i);
    expect(westBlind?.text).toMatch(/timeout/);
    expect(harness.azure.requests.of('metrics', (request) => request.path.includes('westeurope')).every((request) => request.status === 0)).toBe(true);
    console.info(`[figures] hung metrics: run ${report.durationInMs} ms; east alert at +${eastAlert!.atInMs} ms; west blind at +${westBlind!.atInMs} ms`);
  });

  it('should end by its deadline and judge the other targets while the ARM read of one load balancer hangs', async () => {
    // ARM reads one resource per request (SNAT_TOPOLOGY_SOURCE=arm); Resource Graph reads both in one query (test/faults/throttled-resource-graph.test.ts).
    estate = await startTwoRegions({ ...SETTINGS, SNAT_TOPOLOGY_SOURCE: 'arm' });
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 'hang', route: 'arm', resourceId: west });

    const started = Date.now();
    const report = await runWatch(harness.runtime, quietLog);

    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS + SETTLE_MARGIN_IN_MS);
    expect(outcomeOf(report, east)).toMatchObject({ status: 'critical', commit: 'committed' });
    expect(outcomeOf(report, west)).toMatchObject({ status: 'unreadable' });
    expect((await harness.runtime.snapshots.getLatest(west))?.value.readError).toMatchObject({ kind: 'timeout' });
    const delivered = deliveredSince(harness, started);
    expect(delivered.map((message) => message.names).sort()).toEqual(['lb-east', 'lb-west']);
    expect(delivered.find((message) => message.names === 'lb-east')?.text).toMatch(/critical/i);
    console.info(`[figures] hung ARM: run ${report.durationInMs} ms; delivered ${delivered.map((m) => `${m.names} at +${m.atInMs} ms`).join(', ')}`);
  });

  it('should cut a metrics answer that stops halfway through its body, and still end by the deadline', async () => {
    estate = await startTwoRegions(SETTINGS);
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 'stall', route: 'metrics', region: 'westeurope' });

    const report = await runWatch(harness.runtime, quietLog);

    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS + SETTLE_MARGIN_IN_MS);
    expect(outcomeOf(report, east)).toMatchObject({ status: 'critical' });
    expect((await harness.runtime.snapshots.getLatest(west))?.value.readError?.kind).toBe('timeout');
    // The answers started (200 and headers sent): a headers-only timeout would have waited for ever.
    expect(harness.azure.requests.of('metrics', (request) => request.path.includes('westeurope')).map((request) => request.status)).toContain(200);
    console.info(`[figures] stalled metrics body: run ${report.durationInMs} ms`);
  });

  it('should read the hung region again, and alert on it, once it answers', async () => {
    estate = await startTwoRegions(SETTINGS);
    const { harness, west } = estate;
    harness.azure.faults.inject({ status: 'hang', route: 'metrics', region: 'westeurope' });
    await harness.watch();
    harness.azure.faults.clear();

    const report = await harness.watch();

    expect(outcomeOf(report, west)).toMatchObject({ status: 'critical' });
    const west_ = deliveredSince(harness, 0).filter((message) => message.names === 'lb-west').map((message) => message.text);
    expect(west_).toHaveLength(2);
    expect(west_[1]).toMatch(/critical/i);
  });
});
