import { afterEach, describe, expect, it } from 'vitest';
import { watchTick } from '../../src/fanout/watch-tick.js';
import { useRuntime } from '../../src/runtime.js';
import { startFanoutEstate, startWorkers } from '../support/fanout-estate.js';
import { answers } from '../support/slack-receiver.js';
import { quietLog } from '../support/watch-harness.js';

let open: Array<{ close(): Promise<void> } | { stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.reverse()) await ('close' in thing ? thing.close() : thing.stop());
  open = [];
});

/** cluster name → the notification numbers Slack showed for it, in arrival order. */
function sequencesByCluster(bodies: unknown[], names: readonly string[]): Record<string, number[]> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      bodies
        .map((body) => JSON.stringify(body))
        .filter((text) => text.includes(`_rg-${name}_${name}_`))
        .map((text) => Number(/Notification (\d+)/.exec(text)?.[1])),
    ]),
  );
}

/** Three batches (three subscriptions of two clusters) and a repeat every minute: each run queues one more message per target. */
const NAMES = ['aks-o1', 'aks-o2', 'aks-o3', 'aks-o4', 'aks-o5', 'aks-o6'];

/** Two fanned-out runs with the webhook refused (404): their messages wait in the outbox, two per target, then Slack takes them. */
async function backlog() {
  const harness = await startFanoutEstate([NAMES.slice(0, 2), NAMES.slice(2, 4), NAMES.slice(4)], { SNAT_REPEAT_INTERVAL_MINUTES: '1', SNAT_FOR_MINUTES: '1' });
  open.push(harness);
  useRuntime(harness.runtime);
  // Workers on two hosts: batches settle concurrently, in any order, and only commit to the outbox.
  open.push(await startWorkers(harness.runtime), await startWorkers(harness.runtime));
  let refusing = true;
  harness.slack.when(() => refusing, answers.channelNotFound);
  for (let run = 0; run < 2; run++) {
    await watchTick(harness.runtime, quietLog, { pollInMs: 50 });
    harness.clock.advance(60_000);
  }
  expect(harness.slack.delivered()).toHaveLength(0);
  refusing = false;
  return harness;
}

describe('fan-out delivery', () => {
  it('should deliver each target\'s messages exactly once and in order with the timer as the one delivery owner', async () => {
    const harness = await backlog();
    await watchTick(harness.runtime, quietLog, { pollInMs: 50 });

    const seen = sequencesByCluster(harness.slack.delivered(), NAMES);
    expect(seen).toEqual(Object.fromEntries(NAMES.map((name) => [name, [1, 2, 3]])));
    expect(await harness.runtime.outbox.list()).toEqual([]);
  });

  it('should keep per-target order when two runs overlap and both deliver, any second copy marked as a possible duplicate', async () => {
    const harness = await backlog();
    const other = await harness.instance();
    await Promise.all([watchTick(harness.runtime, quietLog, { pollInMs: 50 }), watchTick(other, quietLog, { pollInMs: 50 })]);

    const seen = sequencesByCluster(harness.slack.delivered(), NAMES);
    for (const name of NAMES) {
      const sequence = seen[name]!;
      expect(sequence, name).toEqual([...sequence].sort((a, b) => a - b));
      expect([...new Set(sequence)], name).toEqual([1, 2, 3]);
    }
    const copies = harness.slack.delivered().map((body) => JSON.stringify(body));
    const repeated = copies.filter((text, i) => copies.findIndex((other) => other.replace(/possible duplicate[^"]*/i, '') === text.replace(/possible duplicate[^"]*/i, '')) !== i);
    expect(repeated.every((text) => /possible duplicate/i.test(text))).toBe(true);
  });
});
