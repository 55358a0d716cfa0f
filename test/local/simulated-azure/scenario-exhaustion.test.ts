import { describe, expect, it } from 'vitest';
import { groupIntoBatches } from '../../../src/azure/batches.js';
import { readBatchMetrics } from '../../../src/azure/metrics.js';
import { readTopology } from '../../../src/azure/topology.js';
import { manualClock, scaledClock } from '../../../src/local/simulated-azure/clock.js';
import { createExhaustionScenario } from '../../../src/local/simulated-azure/scenario-exhaustion.js';
import type { LoadBalancerMetrics, LoadBalancerTopology } from '../../../src/snat/model.js';
import { protocolTotals } from '../../../src/snat/protocol-totals.js';
import { azureClientsFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const START = new Date('2026-03-02T08:00:00Z');
const minutesAfterStart = (m: number) => new Date(START.getTime() + m * 60_000);

/** What the watch run would see at minute `m` over the last 5 minutes, through the real adapters. */
async function observe(m: number) {
  const clock = manualClock(minutesAfterStart(m));
  const scenario = createExhaustionScenario({ start: START, clock });
  const azure = await useSimulatedAzure(scenario.world);
  const clients = azureClientsFor(azure);
  const [topology] = await readTopology([scenario.targetId], { clients, defaultSurge: '10%' });
  const lb = (topology!.ok ? topology!.value : undefined) as LoadBalancerTopology;
  const [batch] = groupIntoBatches([lb]);
  const [read] = await readBatchMetrics(batch!, { from: minutesAfterStart(m - 5), to: clock.now() }, { clients });
  const metrics = (read!.ok ? read!.value : undefined) as LoadBalancerMetrics;
  const series = (b: LoadBalancerMetrics['backends'][number], pick: 'used' | 'failedConnections') => (pick === 'used' ? protocolTotals(b)[0]!.used : b.failedConnections);
  const peak = (ips: (ip: string) => boolean, pick: 'used' | 'failedConnections') =>
    Math.max(...metrics.backends.filter((b) => ips(b.backendIp)).flatMap((b) => series(b, pick).map((p) => p.value ?? 0)));
  const hot = (ip: string) => scenario.hotNodeIps.includes(ip);
  return {
    scenario,
    lb,
    metrics,
    hotUse: peak(hot, 'used') / 1024,
    hotFailed: peak(hot, 'failedConnections'),
    calmUse: peak((ip) => !hot(ip), 'used') / 1024,
    calmFailed: peak((ip) => !hot(ip), 'failedConnections'),
  };
}

describe('createExhaustionScenario', () => {
  it('should stage a 48-node AKS cluster on one outbound IP with default allocation', async () => {
    const { lb, metrics } = await observe(5);
    expect(lb).toMatchObject({ name: 'kubernetes', frontendIps: 1, backendPoolSize: 48, outboundRule: { allocatedOutboundPorts: 0 } });
    expect(lb.aks).toMatchObject({ maxNodes: 63, managedOutboundIps: 1, allocatedOutboundPorts: 0 });
    expect(metrics.backends).toHaveLength(48);
    expect(metrics.backends.every((b) => protocolTotals(b)[0]!.allocated.every((p) => p.value === 1024))).toBe(true);
  });

  it.each([
    { name: 'calm', minute: 9, phase: 'calm', hot: [0, 0.1], failed: 0 },
    { name: 'late ramp: past the 75% warning, below 90%', minute: 23, phase: 'ramp', hot: [0.75, 0.9], failed: 0 },
    { name: 'exhausted: at the allocation, connections failing', minute: 30, phase: 'exhausted', hot: [1, 1], failed: 1 },
    { name: 'recovered', minute: 44, phase: 'recovery', hot: [0, 0.1], failed: 0 },
  ])('should read as $name at minute $minute', async ({ minute, phase, hot, failed }) => {
    const seen = await observe(minute);
    expect(seen.hotUse).toBeGreaterThanOrEqual(hot[0]!);
    expect(seen.hotUse).toBeLessThanOrEqual(hot[1]!);
    if (failed) expect(seen.hotFailed).toBeGreaterThanOrEqual(failed);
    else expect(seen.hotFailed).toBe(0);
    expect(seen.calmUse).toBeLessThan(0.1);
    expect(seen.calmFailed).toBe(0);
    expect(seen.scenario.phaseAt(minutesAfterStart(minute)).name).toBe(phase);
  });

  it('should run its clock `speed` times faster than real time', () => {
    let real = 0;
    const clock = scaledClock(START, 30, () => real);
    const scenario = createExhaustionScenario({ start: START, clock });
    real = 60_000; // one real minute
    expect(scenario.clock.now().toISOString()).toBe(minutesAfterStart(30).toISOString());
    expect(scenario.phaseAt(scenario.clock.now()).name).toBe('exhausted');
  });

  it('should honour custom phase lengths', () => {
    const scenario = createExhaustionScenario({ start: START, clock: manualClock(START), phaseMinutes: { calm: 2, ramp: 3 } });
    expect(scenario.phases.map((p) => [p.name, p.startMinute])).toEqual([['calm', 0], ['ramp', 2], ['exhausted', 5], ['recovery', 15], ['after', 25]]);
  });
});
