// The programmable world behind the simulated Azure: a store of resources by ID (ARM is
// case-insensitive), listable per subscription and type, plus the clock its metrics follow.
import { parseResourceId, resourceIdKey } from '../../azure/resource-id.js';
import { floorToMinute, MINUTE_MS, systemClock, type SimClock } from './clock.js';
import type { MinuteContext, SimResource } from './world-types.js';

export interface WorldOptions {
  clock?: SimClock;
  /** Minute 0 of the generators; defaults to the clock's current minute. */
  origin?: Date;
}

/** ARM type (`microsoft.network/loadbalancers`) of each resource kind. */
const TYPE_OF_KIND: Record<Exclude<SimResource['kind'], 'raw'>, string> = {
  loadBalancer: 'microsoft.network/loadbalancers',
  natGateway: 'microsoft.network/natgateways',
  publicIp: 'microsoft.network/publicipaddresses',
  publicIpPrefix: 'microsoft.network/publicipprefixes',
  managedCluster: 'microsoft.containerservice/managedclusters',
};

export class SimulatedWorld {
  readonly clock: SimClock;
  readonly origin: Date;
  private readonly byId = new Map<string, SimResource>();
  private readonly byScope = new Map<string, SimResource[]>();
  private readonly subscriptions = new Set<string>();
  private ipCounter = 0;

  constructor(options: WorldOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.origin = new Date(floorToMinute((options.origin ?? this.clock.now()).getTime()));
  }

  /** Adds (or replaces) a resource. */
  add<T extends SimResource>(resource: T): T {
    const key = resourceIdKey(resource.id);
    const previous = this.byId.get(key);
    this.byId.set(key, resource);
    const scope = scopeKey(resource.subscriptionId, typeOf(resource));
    const list = this.byScope.get(scope) ?? [];
    if (previous) list.splice(list.indexOf(previous), 1, resource);
    else list.push(resource);
    this.byScope.set(scope, list);
    this.subscriptions.add(resource.subscriptionId.toLowerCase());
    return resource;
  }

  /** Makes a subscription exist even while it holds nothing. */
  addSubscription(subscriptionId: string): void {
    this.subscriptions.add(subscriptionId.toLowerCase());
  }

  remove(id: string): boolean {
    const resource = this.byId.get(resourceIdKey(id));
    if (!resource) return false;
    this.byId.delete(resourceIdKey(id));
    const list = this.byScope.get(scopeKey(resource.subscriptionId, typeOf(resource)))!;
    list.splice(list.indexOf(resource), 1);
    return true;
  }

  /** Every resource, in no promised order. */
  all(): SimResource[] {
    return [...this.byId.values()];
  }

  get(id: string): SimResource | undefined {
    return this.byId.get(resourceIdKey(id));
  }

  hasSubscription(subscriptionId: string): boolean {
    return this.subscriptions.has(subscriptionId.toLowerCase());
  }

  /** Resources of one ARM type (`Microsoft.Network/loadBalancers`) in a subscription, in insertion order. */
  list(subscriptionId: string, type: string, resourceGroup?: string): readonly SimResource[] {
    const all = this.byScope.get(scopeKey(subscriptionId, type.toLowerCase())) ?? [];
    if (resourceGroup === undefined) return all;
    return all.filter((resource) => resource.resourceGroup.toLowerCase() === resourceGroup.toLowerCase());
  }

  minuteContext(atMs: number): MinuteContext {
    return { at: new Date(atMs), minute: Math.floor((atMs - this.origin.getTime()) / MINUTE_MS) };
  }

  /** A fresh address for a new public IP (20.x.y.z) or backend node (10.x.y.z), unique in this world. */
  nextIp(kind: 'public' | 'private'): string {
    const n = ++this.ipCounter;
    return `${kind === 'public' ? 20 : 10}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }
}

export function typeOf(resource: SimResource): string {
  if (resource.kind === 'raw') return resource.type;
  return TYPE_OF_KIND[resource.kind];
}

/** The ARM type of a resource ID, lowercased. */
export function typeOfId(id: string): string {
  const parts = parseResourceId(id);
  return `${parts.namespace}/${parts.type}`.toLowerCase();
}

function scopeKey(subscriptionId: string, type: string): string {
  return `${subscriptionId.toLowerCase()}|${type}`;
}
