// Which Azure RBAC action each SDK call of src/azure needs, and the SDK calls src/azure makes, found in
// its text. The operation groups are read from the real SDK clients, so a call through any of them
// (publicIPAddresses.get, agentPools.list, …) is found even if this table has not heard of it yet.
// Actions: https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';

/** SDK call (`operationGroup.method`, or the MetricsClient method) → the action Azure checks for it. */
export const SDK_CALL_ACTIONS: Readonly<Record<string, string>> = {
  'loadBalancers.get': 'Microsoft.Network/loadBalancers/read',
  'loadBalancers.list': 'Microsoft.Network/loadBalancers/read',
  'loadBalancers.listAll': 'Microsoft.Network/loadBalancers/read',
  'natGateways.get': 'Microsoft.Network/natGateways/read',
  'natGateways.list': 'Microsoft.Network/natGateways/read',
  'natGateways.listAll': 'Microsoft.Network/natGateways/read',
  'publicIPAddresses.get': 'Microsoft.Network/publicIPAddresses/read',
  'publicIPAddresses.listAll': 'Microsoft.Network/publicIPAddresses/read',
  'publicIPPrefixes.get': 'Microsoft.Network/publicIPPrefixes/read',
  'publicIPPrefixes.listAll': 'Microsoft.Network/publicIPPrefixes/read',
  'networkInterfaces.get': 'Microsoft.Network/networkInterfaces/read',
  // Listed under Microsoft.Compute in resource-provider-operations: "Get properties of all network interfaces of a Virtual Machine Scale Set".
  'networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces': 'Microsoft.Compute/virtualMachineScaleSets/networkInterfaces/read',
  'managedClusters.get': 'Microsoft.ContainerService/managedClusters/read',
  'managedClusters.list': 'Microsoft.ContainerService/managedClusters/read',
  'managedClusters.listByResourceGroup': 'Microsoft.ContainerService/managedClusters/read',
  'agentPools.get': 'Microsoft.ContainerService/managedClusters/agentPools/read',
  'agentPools.list': 'Microsoft.ContainerService/managedClusters/agentPools/read',
  // The metrics batch API (metrics:getBatch) reads platform metrics of each resource it names, whether
  // through MetricsClient.queryResources or sent through its pipeline (metrics-batch-request.ts).
  queryResources: 'Microsoft.Insights/metrics/read',
  // ResourceGraphClient.resources: "Submits a query on resources within specified subscriptions, management groups or tenant".
  resources: 'Microsoft.ResourceGraph/resources/read',
  'metrics:getBatch': 'Microsoft.Insights/metrics/read',
};

const noCredential: TokenCredential = { getToken: async () => null };

/** The operation group names of the ARM clients src/azure/clients.ts builds. */
function operationGroups(): string[] {
  const clients: object[] = [new NetworkManagementClient(noCredential, 'sub'), new ContainerServiceClient(noCredential, 'sub')];
  return clients.flatMap((client) => Object.entries(client).flatMap(([name, value]) => (name !== 'pipeline' && !name.startsWith('_') && hasMethods(value) ? [name] : [])));
}

/** An operation group: an object with methods, on itself (newer SDKs) or its class (older ones). */
function hasMethods(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as object;
  const names = [...Object.keys(value), ...(prototype === Object.prototype ? [] : Object.getOwnPropertyNames(prototype))];
  return names.some((name) => name !== 'constructor' && typeof (value as Record<string, unknown>)[name] === 'function');
}

/** Every SDK call in src/azure/*.ts, as `group.method` (or `queryResources`, Resource Graph's `resources`), with the file it is in. */
export function sdkCallsIn(root: string): Array<{ call: string; file: string }> {
  const groups = new Set(operationGroups());
  const dir = join(root, 'src', 'azure');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const arm = [...text.matchAll(/\.(\w+)\.(\w+)\s*\(/g)].filter((m) => groups.has(m[1]!)).map((m) => `${m[1]}.${m[2]}`);
      const metrics = [...text.matchAll(/\.(queryResources?)\s*\(|\/(metrics:getBatch)\?/g)].map((m) => (m[1] ?? m[2])!);
      const graph = [...text.matchAll(/\.(resources)\s*\(\s*\{/g)].map((m) => m[1]!);
      return [...new Set([...arm, ...metrics, ...graph])].map((call) => ({ call, file: `src/azure/${name}` }));
    });
}
