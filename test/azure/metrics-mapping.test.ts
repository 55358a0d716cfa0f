import type { Metric, MetricsQueryResult, MetricValue, TimeSeriesElement } from '@azure/monitor-query-metrics';
import { describe, expect, it } from 'vitest';
import { findMetric, mapLoadBalancerMetrics, mapNatGatewayMetrics, minuteGrid, valuesOnGrid } from '../../src/azure/metrics-mapping.js';

const RID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb';
const WINDOW = { from: new Date('2026-03-02T09:57:00Z'), to: new Date('2026-03-02T10:00:00Z') };
const minute = (m: number) => new Date(Date.parse('2026-03-02T09:57:00Z') + m * 60_000);

/** A metric as MetricsClient hands it over: named by localizedValue, dimension names as the service sent them. */
function metric(name: string, localized: string, series: TimeSeriesElement[], extra: Partial<Metric> = {}): Metric {
  return { id: `${RID}/providers/Microsoft.Insights/metrics/${name}`, type: 'Microsoft.Insights/metrics', name: localized, unit: 'Count', timeseries: series, ...extra };
}

function series(dims: Record<string, string>, data: Array<Partial<MetricValue>>): TimeSeriesElement {
  return {
    metadatavalues: Object.entries(dims).map(([name, value]) => ({ name, value })),
    data: data.map((point, m) => ({ timeStamp: minute(m), ...point })),
  };
}

function result(metrics: Metric[]): MetricsQueryResult {
  return { metrics, resourceId: RID, timespan: { startTime: WINDOW.from, endTime: WINDOW.to }, getMetricByName: () => undefined } as MetricsQueryResult;
}

describe('minuteGrid', () => {
  it('should start at the window’s first whole minute and stop before its end', () => {
    const grid = minuteGrid({ from: new Date('2026-03-02T09:57:30Z'), to: new Date('2026-03-02T10:00:00Z') });
    expect(grid.map((at) => new Date(at).toISOString())).toEqual(['2026-03-02T09:57:00.000Z', '2026-03-02T09:58:00.000Z', '2026-03-02T09:59:00.000Z']);
  });
});

describe('valuesOnGrid', () => {
  it.each([
    { name: 'a number', point: { maximum: 5 }, value: 5 },
    { name: 'NaN', point: { maximum: Number.NaN }, value: null },
    { name: 'Infinity', point: { maximum: Number.POSITIVE_INFINITY }, value: null },
    { name: 'no aggregation key', point: {}, value: null },
    { name: 'null', point: { maximum: null as unknown as number }, value: null },
    { name: 'a string', point: { maximum: '5' as unknown as number }, value: null },
  ])('should read $name as $value', ({ point, value }) => {
    const grid = minuteGrid(WINDOW);
    expect(valuesOnGrid(grid, [{ timeStamp: minute(1), ...point }], 'maximum')).toEqual([null, value, null]);
  });

  it('should ignore points off the grid (outside the window or off the minute)', () => {
    const grid = minuteGrid(WINDOW);
    const data = [{ timeStamp: minute(-1), maximum: 1 }, { timeStamp: new Date(minute(0).getTime() + 30_000), maximum: 2 }, { timeStamp: minute(3), maximum: 3 }];
    expect(valuesOnGrid(grid, data, 'maximum')).toEqual([null, null, null]);
  });
});

describe('findMetric', () => {
  it.each([
    { name: 'id suffix, human name', metric: metric('UsedSnatPorts', 'Used SNAT Ports', []) },
    { name: 'id suffix in another casing', metric: { ...metric('x', 'Used SNAT Ports', []), id: `${RID}/providers/microsoft.insights/metrics/usedsnatports` } },
    { name: 'name only', metric: { ...metric('x', 'UsedSnatPorts', []), id: '' } },
  ])('should find a metric by $name', ({ metric: found }) => {
    expect(findMetric(result([metric('AllocatedSnatPorts', 'Allocated SNAT Ports', []), found]), 'UsedSnatPorts', 0)).toBe(found);
  });
});

