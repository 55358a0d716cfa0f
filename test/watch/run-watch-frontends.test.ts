import { afterEach, describe, expect, it } from 'vitest';
import { readLiveView } from '../../src/live/read-live-view.js';
import { addAwaitingRemovalCluster, REMOVED_NODE_INDEX } from '../../src/local/simulated-azure/scenario-awaiting-removal.js';
import { addThreeOutboundIpsLoadBalancer, THREE_IPS_NODES, THREE_IPS_PORTS } from '../../src/local/simulated-azure/scenario-three-outbound-ips.js';
import { addTwoOutboundIpsCluster, TWO_IPS_NODES } from '../../src/local/simulated-azure/scenario-two-outbound-ips.js';
import type { SimLoadBalancer } from '../../src/local/simulated-azure/world-types.js';
import { addAksCluster, type AksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { BackendNodeEvaluation } from '../../src/snat/evaluation.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const texts = (h: WatchHarness) => h.slack.delivered().map((body) => JSON.stringify(body));

async function evaluationOf(h: WatchHarness, id: string) {
  const snapshot = await h.runtime.snapshots.getLatest(id);
  const evaluation = snapshot!.value.evaluation!;
  const node = (ip: string) => evaluation.nodes.find((candidate) => candidate.node === ip) as BackendNodeEvaluation;
  return { evaluation, node };
}

describe('runWatch on per-frontend, per-protocol load balancer metrics', () => {
  it('should judge 100 nodes on 2 outbound IPs on their sums: no drift, 1,024 each, no false critical, the hot IP as a finding', async () => {
    let aks: AksCluster | undefined;
    harness = await startWatchHarness((world) => [(aks = addTwoOutboundIpsCluster(world)).loadBalancer.id]);
    const [piled, warm] = aks!.loadBalancer.nodes;
    const report = await harness.watch();

    expect(report.outcomes[0]).toMatchObject({ status: 'warning' });
    const { evaluation, node } = await evaluationOf(harness, aks!.loadBalancer.id);
    expect(evaluation.nodes).toHaveLength(TWO_IPS_NODES);
    expect(evaluation.nodes.every((n) => n.allocated === 1_024 && n.kind === 'backend' && n.reportedAllocated === 1_024)).toBe(true);
    expect(evaluation.findings.map((finding) => finding.code)).not.toContain('ALLOCATION_DRIFT');
    expect(evaluation.counts).toMatchObject({ critical: 0, warning: 1 });
    expect(node(piled!.privateIp)).toMatchObject({ status: 'ok', used: 600, allocated: 1_024, protocol: 'TCP' });
    expect(node(warm!.privateIp)).toMatchObject({ status: 'warning', used: 800, allocated: 1_024 });

    const hot = evaluation.findings.filter((finding) => finding.code === 'FRONTEND_HOT');
    expect(hot.map((finding) => finding.node)).toContain(piled!.privateIp);
    const piledFinding = hot.find((finding) => finding.node === piled!.privateIp)!;
    expect(piledFinding).toMatchObject({ severity: 'info' });
    expect(piledFinding.message).toMatch(/uses 512 of its 512 TCP SNAT ports on frontend IP 20\.\S+ \(100%\).*HighSnatPortUsage.*600 of 1,024 TCP ports \(58\.6%\)/);

    const [message] = texts(harness);
    expect(texts(harness)).toHaveLength(1);
    expect(message).toContain(`${warm!.privateIp} (${warm!.name})* (warning) — 800 / 1,024 ports (78.1%)`);
    expect(message).not.toMatch(/\(critical\)/);
    expect(message).toMatch(/Frontend IP hot:\* \S+ uses 512 of its 512 TCP SNAT ports/);

    const portQueries = harness.azure.requests.of('metrics').filter((request) => request.query.metricnames === 'UsedSnatPorts,AllocatedSnatPorts');
    expect(portQueries[0]!.query.filter).toMatch(/FrontendIPAddress eq '\*'.*ProtocolType eq '\*'.*IsAwaitingRemoval eq '\*'/);
    expect(Number(portQueries[0]!.query.top)).toBeGreaterThanOrEqual(TWO_IPS_NODES * 2 * 2);
  });

  it('should judge 3 outbound IPs with uneven use on each node\'s sum, with each hot IP a finding', async () => {
    let lb: SimLoadBalancer | undefined;
    harness = await startWatchHarness((world) => [(lb = addThreeOutboundIpsLoadBalancer(world)).id]);
    const [spilled, full, even] = lb!.nodes;
    await harness.watch();

    const { evaluation, node } = await evaluationOf(harness, lb!.id);
    expect(evaluation.nodes).toHaveLength(THREE_IPS_NODES);
    expect(evaluation.findings.map((finding) => finding.code)).not.toContain('ALLOCATION_DRIFT');
    expect(node(spilled!.privateIp)).toMatchObject({ status: 'ok', used: 1_800, allocated: THREE_IPS_PORTS });
    expect(node(full!.privateIp)).toMatchObject({ status: 'critical', used: 2_900, allocated: THREE_IPS_PORTS });
    expect(node(even!.privateIp)).toMatchObject({ status: 'ok', used: 900 });
    const hotOn = (ip: string) => evaluation.findings.filter((finding) => finding.code === 'FRONTEND_HOT' && finding.node === ip).map((finding) => finding.message.match(/of its ([\d,]+) TCP SNAT ports on frontend IP \S+ \((\S+)\)/)!.slice(1));
    expect(hotOn(spilled!.privateIp)).toEqual([['1,024', '100%'], ['1,024', '75.8%']]);
    expect(hotOn(even!.privateIp)).toEqual([]);
  });

  it('should judge UDP against its own allocation, never summed with TCP', async () => {
    let aks: AksCluster | undefined;
    harness = await startWatchHarness((world) => [
      (aks = addAksCluster(world, {
        subscriptionId: '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6b', resourceGroup: 'rg-dns', name: 'aks-dns', pools: [{ name: 'nodepool1', count: 3, mode: 'System' }],
        metrics: (n) => () => (n.index === 0 ? { used: 100, udp: { used: 950 } } : n.index === 1 ? { used: 600, udp: { used: 600 } } : { used: 50 }),
      })).loadBalancer.id,
    ]);
    const [dns, both] = aks!.loadBalancer.nodes;
    await harness.watch();

    const { node } = await evaluationOf(harness, aks!.loadBalancer.id);
    expect(node(dns!.privateIp)).toMatchObject({ status: 'critical', protocol: 'UDP', used: 950, allocated: 1_024 });
    expect(node(both!.privateIp)).toMatchObject({ status: 'ok', used: 600, allocated: 1_024 });
    expect(texts(harness)[0]).toContain(`${dns!.privateIp} (${dns!.name})* (critical) — 950 / 1,024 UDP ports (92.8%)`);
  });

  it('should show a node awaiting removal but never alert on it', async () => {
    let aks: AksCluster | undefined;
    harness = await startWatchHarness((world) => [(aks = addAwaitingRemovalCluster(world)).loadBalancer.id]);
    const removed = aks!.loadBalancer.nodes[REMOVED_NODE_INDEX]!.privateIp;
    const warm = aks!.loadBalancer.nodes[4]!.privateIp;
    for (let run = 0; run < 3; run++) await harness.watch();

    const { evaluation, node } = await evaluationOf(harness, aks!.loadBalancer.id);
    expect(node(removed)).toMatchObject({ awaitingRemoval: true, used: 1_000, status: 'critical' });
    expect(node(removed).failedConnections).toBeGreaterThan(0);
    expect(evaluation.status).toBe('warning');
    expect(evaluation.counts).toMatchObject({ total: 6, critical: 0, warning: 1, awaitingRemoval: 1 });
    expect(evaluation.signals.filter((signal) => signal.node === removed)).toEqual([]);
    expect(evaluation.findings.find((finding) => finding.code === 'AWAITING_REMOVAL')?.message).toContain(removed);

    const delivered = texts(harness);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toContain(warm);
    expect(delivered[0]).not.toContain(removed);

    const live = await readLiveView(harness.runtime);
    expect(live.targets[0]!.nodes.find((n) => n.node === removed)).toMatchObject({ awaitingRemoval: true, used: 1_000 });
  });
});
