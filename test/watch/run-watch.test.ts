import { afterEach, describe, expect, it } from 'vitest';
import { addAksCluster, addLoadBalancer } from '../../src/local/simulated-azure/world-builders.js';
import type { NodeMinute } from '../../src/local/simulated-azure/world-types.js';
import { answers } from '../support/slack-receiver.js';
import { quietLog, startWatchHarness, type WatchHarness } from '../support/watch-harness.js';
import { runWatch } from '../../src/watch/run-watch.js';

const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a';

/** Ports in use per node index; nodes not listed are calm. Tests change it to tell their story. */
type Load = Map<number, NodeMinute>;

function aks(world: Parameters<Parameters<typeof startWatchHarness>[0]>[0], nodes: number, load: Load, name = 'aks-pay') {
  return addAksCluster(world, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-pay',
    name,
    pools: [{ name: 'nodepool1', count: nodes, enableAutoScaling: true, minCount: 1, maxCount: nodes + 10, mode: 'System' }],
    metrics: (node) => () => load.get(node.index) ?? { used: 120, newConnections: 30, failed: 0 },
  }).loadBalancer;
}

const texts = (harness: WatchHarness) => harness.slack.delivered().map((body) => JSON.stringify(body));

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('runWatch', () => {
  it('should judge every node of a 60-node cluster, not the 10 the metrics API returns by default', async () => {
    const load: Load = new Map([[57, { used: 1_000, newConnections: 60, failed: 25 }]]);
    let id = '';
    harness = await startWatchHarness((world) => [(id = aks(world, 60, load).id)]);
    const report = await harness.watch();

    expect(report.outcomes).toEqual([expect.objectContaining({ targetId: id, status: 'critical', commit: 'committed' })]);
    const snapshot = await harness.runtime.snapshots.getLatest(id);
    expect(snapshot?.value.evaluation?.nodes).toHaveLength(60);
    const [message] = texts(harness);
    expect(message).toContain(snapshot!.value.evaluation!.nodes[0]!.node);
    expect(message).toMatch(/failed/i);
  });

  it('should send one grouped message for a target whose nodes all run hot, never one per node', async () => {
    const load: Load = new Map(Array.from({ length: 12 }, (_, i) => [i, { used: 800 + i * 10, newConnections: 40, failed: 0 }]));
    harness = await startWatchHarness((world) => [aks(world, 12, load).id]);
    await harness.watch();
    await harness.watch();

    expect(harness.slack.delivered()).toHaveLength(1);
    expect(texts(harness)[0]).toMatch(/critical/i);
  });

  it('should stay quiet while every node is well below the warning level', async () => {
    harness = await startWatchHarness((world) => [aks(world, 8, new Map()).id]);
    for (let run = 0; run < 3; run++) expect((await harness.watch()).outcomes[0]!.status).toBe('ok');
    expect(harness.slack.requests).toHaveLength(0);
  });

  it('should say a node that churns connections is not pooling, and recommend pooling first', async () => {
    const load: Load = new Map([[0, { used: 960, newConnections: 4_000, failed: 0 }]]);
    harness = await startWatchHarness((world) => [aks(world, 4, load).id]);
    await harness.watch();

    const [message] = texts(harness);
    expect(message).toMatch(/not pooling|pool/i);
    const snapshot = await harness.runtime.snapshots.listLatest();
    expect(snapshot[0]!.value.plan?.recommendations[0]?.code).toBe('POOL_CONNECTIONS');
  });

  it('should send one resolved message once the node recovers', async () => {
    const load: Load = new Map([[1, { used: 990, newConnections: 50, failed: 12 }]]);
    harness = await startWatchHarness((world) => [aks(world, 5, load).id]);
    await harness.watch();
    load.set(1, { used: 200, newConnections: 50, failed: 0 });
    // The failures leave the 15-minute window before the exhaustion alert can clear.
    for (let run = 0; run < 17; run++) await harness.watch();

    const delivered = texts(harness);
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toMatch(/critical/i);
    expect(delivered[1]).toMatch(/resolved/i);
  });

  it('should deliver every alert exactly once and in order after Slack was down for 17 runs', async () => {
    const load: Load = new Map([[0, { used: 990, newConnections: 50, failed: 3 }]]);
    harness = await startWatchHarness((world) => [aks(world, 3, load).id]);
    // Longer than a run may wait: every delivery in those runs fails fast and keeps the message.
    harness.slack.setDefault(answers.rateLimited(120));
    await harness.watch();
    load.set(0, { used: 100, newConnections: 50, failed: 0 });
    // The alert resolves once a whole window (15 minutes) passes without a failed connection. The
    // minutes already read keep their failures (incremental reads, as Azure keeps its history).
    for (let run = 0; run < 15; run++) await harness.watch();
    load.set(0, { used: 1_000, newConnections: 50, failed: 40 });
    await harness.watch();
    expect(harness.slack.delivered()).toHaveLength(0);

    harness.slack.setDefault(answers.ok);
    await harness.watch();
    await harness.watch();

    const delivered = texts(harness);
    expect(delivered.map((text) => (/resolved/i.test(text) ? 'resolved' : 'firing'))).toEqual(['firing', 'resolved', 'firing']);
    expect(new Set(delivered).size).toBe(3);
  });

  it('should send exactly one notification when several runs start at the same moment', async () => {
    const load: Load = new Map([[2, { used: 1_000, newConnections: 50, failed: 9 }]]);
    harness = await startWatchHarness((world) => [aks(world, 4, load).id]);
    const instances = [harness.runtime, ...(await Promise.all([1, 2, 3].map(() => harness!.instance())))];
    const reports = await Promise.all(instances.map((instance) => runWatch(instance, quietLog)));

    // The others either lost the ETag race (conflict) or read the winner's state (unchanged): none queued a message.
    const commits = reports.map((report) => report.outcomes[0]!.commit);
    expect(commits.filter((commit) => commit === 'committed')).toHaveLength(1);
    expect(harness.slack.delivered()).toHaveLength(1);
  });

  it('should keep alerting on the other targets while one is forbidden, and call the forbidden one blind after 3 runs', async () => {
    const hotLoad: Load = new Map([[0, { used: 1_000, newConnections: 50, failed: 7 }]]);
    let forbidden = '';
    harness = await startWatchHarness((world) => {
      forbidden = addLoadBalancer(world, { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-legacy', name: 'lb-legacy', nodes: 3 }).id;
      return [forbidden, aks(world, 3, hotLoad).id];
    });
    harness.azure.faults.inject({ status: 403, resourceId: forbidden });
    const first = await harness.watch();
    expect(first.outcomes.find((o) => o.targetId === forbidden)?.status).toBe('unreadable');
    expect(texts(harness)).toHaveLength(1);
    expect(texts(harness)[0]).toMatch(/aks-pay|kubernetes/);

    await harness.watch();
    await harness.watch();
    const blind = texts(harness).filter((text) => text.includes('lb-legacy'));
    expect(blind).toHaveLength(1);
    expect(blind[0]).toMatch(/blind|cannot read|forbidden/i);

    harness.azure.faults.clear();
    await harness.watch();
    const afterRecovery = texts(harness).filter((text) => text.includes('lb-legacy'));
    expect(afterRecovery).toHaveLength(2);
    expect(afterRecovery[1]).toMatch(/resolved/i);
  });

  it('should report an explicit outbound-ports setting that was silently reset to the default', async () => {
    harness = await startWatchHarness((world) => {
      const { loadBalancer } = addAksCluster(world, {
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg-pay',
        name: 'aks-pay',
        allocatedOutboundPorts: 4_000,
        pools: [{ name: 'nodepool1', count: 6, mode: 'System' }],
        // Azure now allocates the default table's 1,024 ports, whatever the cluster asked for.
        metrics: () => () => ({ used: 300, allocated: 1_024 }),
      });
      loadBalancer.outboundRules[0]!.allocatedOutboundPorts = 0;
      return [loadBalancer.id];
    });
    await harness.watch();

    const [message] = texts(harness);
    expect(message).toMatch(/drift|4,000|reset/i);
    const [snapshot] = await harness.runtime.snapshots.listLatest();
    expect(snapshot!.value.evaluation!.findings.map((finding) => finding.code)).toContain('ALLOCATION_DRIFT');
  });

  it.each([
    { name: '429 with Retry-After', status: 429 },
    { name: '529 (Azure Monitor overloaded)', status: 529 },
  ])('should retry metrics throttled with $name and still alert', async ({ status }) => {
    const load: Load = new Map([[0, { used: 1_000, newConnections: 50, failed: 5 }]]);
    harness = await startWatchHarness((world) => [aks(world, 3, load).id]);
    harness.azure.faults.inject({ status, route: 'metrics', count: 1, retryAfterSeconds: 1 });
    const report = await harness.watch();

    expect(report.outcomes[0]!.status).toBe('critical');
    expect(harness.azure.requests.of('metrics').filter((request) => request.status === status)).toHaveLength(1);
    expect(harness.slack.delivered()).toHaveLength(1);
  });
});
