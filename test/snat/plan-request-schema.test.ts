import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/http/field-errors.js';
import { planRequestSchema } from '../../src/snat/plan-schema.js';

const lbTarget = { kind: 'loadBalancer', resourceGroup: 'rg-net', loadBalancerName: 'edge-lb', outboundRuleName: 'outbound' };
const natTarget = { kind: 'natGateway', resourceGroup: 'rg-net', natGatewayName: 'egress-nat' };

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
  ])('should reject $name, naming the field', ({ body, field, message }) => {
    expect(errorsOf(body)).toEqual([{ field, message }]);
  });

  it.each([
    { name: 'a load balancer with 150 frontends (not AKS)', body: { egress: { type: 'loadBalancer', frontendIps: 150 }, nodes: { current: 1 }, target: lbTarget } },
    { name: 'ports Azure would refuse (planned as INVALID_CONFIGURATION)', body: { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 1001 }, nodes: { current: 1 } } },
    { name: 'a resource group with parentheses', body: { egress: { type: 'natGateway', publicIps: 1 }, nodes: { current: 0, surge: '0%' }, target: { ...natTarget, resourceGroup: 'rg(prod)' } } },
  ])('should accept $name', ({ body }) => {
    expect(errorsOf(body)).toEqual([]);
  });
});
