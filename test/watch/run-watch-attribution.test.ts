// Workload attribution in a real watch run: the simulated Azure serves ARM (the scale set's NICs for
// node names), the metrics and the workspace's Prometheus query API over the world's pods; the alert
// goes to the Slack receiver, the snapshot to Azurite, the JSON and the page come from the function.
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { recommendations } from '../../src/functions/recommendations.js';
import { liveViewSchema, type LiveNode } from '../../src/live/live-view-schema.js';
import { useRuntime } from '../../src/runtime.js';
import { addAttributionCluster } from '../support/attribution-estate.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(env: Record<string, string> = {}, options: Parameters<typeof addAttributionCluster>[1] = {}, workspace = true) {
  let cluster!: ReturnType<typeof addAttributionCluster>;
  harness = await startWatchHarness((world) => {
    cluster = addAttributionCluster(world, options);
    return [cluster.id];
  }, (azure) => ({ ...azure.env({ prometheus: workspace }), ...env }));
  useRuntime(harness.runtime);
  return { h: harness, cluster };
}

function slackText(h: WatchHarness): string {
  return JSON.stringify(h.slack.delivered());
}

async function liveNodes(): Promise<LiveNode[]> {
  const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations' }), new InvocationContext({ logHandler: () => {} }));
  return liveViewSchema.parse(JSON.parse(response.body as string)).targets[0]!.nodes;
}

async function page(): Promise<string> {
  const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations', headers: { accept: 'text/html' } }), new InvocationContext({ logHandler: () => {} }));
  return String(response.body);
}

