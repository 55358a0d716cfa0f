// Maps batch-metrics results onto the pipeline's shapes, one assembler per target kind (the load
// balancer's in load-balancer-metrics-mapping.ts; the grid and the SDK-quirk defences they share in
// metrics-grid.ts). Points sit on a per-minute grid over the window; missing, NaN and non-numeric
// values are null. A target's metrics are assembled one group answer at a time, so the watch run can
// drop each answer (the SDK's largest objects by far) before it asks for the next.
import type { MetricsQueryResult } from '@azure/monitor-query-metrics';
import type { LoadBalancerMetrics, NatGatewayMetrics } from '../snat/model.js';
import { loadBalancerAssembler } from './load-balancer-metrics-mapping.js';
import {
  averageSeries, dimension, findMetric, minuteGrid, points, splitStates, stampsOf, sumSeries, usable, valuesOnGrid,
  type Aggregation, type MetricsAssembler, type MetricsWindow, type Values,
} from './metrics-grid.js';
import type { TargetKind } from './resource-id.js';

export { dimension, findMetric, minuteGrid, valuesOnGrid, type MetricsAssembler, type MetricsWindow } from './metrics-grid.js';

export function metricsAssembler(kind: TargetKind, targetId: string, window: MetricsWindow): MetricsAssembler {
  return kind === 'loadBalancer' ? loadBalancerAssembler(targetId, window) : natGatewayAssembler(targetId, window);
}

export function mapLoadBalancerMetrics(targetId: string, window: MetricsWindow, ports: MetricsQueryResult | undefined, connections: MetricsQueryResult | undefined): LoadBalancerMetrics {
  const assembler = loadBalancerAssembler(targetId, window);
  assembler.take(0, ports);
  assembler.take(1, connections);
  return assembler.build();
}

export function mapNatGatewayMetrics(targetId: string, window: MetricsWindow, connections: MetricsQueryResult | undefined, health: MetricsQueryResult | undefined): NatGatewayMetrics {
  const assembler = natGatewayAssembler(targetId, window);
  assembler.take(0, connections);
  assembler.take(1, health);
  return assembler.build();
}

/** Groups: 0 = SNATConnectionCount by state, 1 = TotalConnectionCount, PacketDropCount, DatapathAvailability. */
function natGatewayAssembler(targetId: string, window: MetricsWindow): MetricsAssembler<NatGatewayMetrics> {
  const grid = minuteGrid(window);
  const length = grid.length;
  let states: Array<{ state: string; values: Values }> = [];
  let health: { active: Values; dropped: Values; availability: Values } | undefined;
  return {
    take(groupIndex, result) {
      if (groupIndex === 0) {
        states = usable(findMetric(result, 'SNATConnectionCount', 0)).map((s) => ({
          state: (dimension(s, 'ConnectionState') ?? '').toLowerCase(),
          values: valuesOnGrid(grid, s.data, 'total'),
        }));
        return;
      }
      const each = (name: string, index: number, aggregation: Aggregation) => usable(findMetric(result, name, index)).map((s) => valuesOnGrid(grid, s.data, aggregation));
      health = {
        active: sumSeries(each('TotalConnectionCount', 0, 'total'), length),
        dropped: sumSeries(each('PacketDropCount', 1, 'total'), length),
        availability: averageSeries(each('DatapathAvailability', 2, 'average'), length),
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

