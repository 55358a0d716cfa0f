import { describe, expect, it } from 'vitest';
import { LOAD_BALANCER_CONNECTIONS, LOAD_BALANCER_PORTS, metricGroupsOf, topFor } from '../../src/azure/metric-groups.js';
import { lbTopology } from '../snat/evaluate-fixtures.js';

describe('topFor', () => {
  it.each([
    { name: '100 nodes on 2 IPs, ports by frontend, protocol and removal', group: LOAD_BALANCER_PORTS, pool: 100, ips: 2, atLeast: 100 * 2 * 2 * 2 },
    { name: '100 nodes on 2 IPs, connections by frontend and state', group: LOAD_BALANCER_CONNECTIONS, pool: 100, ips: 2, atLeast: 100 * 2 * 3 },
    { name: '40 nodes on 3 IPs', group: LOAD_BALANCER_PORTS, pool: 40, ips: 3, atLeast: 40 * 3 * 4 },
  ])('should leave room for every series: $name', ({ group, pool, ips, atLeast }) => {
    const top = topFor(group, [lbTopology({ backendPoolSize: pool, frontendIps: ips }), lbTopology({ backendPoolSize: 2, frontendIps: 1 })]);
    expect(top).toBeGreaterThan(atLeast);
  });
});

describe('metricGroupsOf', () => {
  it('should split every load balancer port dimension, and never ask SnatConnectionCount for a protocol it lacks', () => {
    const [ports, connections] = metricGroupsOf('loadBalancer');
    for (const dimension of ['BackendIPAddress', 'FrontendIPAddress', 'ProtocolType', 'IsAwaitingRemoval']) expect(ports!.filter).toContain(`${dimension} eq '*'`);
    for (const dimension of ['BackendIPAddress', 'FrontendIPAddress', 'ConnectionState']) expect(connections!.filter).toContain(`${dimension} eq '*'`);
    expect(connections!.filter).not.toMatch(/ProtocolType|IsAwaitingRemoval/);
  });
});
