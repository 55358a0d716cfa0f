import { describe, expect, it } from 'vitest';
import { groupIntoBatches } from '../../src/azure/batches.js';
import { TargetSeries } from '../../src/azure/compact-series.js';
import { LOAD_BALANCER_PORTS, metricGroupsOf } from '../../src/azure/metric-groups.js';
import { readBatchMetrics } from '../../src/azure/metrics.js';
import { matchResources, resourcesOf, stampParser, writeResource, type RawResource } from '../../src/azure/metrics-batch-parse.js';
import { mapLoadBalancerMetrics, mapNatGatewayMetrics } from '../../src/azure/metrics-mapping.js';
import { metricNamespaceOf } from '../../src/azure/resource-id.js';
import { readTopology } from '../../src/azure/topology.js';
import { manualClock } from '../../src/local/simulated-azure/clock.js';
import { addLoadBalancer, addNatGateway } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import type { TargetTopology } from '../../src/snat/model.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUB = '00000000-0000-0000-0000-0000000000c3';
const NOW = new Date('2026-03-02T10:00:00Z');
const MINUTE = 60_000;

/** Windows as the watch run makes them, and two it never makes: partly in the future, and off the minute. */
const WINDOWS = {
  whole: { from: new Date(NOW.getTime() - 15 * MINUTE), to: NOW },
  'partly after now': { from: new Date(NOW.getTime() - 5 * MINUTE), to: new Date(NOW.getTime() + 5 * MINUTE) },
  'off the minute': { from: new Date(NOW.getTime() - 15 * MINUTE - 20_000), to: new Date(NOW.getTime() - 20_000) },
};

const estates: Array<{ name: string; window: keyof typeof WINDOWS; build: (world: SimulatedWorld) => void }> = [
  {
    name: 'null and NaN points, a node silent all window, a node silent half of it',
    window: 'whole',
    build: (world) =>
      void addLoadBalancer(world, {
        subscriptionId: SUB, resourceGroup: 'rg', name: 'gaps', nodes: 4,
        metrics: (node) => ({ minute }) => {
          if (node.index === 1) return null;
          if (node.index === 2 && minute % 2 === 0) return null;
          return { used: minute === 3 ? null : minute === 4 ? Number.NaN : 100 + node.index, newConnections: 7, failed: minute > 10 ? 1 : 0 };
        },
      }),
  },
  {
    name: 'two frontends, UDP and a node awaiting removal, documented dimension names and capitalized states',
    window: 'whole',
    build: (world) =>
      void addLoadBalancer(world, {
        subscriptionId: SUB, resourceGroup: 'rg', name: 'rich', nodes: 3, outboundIps: 2,
        quirks: { dimensionNames: 'documented', connectionStateValues: 'capitalized' },
        metrics: (node) => ({ minute }) => ({
          used: 600 + minute, newConnections: 30, failed: node.index === 0 ? 3 : 0,
          udp: { used: 20 }, awaitingRemoval: node.index === 2 && minute > 8,
        }),
      }),
  },
  { name: 'a partial grid (the window reaches past now)', window: 'partly after now', build: (world) => void addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'future', nodes: 2 }) },
  { name: 'a window off the minute', window: 'off the minute', build: (world) => void addLoadBalancer(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'offset', nodes: 2, metrics: () => ({ minute }) => ({ used: minute }) }) },
  {
    name: 'NAT gateways, one with missing availability, one silent',
    window: 'whole',
    build: (world) => {
      addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'nat', metrics: ({ minute }) => ({ attempted: 300, failed: minute > 9 ? 5 : 0, active: 900, dropped: 2, availability: minute === 3 ? null : 99.5 }) });
      addNatGateway(world, { subscriptionId: SUB, resourceGroup: 'rg', name: 'quiet', metrics: () => null });
    },
  },
];

describe('lean parsing', () => {
  it.each(estates)('should map the batch answers exactly as the SDK does: $name', async ({ window: windowName, build }) => {
    const world = new SimulatedWorld({ clock: manualClock(NOW), origin: new Date(NOW.getTime() - 15 * MINUTE) });
    build(world);
    const azure = await useSimulatedAzure(world);
    const clients = azureClientsFor(azure);
    const ids = world.all().filter((r) => r.kind === 'loadBalancer' || r.kind === 'natGateway').map((r) => r.id);
    const topologies = (await readTopology(ids, { clients, defaultSurge: '1' })).flatMap((read) => (read.ok ? [read.value] : []));
    const window = WINDOWS[windowName];

    for (const batch of groupIntoBatches<TargetTopology>(topologies)) {
      const lean = await readBatchMetrics(batch, window, { clients, retry: fastRetry() });
      const answers: Array<Awaited<ReturnType<ReturnType<typeof clients.metrics>['queryResources']>>> = [];
      for (const group of metricGroupsOf(batch.kind)) {
        answers.push(
          await clients.metrics(batch.region).queryResources(batch.targets.map((t) => t.id), [...group.metricNames], metricNamespaceOf(batch.kind), {
            startTime: window.from, endTime: window.to, interval: 'PT1M', aggregation: group.aggregation,
            ...(group.filter ? { filter: group.filter, top: 1_000 } : {}),
          }),
        );
      }
      const sdk = batch.targets.map((target, index) => {
        const [first, second] = answers.map((answer) => answer[index]);
        return batch.kind === 'loadBalancer' ? mapLoadBalancerMetrics(target.id, window, first, second) : mapNatGatewayMetrics(target.id, window, first, second);
      });
      expect(lean.map((read) => (read.ok ? read.value : read.error))).toEqual(sdk);
    }
  });
});

