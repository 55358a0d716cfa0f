// What to watch: the resource IDs in SNAT_TARGETS plus, for SNAT_DISCOVERY_SUBSCRIPTIONS, every
// Standard load balancer doing outbound SNAT and every NAT gateway found there. Discovery reads
// whole subscriptions (one Resource Graph query for all that are due, or ARM listings), so each subscription is listed once per topology interval, at its own
// moment in it (refresh-slot.ts). A subscription whose listing fails keeps the targets it had and
// is listed again next run: one bad listing must not unwatch them.
import type { AzureClients } from '../azure/clients.js';
import { discoverTargets, discoverTargetsFromGraph, type DiscoveryError } from '../azure/discovery.js';
import { nextRefreshAt } from './refresh-slot.js';
import type { ReadOptions } from './topology-cache.js';

export interface WatchedTargets {
  ids: string[];
  /** Subscriptions that could not be listed this run (their known targets are still watched). */
  errors: DiscoveryError[];
}

export interface TargetList {
  get(now: Date, options?: ReadOptions): Promise<WatchedTargets>;
}

interface Listing {
  ids: string[];
  refreshAt: number;
}

export interface TargetListOptions {
  /** SNAT_TOPOLOGY_SOURCE: one Resource Graph query for every due subscription (default), or two ARM listings each. */
  source?: 'resource-graph' | 'arm';
}

export function createTargetList(explicit: readonly string[], subscriptions: readonly string[], clients: AzureClients, refreshInMinutes: number, options: TargetListOptions = {}): TargetList {
  const discover = options.source === 'arm' ? discoverTargets : discoverTargetsFromGraph;
  const listings = new Map<string, Listing>();
  const intervalInMs = refreshInMinutes * 60_000;
  return {
    async get(now, options = {}) {
      const at = now.getTime();
      const due = subscriptions.filter((subscription) => at >= (listings.get(subscription.toLowerCase())?.refreshAt ?? at));
      const result = due.length > 0 ? await discover(due, { clients, retry: { deadline: options.deadline } }) : { targetIds: [], errors: [] };
      for (const subscription of due) {
        const key = subscription.toLowerCase();
        const found = result.targetIds.filter((id) => subscriptionOf(id) === key);
        const failed = result.errors.some((error) => error.subscriptionId.toLowerCase() === key);
        const previous = listings.get(key);
        if (!failed) listings.set(key, { ids: found, refreshAt: nextRefreshAt(key, at, intervalInMs) });
        else listings.set(key, { ids: dedupe([...found, ...(previous?.ids ?? [])]), refreshAt: at });
      }
      const discovered = subscriptions.flatMap((subscription) => listings.get(subscription.toLowerCase())?.ids ?? []);
      return { ids: dedupe([...explicit, ...discovered]), errors: result.errors };
    },
  };
}

function subscriptionOf(id: string): string {
  return id.split('/')[2]?.toLowerCase() ?? '';
}

/** ARM IDs are case-insensitive: keep the first spelling of each. */
function dedupe(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
}
