// What to watch: the resource IDs in SNAT_TARGETS plus, for SNAT_DISCOVERY_SUBSCRIPTIONS, every
// Standard load balancer doing outbound SNAT and every NAT gateway found there. Discovery lists
// whole subscriptions, so it is refreshed on the topology interval, not every run.
import { discoverTargets, type DiscoveryError } from '../azure/discovery.js';
import type { AzureClients } from '../azure/clients.js';

export interface WatchedTargets {
  ids: string[];
  /** Subscriptions that could not be listed (their known targets are still watched). */
  errors: DiscoveryError[];
}

export interface TargetList {
  get(now: Date): Promise<WatchedTargets>;
}

export function createTargetList(explicit: readonly string[], subscriptions: readonly string[], clients: AzureClients, refreshInMinutes: number): TargetList {
  let discovered: { ids: string[]; at: number } | undefined;
  return {
    async get(now) {
      let errors: DiscoveryError[] = [];
      if (subscriptions.length > 0 && (!discovered || now.getTime() - discovered.at >= refreshInMinutes * 60_000)) {
        const result = await discoverTargets(subscriptions, { clients });
        errors = result.errors;
        // A subscription that failed to list keeps the targets it had: one bad listing must not unwatch them.
        const failed = new Set(errors.map((error) => error.subscriptionId.toLowerCase()));
        const kept = (discovered?.ids ?? []).filter((id) => failed.has(id.split('/')[2]?.toLowerCase() ?? ''));
        discovered = { ids: [...result.targetIds, ...kept], at: now.getTime() };
      }
      return { ids: dedupe([...explicit, ...(discovered?.ids ?? [])]), errors };
    },
  };
}

/** ARM IDs are case-insensitive: keep the first spelling of each. */
function dedupe(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
}
