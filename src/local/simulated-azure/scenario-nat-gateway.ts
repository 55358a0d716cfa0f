// NAT gateways as production runs them: heavy connection reuse, so TotalConnectionCount sits well
// above 64,512 × IPs without a single failure (a port is reused across destinations), on a Standard
// and on a StandardV2 gateway; and one gateway whose ports to a busy destination run out, so its
// SNATConnectionCount shows Failed connections. The watch must call the first two ok and the
// third critical. Metrics have no per-VM dimension here, exactly as in Azure.
import { floorToMinute, scaledClock, type SimClock } from './clock.js';
import { addNatGateway } from './world-builders.js';
import type { NatGatewayMetrics } from './world-types.js';
import { SimulatedWorld } from './world.js';

export type NatScenarioKind = 'reuse-standard' | 'reuse-standard-v2' | 'failing';

export interface NatScenarioOptions {
  kind: NatScenarioKind;
  subscriptionId?: string;
  resourceGroup?: string;
  /** Minute 0; defaults to the current minute. */
  start?: Date;
  clock?: SimClock;
}

export interface NatScenario {
  world: SimulatedWorld;
  clock: SimClock;
  targetIds: string[];
}

/** From this minute of the failing story on, the gateway's ports to its busiest destination run out. */
export const NAT_FAILURES_FROM_MINUTE = 5;

export function createNatScenario(options: NatScenarioOptions): NatScenario {
  const start = new Date(floorToMinute((options.start ?? options.clock?.now() ?? new Date()).getTime()));
  const clock = options.clock ?? scaledClock(start, 1);
  const world = new SimulatedWorld({ clock, origin: start });
  const placed = { subscriptionId: options.subscriptionId ?? '5a7e0000-0000-4000-8000-0000000a7a7e', resourceGroup: options.resourceGroup ?? 'rg-egress', location: 'westeurope' };
  const gateway = (() => {
    switch (options.kind) {
      case 'reuse-standard':
        // 1 IP = 64,512 ports; ~90,000 connections spread over many destinations, no failure.
        return addNatGateway(world, { ...placed, name: 'natgw-standard', sku: 'Standard', publicIps: 1, metrics: reuse(90_000) });
      case 'reuse-standard-v2':
        // 2 IPv4 = 129,024 ports (plus one IPv6 address); ~300,000 connections, no failure.
        return addNatGateway(world, { ...placed, name: 'natgw-v2', sku: 'StandardV2', publicIps: 2, publicIpsV6: 1, metrics: reuse(300_000) });
      case 'failing':
        return addNatGateway(world, { ...placed, name: 'natgw-busy', sku: 'Standard', publicIps: 1, metrics: failing() });
    }
  })();
  world.addSubscription(placed.subscriptionId);
  return { world, clock, targetIds: [gateway.id] };
}

/** Many destinations, so many connections per port; connections above the port count, no failures. */
function reuse(connections: number): NatGatewayMetrics {
  return ({ minute }) => ({
    active: Math.round(connections * (1 + 0.03 * Math.sin(minute / 3))),
    attempted: Math.round(connections / 20),
    failed: 0,
    dropped: 0,
    availability: 100,
  });
}

/** Most connections go to one API: past 50,000 per IP to that destination new connections fail. */
function failing(): NatGatewayMetrics {
  return ({ minute }) => {
    const failed = minute >= NAT_FAILURES_FROM_MINUTE ? 40 + (minute % 7) * 5 : 0;
    return { active: 52_000 + 100 * (minute % 5), attempted: 3_000, failed, dropped: failed * 3, availability: 100 };
  };
}
