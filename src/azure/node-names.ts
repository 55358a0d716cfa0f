// Load balancer backend IP → Kubernetes node name, for the `kubernetes` load balancer of an AKS cluster.
// The backend pool's members are VM scale set NIC IP configurations
// (…/virtualMachineScaleSets/{vmss}/virtualMachines/{instanceId}/networkInterfaces/…); listing the scale
// set's NICs (Microsoft.Compute/virtualMachineScaleSets/networkInterfaces/read) gives each instance's
// private IP. The node name is the instance's computer name: `{computerNamePrefix}{instance ID in base
// 36, 6 digits}` (https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-instance-ids),
// and AKS sets the computer name prefix to the scale set's name (aks-nodepool1-12345678-vmss → node
// aks-nodepool1-12345678-vmss000003): relied on here, so no Microsoft.Compute read is needed.
import type { NetworkInterface } from '@azure/arm-network';
import type { AzureClients } from './clients.js';

/** A scale set whose instances are members of the load balancer's backend pool. */
export interface ScaleSetRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const SCALE_SET_MEMBER = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)\/virtualMachines\/(\d+)\//i;

/** The distinct scale sets among NIC IP configuration IDs. */
export function scaleSetsOf(ipConfigurationIds: readonly string[]): ScaleSetRef[] {
  const found = new Map<string, ScaleSetRef>();
  for (const id of ipConfigurationIds) {
    const match = SCALE_SET_MEMBER.exec(id);
    if (match) found.set(`${match[1]}/${match[2]}/${match[3]}`.toLowerCase(), { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! });
  }
  return [...found.values()];
}

/** `aks-nodepool1-12345678-vmss` + instance 3 → `aks-nodepool1-12345678-vmss000003`. */
export function computerName(scaleSetName: string, instanceId: number): string {
  return `${scaleSetName}${instanceId.toString(36).padStart(6, '0')}`;
}

/** Private IP → node name over every NIC of the scale sets. */
export async function readNodeNames(clients: AzureClients, scaleSets: readonly ScaleSetRef[], options: { abortSignal?: AbortSignal } = {}): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const scaleSet of scaleSets) {
    const nics = clients.network(scaleSet.subscriptionId).networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces(scaleSet.resourceGroup, scaleSet.name, { abortSignal: options.abortSignal });
    for await (const nic of nics) Object.assign(names, namesOfNic(nic));
  }
  return names;
}

function namesOfNic(nic: NetworkInterface): Record<string, string> {
  const match = /\/virtualMachineScaleSets\/([^/]+)\/virtualMachines\/(\d+)$/i.exec(nic.virtualMachine?.id ?? '') ?? /\/virtualMachineScaleSets\/([^/]+)\/virtualMachines\/(\d+)\//i.exec(nic.id ?? '');
  if (!match) return {};
  const name = computerName(match[1]!, Number(match[2]));
  return Object.fromEntries((nic.ipConfigurations ?? []).flatMap((config) => (config.privateIPAddress ? [[config.privateIPAddress, name]] : [])));
}
