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

  it('should call 200 new connections a minute on 800 ports (4-minute holds) churn, not pooling, even with a short idle timeout', () => {
    const topology = lbTopology({ outboundRule: { name: 'outbound', allocatedOutboundPorts: 0, idleTimeoutMinutes: 4, enableTcpReset: true } });
    const evaluation = evaluateTarget(topology, lbMetrics([backend('10.0.0.4', { used: flat(800), newConnections: flat(200) })]), RULES, NOW);
    const node = evaluation.nodes[0] as BackendNodeEvaluation;
    expect(node.pooling).toMatchObject({ verdict: 'connection-churn', holdMinutes: 4, turnoverMinutes: 5.12 });
    const finding = evaluation.findings.find((candidate) => candidate.code === 'NOT_POOLING');
    expect(finding).toMatchObject({ severity: 'warning', node: '10.0.0.4' });
    expect(finding!.message).toBe(
      "10.0.0.4 opens 200 new connections a minute and holds each port about 4 min (800 ports in use ÷ 200/min): it opens its whole allocation of 1,024 ports' worth every 5.1 min, one connection per request: " +
        'the workload is not pooling connections. Reuse connections (keep-alive, one shared HTTP client); more outbound IPs would only delay the same failure.',
    );
  });

  it('should never judge a quiet node: 3 calls a minute on 2 ports', () => {
    const { node, evaluation } = evaluateBackendValues({ used: flat(2), newConnections: flat(3) });
    expect(node.pooling).toMatchObject({ verdict: 'not-judged', summary: '' });
    expect(evaluation.findings.map((finding) => finding.code)).not.toContain('NOT_POOLING');
    expect(evaluation.status).toBe('ok');
  });

  it('should say idle connections pin the ports when they are held close to the idle timeout at a low rate', () => {
    const { node, evaluation } = evaluateBackendValues({ used: flat(840), newConnections: flat(30) });
    expect(node.pooling).toMatchObject({ verdict: 'idle-connections', holdMinutes: 28, idleTimeoutMinutes: 30, suggestedIdleTimeoutMinutes: 4, portsAfter: 120 });
    const finding = evaluation.findings.find((candidate) => candidate.code === 'IDLE_CONNECTIONS');
    expect(finding).toMatchObject({ severity: 'warning', node: '10.0.0.4' });
    expect(finding!.message).toMatch(/holds each port about 28 min \(840 ports in use ÷ 30 new connections a minute\), close to the 30-min idle timeout.*hold at most about 120 ports, not 840\. Lower the idle timeout to 4 min with TCP reset on/);
    expect(evaluation.findings.map((candidate) => candidate.code)).not.toContain('NOT_POOLING');
  });

  it.each([
    { name: 'no connection counts', newConnections: undefined, failed: undefined, verdict: 'unknown', reason: 'no-connection-counts' },
    { name: 'holds between the two patterns', newConnections: flat(80), failed: undefined, verdict: 'unknown', reason: 'between-patterns' },
    { name: 'only failed connections (no port changed hands)', newConnections: flat(20), failed: flat(20), verdict: 'unknown', reason: 'no-new-connections' },
  ])('should say what the numbers are when the diagnosis is unknown: $name', ({ newConnections, failed, verdict, reason }) => {
    const { node } = evaluateBackendValues({ used: flat(900), newConnections, failed });
    expect(node.pooling).toMatchObject({ verdict, reason });
    expect(node.pooling.summary).not.toBe('');
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
