// Slack taking the message and then answering too late (past the attempt timeout), never answering,
// or resetting the connection: the answer is ambiguous. The message waits, is re-sent at most once,
// marked as a possible duplicate inside itself: at most two copies on an ambiguous answer from a webhook.
import { afterEach, describe, expect, it } from 'vitest';
import { POSSIBLE_DUPLICATE_TEXT } from '../../src/slack/delivery-messages.js';
import { answers, type ReceiverAnswer } from '../support/slack-receiver.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';
import { criticalClusters, FAST_SLACK, mentions, textOf } from './fault-estate.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const faults: Array<{ name: string; fault: ReceiverAnswer }> = [
  { name: 'answers 200 after the attempt timeout (slow)', fault: answers.slow(700) },
  { name: 'never answers after reading the body (hang)', fault: answers.hang },
  { name: 'resets the connection after reading the body', fault: answers.reset },
];

describe('an ambiguous answer from Slack', () => {
  it.each(faults)('should post at most two copies, the second marked as a possible duplicate, when Slack $name once', async ({ fault }) => {
    harness = await startWatchHarness(criticalClusters(['aks-a', 'aks-b']), FAST_SLACK);
    harness.slack.when(mentions('aks-a'), fault, 1);

    // A run delivers in passes (one as each batch settles, one at its end). With no wait before the
    // re-send (FAST_SLACK), the run's second pass re-sends the message once; later runs send nothing.
    const first = await harness.watch();
    expect(first.delivery).toMatchObject({ delivered: 2, pending: 0 });
    expect(first.delivery.failures).toEqual([expect.objectContaining({ reason: 'ambiguous', next: 'resend-after-wait' })]);
    for (let run = 0; run < 2; run++) await harness.watch();

    const copies = harness.slack.posted().filter(mentions('aks-a'));
    expect(copies).toHaveLength(2);
    expect(textOf(copies[1])).toMatch(/^\(possible duplicate\) CRITICAL: SNAT ports on aks-a · load balancer kubernetes/);
    expect(JSON.stringify(copies[1])).toContain(POSSIBLE_DUPLICATE_TEXT);
    // The other target was never held: one copy, in the first run.
    expect(harness.slack.posted().filter(mentions('aks-b'))).toHaveLength(1);
  });

  it.each(faults)('should stop at two copies (never a third) and park the message when Slack $name every time', async ({ fault }) => {
    harness = await startWatchHarness(criticalClusters(['aks-a']), FAST_SLACK);
    harness.slack.setDefault(fault);

    // Run 1 sends, run 2 re-sends once and parks it, run 3 finds nothing to send.
    for (let run = 0; run < 3; run++) await harness.watch();

    expect(harness.slack.requests).toHaveLength(2);
    expect(harness.slack.posted().filter(mentions('aks-a'))).toHaveLength(2);
    const parked = await harness.runtime.outbox.listParked();
    expect(parked).toEqual([expect.objectContaining({ possibleCopies: 2, parked: { at: expect.any(String), reason: expect.stringMatching(/^unconfirmed: /) } })]);
  });
});
