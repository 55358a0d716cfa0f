// ARM reads: GET one resource by ID, or list a type across a subscription (or resource group)
// with nextLink paging, as the SDK's `get` / `listAll` / `list` calls send them.
// https://learn.microsoft.com/rest/api/azure/#async-operations-throttling-and-paging
import { renderManagedCluster } from './arm-render-aks.js';
import { renderLoadBalancer, renderNatGateway, renderPublicIp, renderPublicIpPrefix } from './arm-render-network.js';
import { SimHttpError } from './http-util.js';
import { scaleSetNics, VMSS_NICS, VMSS_NICS_ACTION } from './arm-vmss-nics.js';
import type { SimulatedWorld } from './world.js';
import type { SimResource } from './world-types.js';

const RESOURCE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;
const COLLECTION = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/([^/]+)\/([^/]+)$/i;

export interface ArmRequest {
  path: string;
  query: URLSearchParams;
  /** Base URL for nextLink. */
  origin: string;
  pageSize: number;
}

/** The resource IDs a path is about (for fault matching and the request log). */
export function armResourceIds(path: string): string[] {
  return RESOURCE.test(path) ? [path] : [];
}

export function armAction(path: string): string {
  if (/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path)) return 'Microsoft.ResourceGraph/resources/read';
  if (VMSS_NICS.test(path)) return VMSS_NICS_ACTION;
  const match = RESOURCE.exec(path) ?? COLLECTION.exec(path);
  return match ? `${match[3]}/${match[4]}/read` : 'Microsoft.Resources/read';
}

export function handleArm(world: SimulatedWorld, request: ArmRequest): object {
  if (!request.query.get('api-version')) {
    throw new SimHttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (VMSS_NICS.test(request.path)) {
    requireSubscription(world, VMSS_NICS.exec(request.path)![1]!);
    return page(request, scaleSetNics(world, request.path), (nic) => nic);
  }
  const one = RESOURCE.exec(request.path);
  if (one) {
    requireSubscription(world, one[1]!);
    const resource = world.get(request.path);
    if (!resource) {
      throw new SimHttpError(404, 'ResourceNotFound', `The Resource '${one[3]}/${one[4]}/${one[5]}' under resource group '${one[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    }
    return render(resource);
  }
  const many = COLLECTION.exec(request.path);
  if (many) {
    requireSubscription(world, many[1]!);
    return page(request, world.list(many[1]!, `${many[3]}/${many[4]}`, many[2]), render);
  }
  throw new SimHttpError(404, 'NotFound', `The simulated Azure does not serve ${request.path}.`);
}

/** One page of a list, with a nextLink while more remain. */
function page<T>(request: ArmRequest, all: readonly T[], render: (item: T) => object): object {
  const skip = Math.max(0, Number(request.query.get('$skiptoken') ?? 0) || 0);
  const items = all.slice(skip, skip + request.pageSize);
  const next = skip + request.pageSize < all.length ? nextLink(request, skip + request.pageSize) : undefined;
  return { value: items.map(render), ...(next ? { nextLink: next } : {}) };
}

/** The ARM JSON of a resource, as a GET answers it (Resource Graph indexes the same body). */
export function render(resource: SimResource): object {
  switch (resource.kind) {
    case 'loadBalancer': return renderLoadBalancer(resource);
    case 'natGateway': return renderNatGateway(resource);
    case 'publicIp': return renderPublicIp(resource);
    case 'publicIpPrefix': return renderPublicIpPrefix(resource);
    case 'managedCluster': return renderManagedCluster(resource);
    case 'raw': return resource.body as object;
  }
}

function requireSubscription(world: SimulatedWorld, subscriptionId: string): void {
  if (!world.hasSubscription(subscriptionId)) {
    throw new SimHttpError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
}

function nextLink(request: ArmRequest, skip: number): string {
  const query = new URLSearchParams(request.query);
  query.set('$skiptoken', String(skip));
  return `${request.origin}${request.path}?${query.toString()}`;
}
