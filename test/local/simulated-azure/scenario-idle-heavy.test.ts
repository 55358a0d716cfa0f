import { afterEach, describe, expect, it } from 'vitest';
import { createExhaustionScenario } from '../../../src/local/simulated-azure/scenario-exhaustion.js';
import { createIdleHeavyScenario } from '../../../src/local/simulated-azure/scenario-idle-heavy.js';
import type { BackendNodeEvaluation } from '../../../src/snat/evaluation.js';
import { startWatchHarness, type WatchHarness } from '../../support/watch-harness.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function latestOf(watched: WatchHarness) {
  const [snapshot] = await watched.runtime.snapshots.listLatest();
  return snapshot!.value;
}

describe('createIdleHeavyScenario (through the watch pipeline)', () => {
  it('should diagnose idle connections and put LOWER_IDLE_TIMEOUT first, not POOL_CONNECTIONS', async () => {
    let idleNodeIps: string[] = [];
    harness = await startWatchHarness((_, clock) => {
      const scenario = createIdleHeavyScenario({ clock });
      idleNodeIps = scenario.idleNodeIps;
      return scenario;
    });
    await harness.watch();

    const snapshot = await latestOf(harness);
    const idle = snapshot.evaluation!.nodes.filter((node): node is BackendNodeEvaluation => idleNodeIps.includes(node.node) && node.kind === 'backend');
    expect(idle.map((node) => [node.status, node.pooling.verdict])).toEqual([['warning', 'idle-connections'], ['warning', 'idle-connections']]);
    expect(snapshot.evaluation!.findings.map((finding) => finding.code)).not.toContain('NOT_POOLING');
    const [top] = snapshot.plan!.recommendations;
    expect(top).toMatchObject({ code: 'LOWER_IDLE_TIMEOUT', commands: ['az aks update --resource-group rg-crm --name aks-crm --load-balancer-idle-timeout 4'] });
    expect(snapshot.plan!.recommendations.map((r) => r.code)).not.toContain('POOL_CONNECTIONS');

    const [message] = harness.slack.delivered().map((body) => JSON.stringify(body));
    expect(message).toContain('idle connections (ports held ~30');
    expect(message).toContain('Lower the idle timeout from 30 to 4 minutes');
    expect(message).toContain('--load-balancer-idle-timeout 4');
  });

  it("should keep the target's top fix whatever a healthy node's connection churn looks like", async () => {
    const topFix = async (chattyNode: boolean) => {
      harness = await startWatchHarness((_, clock) => createIdleHeavyScenario({ clock, chattyNode }));
      await harness.watch();
      const snapshot = await latestOf(harness);
      await harness.close();
      harness = undefined;
      return { code: snapshot.plan!.recommendations[0]!.code, notPooling: snapshot.evaluation!.findings.filter((finding) => finding.code === 'NOT_POOLING').length };
    };
    const withChatty = await topFix(true);
    expect(withChatty).toEqual(await topFix(false));
    expect(withChatty).toEqual({ code: 'LOWER_IDLE_TIMEOUT', notPooling: 0 });
  });
});

describe('createExhaustionScenario (through the watch pipeline)', () => {
  it('should still call the unpooled exhaustion connection-per-request churn and put POOL_CONNECTIONS first', async () => {
    let hotNodeIps: string[] = [];
    harness = await startWatchHarness((_, clock) => {
      const scenario = createExhaustionScenario({ clock });
      hotNodeIps = scenario.hotNodeIps;
      return { world: scenario.world, targetIds: [scenario.targetId] };
    });
    // Into the exhausted phase: 10 calm minutes, 15 of ramp, then 3 pinned at the allocation.
    harness.clock.advance(28 * 60_000);
    await harness.watch();

    const snapshot = await latestOf(harness);
    const hot = snapshot.evaluation!.nodes.filter((node): node is BackendNodeEvaluation => hotNodeIps.includes(node.node) && node.kind === 'backend');
    expect(hot.map((node) => [node.status, node.pooling.verdict])).toEqual(hotNodeIps.map(() => ['critical', 'connection-churn']));
    expect(snapshot.plan!.recommendations[0]!.code).toBe('POOL_CONNECTIONS');
    expect(snapshot.plan!.recommendations.map((r) => r.code)).not.toContain('LOWER_IDLE_TIMEOUT');
  });
});
