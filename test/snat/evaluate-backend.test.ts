import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { BackendNodeEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from './evaluate-fixtures.js';

const flat = (value: number | null, count = 15) => Array.from({ length: count }, () => value);

function evaluateBackendValues(values: Parameters<typeof backend>[1]) {
  const evaluation = evaluateTarget(lbTopology(), lbMetrics([backend('10.0.0.4', values)]), RULES, NOW);
  return { evaluation, node: evaluation.nodes[0] as BackendNodeEvaluation };
}

describe('evaluateBackend', () => {
  it('should report the latest peak, the window peak, the trend and the time to exhaustion', () => {
    const { node, evaluation } = evaluateBackendValues({ used: [800, 810, 820, 830, 840, 850, 860, 870, 880, 890, 900, 910, 920, 930, 940] });
    expect(node).toMatchObject({ used: 940, peakUsed: 940, allocated: 1_024, status: 'critical' });
    expect(node.slopePerMinute).toBeCloseTo(10, 6);
    expect(node.minutesToExhaustion).toBeCloseTo(8.4, 6);
    const finding = evaluation.findings.find((candidate) => candidate.code === 'HIGH_SNAT_UTILIZATION');
    expect(finding).toMatchObject({ severity: 'critical', node: '10.0.0.4' });
    expect(finding!.message).toBe('10.0.0.4 uses 940 of 1,024 SNAT ports (91.8%), rising 10 ports/min: full in about 8 min.');
  });

  it.each([
    { name: 'many new connections per port held', newConnections: 600, used: 1_000, pooling: 'not-pooling', churn: 0.6 },
    { name: 'exactly at the churn threshold', newConnections: 500, used: 1_000, pooling: 'pooling', churn: 0.5 },
    { name: 'few new connections per port', newConnections: 50, used: 1_000, pooling: 'pooling', churn: 0.05 },
    { name: 'no connection counts', newConnections: null, used: 1_000, pooling: 'unknown', churn: null },
    { name: 'no ports held', newConnections: 10, used: 0, pooling: 'unknown', churn: null },
  ])('should judge pooling with $name: $pooling', ({ newConnections, used, pooling, churn }) => {
    const { node } = evaluateBackendValues({ used: flat(used), allocated: 4_000, newConnections: newConnections === null ? undefined : flat(newConnections) });
    expect(node.pooling).toBe(pooling);
    if (churn === null) expect(node.churn).toBeNull();
    else expect(node.churn).toBeCloseTo(churn, 6);
  });

  it('should tell on-call that a node at risk is not pooling and that more IPs only delay the failure', () => {
    const { evaluation } = evaluateBackendValues({ used: flat(950), newConnections: flat(3_000) });
    const finding = evaluation.findings.find((candidate) => candidate.code === 'NOT_POOLING');
    expect(finding).toMatchObject({ severity: 'critical', node: '10.0.0.4' });
    expect(finding!.message).toMatch(/opens 3\.2 new connections per minute for every port it holds.*more outbound IPs would only delay the same failure/);
  });

  it('should mark churn on a healthy node as information only', () => {
    const { evaluation } = evaluateBackendValues({ used: flat(100), newConnections: flat(300) });
    expect(evaluation.findings.find((candidate) => candidate.code === 'NOT_POOLING')).toMatchObject({ severity: 'info' });
    expect(evaluation.status).toBe('ok');
  });

  it('should count failed connections over the whole window and say the node fails now', () => {
    const { node, evaluation } = evaluateBackendValues({ used: flat(1_024), failed: [3, null, 4, Number.NaN, 5] });
    expect(node.failedConnections).toBe(12);
    expect(evaluation.findings[0]!.message).toMatch(/^10\.0\.0\.4 failed 12 SNAT connections in the last 15 min \(1,024 of 1,024 SNAT ports \(100%\)\): it has run out/);
    expect(evaluation.signals).toContainEqual({ condition: 'SNAT_EXHAUSTION', node: '10.0.0.4', sustained: 'critical', current: 'critical', held: 'critical', unknown: false });
  });

  it('should keep exhaustion critical when failures come with no usage data', () => {
    const { node, evaluation } = evaluateBackendValues({ used: [], failed: [2] });
    expect(node.status).toBe('critical');
    expect(evaluation.noData).toBeNull();
    expect(evaluation.signals).toContainEqual(expect.objectContaining({ condition: 'SNAT_UTILIZATION', unknown: true }));
  });

  it('should ignore points outside the queried window', () => {
    const outside = [{ at: '2024-05-01T09:00:00.000Z', value: 1_024 }, { at: '2024-05-01T10:14:00.000Z', value: 100 }];
    const { node } = evaluateBackendValues({ used: outside });
    expect(node).toMatchObject({ used: 100, peakUsed: 100, status: 'ok' });
  });
});
