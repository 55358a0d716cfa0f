// ARM JSON of the network resources, shaped like Microsoft's REST examples
// (../shared/azure-api-examples/network: LoadBalancerCreateWithOutboundRules, NatGatewayGet,
// PublicIpAddressGet, PublicIpPrefixGet, LoadBalancerBackendAddressPoolList).
import type { SimLoadBalancer, SimNatGateway, SimPublicIp, SimPublicIpPrefix } from './world-types.js';

const ETAG = 'W/"00000000-0000-0000-0000-000000000000"';
const ref = (id: string) => ({ id });

export function renderLoadBalancer(lb: SimLoadBalancer): object {
  const child = (type: string, name: string) => `${lb.id}/${type}/${name}`;
  const rulesOn = (pick: (rule: { backendPool: string; frontends: string[] }) => boolean) =>
    lb.outboundRules.filter((rule) => pick(rule)).map((rule) => ref(child('outboundRules', rule.name)));
  return {
    name: lb.name,
    id: lb.id,
    type: 'Microsoft.Network/loadBalancers',
    etag: ETAG,
    location: lb.location,
    ...(lb.tags ? { tags: { ...lb.tags } } : {}),
    sku: { name: lb.sku, tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '00000000-0000-0000-0000-000000000000',
      frontendIPConfigurations: lb.frontends.map((frontend) => ({
        name: frontend.name,
        id: child('frontendIPConfigurations', frontend.name),
        type: 'Microsoft.Network/loadBalancers/frontendIPConfigurations',
        etag: ETAG,
        properties: {
          provisioningState: 'Succeeded',
          privateIPAllocationMethod: 'Dynamic',
          ...(frontend.publicIpId ? { publicIPAddress: ref(frontend.publicIpId) } : {}),
          ...(frontend.publicIpPrefixId ? { publicIPPrefix: ref(frontend.publicIpPrefixId) } : {}),
          outboundRules: rulesOn((rule) => rule.frontends.includes(frontend.name)),
          loadBalancingRules: lb.loadBalancingRules.filter((rule) => rule.frontend === frontend.name).map((rule) => ref(child('loadBalancingRules', rule.name))),
        },
      })),
      backendAddressPools: lb.backendPools.map((pool) => ({
        name: pool.name,
        id: child('backendAddressPools', pool.name),
        type: 'Microsoft.Network/loadBalancers/backendAddressPools',
        etag: ETAG,
        properties: {
          provisioningState: 'Succeeded',
          ...(pool.membership === 'nic'
            ? { backendIPConfigurations: pool.nodes.map((node) => ref(node.ipConfigurationId)) }
            : { loadBalancerBackendAddresses: pool.nodes.map((node) => ({ name: node.name, properties: { ipAddress: node.privateIp } })) }),
          outboundRules: rulesOn((rule) => rule.backendPool === pool.name),
          loadBalancingRules: lb.loadBalancingRules.filter((rule) => rule.backendPool === pool.name).map((rule) => ref(child('loadBalancingRules', rule.name))),
        },
      })),
      loadBalancingRules: lb.loadBalancingRules.map((rule) => ({
        name: rule.name,
        id: child('loadBalancingRules', rule.name),
        type: 'Microsoft.Network/loadBalancers/loadBalancingRules',
        etag: ETAG,
        properties: {
          provisioningState: 'Succeeded',
          frontendIPConfiguration: ref(child('frontendIPConfigurations', rule.frontend)),
          backendAddressPool: ref(child('backendAddressPools', rule.backendPool)),
          frontendPort: 80, backendPort: 80, protocol: 'Tcp', idleTimeoutInMinutes: 4,
          enableFloatingIP: false, enableTcpReset: true, loadDistribution: 'Default',
          disableOutboundSnat: rule.disableOutboundSnat,
        },
      })),
      probes: [],
      inboundNatRules: [],
      inboundNatPools: [],
      outboundRules: lb.outboundRules.map((rule) => ({
        name: rule.name,
        id: child('outboundRules', rule.name),
        type: 'Microsoft.Network/loadBalancers/outboundRules',
        etag: ETAG,
        properties: {
          provisioningState: 'Succeeded',
          allocatedOutboundPorts: rule.allocatedOutboundPorts,
          protocol: rule.protocol,
          enableTcpReset: rule.enableTcpReset,
          idleTimeoutInMinutes: rule.idleTimeoutInMinutes,
          backendAddressPool: ref(child('backendAddressPools', rule.backendPool)),
          frontendIPConfigurations: rule.frontends.map((name) => ref(child('frontendIPConfigurations', name))),
        },
      })),
    },
  };
}

export function renderNatGateway(gateway: SimNatGateway): object {
  return {
    name: gateway.name,
    id: gateway.id,
    type: 'Microsoft.Network/natGateways',
    etag: ETAG,
    location: gateway.location,
    ...(gateway.tags ? { tags: { ...gateway.tags } } : {}),
    sku: { name: gateway.sku },
    // StandardV2 is zone-redundant (nat-sku); a Standard gateway here is non-zonal.
    ...(gateway.sku === 'StandardV2' ? { zones: ['1', '2', '3'] } : {}),
    properties: {
      idleTimeoutInMinutes: gateway.idleTimeoutInMinutes,
      provisioningState: 'Succeeded',
      publicIpAddresses: gateway.publicIpIds.map(ref),
      ...(gateway.publicIpV6Ids.length > 0 ? { publicIpAddressesV6: gateway.publicIpV6Ids.map(ref) } : {}),
      publicIpPrefixes: gateway.publicIpPrefixIds.map(ref),
      subnets: gateway.subnetIds.map(ref),
    },
  };
}

export function renderPublicIp(ip: SimPublicIp): object {
  return {
    name: ip.name,
    id: ip.id,
    type: 'Microsoft.Network/publicIPAddresses',
    location: ip.location,
    sku: { name: ip.sku ?? 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      publicIPAddressVersion: ip.version ?? 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      ipAddress: ip.ipAddress,
      ipTags: [],
    },
  };
}

export function renderPublicIpPrefix(prefix: SimPublicIpPrefix): object {
  return {
    name: prefix.name,
    id: prefix.id,
    type: 'Microsoft.Network/publicIPPrefixes',
    location: prefix.location,
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      publicIPAddressVersion: 'IPv4',
      prefixLength: prefix.prefixLength,
      ipPrefix: prefix.ipPrefix,
      ipTags: [],
      publicIPAddresses: [],
    },
  };
}
