// The finest-grained series a resource emits for one metric (one per node, frontend IP and dimension
// value), computed from the world's generators. Each generator runs once per minute per request.
import type { MetricDefinition } from './metric-catalog.js';
import type { SimulatedWorld } from './world.js';
import { splitOverFrontends } from './metrics-spread.js';
import type { MinuteContext, NatGatewayMinute, NodeMinute, SimLoadBalancer, SimNatGateway, SimNode } from './world-types.js';

/** A value per minute; null = no point that minute; NaN is served as JSON null. */
export type Values = (number | null)[];

export interface RawSeries {
  /** Dimension values by documented dimension name. */
  dims: Readonly<Record<string, string>>;
  values: Values;
}

/** What a node or gateway reports when its generator leaves a value undefined. */
const QUIET_NODE = { used: 8, newConnections: 4, failed: 0, udpUsed: 0 } as const;
const QUIET_GATEWAY = { attempted: 20, failed: 0, active: 40, dropped: 0, availability: 100 } as const;

/** One protocol on one frontend IP of a node. */
interface PortSamples {
  used: Values;
  allocated: Values;
}

/** A node's samples by frontend IP (index = the load balancer's outbound frontend IP order). */
interface NodeSamples {
  tcp: PortSamples[];
  /** Null when the node never reported UDP in the window. */
  udp: PortSamples[] | null;
  newConnections: Values[];
  failed: Values[];
  /** Per minute: IsAwaitingRemoval = True. */
  removing: boolean[];
}

interface LoadBalancerSamples {
  /** The outbound frontend IP addresses, one per public IP (a prefix counts each of its addresses). */
  frontendIps: string[];
  nodes: NodeSamples[];
}

type GatewaySamples = Record<keyof typeof QUIET_GATEWAY, Values>;

/** Per-request memo: each generator runs once per minute even when several metrics need it. */
export class SampleCache {
  private readonly nodes = new Map<SimLoadBalancer, LoadBalancerSamples>();
  private readonly gateways = new Map<SimNatGateway, GatewaySamples>();
  /** One context per minute, shared by every generator call of the request. */
  private readonly contexts: MinuteContext[];

  constructor(
    private readonly world: SimulatedWorld,
    minutes: readonly number[],
  ) {
    this.contexts = minutes.map((at) => world.minuteContext(at));
  }

  loadBalancerSamples(lb: SimLoadBalancer): LoadBalancerSamples {
    let samples = this.nodes.get(lb);
    if (!samples) {
      const frontendIps = outboundFrontendIps(this.world, lb);
      samples = { frontendIps, nodes: lb.nodes.map((node) => this.nodeSamples(node.metrics, node.allocatedPorts, frontendIps.length)) };
      this.nodes.set(lb, samples);
    }
    return samples;
  }

