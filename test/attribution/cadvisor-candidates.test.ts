// The ranking of cAdvisor's transmitted packets without ACNS: candidates with their share of the
// node's packets, hostNetwork pods (the node's whole traffic) left out, and no guess without series.
import { describe, expect, it } from 'vitest';
import { podSentence, workloadToFix } from '../../src/attribution/attribution-text.js';
import { rankCadvisorAnswers, type CadvisorAnswers } from '../../src/attribution/cadvisor-candidates.js';

const AT = new Date('2026-11-20T10:00:00Z');
const answers = (over: Partial<CadvisorAnswers>): CadvisorAnswers => ({ nodeName: 'aks-np-1-vmss000003', windowMinutes: 15, at: AT, nodeTotal: 10_000, top: [], ...over });

describe('rankCadvisorAnswers', () => {
  it('should name the top pods by packets sent as partial candidates, with the caveats', () => {
    const ranked = rankCadvisorAnswers(answers({ top: [{ namespace: 'shop', pod: 'cart', packets: 1_500 }, { namespace: 'shop', pod: 'checkout', packets: 6_000 }] }))!;
    expect(ranked).toMatchObject({ source: 'cadvisor-candidates', partial: true, window: { minutes: 15, to: AT.toISOString() } });
    expect(ranked.pods).toEqual([
      { namespace: 'shop', pod: 'checkout', share: 0.6, packetsSent: 6_000 },
      { namespace: 'shop', pod: 'cart', share: 0.15, packetsSent: 1_500 },
    ]);
    expect(ranked.caveats.join(' ')).toMatch(/^Candidates, not proof.*Packets sent, not connections opened.*hostNetwork pods report the node's whole traffic/);
    expect(podSentence(ranked.pods[0]!, 15)).toBe("shop/checkout sent 60% of the node's packets in 15 min");
    expect(workloadToFix(ranked)).toBeNull();
  });

  it.each([
    { name: 'equal to the node total', packets: 10_000 },
    { name: 'above it (a later scrape)', packets: 10_050 },
    { name: 'within 1% below it', packets: 9_950 },
  ])('should leave out a pod whose packets are $name: it is on the host network', ({ packets }) => {
    const ranked = rankCadvisorAnswers(answers({ top: [{ namespace: 'kube-system', pod: 'kube-proxy-x', packets }, { namespace: 'shop', pod: 'checkout', packets: 6_000 }] }))!;
    expect(ranked.pods.map((pod) => pod.pod)).toEqual(['checkout']);
  });

  it.each([
    { name: 'no series for the node', nodeTotal: null },
    { name: 'a node that sent nothing', nodeTotal: 0 },
  ])('should give nothing on $name, so the node stays acns-off', ({ nodeTotal }) => {
    expect(rankCadvisorAnswers(answers({ nodeTotal, top: [{ namespace: 'a', pod: 'b', packets: 5 }] }))).toBeNull();
  });
});
