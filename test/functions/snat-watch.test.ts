import { InvocationContext, type Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { snatWatch } from '../../src/functions/snat-watch.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { useRuntime } from '../../src/runtime.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('snatWatch', () => {
  it('should run the pipeline on its timer, alert Slack and log a one-line account of the run', async () => {
    harness = await startWatchHarness((world) => [
      addAksCluster(world, {
        subscriptionId: '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a',
        resourceGroup: 'rg-pay',
        name: 'aks-pay',
        pools: [{ name: 'nodepool1', count: 4, mode: 'System' }],
        metrics: (node) => () => (node.index === 0 ? { used: 1_010, failed: 6 } : { used: 100 }),
      }).loadBalancer.id,
    ]);
    useRuntime(harness.runtime);
    const lines: string[] = [];
    const context = new InvocationContext({ functionName: 'snatWatch', logHandler: (_level, ...args) => lines.push(args.join(' ')) });

    await snatWatch(timer, context);

    expect(harness.slack.delivered()).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^Watched 1 target\(s\) in 1 batch\(es\) .* 1 critical, 0 warning, .* 1 notification\(s\) queued, 1 delivered, 0 pending \(drained\)\.$/);
  });
});
