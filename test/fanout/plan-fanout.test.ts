import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatchText, MAX_QUEUE_MESSAGE_BYTES } from '../../src/fanout/batch-message.js';
import { planFanout } from '../../src/fanout/plan-fanout.js';
import { watchTick } from '../../src/fanout/watch-tick.js';
import { createRuntime, useRuntime, type Runtime } from '../../src/runtime.js';
import { runWatch } from '../../src/watch/run-watch.js';
import { startFanoutEstate, startWorkers, uniqueQueueName } from '../support/fanout-estate.js';
import { startSlackReceiver } from '../support/slack-receiver.js';
import { uniqueTablePrefix } from '../support/test-storage.js';
import { quietLog, type WatchHarness } from '../support/watch-harness.js';

let open: Array<{ close(): Promise<void> } | { stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.reverse()) await ('close' in thing ? thing.close() : thing.stop());
  open = [];
});

async function estate(clusters: string[][], env: Record<string, string> = {}): Promise<WatchHarness> {
  const harness = await startFanoutEstate(clusters, env);
  open.push(harness);
  return harness;
}

/** What on-call sees of a target: its alert keys and states, and the texts Slack got about it. */
async function seen(runtime: Runtime, ids: readonly string[], bodies: unknown[]) {
  return Promise.all(
    ids.map(async (id) => {
      const state = (await runtime.alertStates.get(id)).value;
      const alerts = Object.entries(state?.alerts ?? {}).map(([key, alert]) => `${key}:${alert.state}:${alert.severity}`).sort();
      const name = id.split('/').at(-1)!;
      const slack = bodies.filter((body) => JSON.stringify(body).includes(`/${name}`)).map((body) => (body as { text?: string }).text);
      return { id, alerts, sequence: state?.sequence, slack };
    }),
  );
}

describe('planFanout', () => {
  it('should enqueue one message per batch carrying references only, each far below 64 KB', async () => {
    const harness = await estate([['aks-a1', 'aks-a2'], ['aks-b1'], ['aks-c1', 'aks-c2', 'aks-c3']]);
    const queue = await harness.runtime.batchQueue!();
    const planning = planFanout(harness.runtime, quietLog, { pollInMs: 50 });
    // The planner waits for the batches as the delivery owner: read the queue while it waits, then be the workers.
    let peeked: Array<{ messageText: string }> = [];
    for (let i = 0; i < 200 && peeked.length < 3; i++) {
      peeked = (await queue.main.peekMessages({ numberOfMessages: 32 }).catch(() => ({ peekedMessageItems: [] }))).peekedMessageItems;
      if (peeked.length < 3) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    useRuntime(harness.runtime);
    open.push(await startWorkers(harness.runtime));
    const report = await planning;

    expect(report).toMatchObject({ mode: 'fanout', targets: 6, batches: 3 });
    const messages = peeked.map((item) => decodeBatchText(item.messageText));
    expect(messages.map((m) => m.targetIds.length).sort()).toEqual([1, 2, 3]);
    expect(new Set(messages.map((m) => m.runId)).size).toBe(1);
    expect(messages.map((m) => m.index).sort()).toEqual([0, 1, 2]);
    expect(messages.every((m) => m.count === 3 && m.plannedAt === report.at)).toBe(true);
    for (const item of peeked) {
      expect(Object.keys(JSON.parse(Buffer.from(item.messageText, 'base64').toString()))).toEqual(['version', 'runId', 'plannedAt', 'deadline', 'index', 'count', 'key', 'targetIds']);
      expect(Buffer.byteLength(item.messageText)).toBeLessThan(2_000);
    }
    expect(MAX_QUEUE_MESSAGE_BYTES).toBe(65_536);
  });

  it('should leave the same alert states and Slack messages as one instance watching the same targets', async () => {
    const clusters = [['aks-a1', 'aks-a2'], ['aks-b1', 'aks-b2']];
    const harness = await estate(clusters);
    const ids = harness.runtime.config.SNAT_TARGETS;
    const slack = await startSlackReceiver();
    open.push(slack);
    // The same estate, minute and Azure, in storage of its own, watched by one instance.
    const single = await createRuntime({
      env: { ...process.env, ...harness.azure.env(), SNAT_TARGETS: ids.join(','), SLACK_WEBHOOK_URL: slack.url, AzureWebJobsStorage: process.env.SNAT_TEST_STORAGE!, SNAT_TABLE_PREFIX: uniqueTablePrefix(), SNAT_FANOUT: 'off', SNAT_FANOUT_QUEUE: uniqueQueueName(), SNAT_ATTRIBUTION: 'off' },
      now: () => harness.clock.now(),
    });
    useRuntime(harness.runtime);
    open.push(await startWorkers(harness.runtime));

    for (let run = 0; run < 2; run++) {
      const [fanned, alone] = await Promise.all([watchTick(harness.runtime, quietLog, { pollInMs: 50 }), runWatch(single, quietLog)]);
      expect(fanned.mode).toBe('fanout');
      expect(alone.mode).toBe('single');
      harness.clock.advance(60_000);
    }

    const fannedOut = await seen(harness.runtime, ids, harness.slack.delivered());
    expect(fannedOut.every((target) => target.alerts.length > 0 && target.slack.length > 0)).toBe(true);
    expect(fannedOut).toEqual(await seen(single, ids, slack.delivered()));
  });
});
