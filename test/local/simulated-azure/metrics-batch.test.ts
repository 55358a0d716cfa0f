import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/local/simulated-azure/clock.js';
import { addLoadBalancer, addNatGateway } from '../../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../../src/local/simulated-azure/world.js';
import { bearerFor, useSimulatedAzure } from '../../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000f1';
const OTHER_SUB = '00000000-0000-0000-0000-0000000000f2';
const NOW = new Date('2026-03-02T10:00:00Z');
const LB_NS = 'Microsoft.Network/loadBalancers';

function newWorld(): SimulatedWorld {
  return new SimulatedWorld({ clock: manualClock(NOW), origin: new Date(NOW.getTime() - 5 * 60_000) });
}

interface BatchRequest {
  resourceIds: string[];
  metricnames: string;
  namespace?: string;
  filter?: string;
  top?: number;
  aggregation?: string;
  orderby?: string;
  region?: string;
  subscriptionId?: string;
}

/** A raw batch call, query key spelled `api%2Dversion` as MetricsClient sends it. */
async function batch(world: SimulatedWorld, request: BatchRequest, configure?: (azure: Awaited<ReturnType<typeof useSimulatedAzure>>) => void) {
  const azure = await useSimulatedAzure(world);
  configure?.(azure);
  const query = [
    'api%2Dversion=2024-02-01',
    `starttime=${encodeURIComponent(new Date(NOW.getTime() - 5 * 60_000).toISOString())}`,
    `endtime=${encodeURIComponent(NOW.toISOString())}`,
    'interval=PT1M',
    `metricnamespace=${encodeURIComponent(request.namespace ?? LB_NS)}`,
    `metricnames=${request.metricnames}`,
    `aggregation=${encodeURIComponent(request.aggregation ?? 'maximum,average')}`,
    ...(request.filter ? [`filter=${encodeURIComponent(request.filter)}`] : []),
    ...(request.top ? [`top=${request.top}`] : []),
    ...(request.orderby ? [`orderby=${encodeURIComponent(request.orderby)}`] : []),
  ].join('&');
  const url = `${azure.url}/metrics/${request.region ?? 'eastus'}/subscriptions/${request.subscriptionId ?? SUB}/metrics:getBatch?${query}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: await bearerFor(azure, 'https://metrics.monitor.azure.com'), 'content-type': 'application/json' },
    body: JSON.stringify({ resourceids: request.resourceIds }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('simulated metrics:getBatch', () => {
  it.each([
    { name: 'top defaults to 10 once a filter is given', top: undefined, series: 10 },
    { name: 'top raised above the pool', top: 100, series: 60 },
    { name: 'top below the pool', top: 25, series: 25 },
  ])('should return as many node series as top allows ($name)', async ({ top, series }) => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 60 });
    const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts', filter: "BackendIPAddress eq '*'", ...(top ? { top } : {}) });
    expect(body.values[0].value[0].timeseries).toHaveLength(series);
  });

  it('should answer with the service’s quirks: human metric names, lowercased dimension names, sparse points', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, {
      subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1,
      metrics: () => ({ minute }) => ({ used: minute === 2 ? null : minute === 3 ? Number.NaN : 100 + minute }),
    });
    const { status, body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts', filter: "BackendIPAddress eq '*' and ProtocolType eq 'TCP'", top: 5 });

    expect(status).toBe(200);
    const [item] = body.values;
    expect(item).toMatchObject({ resourceid: lb.id, resourceregion: 'eastus', namespace: 'microsoft.network/loadbalancers', interval: 'PT1M' });
    const [metric] = item.value;
    expect(metric).toMatchObject({ id: `${lb.id}/providers/Microsoft.Insights/metrics/UsedSnatPorts`, name: { value: 'UsedSnatPorts', localizedValue: 'Used SNAT Ports' }, unit: 'Count', errorCode: 'Success' });
    const [series] = metric.timeseries;
    expect(series.metadatavalues).toEqual([
      { name: { value: 'backendipaddress', localizedValue: 'backendipaddress' }, value: lb.nodes[0]!.privateIp },
      { name: { value: 'protocoltype', localizedValue: 'protocoltype' }, value: 'TCP' },
    ]);
    expect(series.data).toEqual([
      { timeStamp: '2026-03-02T09:55:00Z', maximum: 100, average: 100 },
      { timeStamp: '2026-03-02T09:56:00Z', maximum: 101, average: 101 },
      { timeStamp: '2026-03-02T09:57:00Z' },
      { timeStamp: '2026-03-02T09:58:00Z', maximum: null, average: null },
      { timeStamp: '2026-03-02T09:59:00Z', maximum: 104, average: 104 },
    ]);
  });

  it.each([
    { name: 'lowercase', connectionStateValues: 'lowercase', values: ['successful', 'failed'] },
    { name: 'capitalized', connectionStateValues: 'capitalized', values: ['Successful', 'Failed'] },
  ] as const)('should spell connection states $name when the world says so', async ({ connectionStateValues, values }) => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 1, quirks: { connectionStateValues }, metrics: () => () => ({ newConnections: 10, failed: 2 }) });
    const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'SnatConnectionCount', aggregation: 'total', filter: "BackendIPAddress eq '*' and ConnectionState eq '*'", top: 10 });

    const timeseries = body.values[0].value[0].timeseries;
    expect(timeseries.map((s: any) => s.metadatavalues[1].value)).toEqual(values);
    expect(timeseries.map((s: any) => s.data[0].total)).toEqual([8, 2]);
  });

  it('should aggregate over the dimensions a filter does not split', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 3, metrics: (node) => () => ({ used: 10 * (node.index + 1), newConnections: 5, failed: 1 }) });
    const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts,SnatConnectionCount', aggregation: 'maximum,total,count' });

    const [used, connections] = body.values[0].value;
    expect(used.timeseries).toHaveLength(1);
    expect(used.timeseries[0].data[0]).toMatchObject({ maximum: 30, total: 60, count: 3 });
    expect(connections.timeseries[0].data[0]).toMatchObject({ total: 15 });
  });

  describe('per frontend IP and protocol', () => {
    /** 60 nodes on 2 outbound IPs: 512 ports per node per IP, 1,024 per node. Node 0 holds 600, first IP first. */
    function twoIps() {
      const world = newWorld();
      const lb = addLoadBalancer(world, {
        subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 60, outboundIps: 2,
        metrics: (node) => () => (node.index === 0 ? { used: 600, udp: { used: 40 } } : node.index === 1 ? { used: 300, awaitingRemoval: true } : { used: 100 }),
      });
      return { world, lb, node0: lb.nodes[0]!.privateIp };
    }
    const seriesOf = (body: any, metric = 0) => body.values[0].value[metric].timeseries as any[];
    const dims = (series: any): Record<string, string> => Object.fromEntries(series.metadatavalues.map((m: any) => [m.name.value, m.value]));

    it('should aggregate over frontends a query leaves unsplit as Azure Monitor does: Average 512, Maximum 512, Total 1,024', async () => {
      const { world, lb, node0 } = twoIps();
      const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'AllocatedSnatPorts,UsedSnatPorts', aggregation: 'average,maximum,total', filter: "BackendIPAddress eq '*' and ProtocolType eq 'TCP'", top: 500 });

      const allocated = seriesOf(body, 0);
      expect(allocated).toHaveLength(60);
      expect(allocated.every((s) => s.data[0].average === 512 && s.data[0].total === 1_024)).toBe(true);
      const used = seriesOf(body, 1).find((s) => dims(s).backendipaddress === node0);
      expect(used.data[0]).toMatchObject({ maximum: 512, average: 300, total: 600 });
    });

    it('should keep one series per backend, frontend IP and protocol when every dimension is split', async () => {
      const { world, lb, node0 } = twoIps();
      const filter = "BackendIPAddress eq '*' and FrontendIPAddress eq '*' and ProtocolType eq '*' and IsAwaitingRemoval eq '*'";
      const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts,AllocatedSnatPorts', filter, top: 1_000 });

      const mine = (metric: number) => seriesOf(body, metric).filter((s) => dims(s).backendipaddress === node0).map((s): Record<string, unknown> => ({ ...dims(s), value: s.data[0].maximum }));
      const [first, second] = lb.frontends.map((frontend) => (world.get(frontend.publicIpId!) as { ipAddress: string }).ipAddress);
      expect(mine(0)).toEqual(
        expect.arrayContaining([
          { backendipaddress: node0, frontendipaddress: first, protocoltype: 'TCP', isawaitingremoval: 'False', value: 512 },
          { backendipaddress: node0, frontendipaddress: second, protocoltype: 'TCP', isawaitingremoval: 'False', value: 88 },
          { backendipaddress: node0, frontendipaddress: first, protocoltype: 'UDP', isawaitingremoval: 'False', value: 40 },
          { backendipaddress: node0, frontendipaddress: second, protocoltype: 'UDP', isawaitingremoval: 'False', value: 0 },
        ]),
      );
      expect(mine(0)).toHaveLength(4);
      expect(mine(1).filter((s) => s.protocoltype === 'TCP').map((s) => s.value)).toEqual([512, 512]);
      expect(seriesOf(body, 0).filter((s) => dims(s).isawaitingremoval === 'True').map((s) => dims(s).backendipaddress)).toEqual([lb.nodes[1]!.privateIp, lb.nodes[1]!.privateIp]);
    });

    it.each([
      { name: 'one protocol', filter: "BackendIPAddress eq '*' and ProtocolType eq 'UDP'", series: 1, value: 40 },
      { name: 'one frontend IP', filter: "BackendIPAddress eq '*' and FrontendIPAddress eq '{first}'", series: 60, value: 512 },
    ])('should honour a filter on $name', async ({ filter, series, value }) => {
      const { world, lb, node0 } = twoIps();
      const first = (world.get(lb.frontends[0]!.publicIpId!) as { ipAddress: string }).ipAddress;
      const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts', filter: filter.replace('{first}', first), top: 500 });

      expect(seriesOf(body)).toHaveLength(series);
      expect(seriesOf(body).find((s) => dims(s).backendipaddress === node0).data[0].maximum).toBe(value);
    });

    it.each([
      { name: 'ProtocolType', filter: "BackendIPAddress eq '*' and ProtocolType eq 'TCP'" },
      { name: 'IsAwaitingRemoval', filter: "IsAwaitingRemoval eq '*'" },
    ])('should answer 400 in Azure\'s error shape to a filter on $name for SnatConnectionCount, which lacks it', async ({ filter }) => {
      const { world, lb } = twoIps();
      const { status, body } = await batch(world, { resourceIds: [lb.id], metricnames: 'SnatConnectionCount', aggregation: 'total', filter });
      expect(status).toBe(400);
      expect(body).toEqual({ error: { code: 'BadRequest', message: expect.stringMatching(/SnatConnectionCount does not support requested dimension combination/) } });
    });
  });

  it('should order by an aggregation before applying top', async () => {
    const world = newWorld();
    const lb = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'lb', nodes: 5, metrics: (node) => () => ({ used: node.index }) });
    const { body } = await batch(world, { resourceIds: [lb.id], metricnames: 'UsedSnatPorts', filter: "BackendIPAddress eq '*'", top: 2, orderby: 'maximum desc' });

    expect(body.values[0].value[0].timeseries.map((s: any) => s.data[0].maximum)).toEqual([4, 3]);
  });

  it('should return empty timeseries for a resource with no data', async () => {
    const world = newWorld();
    const silent = addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'silent', nodes: 2, metrics: () => () => null });
    const unknown = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/never-created`;
    const { body } = await batch(world, { resourceIds: [silent.id, unknown], metricnames: 'UsedSnatPorts', filter: "BackendIPAddress eq '*'", top: 10 });

    expect(body.values.map((v: any) => [v.resourceid, v.value[0].timeseries])).toEqual([[silent.id, []], [unknown, []]]);
  });

  it('should serve NAT gateway metrics with their own dimensions', async () => {
    const world = newWorld();
    const gateway = addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', metrics: () => ({ attempted: 40, failed: 4 }) });
    const { body } = await batch(world, { resourceIds: [gateway.id], namespace: 'Microsoft.Network/natGateways', metricnames: 'SNATConnectionCount', aggregation: 'total', filter: "ConnectionState eq '*'", top: 10 });

    const timeseries = body.values[0].value[0].timeseries;
    expect(timeseries.map((s: any) => [s.metadatavalues[0].value, s.data[0].total])).toEqual([['Attempted', 40], ['Failed', 4]]);
  });

  it.each([
    { name: '51 resources', ids: (world: SimulatedWorld) => lbs(world, 51, SUB), request: {}, message: /exceeds the limit of 50/ },
    { name: 'two subscriptions', ids: (world: SimulatedWorld) => [...lbs(world, 1, SUB), ...lbs(world, 1, OTHER_SUB, 'other')], request: {}, message: /must be in subscription/ },
    { name: 'two regions', ids: (world: SimulatedWorld) => [...lbs(world, 1, SUB), ...lbs(world, 1, SUB, 'west', 'westeurope')], request: {}, message: /same region/ },
    { name: 'the wrong regional endpoint', ids: (world: SimulatedWorld) => lbs(world, 1, SUB), request: { region: 'westus' }, message: /same region/ },
    { name: 'two resource types', ids: (world: SimulatedWorld) => [...lbs(world, 1, SUB), addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat' }).id], request: {}, message: /must be of type/ },
    { name: 'a dimension the metric lacks', ids: (world: SimulatedWorld) => lbs(world, 1, SUB), request: { metricnames: 'SnatConnectionCount', filter: "ProtocolType eq 'TCP'" }, message: /does not support requested dimension/ },
    { name: 'an unknown metric', ids: (world: SimulatedWorld) => lbs(world, 1, SUB), request: { metricnames: 'UsedSNATPortz' }, message: /Failed to find metric/ },
    { name: '"or" across dimensions', ids: (world: SimulatedWorld) => lbs(world, 1, SUB), request: { filter: "BackendIPAddress eq '*' or ProtocolType eq 'TCP'" }, message: /cannot separate two different/ },
    { name: 'an unknown aggregation', ids: (world: SimulatedWorld) => lbs(world, 1, SUB), request: { aggregation: 'p99' }, message: /Invalid aggregation/ },
  ])('should reject $name with 400 like the service', async ({ ids, request, message }) => {
    const world = newWorld();
    const { status, body } = await batch(world, { resourceIds: ids(world), metricnames: 'UsedSnatPorts', ...request });
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 'BadRequest', message: expect.stringMatching(message) });
  });

  it('should fail the whole call when one resource may not be read, as the service does', async () => {
    const world = newWorld();
    const [mine, theirs] = lbs(world, 2, SUB);
    const { status, body } = await batch(world, { resourceIds: [mine!, theirs!], metricnames: 'UsedSnatPorts' }, (azure) =>
      azure.faults.inject({ route: 'metrics', resourceId: theirs!, status: 403 }),
    );

    expect(status).toBe(403);
    expect(body.error).toEqual({ code: 'AuthorizationFailed', message: expect.stringContaining(`over scope '${theirs}'`) });
  });
});

function lbs(world: SimulatedWorld, count: number, subscriptionId: string, prefix = 'lb', location = 'eastus'): string[] {
  return Array.from({ length: count }, (_, i) => addLoadBalancer(world, { subscriptionId, resourceGroup: 'rg', name: `${prefix}-${i}`, nodes: 1, location }).id);
}
