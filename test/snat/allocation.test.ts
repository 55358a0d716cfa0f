import { describe, expect, it } from 'vitest';
import {
  defaultPortsPerInstance,
  expectedLoadBalancerPorts,
  loadBalancerCapacity,
  natGatewayCapacity,
  recommendedOutboundPorts,
  requiredFrontendIps,
  requiredNatIps,
} from '../../src/snat/allocation.js';

describe('defaultPortsPerInstance', () => {
  // DOMAIN.md §2: every row of the table and both sides of every boundary, one frontend IP.
  it.each([
    { name: 'first instance', poolSize: 1, ports: 1024 },
    { name: 'last of row 1', poolSize: 50, ports: 1024 },
    { name: 'first of row 2', poolSize: 51, ports: 512 },
    { name: 'last of row 2', poolSize: 100, ports: 512 },
    { name: 'first of row 3', poolSize: 101, ports: 256 },
    { name: 'last of row 3', poolSize: 200, ports: 256 },
    { name: 'first of row 4', poolSize: 201, ports: 128 },
    { name: 'last of row 4', poolSize: 400, ports: 128 },
    { name: 'first of row 5', poolSize: 401, ports: 64 },
    { name: 'last of row 5', poolSize: 800, ports: 64 },
    { name: 'first of row 6', poolSize: 801, ports: 32 },
    { name: 'last of row 6', poolSize: 1000, ports: 32 },
    { name: 'empty pool (what the first instance gets)', poolSize: 0, ports: 1024 },
  ])('should give $ports ports per instance at $poolSize instances ($name)', ({ poolSize, ports }) => {
    expect(defaultPortsPerInstance(poolSize, 1)).toBe(ports);
  });

  it.each([
    { name: '100 VMs, one IP', frontendIps: 1, ports: 512 },
    { name: '100 VMs, two IPs', frontendIps: 2, ports: 1024 },
    { name: '100 VMs, three IPs (capped at 1,024)', frontendIps: 3, ports: 1024 },
  ])('should multiply by frontend IPs up to 1,024 ($name)', ({ frontendIps, ports }) => {
    expect(defaultPortsPerInstance(100, frontendIps)).toBe(ports);
  });

  it.each([
    { name: 'past the table', poolSize: 1001, frontendIps: 1 },
    { name: 'negative pool', poolSize: -1, frontendIps: 1 },
    { name: 'fractional pool', poolSize: 10.5, frontendIps: 1 },
    { name: 'no frontend IP', poolSize: 10, frontendIps: 0 },
  ])('should throw RangeError for $name', ({ poolSize, frontendIps }) => {
    expect(() => defaultPortsPerInstance(poolSize, frontendIps)).toThrow(RangeError);
  });
});

describe('expectedLoadBalancerPorts', () => {
  const rule = (allocatedOutboundPorts: number) => ({ name: 'aksOutboundRule', allocatedOutboundPorts, idleTimeoutMinutes: 30, enableTcpReset: true });

  it.each([
    { name: 'manual outbound rule', outboundRule: rule(4000), backendPoolSize: 100, ports: 4000 },
    { name: 'outbound rule at 0 uses the table', outboundRule: rule(0), backendPoolSize: 60, ports: 512 },
    { name: 'no outbound rule uses the table', outboundRule: null, backendPoolSize: 10, ports: 1024 },
  ])('should expect $ports ports for a $name', ({ outboundRule, backendPoolSize, ports }) => {
    expect(expectedLoadBalancerPorts({ frontendIps: 1, backendPoolSize, outboundRule })).toBe(ports);
  });
});

describe('recommendedOutboundPorts', () => {
  it.each([
    { name: 'one IP, 61 nodes', frontendIps: 1, instances: 61, ports: 1048 },
    { name: 'one IP, 64 nodes (exact)', frontendIps: 1, instances: 64, ports: 1000 },
    { name: 'one IP, 7 VMs', frontendIps: 1, instances: 7, ports: 9136 },
    { name: 'one IP, one VM (capped at 64,000)', frontendIps: 2, instances: 1, ports: 64000 },
    { name: 'seven IPs, 102 nodes', frontendIps: 7, instances: 102, ports: 4392 },
  ])('should give the largest multiple of 8 that fits ($name)', ({ frontendIps, instances, ports }) => {
    const recommended = recommendedOutboundPorts(frontendIps, instances);
    expect(recommended).toBe(ports);
    expect(recommended % 8).toBe(0);
    expect(recommended * instances).toBeLessThanOrEqual(loadBalancerCapacity(frontendIps));
    expect((recommended + 8) * instances > loadBalancerCapacity(frontendIps) || recommended === 64000).toBe(true);
  });
});

describe('requiredFrontendIps', () => {
  it('should need 7 IPs for 100 nodes × 4,000 ports, leaving room for 2 surge nodes (the AKS doc example)', () => {
    expect(requiredFrontendIps(4000, 100)).toBe(7);
    expect(loadBalancerCapacity(7)).toBe(448_000);
    expect(4000 * 102).toBeLessThanOrEqual(loadBalancerCapacity(7));
  });

  it('should reject 10,000 ports × 7 VMs on one IP (70,000 > 64,000)', () => {
    expect(requiredFrontendIps(10_000, 7)).toBe(2);
    expect(10_000 * 7).toBeGreaterThan(loadBalancerCapacity(1));
  });
});

describe('natGatewayCapacity', () => {
  it('should give 64,512 ports per public IP: 129,024 with two', () => {
    expect(natGatewayCapacity(1)).toBe(64_512);
    expect(natGatewayCapacity(2)).toBe(129_024);
    expect(requiredNatIps(129_024)).toBe(2);
    expect(requiredNatIps(129_025)).toBe(3);
  });
});
