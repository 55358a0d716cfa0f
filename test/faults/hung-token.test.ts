// A managed-identity token endpoint that accepts the request and never answers. Its own file: MSAL
// caches tokens process-wide, so the endpoint must hang before this process ever got a token.
// Every read needs a token, so every target turns unreadable (`timeout`) — the run still ends by
// its deadline and says "monitoring blind" — and the next run, with the endpoint answering, reads
// and alerts again (the credential is not left stuck on the abandoned request).
import { afterEach, describe, expect, it } from 'vitest';
import { runWatch } from '../../src/watch/run-watch.js';
import { quietLog } from '../support/watch-harness.js';
import { deliveredSince, outcomeOf, startTwoRegions, type TwoRegions } from '../support/two-regions.js';

const DEADLINE_IN_MS = 2_000;
const SETTLE_MARGIN_IN_MS = 1_500;

let estate: TwoRegions | undefined;
afterEach(async () => {
  await estate?.harness.close();
  estate = undefined;
});

describe('runWatch with a hung token endpoint', () => {
  it('should end by its deadline with every target unreadable, then read again once the endpoint answers', async () => {
    estate = await startTwoRegions({ SNAT_RUN_DEADLINE_SECONDS: String(DEADLINE_IN_MS / 1000), SNAT_CALL_TIMEOUT_SECONDS: '0.5', SNAT_BLIND_AFTER_RUNS: '1' });
    const { harness, east, west } = estate;
    harness.azure.faults.inject({ status: 'hang', route: 'token' });

    const started = Date.now();
    const report = await runWatch(harness.runtime, quietLog);

    expect(report.durationInMs).toBeLessThan(DEADLINE_IN_MS + SETTLE_MARGIN_IN_MS);
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['unreadable', 'unreadable']);
    expect((await harness.runtime.snapshots.getLatest(east))?.value.readError?.kind).toBe('timeout');
    expect(harness.azure.requests.of('token').length).toBeGreaterThan(0);
    expect(harness.azure.requests.of('arm')).toHaveLength(0);
    const blind = deliveredSince(harness, started);
    expect(blind.map((message) => message.names).sort()).toEqual(['lb-east', 'lb-west']);
    expect(blind.every((message) => /blind/i.test(message.text) && message.text.includes('timeout'))).toBe(true);
    console.info(`[figures] hung token: run ${report.durationInMs} ms; ${blind.length} blind alerts delivered`);

    harness.azure.faults.clear();
    harness.clock.advance(60_000);
    const recovered = await runWatch(harness.runtime, quietLog);

    expect(outcomeOf(recovered, east)).toMatchObject({ status: 'critical' });
    expect(outcomeOf(recovered, west)).toMatchObject({ status: 'critical' });
    console.info(`[figures] token answering again: run ${recovered.durationInMs} ms`);
  });
});
