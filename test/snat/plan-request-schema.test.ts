import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/http/field-errors.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';

const lbTarget = { kind: 'loadBalancer', resourceGroup: 'rg-net', loadBalancerName: 'edge-lb', outboundRuleName: 'outbound' };
const natTarget = { kind: 'natGateway', resourceGroup: 'rg-net', natGatewayName: 'egress-nat' };
const ip = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPAddresses/${name}`;
const prefix = (name: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-egress/providers/Microsoft.Network/publicIPPrefixes/${name}`;
const ownIps = (frontendIps: number, ids: string[]) => ({ egress: { type: 'loadBalancer', frontendIps, outboundIps: { kind: 'publicIps', ids } }, nodes: { current: 1 } });

function errorsOf(body: unknown) {
  const result = planRequestSchema.safeParse(body);
  return result.success ? [] : fieldErrors(result.error).map(({ field, message }) => ({ field, message }));
}

describe('planRequestSchema', () => {
  it.each([
    { name: 'AKS past 100 managed outbound IPs', body: { egress: { type: 'loadBalancer', frontendIps: 101 }, nodes: { current: 1 } }, field: 'egress.frontendIps', message: 'AKS manages 1 to 100 outbound IPs' },
    { name: 'a load balancer past 600 frontends', body: { egress: { type: 'loadBalancer', frontendIps: 601 }, nodes: { current: 1 }, target: lbTarget }, field: 'egress.frontendIps', message: 'expected a whole number from 1 to 600' },
    { name: 'a NAT gateway past 16 IPs', body: { egress: { type: 'natGateway', publicIps: 17 }, nodes: { current: 1 } }, field: 'egress.publicIps', message: 'expected a whole number from 1 to 16' },
    { name: 'a load balancer idle timeout under 4', body: { egress: { type: 'loadBalancer', frontendIps: 1, idleTimeoutMinutes: 3 }, nodes: { current: 1 } }, field: 'egress.idleTimeoutMinutes', message: 'expected a whole number from 4 to 120' },
    { name: 'a NAT idle timeout over 120', body: { egress: { type: 'natGateway', publicIps: 1, idleTimeoutMinutes: 121 }, nodes: { current: 1 } }, field: 'egress.idleTimeoutMinutes', message: 'expected a whole number from 4 to 120' },
    { name: 'a surge over 100%', body: { egress: { type: 'natGateway', publicIps: 1 }, nodes: { current: 1, surge: '101%' } }, field: 'nodes.surge', message: 'expected a node count or a percentage from 0% to 100%' },
    { name: 'max under current', body: { egress: { type: 'natGateway', publicIps: 1 }, nodes: { current: 10, max: 9 } }, field: 'nodes.max', message: 'must be at least nodes.current' },
    { name: 'fractional nodes', body: { egress: { type: 'natGateway', publicIps: 1 }, nodes: { current: 1.5 } }, field: 'nodes.current', message: 'expected a node count from 0 to 5,000' },
    { name: 'a NAT target for a load balancer', body: { egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 1 }, target: natTarget }, field: 'target.kind', message: 'a natGateway target needs egress.type "natGateway"' },
    { name: 'a shell metacharacter in a name', body: { egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 1 }, target: { ...lbTarget, loadBalancerName: 'lb;rm' } }, field: 'target.loadBalancerName', message: expect.stringContaining('expected a load balancer name') },
    { name: 'an unknown NAT gateway SKU', body: { egress: { type: 'natGateway', sku: 'Basic', publicIps: 1 }, nodes: { current: 1 } }, field: 'egress.sku', message: 'expected "Standard" or "StandardV2"' },
    { name: 'a missing section', body: { egress: { type: 'natGateway', publicIps: 1 } }, field: 'nodes', message: 'is required' },
    { name: 'own IPs that do not match the frontend IPs', body: ownIps(3, [ip('a'), ip('b')]), field: 'egress.frontendIps', message: 'must equal the 2 public IPs in egress.outboundIps.ids' },
    { name: 'an own IP listed twice', body: ownIps(2, [ip('a'), ip('A')]), field: 'egress.outboundIps.ids', message: 'lists a public IP twice' },
    { name: 'a shell command hidden in an IP ID', body: ownIps(1, [`${ip('a')};rm -rf`]), field: 'egress.outboundIps.ids.0', message: expect.stringContaining('expected the resource ID of a public IP') },
    { name: 'a prefix ID given as an own IP', body: ownIps(1, [prefix('a')]), field: 'egress.outboundIps.ids.0', message: expect.stringContaining('expected the resource ID of a public IP') },
    { name: 'prefixes with fewer addresses than prefixes', body: { egress: { type: 'loadBalancer', frontendIps: 1, outboundIps: { kind: 'prefixes', ids: [prefix('a')] } }, nodes: { current: 1 } }, field: 'egress.frontendIps', message: 'must count every address of the prefixes (a /31 holds 2)' },
    { name: 'a subnet that is not a subnet ID', body: { egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 1 }, target: { kind: 'aks', resourceGroup: 'rg', clusterName: 'c', vnetSubnetIds: [ip('a')] } }, field: 'target.vnetSubnetIds.0', message: expect.stringContaining('expected the resource ID of a subnet') },
  ])('should reject $name, naming the field', ({ body, field, message }) => {
    expect(errorsOf(body)).toEqual([{ field, message }]);
  });

  it.each([
    { name: 'a load balancer with 150 frontends (not AKS)', body: { egress: { type: 'loadBalancer', frontendIps: 150 }, nodes: { current: 1 }, target: lbTarget } },
    { name: 'ports Azure would refuse (planned as INVALID_CONFIGURATION)', body: { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 1001 }, nodes: { current: 1 } } },
    { name: 'a cluster on its own public IPs', body: ownIps(2, [ip('a'), ip('b')]) },
    { name: 'a cluster on its own prefixes', body: { egress: { type: 'loadBalancer', frontendIps: 6, outboundIps: { kind: 'prefixes', ids: [prefix('a'), prefix('b')] } }, nodes: { current: 1 } } },
    { name: 'a custom-VNet cluster', body: { egress: { type: 'loadBalancer', frontendIps: 1 }, nodes: { current: 1 }, target: { kind: 'aks', resourceGroup: 'rg', clusterName: 'c', vnetSubnetIds: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/nodes'] } } },
    { name: 'a resource group with parentheses', body: { egress: { type: 'natGateway', publicIps: 1 }, nodes: { current: 0, surge: '0%' }, target: { ...natTarget, resourceGroup: 'rg(prod)' } } },
  ])('should accept $name', ({ body }) => {
    expect(errorsOf(body)).toEqual([]);
  });
});
