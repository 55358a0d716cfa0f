// Maps batch-metrics answers onto the pipeline's shapes, one assembler per target kind (the load
// balancer's in load-balancer-metrics-mapping.ts; the grid and the SDK-quirk defences they share in
// metrics-grid.ts). Points sit on a per-minute grid over the window; missing, NaN and non-numeric
// values are null. The assemblers read series already on the grid: the watch run's come from the
// compact series kept between runs (compact-series.ts); mapLoadBalancerMetrics and
// mapNatGatewayMetrics take the SDK's MetricsQueryResult, the reference the lean parser is held to.
import type { MetricsQueryResult } from '@azure/monitor-query-metrics';
import type { LoadBalancerMetrics, NatGatewayMetrics, TargetMetrics } from '../snat/model.js';
import { loadBalancerAssembler } from './load-balancer-metrics-mapping.js';
import { metricGroupsOf } from './metric-groups.js';
import {
  averageSeries, dim, minuteGrid, points, seriesFromSdk, splitStates, stampsOf, sumSeries,
  type MetricsAssembler, type MetricsWindow, type Values,
} from './metrics-grid.js';
import type { TargetKind } from './resource-id.js';

export { dimension, findMetric, minuteGrid, valuesOnGrid, type GroupSeries, type MetricsAssembler, type MetricsWindow } from './metrics-grid.js';

export function metricsAssembler(kind: TargetKind, targetId: string, window: MetricsWindow): MetricsAssembler {
  return kind === 'loadBalancer' ? loadBalancerAssembler(targetId, window) : natGatewayAssembler(targetId, window);
}

/** From the SDK's answers (MetricsClient.queryResources), one per metric group: the reference mapping. */
export function mapLoadBalancerMetrics(targetId: string, window: MetricsWindow, ports: MetricsQueryResult | undefined, connections: MetricsQueryResult | undefined): LoadBalancerMetrics {
  return mapFromSdk(loadBalancerAssembler(targetId, window), 'loadBalancer', window, [ports, connections]);
}

export function mapNatGatewayMetrics(targetId: string, window: MetricsWindow, connections: MetricsQueryResult | undefined, health: MetricsQueryResult | undefined): NatGatewayMetrics {
  return mapFromSdk(natGatewayAssembler(targetId, window), 'natGateway', window, [connections, health]);
}

function mapFromSdk<T extends TargetMetrics>(assembler: MetricsAssembler<T>, kind: TargetKind, window: MetricsWindow, results: Array<MetricsQueryResult | undefined>): T {
  const grid = minuteGrid(window);
  metricGroupsOf(kind).forEach((group, index) => assembler.take(index, seriesFromSdk(results[index], group, grid)));
  return assembler.build();
}

/** Groups: 0 = SNATConnectionCount (Total) by state, 1 = TotalConnectionCount, PacketDropCount (Total), DatapathAvailability (Average). */
function natGatewayAssembler(targetId: string, window: MetricsWindow): MetricsAssembler<NatGatewayMetrics> {
  const grid = minuteGrid(window);
  const length = grid.length;
  let states: Array<{ state: string; values: Values }> = [];
  let health: { active: Values; dropped: Values; availability: Values } | undefined;
  return {
    take(groupIndex, series) {
      if (groupIndex === 0) {
        states = (series?.[0] ?? []).map((s) => ({ state: (dim(s, 'ConnectionState') ?? '').toLowerCase(), values: s.values }));
        return;
      }
      const each = (index: number) => (series?.[index] ?? []).map((s) => s.values);
      health = {
        active: sumSeries(each(0), length),
        dropped: sumSeries(each(1), length),
        availability: averageSeries(each(2), length),
      };
    },
    build() {
      const stamps = stampsOf(grid);
      const attempted = states.filter((s) => s.state === 'attempted');
      const failed = splitStates(states, 'failed', length);
      return {
        kind: 'natGateway',
        targetId,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        failedConnections: points(stamps, failed.matching),
        attemptedConnections: points(stamps, sumSeries(attempted.map((s) => s.values), length)),
        activeConnections: points(stamps, health?.active),
        droppedPackets: points(stamps, health?.dropped),
        datapathAvailability: points(stamps, health?.availability),
      };
    },
  };
}

