import { describe, expect, it } from 'vitest';
import { routeForTarget, type RouteSubject } from '../../src/routing/route-for-target.js';
import type { Routing } from '../../src/routing/routing.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const aksLb: RouteSubject = {
  id: `/subscriptions/${SUB}/resourceGroups/MC_rg-shop_aks-shop-prod_eastus/providers/Microsoft.Network/loadBalancers/kubernetes`,
  name: 'kubernetes',
  subscriptionId: SUB,
  resourceGroup: 'MC_rg-shop_aks-shop-prod_eastus',
};
const app = (rules: Routing['rules'] = []): Routing => ({ mode: 'app', rules, webhookSettings: [] });
const webhook = (rules: Routing['rules'] = [], webhookSettings = ['SLACK_WEBHOOK_URL_SHOP']): Routing => ({ mode: 'webhook', rules, webhookSettings });

describe('routeForTarget', () => {
  it.each([
    { name: 'the load balancer’s own tag first', subject: { ...aksLb, tags: { 'snat-watch-channel': 'C0TEAMLB01' }, clusterTags: { 'snat-watch-channel': 'C0CLUSTER01' } }, route: 'C0TEAMLB01', source: 'target-tag' },
    { name: 'the cluster’s tag when the LB has none', subject: { ...aksLb, clusterTags: { 'snat-watch-channel': 'C0CLUSTER01' } }, route: 'C0CLUSTER01', source: 'cluster-tag' },
    { name: 'a tag whose name differs in case (Azure tag names are case-insensitive)', subject: { ...aksLb, tags: { 'SNAT-Watch-Channel': 'C0123ABCDEF' } }, route: 'C0123ABCDEF', source: 'target-tag' },
    { name: 'the default without tags or rules', subject: aksLb, route: null, source: 'default' },
  ])('should route by $name', ({ subject, route, source }) => {
    expect(routeForTarget(subject, app())).toMatchObject({ route, source, ignored: [] });
  });

  it('should take the first matching rule, matching globs without case', () => {
    const rules = [
      { match: { name: 'edge-*' }, route: 'team-edge' },
      { match: { resourceGroup: 'mc_RG-SHOP_*', name: 'kuber?etes' }, route: 'team-shop' },
      { match: { subscription: SUB }, route: 'team-platform' },
    ];
    expect(routeForTarget(aksLb, app(rules))).toMatchObject({ route: 'team-shop', source: 'rule', rule: 1 });
    expect(routeForTarget({ ...aksLb, name: 'kubernetes-internal' }, app(rules))).toMatchObject({ route: 'team-platform', rule: 2 });
    expect(routeForTarget({ ...aksLb, subscriptionId: 'other' , name: 'x' }, app(rules))).toMatchObject({ route: null, source: 'default' });
  });

  it('should prefer a tag over any rule', () => {
    expect(routeForTarget({ ...aksLb, clusterTags: { 'snat-watch-channel': 'C0CLUSTER01' } }, app([{ match: { name: '*' }, route: 'team-rule' }]))).toMatchObject({ route: 'C0CLUSTER01' });
  });

  it('should route a webhook-mode tag to the webhook setting it names, spelled as configured', () => {
    expect(routeForTarget({ ...aksLb, tags: { 'snat-watch-channel': 'slack_webhook_url_shop' } }, webhook())).toMatchObject({ route: 'SLACK_WEBHOOK_URL_SHOP', source: 'target-tag' });
  });

  it.each([
    { name: 'a webhook setting that is not configured', routing: webhook([{ match: { name: 'kubernetes' }, route: 'SLACK_WEBHOOK_URL_SHOP' }]), value: 'SLACK_WEBHOOK_URL_NOPE', reason: 'unknown-webhook-setting', route: 'SLACK_WEBHOOK_URL_SHOP', source: 'rule' },
    { name: 'a value that is no channel', routing: app(), value: 'Team Shop!', reason: 'not-a-channel', route: null, source: 'default' },
  ])('should pass over $name, say why, and route as without the tag', ({ routing, value, reason, route, source }) => {
    expect(routeForTarget({ ...aksLb, tags: { 'snat-watch-channel': value } }, routing)).toEqual(expect.objectContaining({ route, source, ignored: [{ on: 'target', value, reason }] }));
  });
});
