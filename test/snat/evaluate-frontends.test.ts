import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { BackendNodeEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, backend, lbMetrics, lbTopology, type BackendValues } from './evaluate-fixtures.js';

const flat = (value: number | null, count = 15) => Array.from({ length: count }, () => value);
/** Two frontend IPs of 512 ports each: the default allocation of 51–100 nodes on two IPs. */
const twoIps = lbTopology({ frontendIps: 2, backendPoolSize: 60 });

function judge(values: BackendValues, topology = twoIps) {
  const evaluation = evaluateTarget(topology, lbMetrics([backend('10.0.0.4', values)]), RULES, NOW);
  return { evaluation, node: evaluation.nodes[0] as BackendNodeEvaluation, codes: evaluation.findings.map((f) => f.code) };
}

describe('evaluateBackend per frontend IP and protocol', () => {
  it('should judge a node on the sum over its frontend IPs and report the one hot IP as a finding', () => {
    const { evaluation, node, codes } = judge({ used: [], frontends: [{ used: flat(512), allocated: 512 }, { used: flat(88), allocated: 512 }] });

    expect(node).toMatchObject({ status: 'ok', used: 600, allocated: 1_024, reportedAllocated: 1_024, modelAllocated: 1_024, allocationDrift: false });
    expect(codes).toEqual(['FRONTEND_HOT']);
    expect(evaluation.findings[0]).toMatchObject({ severity: 'info', node: '10.0.0.4' });
    expect(evaluation.findings[0]!.message).toBe(
      "10.0.0.4 uses 512 of its 512 TCP SNAT ports on frontend IP 20.0.0.1 (100%): past 75% of one frontend IP, where Azure's HighSnatPortUsage health event fires. " +
        'The node as a whole uses 600 of 1,024 TCP ports (58.6%), and is judged on that sum: it still has ports on its other frontend IPs.',
    );
    expect(evaluation.signals).toEqual([]);
  });

  it.each([
    { name: 'at exactly 75 % of one IP (Azure says "more than")', frontends: [384, 100], hot: false },
    { name: 'just past 75 % of one IP', frontends: [385, 100], hot: true },
    { name: 'past 75 % of the second IP', frontends: [100, 400], hot: true },
  ])('should report a hot frontend IP $name: $hot', ({ frontends, hot }) => {
    const { codes } = judge({ used: [], frontends: frontends.map((used) => ({ used: flat(used), allocated: 512 })) });
    expect(codes.includes('FRONTEND_HOT')).toBe(hot);
  });

  it('should leave a node on one frontend IP to its own utilization finding', () => {
    const { codes } = judge({ used: flat(950) }, lbTopology());
    expect(codes).toEqual(['HIGH_SNAT_UTILIZATION']);
  });

  it('should read a minute with one frontend missing as a gap, not as half the allocation', () => {
    const { node, codes } = judge({ used: [], frontends: [{ used: flat(300), allocated: flat(512) }, { used: [...flat(300, 14), null], allocated: [...flat(512, 14), null] }] });
    expect(node).toMatchObject({ used: 600, allocated: 1_024, allocationDrift: false, status: 'ok' });
    expect(codes).not.toContain('ALLOCATION_DRIFT');
  });

  it('should judge UDP against its own allocation and show the worst protocol', () => {
    const { node, evaluation } = judge({ used: flat(100), allocated: 1_024, udp: { used: flat(950), allocated: 1_024 } }, lbTopology());

    expect(node).toMatchObject({ status: 'critical', protocol: 'UDP', used: 950, allocated: 1_024 });
    expect(evaluation.findings.find((f) => f.code === 'HIGH_SNAT_UTILIZATION')!.message).toMatch(/^10\.0\.0\.4 uses 950 of 1,024 UDP SNAT ports \(92\.8%\)/);
    expect(evaluation.signals).toContainEqual({ condition: 'SNAT_UTILIZATION', node: '10.0.0.4', sustained: 'critical', current: 'critical', held: 'critical', unknown: false });
  });

  it('should never add TCP and UDP together', () => {
    const { node } = judge({ used: flat(600), allocated: 1_024, udp: { used: flat(600), allocated: 1_024 } }, lbTopology());
    expect(node).toMatchObject({ status: 'ok', used: 600, allocated: 1_024 });
  });

  it('should show a node awaiting removal with its figures, without signals, after the others and outside the target status', () => {
    const evaluation = evaluateTarget(
      lbTopology(),
      lbMetrics([backend('10.0.0.4', { used: flat(1_000), failed: [3], awaitingRemoval: true }), backend('10.0.0.5', { used: flat(200) })]),
      RULES,
      NOW,
    );

    expect(evaluation.nodes.map((n) => [n.node, n.status, n.kind === 'backend' && n.awaitingRemoval])).toEqual([
      ['10.0.0.5', 'ok', false],
      ['10.0.0.4', 'critical', true],
    ]);
    expect(evaluation.status).toBe('ok');
    expect(evaluation.counts).toEqual({ total: 2, critical: 0, warning: 0, unknown: 0, ok: 1, awaitingRemoval: 1 });
    expect(evaluation.signals.filter((signal) => signal.node === '10.0.0.4')).toEqual([]);
    expect(evaluation.findings.map((f) => f.code)).toEqual(['AWAITING_REMOVAL']);
  });
});
