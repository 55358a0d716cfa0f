import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { BackendNodeEvaluation } from '../../src/snat/evaluation.js';
import { LB_ID, NOW, RULES, backend, lbMetrics, lbTopology, minutes, natMetrics, natTopology, steady } from './evaluate-fixtures.js';

const flat = (value: number | null) => Array.from({ length: 15 }, () => value);

function evaluateOne(values: Parameters<typeof backend>[1], topology = lbTopology()) {
  return evaluateTarget(topology, lbMetrics([backend('10.0.0.4', values)]), RULES, NOW);
}

describe('evaluateTarget', () => {
  it('should never forecast a day-away exhaustion for a node at 7 %: ok, no forecast, no finding', () => {
    const evaluation = evaluateOne({ used: Array.from({ length: 15 }, (_, minute) => 60 + minute) });
    expect(evaluation.nodes[0]).toMatchObject({ status: 'ok', minutesToExhaustion: null, forecast: 'beyond-horizon' });
    expect(evaluation.findings).toEqual([]);
  });

  it('should forecast from a step in the last minutes and say it jumped', () => {
    const evaluation = evaluateOne({ used: [...Array(13).fill(300), 800, 820] });
    expect(evaluation.nodes[0]).toMatchObject({ status: 'warning', forecast: 'step' });
    expect(evaluation.findings[0]!.message).toMatch(/jumped 260 ports\/min: full in about under a minute/);
  });

  it.each([
    { name: 'just below warning', used: 767, status: 'ok' },
    { name: 'exactly at warning (768/1024 = 75%)', used: 768, status: 'warning' },
    { name: 'just below critical', used: 921, status: 'warning' },
    { name: 'just above critical', used: 922, status: 'critical' },
    { name: 'full', used: 1_024, status: 'critical' },
    { name: 'idle', used: 0, status: 'ok' },
  ])('should judge a node $name as $status', ({ used, status }) => {
    const evaluation = evaluateOne({ used: flat(used) });
    expect(evaluation.nodes[0]).toMatchObject({ node: '10.0.0.4', status, used, allocated: 1_024 });
    expect(evaluation.status).toBe(status);
  });

  it.each([
    { name: 'one failed connection at low use', used: 100, failed: [0, 0, 1], status: 'critical' },
    { name: 'failures long ago in the window', used: 100, failed: [5, ...flat(0).slice(1)], status: 'critical' },
    { name: 'zero failures', used: 100, failed: flat(0), status: 'ok' },
  ])('should treat $name as exhaustion: $status', ({ used, failed, status }) => {
    const evaluation = evaluateOne({ used: flat(used), failed });
    expect(evaluation.nodes[0]!.status).toBe(status);
    expect(evaluation.findings.some((finding) => finding.code === 'SNAT_EXHAUSTION')).toBe(status === 'critical');
  });

  it.each([
    { name: 'an empty used series', values: { used: [] as number[] } },
    { name: 'only null points', values: { used: flat(null) } },
    { name: 'NaN points', values: { used: flat(Number.NaN) } },
    { name: 'infinite points', values: { used: flat(Number.POSITIVE_INFINITY) } },
    { name: 'data older than the stale limit', values: { used: minutes([900, 900, 900], 8) } },
    { name: 'no allocation from Azure or the model', values: { used: flat(500), allocated: flat(null) } },
  ])('should call a node with $name unknown, never ok', ({ values }) => {
    const topology = values.allocated ? lbTopology({ backendPoolSize: 5_000 }) : lbTopology();
    const evaluation = evaluateOne(values, topology);
    expect(evaluation.nodes[0]!.status).toBe('unknown');
    expect(evaluation.status).toBe('unknown');
    expect(evaluation.signals).toContainEqual(expect.objectContaining({ condition: 'SNAT_UTILIZATION', node: '10.0.0.4', unknown: true }));
  });

  it.each([
    { name: 'metrics with no backends while the pool has nodes', pool: 3, ips: [] as string[], noData: 'no-metrics' },
    { name: 'backends listed by ARM without any series', pool: 2, ips: ['10.0.0.4', '10.0.0.5'], noData: 'no-metrics' },
    { name: 'an empty pool', pool: 0, ips: [] as string[], noData: 'no-backends' },
  ])('should call a target with $name unknown ($noData)', ({ pool, ips, noData }) => {
    const evaluation = evaluateTarget(lbTopology({ backendPoolSize: pool, backendIps: ips }), lbMetrics([]), RULES, NOW);
    expect(evaluation).toMatchObject({ status: 'unknown', noData });
    expect(evaluation.nodes).toHaveLength(ips.length);
    expect(evaluation.findings.map((finding) => finding.code)).toContain('NO_DATA');
  });

  it.each([
    { name: 'ok and unknown', other: flat(100), status: 'unknown' },
    { name: 'warning and unknown', other: flat(800), status: 'warning' },
  ])('should not call a target with $name nodes ok', ({ other, status }) => {
    const topology = lbTopology({ backendIps: ['10.0.0.4', '10.0.0.9'] });
    const evaluation = evaluateTarget(topology, lbMetrics([backend('10.0.0.4', { used: other })]), RULES, NOW);
    expect(evaluation.status).toBe(status);
    expect(evaluation.noData).toBeNull();
    expect(evaluation.nodes.find((node) => node.node === '10.0.0.9')!.status).toBe('unknown');
    expect(evaluation.findings.find((finding) => finding.code === 'NO_DATA')!.message).toContain('10.0.0.9');
  });

  it('should sort nodes worst first: failures, critical, warning, unknown, ok', () => {
    const topology = lbTopology({ backendPoolSize: 6, backendIps: ['10.0.0.10'] });
    const evaluation = evaluateTarget(
      topology,
      lbMetrics([
        backend('10.0.0.1', { used: flat(100) }),
        backend('10.0.0.2', { used: flat(800) }),
        backend('10.0.0.3', { used: flat(950) }),
        backend('10.0.0.4', { used: flat(300), failed: [0, 2] }),
        backend('10.0.0.5', { used: flat(1_000) }),
      ]),
      RULES,
      NOW,
    );
    expect(evaluation.nodes.map((node) => [node.node, node.status])).toEqual([
      ['10.0.0.4', 'critical'],
      ['10.0.0.5', 'critical'],
      ['10.0.0.3', 'critical'],
      ['10.0.0.2', 'warning'],
      ['10.0.0.10', 'unknown'],
      ['10.0.0.1', 'ok'],
    ]);
    expect(evaluation.counts).toEqual({ total: 6, critical: 3, warning: 1, unknown: 1, ok: 1 });
    expect(evaluation.findings[0]!.severity).toBe('critical');
  });

  it('should produce plain JSON even from NaN and missing input', () => {
    const evaluation = evaluateTarget(
      lbTopology({ backendIps: ['10.0.0.7'] }),
      lbMetrics([backend('10.0.0.4', { used: [Number.NaN, 900, null, 950], newConnections: [Number.NaN] })]),
      RULES,
      NOW,
    );
    expect(JSON.parse(JSON.stringify(evaluation))).toEqual(evaluation);
  });

  it('should judge utilization against the allocation Azure reports, falling back to the model', () => {
    const reported = evaluateOne({ used: flat(600), allocated: 800 });
    expect(reported.nodes[0]).toMatchObject({ allocated: 800, reportedAllocated: 800, modelAllocated: 1_024, utilization: 0.75, status: 'warning' });
    const modelOnly = evaluateOne({ used: flat(600), allocated: flat(null) });
    expect(modelOnly.nodes[0]).toMatchObject({ allocated: 1_024, reportedAllocated: null, status: 'ok' });
  });

  it('should judge a NAT gateway as one node with its pool, by failures rather than connections', () => {
    const evaluation = evaluateTarget(natTopology(), natMetrics({ activeConnections: steady(110_000) }), RULES, NOW);
    expect(evaluation.nodes).toEqual([expect.objectContaining({ kind: 'gateway', node: '*', ports: 129_024, allocated: 2_000_000, status: 'ok' })]);
  });

  it.each([
    { name: 'metrics of another kind', metrics: natMetrics({ targetId: LB_ID }), error: TypeError },
    { name: 'metrics of another target', metrics: { ...lbMetrics([]), targetId: `${LB_ID}-other` }, error: TypeError },
    { name: 'an unreadable window', metrics: { ...lbMetrics([]), from: 'yesterday' }, error: TypeError },
  ])('should refuse $name with a clear error', ({ metrics, error }) => {
    expect(() => evaluateTarget(lbTopology(), metrics, RULES, NOW)).toThrow(error);
  });

  it.each([
    { name: 'warning above critical', rules: { ...RULES, warningThreshold: 0.95 }, field: 'warningThreshold' },
    { name: 'a threshold above 1', rules: { ...RULES, criticalThreshold: 1.5 }, field: 'criticalThreshold' },
    { name: 'a fractional for duration', rules: { ...RULES, forMinutes: 2.5 }, field: 'forMinutes' },
    { name: 'a negative hysteresis', rules: { ...RULES, clearHysteresis: -0.1 }, field: 'clearHysteresis' },
  ])('should refuse rules with $name, naming the field', ({ rules, field }) => {
    expect(() => evaluateTarget(lbTopology(), lbMetrics([]), rules, NOW)).toThrow(new RegExp(field));
  });

  it('should refuse an invalid now', () => {
    expect(() => evaluateTarget(lbTopology(), lbMetrics([]), RULES, new Date('nope'))).toThrow(RangeError);
  });

  it('should merge a backend reported twice and one listed by ARM into one node', () => {
    const topology = lbTopology({ backendIps: ['10.0.0.4'] });
    const evaluation = evaluateTarget(
      topology,
      lbMetrics([backend('10.0.0.4', { used: flat(100) }), backend(' 10.0.0.4 ', { used: flat(900) })]),
      RULES,
      NOW,
    );
    expect(evaluation.nodes).toHaveLength(1);
    expect((evaluation.nodes[0] as BackendNodeEvaluation).peakUsed).toBe(900);
  });
});
