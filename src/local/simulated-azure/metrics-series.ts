// The finest-grained series a resource emits for one metric (one per node and dimension value),
// computed from the world's generators. Each generator runs once per minute per request.
import type { MetricDefinition } from './metric-catalog.js';
import type { SimulatedWorld } from './world.js';
import type { MinuteContext, NatGatewayMinute, NodeMinute, SimLoadBalancer, SimNatGateway } from './world-types.js';

/** A value per minute; null = no point that minute; NaN is served as JSON null. */
export type Values = (number | null)[];

export interface RawSeries {
  /** Dimension values by documented dimension name. */
  dims: Readonly<Record<string, string>>;
  values: Values;
}

/** What a node or gateway reports when its generator leaves a value undefined. */
const QUIET_NODE = { used: 8, newConnections: 4, failed: 0 } as const;
const QUIET_GATEWAY = { attempted: 20, failed: 0, active: 40, dropped: 0, availability: 100 } as const;

type NodeSamples = Record<'used' | 'allocated' | 'newConnections' | 'failed', Values>;
type GatewaySamples = Record<keyof typeof QUIET_GATEWAY, Values>;

/** Per-request memo: each generator runs once per minute even when several metrics need it. */
export class SampleCache {
  private readonly nodes = new Map<SimLoadBalancer, NodeSamples[]>();
  private readonly gateways = new Map<SimNatGateway, GatewaySamples>();
  /** One context per minute, shared by every generator call of the request. */
  private readonly contexts: MinuteContext[];

  constructor(world: SimulatedWorld, minutes: readonly number[]) {
    this.contexts = minutes.map((at) => world.minuteContext(at));
  }

  nodeSamples(lb: SimLoadBalancer): NodeSamples[] {
    let samples = this.nodes.get(lb);
    if (!samples) {
      samples = lb.nodes.map((node) => {
        const out: NodeSamples = { used: [], allocated: [], newConnections: [], failed: [] };
        for (const context of this.contexts) {
          const minute: NodeMinute | null = node.metrics(context);
          out.used.push(pick(minute, 'used', QUIET_NODE.used));
          out.allocated.push(pick(minute, 'allocated', node.allocatedPorts));
          out.newConnections.push(pick(minute, 'newConnections', QUIET_NODE.newConnections));
          out.failed.push(pick(minute, 'failed', QUIET_NODE.failed));
        }
        return out;
      });
      this.nodes.set(lb, samples);
    }
    return samples;
  }

  gatewaySamples(gateway: SimNatGateway): GatewaySamples {
    let samples = this.gateways.get(gateway);
    if (!samples) {
      const out: GatewaySamples = { attempted: [], failed: [], active: [], dropped: [], availability: [] };
      for (const context of this.contexts) {
        const minute: NatGatewayMinute | null = gateway.metrics(context);
        for (const key of Object.keys(out) as Array<keyof GatewaySamples>) out[key].push(pick(minute, key, QUIET_GATEWAY[key]));
      }
      this.gateways.set(gateway, (samples = out));
    }
    return samples;
  }
}

export function loadBalancerSeries(world: SimulatedWorld, lb: SimLoadBalancer, metric: MetricDefinition, cache: SampleCache): RawSeries[] {
  const frontend = lb.frontends[0];
  const frontendIp = frontendAddress(world, frontend?.publicIpId ?? frontend?.publicIpPrefixId);
  const samples = cache.nodeSamples(lb);
  const successful = lb.quirks.connectionStateValues === 'lowercase' ? 'successful' : 'Successful';
  const failed = lb.quirks.connectionStateValues === 'lowercase' ? 'failed' : 'Failed';
  return lb.nodes.flatMap((node, i): RawSeries[] => {
    const s = samples[i]!;
    const base = { FrontendIPAddress: frontendIp, BackendIPAddress: node.privateIp };
    switch (metric.name) {
      case 'UsedSnatPorts':
        return [{ dims: { ...base, ProtocolType: 'TCP', IsAwaitingRemoval: 'False' }, values: s.used }];
      case 'AllocatedSnatPorts':
        return [{ dims: { ...base, ProtocolType: 'TCP', IsAwaitingRemoval: 'False' }, values: s.allocated }];
      default: {
        const succeeded = s.newConnections.map((total, m) => (total === null ? null : Math.max(0, total - (s.failed[m] ?? 0))));
        return [
          { dims: { ...base, ConnectionState: successful }, values: succeeded },
          // A connection state with no events in the window has no series at all.
          ...(s.failed.some((v) => v !== null && v !== 0) ? [{ dims: { ...base, ConnectionState: failed }, values: s.failed }] : []),
        ];
      }
    }
  });
}

export function natGatewaySeries(gateway: SimNatGateway, metric: MetricDefinition, cache: SampleCache): RawSeries[] {
  const s = cache.gatewaySamples(gateway);
  const state = (value: string) => (gateway.quirks.connectionStateValues === 'lowercase' ? value.toLowerCase() : value);
  switch (metric.name) {
    case 'SNATConnectionCount':
      return [
        { dims: { Protocol: 'TCP', ConnectionState: state('Attempted') }, values: s.attempted },
        ...(s.failed.some((v) => v !== null && v !== 0) ? [{ dims: { Protocol: 'TCP', ConnectionState: state('Failed') }, values: s.failed }] : []),
      ];
    case 'TotalConnectionCount':
      return [{ dims: { Protocol: 'TCP' }, values: s.active }];
    case 'PacketDropCount':
      return [{ dims: {}, values: s.dropped }];
    default:
      return [{ dims: {}, values: s.availability }];
  }
}

function pick<T extends object>(minute: T | null, key: keyof T, quiet: number): number | null {
  if (minute === null) return null;
  const value = minute[key] as number | null | undefined;
  return value === undefined ? quiet : value;
}

function frontendAddress(world: SimulatedWorld, id: string | undefined): string {
  const resource = id ? world.get(id) : undefined;
  if (resource?.kind === 'publicIp') return resource.ipAddress;
  if (resource?.kind === 'publicIpPrefix') return resource.ipPrefix.split('/')[0]!;
  return '0.0.0.0';
}
