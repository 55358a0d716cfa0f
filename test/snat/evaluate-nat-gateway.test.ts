import { describe, expect, it } from 'vitest';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { GatewayNodeEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, minutes, natMetrics, natTopology, steady } from './evaluate-fixtures.js';

function evaluateGateway(overrides: Parameters<typeof natMetrics>[0], publicIps = 2) {
  const evaluation = evaluateTarget(natTopology({ publicIps }), natMetrics(overrides), RULES, NOW);
  return { evaluation, node: evaluation.nodes[0] as GatewayNodeEvaluation, codes: evaluation.findings.map((finding) => finding.code) };
}

describe('evaluateNatGateway', () => {
  it('should call a quiet gateway ok with 64,512 ports per IP and its SKU’s 2M connection limit', () => {
    const { evaluation, node } = evaluateGateway({});
    expect(evaluation.status).toBe('ok');
    expect(node).toMatchObject({ ports: 129_024, allocated: 2_000_000, used: 20_000, failedConnections: 0, datapathAvailability: 100, attemptedConnections: 15_000 });
  });

  it('should call 70,000 connections on one IP without failures ok: ports are reused across destinations, never "full"', () => {
    const { evaluation, node } = evaluateGateway({ activeConnections: steady(70_000), failedConnections: steady(0) }, 1);
    expect(evaluation.status).toBe('ok');
    expect(node.minutesToExhaustion).toBeNull();
    expect(evaluation.signals.filter((signal) => !signal.unknown)).toEqual([]);
    const text = evaluation.findings.map((finding) => finding.message).join(' ');
    expect(text).not.toMatch(/full/i);
    expect(evaluation.findings).toEqual([expect.objectContaining({ code: 'CONNECTION_CAPACITY', severity: 'info' })]);
    expect(text).toMatch(/70,000 active connections.*more than its 64,512 SNAT ports.*normal/);
  });

  it('should call a gateway with failed connections critical and say its metrics cannot name the node', () => {
    const { evaluation } = evaluateGateway({ activeConnections: steady(30_000), failedConnections: minutes([0, 0, 40]) }, 1);
    expect(evaluation.status).toBe('critical');
    expect(evaluation.findings[0]).toMatchObject({ code: 'SNAT_EXHAUSTION', severity: 'critical' });
    expect(evaluation.findings[0]!.message).toMatch(/no per-node dimension/);
  });

  it('should judge connections against the StandardV2 SKU’s limits as read from ARM', () => {
    const evaluation = evaluateTarget(natTopology({ sku: 'StandardV2', publicIps: 16, publicIpsV6: 16 }), natMetrics({ activeConnections: steady(1_900_000) }), RULES, NOW);
    const node = evaluation.nodes[0] as GatewayNodeEvaluation;
    expect(node).toMatchObject({ sku: 'StandardV2', allocated: 2_000_000, ports: 16 * 64_512, utilization: 0.95, status: 'warning' });
    expect(evaluation.findings[0]!.message).toMatch(/95% of the 2,000,000 a StandardV2 NAT gateway supports/);
  });

  it.each([
    { name: 'failed connections', overrides: { failedConnections: minutes([0, 7]) }, status: 'critical', code: 'SNAT_EXHAUSTION' },
    { name: 'connections above the ports of 2 IPs', overrides: { activeConnections: steady(200_000) }, status: 'ok', code: 'CONNECTION_CAPACITY' },
    { name: 'connections at 80 % of the SKU limit', overrides: { activeConnections: steady(1_600_000) }, status: 'warning', code: 'CONNECTION_CAPACITY' },
    { name: 'connections at 99 % of the SKU limit (a capacity warning, never critical)', overrides: { activeConnections: steady(1_980_000) }, status: 'warning', code: 'CONNECTION_CAPACITY' },
    { name: 'datapath availability below 90 %', overrides: { datapathAvailability: steady(85) }, status: 'warning', code: 'DATAPATH_DEGRADED' },
    { name: 'datapath availability of exactly 90 %', overrides: { datapathAvailability: steady(90) }, status: 'ok', code: null },
    { name: 'dropped packets', overrides: { droppedPackets: minutes([0, 12]) }, status: 'ok', code: 'PACKETS_DROPPED' },
  ])('should judge $name as $status', ({ overrides, status, code }) => {
    const { evaluation, codes } = evaluateGateway(overrides);
    expect(evaluation.status).toBe(status);
    if (code) expect(codes).toContain(code);
    else expect(codes).toEqual([]);
  });

  it.each([
    { name: 'empty timeseries everywhere', overrides: { attemptedConnections: [], activeConnections: [], datapathAvailability: [] } },
    { name: 'only null and NaN', overrides: { attemptedConnections: steady(null), activeConnections: steady(Number.NaN), datapathAvailability: steady(null) } },
    { name: 'only stale points', overrides: { attemptedConnections: minutes([5], 9), activeConnections: minutes([5], 9), datapathAvailability: minutes([100], 9) } },
  ])('should call a gateway with $name unknown, never ok', ({ overrides }) => {
    const { evaluation } = evaluateGateway(overrides);
    expect(evaluation).toMatchObject({ status: 'unknown', noData: 'no-metrics' });
    expect(evaluation.signals.every((signal) => signal.unknown)).toBe(true);
  });

  it('should raise the datapath signal and explain it in words', () => {
    const { evaluation } = evaluateGateway({ datapathAvailability: steady(72.5) });
    expect(evaluation.signals).toContainEqual({ condition: 'DATAPATH_DEGRADED', node: '*', sustained: 'warning', current: 'warning', held: 'warning', unknown: false });
    expect(evaluation.findings[0]!.message).toMatch(/averaged 72\.5% over the last 15 min \(below 90%\)/);
  });

  it('should raise connection capacity only after the for duration, and only to warning', () => {
    const rising = minutes([20_000, 20_000, 20_000, 1_950_000, 1_950_000, 1_950_000]);
    const { evaluation } = evaluateGateway({ activeConnections: rising });
    expect(evaluation.signals.find((signal) => signal.condition === 'SNAT_UTILIZATION')).toMatchObject({ sustained: null, current: 'warning' });
  });
});
