// Finds what to watch in whole subscriptions: every Standard load balancer that does outbound
// SNAT (an outbound rule, or a load-balancing rule on a public frontend without
// disableOutboundSnat) and every NAT gateway. Basic LBs are left out: they have no SNAT metrics.
// https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections
import type { LoadBalancer } from '@azure/arm-network';
import type { AzureClients } from './clients.js';
import { mapConcurrent } from './map-concurrent.js';
import { toReadError, type ReadErrorKind } from './read-error.js';
import { withRetry, type RetryOptions } from './retry.js';
import { queryGraph } from './resource-graph-client.js';
import { GRAPH_TYPES, targetsInScopeQuery } from './resource-graph-queries.js';
import { toSdkModel, type GraphRow } from './resource-graph-rows.js';

export interface DiscoverTargetsOptions {
  clients: AzureClients;
  /** Its `deadline` bounds every listing. */
  retry?: RetryOptions;
}

export interface DiscoveryError {
  subscriptionId: string;
  kind: ReadErrorKind;
  message: string;
}

export interface DiscoveryResult {
  /** Resource IDs to watch: load balancers then NAT gateways, per subscription in the order given. */
  targetIds: string[];
  /** Subscriptions (or one of their listings) that could not be read. */
  errors: DiscoveryError[];
}

export async function discoverTargets(subscriptionIds: readonly string[], options: DiscoverTargetsOptions): Promise<DiscoveryResult> {
  const perSubscription = await mapConcurrent(subscriptionIds, 4, async (subscriptionId) => {
    const network = options.clients.network(subscriptionId);
    const listing = async <T>(list: (options: { abortSignal: AbortSignal | undefined }) => AsyncIterable<T>) => {
      try {
        return { items: await withRetry((abortSignal) => collect(list({ abortSignal })), options.retry) };
      } catch (error) {
        const { kind, message } = toReadError(subscriptionId, error);
        return { items: [] as T[], error: { subscriptionId, kind, message } };
      }
    };
    const [balancers, gateways] = await Promise.all([listing((o) => network.loadBalancers.listAll(o)), listing((o) => network.natGateways.listAll(o))]);
    return {
      targetIds: [...balancers.items.filter((lb) => WATCHED.has(outboundSnatOf(lb))), ...gateways.items].flatMap((resource) => (resource.id ? [resource.id] : [])),
      errors: [balancers.error, gateways.error].filter((error): error is DiscoveryError => error !== undefined),
    };
  });
  return { targetIds: perSubscription.flatMap((s) => s.targetIds), errors: perSubscription.flatMap((s) => s.errors) };
}

/** Why a load balancer does (or does not) SNAT outbound traffic. */
export type OutboundSnatReason = 'outbound-rule' | 'load-balancing-rule' | 'basic-sku' | 'no-public-snat';

/** Standard SKU with an outbound rule, or a load-balancing rule that SNATs through a public frontend. */
export function outboundSnatOf(lb: LoadBalancer): OutboundSnatReason {
  if (lb.sku?.name !== 'Standard') return 'basic-sku';
  if ((lb.outboundRules ?? []).length > 0) return 'outbound-rule';
  const publicFrontends = new Set(
    (lb.frontendIPConfigurations ?? []).filter((f) => f.publicIPAddress || f.publicIPPrefix).map((f) => (f.id ?? '').toLowerCase()),
  );
  const snats = (lb.loadBalancingRules ?? []).some((rule) => !rule.disableOutboundSnat && publicFrontends.has((rule.frontendIPConfiguration?.id ?? '').toLowerCase()));
  return snats ? 'load-balancing-rule' : 'no-public-snat';
}

const WATCHED: ReadonlySet<OutboundSnatReason> = new Set(['outbound-rule', 'load-balancing-rule']);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/**
 * The same discovery through Resource Graph: one query (paged at 1,000 rows) over every subscription,
 * instead of two listings per subscription. Resource Graph answers for all of them or for none, so a
 * failure is reported against each subscription asked about (their known targets are kept).
 */
export async function discoverTargetsFromGraph(subscriptionIds: readonly string[], options: DiscoverTargetsOptions & { pageSize?: number }): Promise<DiscoveryResult> {
  if (subscriptionIds.length === 0) return { targetIds: [], errors: [] };
  try {
    const { rows } = await queryGraph<GraphRow>(targetsInScopeQuery(), subscriptionIds, { clients: options.clients, retry: options.retry, pageSize: options.pageSize });
    const order = new Map(subscriptionIds.map((id, index) => [id.toLowerCase(), index]));
    const watched = rows
      .map((row) => ({ row, model: toSdkModel(row) }))
      .filter(({ row, model }) => row.type.toLowerCase() === GRAPH_TYPES.natGateway || WATCHED.has(outboundSnatOf(model as LoadBalancer)));
    // Load balancers then NAT gateways, per subscription in the order given (as discoverTargets answers).
    const rank = ({ row }: { row: GraphRow }) => (order.get(row.id.split('/')[2]?.toLowerCase() ?? '') ?? 0) * 2 + (row.type.toLowerCase() === GRAPH_TYPES.natGateway ? 1 : 0);
    return { targetIds: watched.sort((a, b) => rank(a) - rank(b)).map(({ row }) => row.id), errors: [] };
  } catch (error) {
    return { targetIds: [], errors: subscriptionIds.map((subscriptionId) => ({ subscriptionId, ...pick(toReadError(subscriptionId, error)) })) };
  }
}

function pick({ kind, message }: { kind: ReadErrorKind; message: string }): { kind: ReadErrorKind; message: string } {
  return { kind, message };
}
