// An AKS cluster with ACNS on, for attribution tests: three nodes behind one IP (1,024 ports each) —
// node 0 critical with failed connections, node 1 at warning, node 2 calm — and the pods on them as
// Hubble sees them. Node 0's pods: shop/checkout-7f9c opens most connections (looking up
// api.payments.example), shop/cart-5d8b fewer, a hostNetwork agent some; node 1's: batch/report-1.
import type { SimPod } from '../../src/local/simulated-azure/world-types.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import type { SimulatedWorld } from '../../src/local/simulated-azure/world.js';

export const SUBSCRIPTION = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
export const NODE_USE = [960, 800, 200] as const;

export const NODE_PODS: ReadonlyArray<SimPod[] | undefined> = [
  [
    { namespace: 'shop', name: 'checkout-7f9c', synPerMinute: 600, dnsQueries: { 'api.payments.example': 300, 'redis.shop.svc.cluster.local': 20 } },
    { namespace: 'shop', name: 'cart-5d8b', synPerMinute: 150, dnsQueries: { 'inventory.example': 10 } },
    { namespace: 'kube-system', name: 'node-agent-x2x', synPerMinute: 200, hostNetwork: true },
    { namespace: 'shop', name: 'idle-1', synPerMinute: 0 },
    { namespace: 'monitoring', name: 'scraper-1', synPerMinute: 50 },
  ],
  [{ namespace: 'batch', name: 'report-1', synPerMinute: 100, dnsQueries: { 'files.example': 5 } }],
  [{ namespace: 'web', name: 'calm-1', synPerMinute: 5 }],
];

export interface AttributionWorldOptions {
  /** Pods per node index; NODE_PODS by default; undefined entries: ACNS off on that node. */
  pods?: ReadonlyArray<SimPod[] | undefined>;
  /** false: ACNS off, managed Prometheus scraping cAdvisor only (the fallback). */
  acns?: boolean;
  /** Node names that differ from the scale set's (a name with a quote, say). */
  rename?: (name: string) => string;
}

/** Adds the cluster; returns its load balancer's ID and its nodes' names and IPs. */
export function addAttributionCluster(world: SimulatedWorld, options: AttributionWorldOptions = {}) {
  const pods = options.pods ?? NODE_PODS;
  const { loadBalancer } = addAksCluster(world, {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-shop',
    name: 'aks-shop',
    nodes: NODE_USE.length,
    metrics: (node) => () => ({ used: NODE_USE[node.index] ?? 100, newConnections: 400, failed: (NODE_USE[node.index] ?? 0) >= 950 ? 6 : 0 }),
    pods: (node) => pods[node.index],
    ...(options.acns === false ? { acns: false } : {}),
  });
  if (options.rename) for (const node of loadBalancer.nodes) node.name = options.rename(node.name);
  return { id: loadBalancer.id, names: loadBalancer.nodes.map((node) => node.name), ips: loadBalancer.nodes.map((node) => node.privateIp) };
}
