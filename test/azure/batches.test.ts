import { describe, expect, it } from 'vitest';
import { groupIntoBatches, type BatchTarget } from '../../src/azure/batches.js';

function target(n: number, overrides: Partial<BatchTarget> = {}): BatchTarget {
  return { id: `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb-${n}`, kind: 'loadBalancer', subscriptionId: 's1', location: 'eastus', ...overrides };
}

describe('groupIntoBatches', () => {
  it.each([
    { name: 'one target', count: 1, sizes: [1] },
    { name: 'exactly 50', count: 50, sizes: [50] },
    { name: '51 split evenly', count: 51, sizes: [26, 25] },
    { name: '101', count: 101, sizes: [34, 34, 33] },
    { name: '1,000', count: 1000, sizes: Array(20).fill(50) },
  ])('should use the fewest calls of at most 50 ($name)', ({ count, sizes }) => {
    const batches = groupIntoBatches(Array.from({ length: count }, (_, n) => target(n)));
    expect(batches.map((batch) => batch.targets.length)).toEqual(sizes);
    expect(batches.flatMap((batch) => batch.targets).map((t) => t.id)).toEqual(Array.from({ length: count }, (_, n) => target(n).id));
  });

  it('should never mix subscriptions, regions or resource types in a batch', () => {
    const targets = [
      target(1),
      target(2, { subscriptionId: 'S2' }),
      target(3, { location: 'West Europe' }),
      target(4, { kind: 'natGateway', id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/natGateways/nat-4' }),
      target(5, { location: 'EastUS' }),
      target(6, { subscriptionId: 's2' }),
    ];
    const batches = groupIntoBatches(targets);
    expect(batches.map((b) => [b.key, b.targets.map((t) => t.id.split('/').pop())])).toEqual([
      ['s1/eastus/loadBalancer/0', ['lb-1', 'lb-5']],
      ['s2/eastus/loadBalancer/0', ['lb-2', 'lb-6']],
      ['s1/westeurope/loadBalancer/0', ['lb-3']],
      ['s1/eastus/natGateway/0', ['nat-4']],
    ]);
  });

  it('should drop duplicate targets, whatever their casing', () => {
    const batches = groupIntoBatches([target(1), { ...target(1), id: target(1).id.toUpperCase() }]);
    expect(batches.flatMap((b) => b.targets)).toHaveLength(1);
  });

  it('should return no batch for no targets', () => {
    expect(groupIntoBatches([])).toEqual([]);
  });

  it.each([
    { name: 'zero', maxSize: 0 },
    { name: 'above the service limit', maxSize: 51 },
    { name: 'fractional', maxSize: 2.5 },
  ])('should reject a batch size that is $name', ({ maxSize }) => {
    expect(() => groupIntoBatches([target(1)], { maxSize })).toThrow(RangeError);
  });
});
