// The pods in an alert: five hot nodes with long node names, pods and lookups still list all five
// nodes within Slack's limits; the source and its caveats are said once; reasons collapse per reason.
import { describe, expect, it } from 'vitest';
import { rankAcnsAnswers, type NodeAttribution } from '../../src/attribution/attribution.js';
import { attachAttribution, nodesToAttribute } from '../../src/attribution/attach-attribution.js';
import { rankCadvisorAnswers } from '../../src/attribution/cadvisor-candidates.js';
import { buildAlertMessage } from '../../src/slack/alert-message.js';
import { NOW } from '../snat/evaluate-fixtures.js';
import { allText, expectWithinSlackLimits, loadBalancerCase, PORTAL, RECOMMENDATION } from './alert-message-fixtures.js';

const LONG_POD = 'payments-gateway-with-a-long-deployment-name-7f9c8d6b5c-x2x9q';
const LOOKUPS = ['api.payments.example.with.a.long.domain.name.com', 'auth.payments.example.with.a.long.domain.name.com', 'ledger.payments.example.with.a.long.domain.name.com'];

function named(nodeName: string): NodeAttribution {
  return rankAcnsAnswers({
    nodeName, windowMinutes: 15, at: NOW, nodeTotal: 1_000, namedTotal: 900,
    top: [{ source: `checkout-namespace/${LONG_POD}`, syn: 600 }, { source: 'shop/cart-5d8b', syn: 200 }, { source: 'shop/search-1', syn: 100 }],
    lookups: new Map([[`checkout-namespace/${LONG_POD}`, LOOKUPS]]),
  });
}

describe('buildAlertMessage (attribution)', () => {
  it('should list five hot nodes with their pods, then the source and caveats once, within Slack\'s limits', () => {
    const { evaluation, notification } = loadBalancerCase(12, (i) => (i < 6 ? 1_000 - i : 100), { failedEvery: 2 });
    const hot = nodesToAttribute(evaluation);
    const names = Object.fromEntries(hot.map((ip, i) => [ip, `aks-userpool-with-long-name-12345678-vmss00000${i}`]));
    const attributed = attachAttribution(evaluation, names, new Map(hot.map((ip) => [ip, named(names[ip]!)])));
    const message = buildAlertMessage({ notification, evaluation: attributed, recommendation: RECOMMENDATION, portalUrl: PORTAL });
    expectWithinSlackLimits(message);
    const text = allText(message);
    // Every node listed; a node whose pods no longer fit is listed without them, never dropped.
    for (const ip of hot.slice(0, 5)) expect(text).toContain(`*${ip} (${names[ip]})*`);
    expect(text.match(/↳ on aks-userpool-with-long-name/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`checkout-namespace/${LONG_POD} opened 60% of the node's new TCP connections in 15 min (lookups: ${LOOKUPS.join(', ')}); then shop/cart-5d8b 20%, the node's host network 10%`);
    expect(text.match(/Pods from ACNS metrics\. Caveats:/g)).toHaveLength(1);
  });

  it('should say once per reason why pods are not named, and nothing for the install\'s own choices', () => {
    const { evaluation, notification } = loadBalancerCase(6, (i) => (i < 4 ? 1_000 - i : 100));
    const hot = nodesToAttribute(evaluation);
    const reasons: NodeAttribution[] = [{ unavailable: 'forbidden' }, { unavailable: 'forbidden' }, { unavailable: 'no-workspace' }, { unavailable: 'timeout' }];
    const attributed = attachAttribution(evaluation, undefined, new Map(hot.map((ip, i) => [ip, reasons[i]!])));
    const text = allText(buildAlertMessage({ notification, evaluation: attributed, recommendation: null, portalUrl: PORTAL }));
    expect(text).toContain('Pods not named: the Azure Monitor workspace refused the identity (it needs Monitoring Data Reader there) (2 nodes).');
    expect(text).toContain('Pods not named: the Azure Monitor workspace did not answer in time (1 node).');
    expect(text).not.toContain('no Azure Monitor workspace configured');
    expect(text).not.toContain('opened');
  });

  it('should tell cAdvisor candidates apart from ACNS pods, each source with its own caveats', () => {
    const { evaluation, notification } = loadBalancerCase(6, (i) => (i < 2 ? 1_000 - i : 100), { failedEvery: 2 });
    const [acnsNode, candidateNode] = nodesToAttribute(evaluation);
    const candidates = rankCadvisorAnswers({ nodeName: 'aks-np-1-vmss000001', windowMinutes: 15, at: NOW, nodeTotal: 10_000, top: [{ namespace: 'shop', pod: 'feed-1', packets: 7_000 }, { namespace: 'shop', pod: 'img-2', packets: 2_000 }] })!;
    const attributed = attachAttribution(evaluation, undefined, new Map<string, NodeAttribution>([[acnsNode!, named('aks-np-1-vmss000000')], [candidateNode!, candidates]]));
    const text = allText(buildAlertMessage({ notification, evaluation: attributed, recommendation: null, portalUrl: PORTAL }));
    expect(text).toContain("shop/feed-1 sent 70% of the node's packets in 15 min; then shop/img-2 20%");
    expect(text).not.toContain('shop/feed-1 opened');
    expect(text).toContain('Pods from ACNS metrics. Caveats: SYN counts are packets');
    expect(text).toContain('Pods named are candidates (from cAdvisor packets, not proof). Caveats: Candidates, not proof');
  });
});
