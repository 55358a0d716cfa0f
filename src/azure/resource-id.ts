// ARM resource IDs: /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}.
// ARM treats every segment case-insensitively, so comparisons go through `resourceIdKey`.
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules

export type TargetKind = 'loadBalancer' | 'natGateway';

export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.Network`. */
  namespace: string;
  /** e.g. `loadBalancers`; nested types keep their slashes (`loadBalancers/backendAddressPools`). */
  type: string;
  name: string;
}

const TOP_LEVEL = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/** Splits a top-level resource ID; throws TypeError naming the ID when it is not one. */
export function parseResourceId(id: string): ResourceIdParts {
  const match = TOP_LEVEL.exec(id.trim());
  if (!match) throw new TypeError(`not an ARM resource ID: "${id}" (expected /subscriptions/…/resourceGroups/…/providers/Namespace/type/name)`);
  const [, subscriptionId, resourceGroup, namespace, type, name] = match as unknown as [string, string, string, string, string, string];
  return { subscriptionId, resourceGroup, namespace, type, name };
}

/** A case-insensitive key for maps of resource IDs. */
export function resourceIdKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Which target kind a resource ID names, or undefined when it is neither a load balancer nor a NAT gateway. */
export function targetKindOf(id: string): TargetKind | undefined {
  const match = TOP_LEVEL.exec(id.trim());
  if (!match || match[3]!.toLowerCase() !== 'microsoft.network') return undefined;
  const type = match[4]!.toLowerCase();
  if (type === 'loadbalancers') return 'loadBalancer';
  if (type === 'natgateways') return 'natGateway';
  return undefined;
}

/** The metric namespace of a target kind, as the metrics APIs spell it. */
export function metricNamespaceOf(kind: TargetKind): string {
  return kind === 'loadBalancer' ? 'Microsoft.Network/loadBalancers' : 'Microsoft.Network/natGateways';
}

/** Azure region names as the regional endpoints spell them: `East US` → `eastus`. */
export function normalizeRegion(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