describe('writeResource', () => {
  const grid = { firstMinuteMs: NOW.getTime() - 3 * MINUTE, gridLength: 3 };
  const stamp = (m: number) => new Date(grid.firstMinuteMs + m * MINUTE).toISOString();
  const series = () => {
    const target = new TargetSeries('shape', 1, 4, grid.firstMinuteMs);
    target.moveTo(grid.firstMinuteMs, grid.gridLength);
    target.reads = 1;
    return target;
  };
  const node = (ip: string, data: unknown[]) => ({ metadatavalues: [{ name: { value: 'backendipaddress' }, value: ip }], data: data as Array<Record<string, unknown>> });

  it('should find metrics by their REST name when the answer has no id and a human localizedValue, in request order otherwise', () => {
    const answer = {
      values: [{
        value: [
          { name: { value: 'UsedSnatPorts', localizedValue: 'Used SNAT Ports' }, timeseries: [node('10.0.0.4', [{ timeStamp: stamp(0), maximum: 5 }])] },
          { name: { localizedValue: 'Allocated SNAT Ports' }, timeseries: [node('10.0.0.4', [{ timeStamp: stamp(0), average: 1024 }])] },
        ],
      }],
    };
    const target = series();
    const [resource] = matchResources(['/x'], resourcesOf(answer)).values();
    expect(writeResource(resource, LOAD_BALANCER_PORTS, 0, target, grid.firstMinuteMs, stampParser())).toBe(true);

    const [usedSeries, allocatedSeries] = target.seriesOf(0, 2);
    expect(usedSeries).toEqual([{ dims: { backendipaddress: '10.0.0.4' }, values: [5, null, null] }]);
    expect(allocatedSeries).toEqual([{ dims: { backendipaddress: '10.0.0.4' }, values: [1024, null, null] }]);
  });

  it('should call a read incomplete when a metric reports an error or the resource is missing, and keep no values for it', () => {
    const target = series();
    const failed: RawResource = { value: [{ id: '/x/providers/Microsoft.Insights/metrics/UsedSnatPorts', errorCode: 'Throttled', timeseries: [node('10.0.0.4', [{ timeStamp: stamp(0), maximum: 5 }])] }] };
    expect(writeResource(failed, LOAD_BALANCER_PORTS, 0, target, grid.firstMinuteMs, stampParser())).toBe(false);
    expect(target.seriesOf(0, 2)).toEqual([[], []]);
    expect(writeResource(undefined, LOAD_BALANCER_PORTS, 0, target, grid.firstMinuteMs, stampParser())).toBe(false);
  });

  it('should replace the re-read minutes, keep the earlier ones, and skip points off the grid or not numbers', () => {
    const target = series();
    const write = (data: unknown[], fromMs: number) =>
      writeResource({ value: [{ id: '/x/providers/Microsoft.Insights/metrics/UsedSnatPorts', timeseries: [node('10.0.0.4', data)] }] } as RawResource, LOAD_BALANCER_PORTS, 0, target, fromMs, stampParser());
    write([{ timeStamp: stamp(0), maximum: 1 }, { timeStamp: stamp(1), maximum: 2 }, { timeStamp: stamp(2), maximum: 3 }], grid.firstMinuteMs);
    write([{ timeStamp: stamp(0), maximum: 9 }, { timeStamp: stamp(2), maximum: '7' }, { timeStamp: 'not a time', maximum: 8 }, { timeStamp: stamp(5), maximum: 8 }], grid.firstMinuteMs + MINUTE);

    expect(target.seriesOf(0, 2)[0]).toEqual([{ dims: { backendipaddress: '10.0.0.4' }, values: [1, null, null] }]);
  });

  it('should refuse an answer that is not a batch answer', () => {
    expect(() => resourcesOf({ value: [] })).toThrow(/not \{"values"/);
  });
});
