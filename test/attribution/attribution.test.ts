// The ranking of a node's SYN sources: shares of the node total, host-network traffic as the node,
// top 3, and no guess where the workspace has no series.
import { describe, expect, it } from 'vitest';
import { rankAcnsAnswers, type AcnsAnswers } from '../../src/attribution/attribution.js';
import { podSentence } from '../../src/attribution/attribution-text.js';

const AT = new Date('2026-11-20T10:00:00Z');
const answers = (over: Partial<AcnsAnswers>): AcnsAnswers => ({ nodeName: 'aks-np-1-vmss000003', windowMinutes: 15, at: AT, nodeTotal: 1_000, namedTotal: 1_000, top: [], lookups: new Map(), ...over });

describe('rankAcnsAnswers', () => {
  it('should give each pod its share of the node\'s SYN packets, most first, with its lookups', () => {
    const ranked = rankAcnsAnswers(answers({
      top: [{ source: 'shop/cart', syn: 150 }, { source: 'shop/checkout-7f9c', syn: 610 }],
      lookups: new Map([['shop/checkout-7f9c', ['api.payments.example']]]),
    }));
    expect(ranked).toMatchObject({ source: 'acns-metrics', window: { minutes: 15, to: AT.toISOString() } });
    if ('unavailable' in ranked) throw new Error('unavailable');
    expect(ranked.pods.map((pod) => [pod.namespace, pod.pod, pod.share, pod.destinations])).toEqual([
      ['shop', 'checkout-7f9c', 0.61, ['api.payments.example']],
      ['shop', 'cart', 0.15, []],
    ]);
    expect(podSentence(ranked.pods[0]!, 15)).toBe("shop/checkout-7f9c opened 61% of the node's new TCP connections in 15 min (lookups: api.payments.example)");
    expect(ranked.caveats.join(' ')).toMatch(/retransmits inflate/);
  });

  it('should show host-network traffic (no source) as the node, ranked with the pods', () => {
    const ranked = rankAcnsAnswers(answers({ nodeTotal: 1_000, namedTotal: 300, top: [{ source: 'a/p1', syn: 200 }, { source: 'a/p2', syn: 100 }] }));
    if ('unavailable' in ranked) throw new Error('unavailable');
    expect(ranked.pods[0]).toEqual({ namespace: '', pod: 'aks-np-1-vmss000003', share: 0.7, newConnections: 700, destinations: [], hostNetwork: true });
    expect(podSentence(ranked.pods[0]!, 15)).toMatch(/^the node's host network \(hostNetwork pods, node processes\) opened 70%/);
  });

  it('should name at most 3', () => {
    const top = ['a', 'b', 'c'].map((pod, i) => ({ source: `ns/${pod}`, syn: 300 - i * 50 }));
    const ranked = rankAcnsAnswers(answers({ nodeTotal: 1_000, namedTotal: 700, top }));
    if ('unavailable' in ranked) throw new Error('unavailable');
    expect(ranked.pods.map((pod) => pod.pod)).toEqual(['aks-np-1-vmss000003', 'a', 'b']);
  });

  it.each([
    { name: 'no series at all', nodeTotal: null },
    { name: 'a zero total', nodeTotal: 0 },
  ])('should say acns-off, never guess, on $name', ({ nodeTotal }) => {
    expect(rankAcnsAnswers(answers({ nodeTotal, top: [{ source: 'a/b', syn: 5 }] }))).toMatchObject({ unavailable: 'acns-off' });
  });
});