describe('mapLoadBalancerMetrics', () => {
  it('should build per-node series from lowercased dimensions and any state casing', () => {
    const ports = result([
      metric('UsedSnatPorts', 'Used SNAT Ports', [series({ backendipaddress: '10.0.0.5' }, [{ maximum: 700 }, { maximum: Number.NaN }, {}])]),
      metric('AllocatedSnatPorts', 'Allocated SNAT Ports', [series({ BackendIPAddress: '10.0.0.5' }, [{ average: 1024 }, { average: 1024 }, { average: 1024 }])]),
    ]);
    const connections = result([
      metric('SnatConnectionCount', 'SNAT Connection Count', [
        series({ backendipaddress: '10.0.0.5', connectionstate: 'Successful' }, [{ total: 90 }, { total: 80 }, {}]),
        series({ backendipaddress: '10.0.0.5', connectionstate: 'Failed' }, [{ total: 10 }, {}, {}]),
      ]),
    ]);

    const mapped = mapLoadBalancerMetrics(RID, WINDOW, ports, connections);
    expect(mapped.backends).toHaveLength(1);
    const [node] = mapped.backends;
    expect(node!.backendIp).toBe('10.0.0.5');
    expect(node!.ports.map((p) => [p.protocol, p.frontendIp])).toEqual([['TCP', '']]);
    expect(node!.ports[0]!.used.map((p) => p.value)).toEqual([700, null, null]);
    expect(node!.ports[0]!.allocated.map((p) => p.value)).toEqual([1024, 1024, 1024]);
    expect(node!.newConnections.map((p) => p.value)).toEqual([100, 80, null]);
    // Minute 1: other states reported, failed did not: no failures. Minute 2: nothing reported: unknown.
    expect(node!.failedConnections.map((p) => p.value)).toEqual([10, 0, null]);
    expect(node!.ports[0]!.used[0]!.at).toBe('2026-03-02T09:57:00.000Z');
  });

  it('should keep a series per protocol and frontend IP, and read a node awaiting removal', () => {
    const dims = (frontend: string, protocol: string, removing = 'False') => ({ backendipaddress: '10.0.0.5', frontendipaddress: frontend, protocoltype: protocol, isawaitingremoval: removing });
    const ports = result([
      metric('UsedSnatPorts', 'Used SNAT Ports', [
        series(dims('20.0.0.1', 'TCP'), [{ maximum: 512 }, { maximum: 512 }, {}]),
        series(dims('20.0.0.2', 'TCP'), [{ maximum: 88 }, { maximum: 90 }, {}]),
        series(dims('20.0.0.1', 'udp'), [{ maximum: 7 }, {}, {}]),
        // The last minute came from the awaiting-removal series only.
        series(dims('20.0.0.1', 'TCP', 'True'), [{}, {}, { maximum: 300 }]),
      ]),
      metric('AllocatedSnatPorts', 'Allocated SNAT Ports', [series(dims('20.0.0.1', 'TCP'), [{ average: 512 }]), series(dims('20.0.0.2', 'TCP'), [{ average: 512 }])]),
    ]);
    const connections = result([
      metric('SnatConnectionCount', 'SNAT Connection Count', [
        series({ backendipaddress: '10.0.0.5', frontendipaddress: '20.0.0.1', connectionstate: 'failed' }, [{ total: 2 }]),
        series({ backendipaddress: '10.0.0.5', frontendipaddress: '20.0.0.2', connectionstate: 'failed' }, [{ total: 3 }]),
      ]),
    ]);

    const [node] = mapLoadBalancerMetrics(RID, WINDOW, ports, connections).backends;
    expect(node!.ports.map((p) => [p.protocol, p.frontendIp, p.used.map((point) => point.value), p.allocated[0]!.value])).toEqual([
      ['TCP', '20.0.0.1', [512, 512, 300], 512],
      ['TCP', '20.0.0.2', [88, 90, null], 512],
      ['UDP', '20.0.0.1', [7, null, null], null],
    ]);
    expect(node!.failedConnections.map((p) => p.value)).toEqual([5, null, null]);
    expect(node!.awaitingRemoval).toBe(true);
  });

  it('should sort nodes by IP and ignore series without a backend', () => {
    const ports = result([
      metric('UsedSnatPorts', 'Used SNAT Ports', [
        series({ backendipaddress: '10.0.0.10' }, [{ maximum: 1 }]),
        series({ backendipaddress: '10.0.0.9' }, [{ maximum: 1 }]),
        series({}, [{ maximum: 99 }]),
      ]),
    ]);
    expect(mapLoadBalancerMetrics(RID, WINDOW, ports, undefined).backends.map((b) => b.backendIp)).toEqual(['10.0.0.9', '10.0.0.10']);
  });

  it('should treat a metric that reported an error as no data', () => {
    const ports = result([metric('UsedSnatPorts', 'Used SNAT Ports', [series({ backendipaddress: '10.0.0.5' }, [{ maximum: 1 }])], { errorCode: 'InvalidSamplingType' })]);
    expect(mapLoadBalancerMetrics(RID, WINDOW, ports, undefined).backends).toEqual([]);
  });

  it('should give empty timeseries no backends at all', () => {
    expect(mapLoadBalancerMetrics(RID, WINDOW, result([]), result([])).backends).toEqual([]);
  });
});

describe('mapNatGatewayMetrics', () => {
  it('should split attempts from failures and average availability', () => {
    const connections = result([
      metric('SNATConnectionCount', 'SNAT Connection Count', [
        series({ connectionstate: 'Attempted' }, [{ total: 50 }, { total: 60 }, {}]),
        series({ connectionstate: 'failed' }, [{ total: 2 }, {}, {}]),
      ]),
    ]);
    const health = result([
      metric('TotalConnectionCount', 'Total SNAT Connection Count', [series({ protocol: 'TCP' }, [{ total: 10 }]), series({ protocol: 'UDP' }, [{ total: 5 }])]),
      metric('PacketDropCount', 'Dropped Packets', [series({}, [{ total: 0 }, { total: 3 }])]),
      metric('DatapathAvailability', 'Datapath Availability', [series({}, [{ average: 100 }, { average: Number.NaN }, { average: 87.5 }])]),
    ]);

    const mapped = mapNatGatewayMetrics(RID, WINDOW, connections, health);
    expect(mapped.attemptedConnections.map((p) => p.value)).toEqual([50, 60, null]);
    expect(mapped.failedConnections.map((p) => p.value)).toEqual([2, 0, null]);
    expect(mapped.activeConnections.map((p) => p.value)).toEqual([15, null, null]);
    expect(mapped.droppedPackets.map((p) => p.value)).toEqual([0, 3, null]);
    expect(mapped.datapathAvailability.map((p) => p.value)).toEqual([100, null, 87.5]);
  });
});
