// The commands for AKS clusters that keep what they have: more of the owner's own outbound IPs or
// prefixes (created first, then listed with the existing ones — never a managed count, which would
// replace allow-listed addresses), and a user-assigned NAT gateway for a custom VNet (managed NAT
// gateway does not work there). Everything in the node resource group changes through `az aks`.
// https://learn.microsoft.com/azure/aks/configure-load-balancer-standard#provide-your-own-outbound-public-ips-or-prefixes
// https://learn.microsoft.com/azure/aks/nat-gateway#create-an-aks-cluster-with-a-user-assigned-nat-gateway
// https://learn.microsoft.com/azure/aks/egress-outboundtype#update-cluster-from-loadbalancer-to-userassignednatgateway-in-byo-vnet-scenario
import { aksUpdate, arg, derivedName } from './az-commands.js';
import type { PlanTarget } from './plan-schema.js';

type AksTarget = Extract<PlanTarget, { kind: 'aks' }>;

/** A resource the commands create, with the ID it will have. */
export interface NewResource {
  resourceGroup: string;
  name: string;
  id: string;
}

/**
 * Names for `count` new resources of `type` beside the first existing one (same subscription and
 * resource group), skipping names already taken: `{cluster}{suffix}-{n}`.
 */
export function newResourcesBeside(existingIds: readonly string[], type: 'publicIPAddresses' | 'publicIPPrefixes', baseName: string, suffix: string, count: number): NewResource[] {
  const { subscription, resourceGroup } = placeOf(existingIds[0]);
  const taken = new Set(existingIds.map((id) => id.slice(id.lastIndexOf('/') + 1).toLowerCase()));
  const created: NewResource[] = [];
  for (let index = existingIds.length + 1; created.length < count; index += 1) {
    const name = derivedName(baseName, `${suffix}-${index}`);
    if (taken.has(name.toLowerCase())) continue;
    created.push({ resourceGroup, name, id: `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${type}/${name}` });
  }
  return created;
}

/** Create the new public IPs, then give the cluster the existing ones plus the new ones, with explicit ports. */
export function addOwnOutboundIpsCommands(target: AksTarget, existingIds: readonly string[], added: readonly NewResource[], ports: number): string[] {
  return [
    ...added.map((ip) => `az network public-ip create --resource-group ${arg(ip.resourceGroup)} --name ${arg(ip.name)} --sku Standard --allocation-method Static`),
    aksUpdate(target, `--load-balancer-outbound-ips ${arg([...existingIds, ...added.map((ip) => ip.id)].join(','))} --load-balancer-outbound-ports ${ports}`),
  ];
}

/** Create the new prefixes (each `length`), then give the cluster the existing prefixes plus the new ones. */
export function addOutboundPrefixesCommands(target: AksTarget, existingIds: readonly string[], added: readonly NewResource[], length: number, ports: number): string[] {
  return [
    ...added.map((prefix) => `az network public-ip prefix create --resource-group ${arg(prefix.resourceGroup)} --name ${arg(prefix.name)} --length ${length}`),
    aksUpdate(target, `--load-balancer-outbound-ip-prefixes ${arg([...existingIds, ...added.map((prefix) => prefix.id)].join(','))} --load-balancer-outbound-ports ${ports}`),
  ];
}

/**
 * A custom-VNet cluster moves to a NAT gateway it owns: create its public IPs and the gateway beside
 * the VNet, attach it to every node subnet, then switch the cluster's outbound type.
 */
export function userAssignedNatGatewayCommands(target: AksTarget, subnetIds: readonly string[], publicIps: number, idleTimeoutMinutes: number): string[] {
  const { subscription, resourceGroup } = placeOf(subnetIds[0]);
  const rg = arg(resourceGroup);
  const ips = Array.from({ length: publicIps }, (_, index) => arg(derivedName(target.clusterName, `-natgw-ip-${index + 1}`)));
  const nat = derivedName(target.clusterName, '-natgw');
  const natId = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/natGateways/${nat}`;
  return [
    ...ips.map((ip) => `az network public-ip create --resource-group ${rg} --name ${ip} --sku Standard --allocation-method Static`),
    `az network nat gateway create --resource-group ${rg} --name ${arg(nat)} --public-ip-addresses ${ips.join(' ')} --idle-timeout ${idleTimeoutMinutes}`,
    ...subnetIds.map((subnet) => `az network vnet subnet update --ids ${arg(subnet)} --nat-gateway ${arg(natId)}`),
    aksUpdate(target, '--outbound-type userAssignedNATGateway'),
  ];
}

/** The subscription and resource group of an ARM ID; shell variables when there is none. */
function placeOf(id: string | undefined): { subscription: string; resourceGroup: string } {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id ?? '');
  return { subscription: match?.[1] ?? '$SUBSCRIPTION_ID', resourceGroup: match?.[2] ?? '$RESOURCE_GROUP' };
}
