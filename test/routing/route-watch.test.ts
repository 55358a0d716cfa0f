// Routing through the whole watch: tags on the simulated Azure's load balancers and clusters, rules in
// SNAT_ROUTES, the default. Slack refuses every message (404 channel_not_found), so each alert's payload stays in the
// outbox with the route the watch gave it.
import { afterEach, describe, expect, it } from 'vitest';
import { addAksCluster, addLoadBalancer, type NodeMetricsFactory } from '../../src/local/simulated-azure/world-builders.js';
import type { NotificationPayload } from '../../src/slack/notification-payload.js';
import { answers } from '../support/slack-receiver.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6c';
const hot: NodeMetricsFactory = (node) => () => (node.index === 0 ? { used: 1_020, newConnections: 90, failed: 12 } : { used: 100, newConnections: 10, failed: 0 });

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('runWatch routing', () => {
  it('should route each target by its own tag, its cluster’s tag, the first matching rule, else the default', async () => {
    const ids: Record<string, string> = {};
    harness = await startWatchHarness((world) => {
      const placed = { subscriptionId: SUBSCRIPTION, nodes: 3, metrics: hot };
      ids.clusterTagged = addAksCluster(world, { ...placed, resourceGroup: 'rg-shop', name: 'aks-shop-prod', tags: { 'snat-watch-channel': 'SLACK_WEBHOOK_URL_SHOP' } }).loadBalancer.id;
      ids.lbTagged = addAksCluster(world, {
        ...placed, resourceGroup: 'rg-pay', name: 'aks-pay', tags: { 'snat-watch-channel': 'SLACK_WEBHOOK_URL_SHOP' }, loadBalancerTags: { 'Snat-Watch-Channel': 'SLACK_WEBHOOK_URL_PAY' },
      }).loadBalancer.id;
      ids.ruled = addLoadBalancer(world, { ...placed, resourceGroup: 'rg-edge', name: 'edge-lb-1' }).id;
      ids.badTag = addLoadBalancer(world, { ...placed, resourceGroup: 'rg-misc', name: 'misc-lb', tags: { 'snat-watch-channel': 'SLACK_WEBHOOK_URL_NOBODY' } }).id;
      ids.plain = addLoadBalancer(world, { ...placed, resourceGroup: 'rg-misc', name: 'other-lb' }).id;
      return Object.values(ids);
    }, {
      SLACK_WEBHOOK_URL_SHOP: 'http://127.0.0.1:9/shop',
      SLACK_WEBHOOK_URL_PAY: 'http://127.0.0.1:9/pay',
      SLACK_WEBHOOK_URL_EDGE: 'http://127.0.0.1:9/edge',
      SNAT_ROUTES: JSON.stringify([
        { match: { name: 'nothing-*' }, webhookSetting: 'SLACK_WEBHOOK_URL_PAY' },
        { match: { resourceGroup: 'RG-EDGE', name: 'edge-lb-?' }, webhookSetting: 'SLACK_WEBHOOK_URL_EDGE' },
        { match: { name: '*-lb-*' }, webhookSetting: 'SLACK_WEBHOOK_URL_PAY' },
      ]),
      SNAT_FOR_MINUTES: '1',
    });
    harness.slack.setDefault(answers.channelNotFound);

    for (let run = 0; run < 2; run++) await harness.watch();

    const stored = [...(await harness.runtime.outbox.list()), ...(await harness.runtime.outbox.listParked())];
    const parked = stored.map((message) => message.payload as NotificationPayload).filter((payload) => payload.kind === 'alert');
    const routeOf = (id: string) => [...new Set(parked.filter((payload) => payload.incident?.target.id === id).map((payload) => payload.route))];
    expect(routeOf(ids.clusterTagged!)).toEqual(['SLACK_WEBHOOK_URL_SHOP']);
    expect(routeOf(ids.lbTagged!)).toEqual(['SLACK_WEBHOOK_URL_PAY']);
    expect(routeOf(ids.ruled!)).toEqual(['SLACK_WEBHOOK_URL_EDGE']);
    // A tag naming no configured webhook setting is passed over: the target routes as without it.
    expect(routeOf(ids.badTag!)).toEqual([null]);
    expect(routeOf(ids.plain!)).toEqual([null]);
  });
});
