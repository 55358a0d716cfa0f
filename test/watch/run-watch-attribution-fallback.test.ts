// The fallback without ACNS in a real watch run: the simulated workspace has cAdvisor's transmitted
// packets but no Hubble series, so the hot node's pods come back as candidates (partial), said as such
// in Slack, the page and the JSON, and the pooling advice names no workload from them.
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { recommendations } from '../../src/functions/recommendations.js';
import { liveViewSchema } from '../../src/live/live-view-schema.js';
import { useRuntime } from '../../src/runtime.js';
import { addAttributionCluster, type AttributionWorldOptions } from '../support/attribution-estate.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: AttributionWorldOptions) {
  let cluster!: ReturnType<typeof addAttributionCluster>;
  harness = await startWatchHarness((world) => {
    cluster = addAttributionCluster(world, options);
    return [cluster.id];
  }, (azure) => ({ ...azure.env({ prometheus: true }) }));
  useRuntime(harness.runtime);
  return { h: harness, cluster };
}

async function get(accept?: string) {
  const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations', ...(accept ? { headers: { accept } } : {}) }), new InvocationContext({ logHandler: () => {} }));
  return String(response.body);
}

describe('runWatch (attribution without ACNS)', () => {
  it('should name cAdvisor candidates, as candidates, in Slack, the JSON and the page, and never as the workload to fix', async () => {
    const { h, cluster } = await start({ acns: false });
    await h.watch();
    const text = JSON.stringify(h.slack.delivered());
    // Node 0 sends 10,000 packets/min: checkout 6,000, the hostNetwork agent's series is the node's whole 10,000 (left out), cart 1,500, scraper 500.
    expect(text).toContain("on aks-nodepool1-12345678-vmss000000: shop/checkout-7f9c sent 60% of the node's packets in 15 min; then shop/cart-5d8b 15%, monitoring/scraper-1 5%");
    expect(text).toContain('Pods named are candidates (from cAdvisor packets, not proof). Caveats: Candidates, not proof');
    expect(text).toContain('Packets sent, not connections opened');
    expect(text).not.toContain('opened 60%');
    expect(text).not.toContain('from ACNS metrics');
    expect(text).not.toContain('node-agent-x2x');

    const view = liveViewSchema.parse(JSON.parse(await get()));
    const hot = view.targets[0]!.nodes.find((node) => node.node === cluster.ips[0])!;
    expect(hot.attribution).toMatchObject({
      source: 'cadvisor-candidates',
      partial: true,
      window: { minutes: 15 },
      pods: [
        { namespace: 'shop', pod: 'checkout-7f9c', share: 0.6, packetsSent: 90_000 },
        { namespace: 'shop', pod: 'cart-5d8b', share: 0.15, packetsSent: 22_500 },
        { namespace: 'monitoring', pod: 'scraper-1', share: 0.05, packetsSent: 7_500 },
      ],
    });
    expect(JSON.stringify(hot.attribution)).not.toContain('newConnections');
    const pool = view.targets[0]!.plan!.recommendations.find((r) => r.code === 'POOL_CONNECTIONS');
    expect(pool).toBeDefined();
    expect(pool!.title).not.toContain('checkout-7f9c');
    expect(pool!.rationale).not.toContain('checkout-7f9c');

    const html = await get('text/html');
    expect(html).toContain('data-source="cadvisor-candidates"');
    expect(html).toContain('<code>aks-nodepool1-12345678-vmss000000</code>, candidates (from cAdvisor packets, not proof):');
    expect(html).not.toContain('from ACNS metrics');
    expect(html).toContain('shop/checkout-7f9c sent 60% of the node&#39;s packets in 15 min');
    expect(html).toContain('Caveats: Candidates, not proof');
  });

  it('should stay acns-off when neither ACNS nor cAdvisor has series for the node', async () => {
    const { h, cluster } = await start({ acns: false, pods: [undefined, undefined, undefined] });
    await h.watch();
    expect(JSON.stringify(h.slack.delivered())).toContain('Pods not named: no ACNS metrics for this node');
    const view = liveViewSchema.parse(JSON.parse(await get()));
    expect(view.targets[0]!.nodes.find((node) => node.node === cluster.ips[0])!.attribution).toMatchObject({ unavailable: 'acns-off' });
    // Both sources were asked for each of the two hot nodes (3 ACNS queries, then 2 cAdvisor ones), and both answered with no series.
    const queries = h.azure.requests.of('prometheus');
    expect(queries).toHaveLength(2 * (3 + 2));
    expect(queries.every((request) => request.status === 200)).toBe(true);
  });
});