describe('runWatch (workload attribution)', () => {
  it('should name the pods opening the hot node\'s connections in Slack, the JSON and the page, with the node name and the caveats', async () => {
    const { h, cluster } = await start();
    await h.watch();
    const text = slackText(h);
    expect(cluster.names[0]).toBe('aks-nodepool1-12345678-vmss000000');
    expect(text).toContain(`${cluster.ips[0]} (aks-nodepool1-12345678-vmss000000)`);
    // 600 of 1,000 SYN/min on node 0 (checkout 600, cart 150, host 200, scraper 50).
    expect(text).toContain("on aks-nodepool1-12345678-vmss000000: shop/checkout-7f9c opened 60% of the node's new TCP connections in 15 min (lookups: api.payments.example, redis.shop.svc.cluster.local)");
    expect(text).toContain("(lookups: api.payments.example, redis.shop.svc.cluster.local); then the node's host network 20%, shop/cart-5d8b 15%");
    expect(text).toContain('Pods from ACNS metrics. Caveats: SYN counts are packets');
    expect(text).toContain('hostNetwork pods show as the node itself.');
    expect(text).not.toContain('monitoring/scraper-1'); // top 3 only: checkout, host, cart
    expect(text).toContain('batch/report-1 opened 100%');

    const nodes = await liveNodes();
    const hot = nodes.find((node) => node.node === cluster.ips[0])!;
    expect(hot.nodeName).toBe('aks-nodepool1-12345678-vmss000000');
    expect(hot.attribution).toMatchObject({
      source: 'acns-metrics',
      window: { minutes: 15 },
      pods: [
        { namespace: 'shop', pod: 'checkout-7f9c', share: 0.6, newConnections: 9000, destinations: ['api.payments.example', 'redis.shop.svc.cluster.local', 'inventory.example'].slice(0, 2), hostNetwork: false },
        { namespace: '', pod: 'aks-nodepool1-12345678-vmss000000', share: 0.2, newConnections: 3000, destinations: [], hostNetwork: true },
        { namespace: 'shop', pod: 'cart-5d8b', share: 0.15, newConnections: 2250, destinations: ['inventory.example'], hostNetwork: false },
      ],
    });
    // The calm node is never queried.
    expect(nodes.find((node) => node.node === cluster.ips[2])!.attribution).toBeNull();
    const asked = h.azure.requests.of('prometheus').map((request) => request.status);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((status) => status === 200)).toBe(true);

    const html = await page();
    expect(html).toContain('aks-nodepool1-12345678-vmss000000');
    expect(html).toContain('shop/checkout-7f9c opened 60% of the node&#39;s new TCP connections in 15 min');
    expect(html).toContain('Caveats: SYN counts are packets');
  });

  it('should name the workload in the pooling advice when pods are named', async () => {
    const { h } = await start();
    await h.watch();
    const plan = (await (async () => {
      const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations' }), new InvocationContext({ logHandler: () => {} }));
      return liveViewSchema.parse(JSON.parse(response.body as string)).targets[0]!.plan;
    })())!;
    const pool = plan.recommendations.find((r) => r.code === 'POOL_CONNECTIONS');
    expect(pool?.title).toContain('in shop/checkout-7f9c');
    expect(pool?.rationale).toContain('it opened 60% of the new TCP connections on aks-nodepool1-12345678-vmss000000 (from ACNS metrics)');
  });

  it('should ask the workspace SNAT_PROMETHEUS_QUERY_ENDPOINTS names for the cluster', async () => {
    let cluster!: ReturnType<typeof addAttributionCluster>;
    harness = await startWatchHarness((world) => {
      cluster = addAttributionCluster(world);
      return [cluster.id];
    }, (azure) => ({ SNAT_PROMETHEUS_QUERY_ENDPOINTS: `other-cluster=https://127.0.0.1:9/nowhere,AKS-SHOP=${azure.env({ prometheus: true }).SNAT_PROMETHEUS_QUERY_ENDPOINT!}` }));
    useRuntime(harness.runtime);
    await harness.watch();
    const hot = (await liveNodes()).find((node) => node.node === cluster.ips[0])!;
    expect(hot.attribution).toMatchObject({ source: 'acns-metrics', pods: [{ pod: 'checkout-7f9c' }, {}, {}] });
  });

  it('should query each hot node at most once per refresh interval', async () => {
    const { h } = await start();
    await h.watch();
    const first = h.azure.requests.of('prometheus').length;
    await h.watch();
    expect(h.azure.requests.of('prometheus').length).toBe(first);
    h.clock.advance(5 * 60_000);
    await h.watch();
    expect(h.azure.requests.of('prometheus').length).toBeGreaterThan(first);
  });

  it.each([
    { name: 'ACNS off (no series)', env: {}, pods: [undefined, undefined, undefined], workspace: true, fault: null, reason: 'acns-off', slack: 'Pods not named: no ACNS metrics for this node' },
    { name: 'no workspace configured', env: {}, pods: undefined, workspace: false, fault: null, reason: 'no-workspace', slack: null },
    { name: 'the workspace answering 403', env: {}, pods: undefined, workspace: true, fault: 403, reason: 'forbidden', slack: 'Pods not named: the Azure Monitor workspace refused the identity' },
    { name: 'the workspace hanging', env: { SNAT_ATTRIBUTION_TIMEOUT_SECONDS: '0.5' }, pods: undefined, workspace: true, fault: 'hang', reason: 'timeout', slack: 'Pods not named: the Azure Monitor workspace did not answer in time' },
    { name: 'the workspace failing (500)', env: {}, pods: undefined, workspace: true, fault: 500, reason: 'failed', slack: 'Pods not named: the Azure Monitor workspace query failed' },
    { name: 'attribution turned off', env: { SNAT_ATTRIBUTION: 'off' }, pods: undefined, workspace: true, fault: null, reason: 'disabled', slack: null },
  ] as const)('should deliver the alert without pods, saying why, on $name', async ({ env, pods, workspace, fault, reason, slack }) => {
    const { h, cluster } = await start(env as Record<string, string>, pods ? { pods } : {}, workspace);
    if (fault !== null) h.azure.faults.inject({ route: 'prometheus', status: fault });
    const started = Date.now();
    const report = await h.watch();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.delivery.delivered).toBeGreaterThan(0);
    const text = slackText(h);
    expect(text).toContain(`${cluster.ips[0]} (aks-nodepool1-12345678-vmss000000)`);
    expect(text).not.toContain('opened');
    if (slack) expect(text).toContain(slack);
    else expect(text).not.toContain('Pods not named');
    const hot = (await liveNodes()).find((node) => node.node === cluster.ips[0])!;
    expect(hot.attribution).toMatchObject({ unavailable: reason });
    if (reason === 'disabled' || reason === 'no-workspace') expect(h.azure.requests.of('prometheus')).toEqual([]);
    const html = await page();
    if (reason === 'disabled') expect(html).not.toContain('pods not named');
    else expect(html).toContain(`data-unavailable="${reason}"`);
  });
});

describe('runWatch (the npm start exhaustion story)', () => {
  it('should name the unpooled pod in the alert', async () => {
    const { createExhaustionScenario, UNPOOLED_POD } = await import('../../src/local/simulated-azure/scenario-exhaustion.js');
    harness = await startWatchHarness((_world, clock) => {
      const scenario = createExhaustionScenario({ clock, start: new Date(clock.now().getTime() - 30 * 60_000) });
      return { world: scenario.world, targetIds: [scenario.targetId] };
    }, (azure) => ({ ...azure.env({ prometheus: true }) }) as Record<string, string>);
    await harness.watch();
    const text = slackText(harness);
    expect(text).toMatch(new RegExp(`on aks-apps-12345678-vmss00000[0-9a-z]: ${UNPOOLED_POD.namespace}/${UNPOOLED_POD.name} opened 9[0-9](\\.[0-9])?% of the node's new TCP connections in 15 min \\(lookups: api.payments.example\\)`));
    expect(text).toContain(`— in ${UNPOOLED_POD.namespace}/${UNPOOLED_POD.name}`);
  });
});