  private nodeSamples(metrics: SimNode['metrics'], allocatedPorts: number, frontends: number): NodeSamples {
    const port = (): PortSamples => ({ used: [], allocated: [] });
    const out: NodeSamples = {
      tcp: Array.from({ length: frontends }, port),
      udp: null,
      newConnections: Array.from({ length: frontends }, () => []),
      failed: Array.from({ length: frontends }, () => []),
      removing: [],
    };
    const udp = Array.from({ length: frontends }, port);
    let udpSeen = false;
    for (const context of this.contexts) {
      const minute: NodeMinute | null = metrics(context);
      out.removing.push(minute?.awaitingRemoval === true);
      const tcp = splitOverFrontends(
        {
          used: pick(minute, 'used', QUIET_NODE.used),
          allocated: pick(minute, 'allocated', allocatedPorts),
          newConnections: pick(minute, 'newConnections', QUIET_NODE.newConnections),
          failed: pick(minute, 'failed', QUIET_NODE.failed),
          frontends: minute?.frontends,
        },
        frontends,
      );
      const udpMinute = minute?.udp;
      if (udpMinute) udpSeen = true;
      const udpSplit = udpMinute
        ? splitOverFrontends({ used: pick(udpMinute, 'used', QUIET_NODE.udpUsed), allocated: pick(udpMinute, 'allocated', allocatedPorts), newConnections: 0, failed: 0, frontends: udpMinute.frontends }, frontends)
        : null;
      for (let i = 0; i < frontends; i++) {
        const missing = minute === null;
        out.tcp[i]!.used.push(missing ? null : tcp[i]!.used);
        out.tcp[i]!.allocated.push(missing ? null : tcp[i]!.allocated);
        out.newConnections[i]!.push(missing ? null : tcp[i]!.newConnections);
        out.failed[i]!.push(missing ? null : tcp[i]!.failed);
        udp[i]!.used.push(udpSplit ? udpSplit[i]!.used : null);
        udp[i]!.allocated.push(udpSplit ? udpSplit[i]!.allocated : null);
      }
    }
    if (udpSeen) out.udp = udp;
    return out;
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

/**
 * The finest series Azure keeps for a load balancer metric: one per backend, frontend IP and
 * protocol (and IsAwaitingRemoval) for the port metrics, per backend, frontend IP and state for
 * connections. The renderer aggregates over whatever the request leaves unsplit, as Azure Monitor does.
 */
export function loadBalancerSeries(lb: SimLoadBalancer, metric: MetricDefinition, cache: SampleCache): RawSeries[] {
  const { frontendIps, nodes } = cache.loadBalancerSamples(lb);
  const successful = lb.quirks.connectionStateValues === 'lowercase' ? 'successful' : 'Successful';
  const failed = lb.quirks.connectionStateValues === 'lowercase' ? 'failed' : 'Failed';
  return lb.nodes.flatMap((node, n): RawSeries[] => {
    const s = nodes[n]!;
    return frontendIps.flatMap((frontendIp, i): RawSeries[] => {
      const base = { FrontendIPAddress: frontendIp, BackendIPAddress: node.privateIp };
      if (metric.name === 'UsedSnatPorts' || metric.name === 'AllocatedSnatPorts') {
        const key = metric.name === 'UsedSnatPorts' ? 'used' : 'allocated';
        const protocols: Array<[string, PortSamples[]]> = [['TCP', s.tcp], ...(s.udp ? [['UDP', s.udp] as [string, PortSamples[]]] : [])];
        return protocols.flatMap(([protocol, ports]) => byRemoval(ports[i]![key], s.removing).map(({ flag, values }) => ({ dims: { ...base, ProtocolType: protocol, IsAwaitingRemoval: flag }, values })));
      }
      const all = s.newConnections[i]!;
      const failures = s.failed[i]!;
      const succeeded = all.map((total, m) => (total === null ? null : Math.max(0, total - (failures[m] ?? 0))));
      return [
        { dims: { ...base, ConnectionState: successful }, values: succeeded },
        // A connection state with no events in the window has no series at all.
        ...(failures.some((v) => v !== null && v !== 0) ? [{ dims: { ...base, ConnectionState: failed }, values: failures }] : []),
      ];
    });
  });
}

/** A node's values as the False series and, for minutes it was being removed, the True one. */
function byRemoval(values: Values, removing: readonly boolean[]): Array<{ flag: string; values: Values }> {
  if (!removing.some(Boolean)) return [{ flag: 'False', values }];
  return [
    { flag: 'False', values: values.map((value, m) => (removing[m] ? null : value)) },
    { flag: 'True', values: values.map((value, m) => (removing[m] ? value : null)) },
  ];
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

/**
 * The load balancer's outbound frontend IP addresses: those of its outbound rule's frontends (else
 * every frontend), a public IP prefix counting each of its addresses. An internal load balancer has
 * none; it reports on 0.0.0.0 as before.
 */
export function outboundFrontendIps(world: SimulatedWorld, lb: SimLoadBalancer): string[] {
  const names = lb.outboundRules[0]?.frontends;
  const frontends = names ? lb.frontends.filter((frontend) => names.includes(frontend.name)) : lb.frontends;
  const addresses = frontends.flatMap((frontend): string[] => {
    const resource = world.get(frontend.publicIpId ?? frontend.publicIpPrefixId ?? '');
    if (resource?.kind === 'publicIp') return [resource.ipAddress];
    if (resource?.kind === 'publicIpPrefix') {
      const [base, length] = resource.ipPrefix.split('/');
      const start = base!.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
      return Array.from({ length: 2 ** (32 - Number(length)) }, (_, i) => {
        const value = start + i;
        return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
      });
    }
    return [];
  });
  return addresses.length > 0 ? addresses : ['0.0.0.0'];
}
