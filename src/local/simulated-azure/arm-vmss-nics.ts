// GET …/providers/Microsoft.Compute/virtualMachineScaleSets/{vmss}/networkInterfaces: every NIC of a
// scale set's instances (NetworkInterfaces_ListVirtualMachineScaleSetNetworkInterfaces, served by the
// network provider under the compute path). Built from the world's AKS nodes, whose NIC IP
// configurations name their scale set and instance ID; the action checked is
// Microsoft.Compute/virtualMachineScaleSets/networkInterfaces/read.
// https://learn.microsoft.com/rest/api/virtualnetwork/network-interface-in-vm-ss/list-virtual-machine-scale-set-network-interfaces
import { SimHttpError } from './http-util.js';
import type { SimulatedWorld } from './world.js';
import type { SimLoadBalancer, SimNode } from './world-types.js';

export const VMSS_NICS = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)\/networkInterfaces$/i;

export const VMSS_NICS_ACTION = 'Microsoft.Compute/virtualMachineScaleSets/networkInterfaces/read';

/** The NICs of the scale set in `path`, all of them (the caller pages). */
export function scaleSetNics(world: SimulatedWorld, path: string): object[] {
  const match = VMSS_NICS.exec(path)!;
  const [, subscriptionId, resourceGroup, scaleSet] = match as unknown as [string, string, string, string];
  const member = new RegExp(`^/subscriptions/${escape(subscriptionId)}/resourceGroups/${escape(resourceGroup)}/providers/Microsoft\\.Compute/virtualMachineScaleSets/${escape(scaleSet)}/virtualMachines/(\\d+)/`, 'i');
  const seen = new Set<string>();
  const nics: object[] = [];
  for (const lb of world.list(subscriptionId, 'Microsoft.Network/loadBalancers') as SimLoadBalancer[]) {
    for (const node of lb.nodes ?? []) {
      const instance = member.exec(node.ipConfigurationId)?.[1];
      if (instance === undefined || seen.has(node.ipConfigurationId.toLowerCase())) continue;
      seen.add(node.ipConfigurationId.toLowerCase());
      nics.push(renderNic(node, lb.location));
    }
  }
  if (nics.length === 0) {
    throw new SimHttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.Compute/virtualMachineScaleSets/${scaleSet}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }
  return nics;
}

function renderNic(node: SimNode, location: string): object {
  const nicId = node.ipConfigurationId.replace(/\/ipConfigurations\/[^/]+$/i, '');
  const vmId = nicId.replace(/\/networkInterfaces\/[^/]+$/i, '');
  return {
    name: nicId.split('/').pop(),
    id: nicId,
    location,
    properties: {
      provisioningState: 'Succeeded',
      primary: true,
      enableAcceleratedNetworking: true,
      virtualMachine: { id: vmId },
      ipConfigurations: [{
        name: node.ipConfigurationId.split('/').pop(),
        id: node.ipConfigurationId,
        properties: { provisioningState: 'Succeeded', privateIPAddress: node.privateIp, privateIPAllocationMethod: 'Dynamic', privateIPAddressVersion: 'IPv4', primary: true },
      }],
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
