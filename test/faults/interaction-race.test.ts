// Two writers on one target's state: a person's press and another instance writing between the
// press's read and its commit. The press must lose the ETag race cleanly, re-read, and decide again
// from what won — never overwrite it.
import { describe, expect, it } from 'vitest';
import type { TargetAlertState } from '../../src/alerting/alert-state.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { applyInteraction } from '../../src/slack/apply-interaction.js';
import type { TargetStateStore } from '../../src/state/target-state-store.js';
import { startWatchHarness } from '../support/watch-harness.js';

describe('applyInteraction under a concurrent writer', () => {
  it('should re-read after losing the race and report the acknowledgement that won', async () => {
    let targetId = '';
    const harness = await startWatchHarness((world) => [
      (targetId = addAksCluster(world, {
        subscriptionId: '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a',
        resourceGroup: 'rg-race',
        name: 'aks-race',
        pools: [{ name: 'nodepool1', count: 2, mode: 'System' }],
        metrics: (node) => () => (node.index === 0 ? { used: 1_010 } : { used: 100 }),
      }).loadBalancer.id),
    ]);
    try {
      await harness.watch();
      const incident = (await harness.runtime.alertStates.get(targetId)).value!.notified!.incident!;
      const other = await harness.instance();
      let interfered = false;
      // The press's store: its first read is followed, before its commit, by bob's press on another instance.
      const racing: TargetStateStore<TargetAlertState> = {
        ...harness.runtime.alertStates,
        async get(id) {
          const read = await harness.runtime.alertStates.get(id);
          if (!interfered) {
            interfered = true;
            const bob = await applyInteraction(other, { actionId: 'snat-ack', incident, targetId, user: { id: 'U0BOB', label: 'bob' } }, harness.clock.now());
            expect(bob.outcome).toBe('acknowledged');
          }
          return read;
        },
      };
      const alice = await applyInteraction({ alertStates: racing, silences: harness.runtime.silences }, { actionId: 'snat-ack', incident, targetId, user: { id: 'U0ALICE', label: 'alice' } }, harness.clock.now());
      expect(alice).toMatchObject({ outcome: 'already-acknowledged', text: expect.stringMatching(/by bob/) });
      expect((await other.alertStates.get(targetId)).value!.notified!.acknowledged).toMatchObject({ by: 'bob' });
      // Bob's one root update is queued, alice's none.
      await harness.watch();
      expect(harness.slack.delivered().map((body) => (body as { text: string }).text)).toContain('Acknowledged by bob.');
      expect(harness.slack.delivered().map((body) => (body as { text: string }).text)).not.toContain('Acknowledged by alice.');
    } finally {
      await harness.close();
    }
  });
});
