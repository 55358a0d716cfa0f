import { describe, expect, it } from 'vitest';
import { diagnosePooling, type PoolingInput } from '../../src/snat/pooling-diagnosis.js';

const input = (overrides: Partial<PoolingInput>): PoolingInput => ({
  used: 800,
  allocated: 1_024,
  newConnectionsPerMinute: 200,
  idleTimeoutMinutes: 30,
  level: 'warning',
  failedConnections: 0,
  ...overrides,
});

describe('diagnosePooling', () => {
  it.each([
    { name: '200 new/min on 800 ports, 4-min idle timeout (4-min holds)', over: { idleTimeoutMinutes: 4 }, verdict: 'connection-churn', reason: null },
    { name: '200 new/min on 800 ports, 30-min idle timeout', over: {}, verdict: 'connection-churn', reason: null },
    { name: 'a quiet node: 3 calls a minute on 2 ports', over: { used: 2, newConnectionsPerMinute: 3, level: null }, verdict: 'not-judged', reason: null },
    { name: 'a quiet node with one failed connection (judged, fits neither)', over: { used: 2, newConnectionsPerMinute: 3, level: null, failedConnections: 1 }, verdict: 'unknown', reason: 'between-patterns' },
    { name: '28 new/min held 30 min under a 30-min timeout', over: { used: 840, newConnectionsPerMinute: 28 }, verdict: 'idle-connections', reason: null },
    { name: 'the same holds with the timeout already at 4 min', over: { used: 840, newConnectionsPerMinute: 28, idleTimeoutMinutes: 4 }, verdict: 'unknown', reason: 'idle-timeout-at-minimum' },
    { name: 'holds of 11 min under a 30-min timeout', over: { used: 900, newConnectionsPerMinute: 80 }, verdict: 'unknown', reason: 'between-patterns' },
    { name: 'no connection counts', over: { newConnectionsPerMinute: null }, verdict: 'unknown', reason: 'no-connection-counts' },
    { name: 'no new connection at all', over: { newConnectionsPerMinute: 0 }, verdict: 'unknown', reason: 'no-new-connections' },
    { name: 'no allocation known', over: { allocated: null }, verdict: 'unknown', reason: 'no-allocation' },
  ])('should judge $name: $verdict', ({ over, verdict, reason }) => {
    const diagnosis = diagnosePooling(input(over as Partial<PoolingInput>));
    expect({ verdict: diagnosis.verdict, reason: diagnosis.reason }).toEqual({ verdict, reason });
    expect(diagnosis.summary === '').toBe(verdict === 'not-judged');
    expect(JSON.parse(JSON.stringify(diagnosis))).toEqual(diagnosis);
  });

  it('should give the numbers that justify the verdict, and what a 4-minute idle timeout would leave', () => {
    expect(diagnosePooling(input({ used: 840, newConnectionsPerMinute: 28 }))).toMatchObject({
      holdMinutes: 30,
      turnoverMinutes: 1_024 / 28,
      suggestedIdleTimeoutMinutes: 4,
      portsAfter: 112,
    });
    expect(diagnosePooling(input({})).summary).toBe(
      "opens 200 new connections a minute and holds each port about 4 min (800 ports in use ÷ 200/min): it opens its whole allocation of 1,024 ports' worth every 5.1 min, one connection per request",
    );
  });
});
