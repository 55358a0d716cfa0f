// Node names of an AKS cluster's load balancer backends, read through the real SDK from the simulated
// Azure's VM scale set NIC list, as the topology does.
import { describe, expect, it } from 'vitest';
import { computerName, scaleSetsOf } from '../../src/azure/node-names.js';
import { readTopology } from '../../src/azure/topology.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { azureClientsFor, fastRetry, useSimulatedAzure } from '../support/simulated-azure.js';

const SUBSCRIPTION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function world() {
  const built = new SimulatedWorld();
  const { loadBalancer } = addAksCluster(built, {
    subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-app', name: 'aks-app',
    pools: [{ name: 'nodepool1', count: 2 }, { name: 'user1', count: 37 }],
  });
  return { built, loadBalancer };
}

describe('readTopology (node names)', () => {
  it('should name every backend IP after its scale set instance, across pools and pages', async () => {
    const { built, loadBalancer } = world();
    const azure = await useSimulatedAzure(built);
    const [read] = await readTopology([loadBalancer.id], { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });
    if (!read?.ok || read.value.kind !== 'loadBalancer') throw new Error('topology not read');
    const names = read.value.nodeNames!;
    expect(Object.keys(names)).toHaveLength(39);
    expect(names[loadBalancer.nodes[1]!.privateIp]).toBe('aks-nodepool1-12345678-vmss000001');
    // Instance 36 of user1 is "10" in base 36.
    expect(names[loadBalancer.nodes[2 + 36]!.privateIp]).toBe('aks-user1-12345678-vmss000010');
    expect(azure.requests.of('arm').filter((r) => /virtualMachineScaleSets\/[^/]+\/networkInterfaces$/i.test(r.path)).length).toBeGreaterThanOrEqual(3); // 37 NICs page at 20
  });

  it('should still read the load balancer, unnamed, when the scale set NICs answer 403', async () => {
    const { built, loadBalancer } = world();
    const azure = await useSimulatedAzure(built);
    azure.faults.inject({ route: 'arm', status: 403, pathIncludes: '/networkInterfaces' });
    const [read] = await readTopology([loadBalancer.id], { clients: azureClientsFor(azure), defaultSurge: '10%', retry: fastRetry() });
    expect(read?.ok).toBe(true);
    if (read?.ok && read.value.kind === 'loadBalancer') expect(read.value.nodeNames).toBeUndefined();
  });
});

describe('computerName', () => {
  it.each([
    { name: 'instance 3', instance: 3, expected: 'aks-nodepool1-12345678-vmss000003' },
    { name: 'instance 35', instance: 35, expected: 'aks-nodepool1-12345678-vmss00000z' },
    { name: 'instance 1146', instance: 1146, expected: 'aks-nodepool1-12345678-vmss0000vu' },
  ])('should append the instance ID in base 36, six digits ($name)', ({ instance, expected }) => {
    expect(computerName('aks-nodepool1-12345678-vmss', instance)).toBe(expected);
  });
});

describe('scaleSetsOf', () => {
  it('should find each scale set once and ignore plain NICs', () => {
    const vmss = (i: number) => `/subscriptions/s/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-a-1-vmss/virtualMachines/${i}/networkInterfaces/aks-a-1-vmss/ipConfigurations/ipconfig1`;
    expect(scaleSetsOf([vmss(0), vmss(1), '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1/ipConfigurations/ip1'])).toEqual([{ subscriptionId: 's', resourceGroup: 'MC_rg', name: 'aks-a-1-vmss' }]);
  });
});
