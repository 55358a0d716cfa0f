import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitOverFrontends } from '../../src/local/simulated-azure/metrics-spread.js';
import { evaluateTarget } from '../../src/snat/evaluate-target.js';
import type { BackendNodeEvaluation } from '../../src/snat/evaluation.js';
import { NOW, RULES, backend, lbMetrics, lbTopology } from './evaluate-fixtures.js';

const runs = { numRuns: 300 };

/** A total cut into `parts` non-negative integers in any proportions. */
const split = (parts: number) =>
  fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: parts, maxLength: parts })).map(([total, weights]) => {
    const sum = weights.reduce((a, b) => a + b, 0) || 1;
    const cut = weights.map((weight) => Math.floor((total * weight) / sum));
    cut[0]! += total - cut.reduce((a, b) => a + b, 0);
    return { total, cut };
  });

describe('a node’s totals (properties)', () => {
  it('should equal the sum over its frontend IPs, whatever the split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(split(n), split(n))), ([used, allocated]) => {
        fc.pre(allocated.total > 0);
        const frontends = used.cut.map((part, i) => ({ used: [part, part], allocated: [allocated.cut[i]!, allocated.cut[i]!] }));
        const evaluation = evaluateTarget(lbTopology({ frontendIps: frontends.length }), lbMetrics([backend('10.0.0.4', { used: [], frontends })]), RULES, NOW);
        const node = evaluation.nodes[0] as BackendNodeEvaluation;
        expect(node.used).toBe(used.total);
        expect(node.reportedAllocated).toBe(allocated.total);
        expect(node.utilization).toBeCloseTo(used.total / allocated.total, 9);
      }),
      runs,
    );
  });

  it('should be kept by the simulated Azure’s split over frontend IPs, whatever the totals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 64_000 }), fc.nat(500), fc.nat(50), (count, used, allocated, newConnections, failed) => {
        const parts = splitOverFrontends({ used, allocated, newConnections, failed, frontends: undefined }, count);
        const total = (key: keyof (typeof parts)[number]) => parts.reduce((sum, part) => sum + (part[key] ?? 0), 0);
        expect(parts).toHaveLength(count);
        expect([total('used'), total('allocated'), total('newConnections'), total('failed')]).toEqual([used, allocated, newConnections, failed]);
        expect(parts.every((part) => (part.used ?? 0) >= 0 && (part.allocated ?? 0) >= 0)).toBe(true);
      }),
      runs,
    );
  });
});
