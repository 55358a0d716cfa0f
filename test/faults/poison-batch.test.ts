// Fault: a batch whose processing always throws. The host retries it maxDequeueCount times, moves
// it to the poison queue, and the next planning run reports its targets unreadable (MONITORING_BLIND),
// never silently dropped; the other batches are watched as usual.
import type { InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatchText, parseBatchMessage } from '../../src/fanout/batch-message.js';
import { watchTick } from '../../src/fanout/watch-tick.js';
import { snatWatchBatch } from '../../src/functions/snat-watch-batch.js';
import { useRuntime } from '../../src/runtime.js';
import { FAST_QUEUES, startFanoutEstate, startWorkers, SUBSCRIPTIONS } from '../support/fanout-estate.js';
import { quietLog } from '../support/watch-harness.js';

let open: Array<{ close(): Promise<void> } | { stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.reverse()) await ('close' in thing ? thing.close() : thing.stop());
  open = [];
});

/** Each Slack body whole: the cluster's node resource group (MC_rg-NAME_NAME_…) names it in every alert. */
const texts = (bodies: unknown[]) => bodies.map((body) => JSON.stringify(body));

describe('poison batch', () => {
  it('should end in the poison queue after maxDequeueCount attempts, and its targets be reported monitoring blind on the next run', async () => {
    const harness = await startFanoutEstate([['aks-poison1', 'aks-poison2'], ['aks-fine']], { SNAT_BLIND_AFTER_RUNS: '1' });
    open.push(harness);
    useRuntime(harness.runtime);
    const attempts: number[] = [];
    const lines: string[] = [];
    // Every batch of the first subscription throws, whatever the attempt.
    const handler = async (item: unknown, context: InvocationContext) => {
      if (parseBatchMessage(item).key.startsWith(SUBSCRIPTIONS[0])) {
        attempts.push(Number(context.triggerMetadata?.dequeueCount));
        throw new Error('this batch always fails');
      }
      await snatWatchBatch(item, context);
    };
    open.push(await startWorkers(harness.runtime, handler, (line) => lines.push(line)));
    const queue = await harness.runtime.batchQueue!();

    const first = await watchTick(harness.runtime, quietLog, { pollInMs: 50 });
    expect(first).toMatchObject({ mode: 'fanout', batches: 2, poisonedTargets: 0 });
    expect(attempts).toEqual([1, 2, 3]);
    const poisoned = (await queue.poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((item) => decodeBatchText(item.messageText));
    expect(poisoned.map((batch) => batch.targetIds.map((id) => id.split('/').at(-1)))).toEqual([['kubernetes', 'kubernetes']]);
    expect(lines.some((line) => line.includes(`moved to ${queue.poisonName}`))).toBe(true);
    const fineAlerts = texts(harness.slack.delivered());
    expect(fineAlerts.some((text) => text.includes('aks-fine'))).toBe(true);
    expect(fineAlerts.some((text) => text.includes('aks-poison'))).toBe(false);

    harness.clock.advance(60_000);
    const second = await watchTick(harness.runtime, quietLog, { pollInMs: 50 });
    expect(second.poisonedTargets).toBe(2);
    expect(second.outcomes.filter((o) => o.status === 'unreadable').map((o) => o.targetId).sort()).toEqual([...poisoned[0]!.targetIds].sort());
    const blind = texts(harness.slack.delivered()).filter((text) => /monitoring blind/i.test(text));
    expect(blind.filter((text) => text.includes('aks-poison1'))).toHaveLength(1);
    expect(blind.filter((text) => text.includes('aks-poison2'))).toHaveLength(1);
    for (const id of poisoned[0]!.targetIds) {
      const state = (await harness.runtime.alertStates.get(id)).value;
      expect(state?.lastFailure?.detail).toMatch(/kept failing and was moved to .*-poison/);
    }
    // The first poison message was reported and deleted; this run's own failing batch waits in it for the next run.
    const left = (await queue.poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((item) => decodeBatchText(item.messageText));
    expect(left.map((batch) => batch.runId)).not.toContain(poisoned[0]!.runId);
    expect(FAST_QUEUES.maxDequeueCount).toBe(3);
  });
});
