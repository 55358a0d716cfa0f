import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRequestSchema, planSchema, type Plan } from '../../src/snat/plan-schema.js';
import { applyRecommendation, planEgress } from '../../src/snat/planner.js';
import { validPlanRequest } from './plan-arbitraries.js';

const runs = { numRuns: 1000 };

/** Every per-node allocation a plan states, with the node count it holds at. */
function statedAllocations(plan: Plan): Array<{ ports: number; nodes: number; capacity: number }> {
  const { allocation } = plan;
  const stated = [
    { ports: allocation.portsPerNode, nodes: allocation.nodes, capacity: allocation.capacityPorts },
    { ports: allocation.atMax.portsPerNode, nodes: allocation.atMax.nodes, capacity: allocation.capacityPorts },
    { ports: allocation.atMax.portsPerNodeWithSurge, nodes: allocation.atMax.nodesWithSurge, capacity: allocation.capacityPorts },
    ...plan.recommendations.flatMap((r) => [
      { ports: r.after.portsPerNode, nodes: allocation.nodes, capacity: r.after.capacityPorts },
      { ports: r.after.portsPerNodeWithSurge, nodes: allocation.atMax.nodesWithSurge, capacity: r.after.capacityPorts },
    ]),
  ];
  return stated.flatMap(({ ports, ...rest }) => (ports === null ? [] : [{ ports, ...rest }]));
}

describe('planEgress (properties)', () => {
  it('should state only allocations that are multiples of 8 and fit the frontends', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        for (const { ports, nodes, capacity } of statedAllocations(planEgress(request))) {
          expect(ports % 8).toBe(0);
          expect(ports * nodes).toBeLessThanOrEqual(capacity);
        }
      }),
      runs,
    );
  });

  it('should clear every risk a recommendation addresses once it is applied and planned again', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        for (const recommendation of planEgress(request).recommendations) {
          const applied = applyRecommendation(request, recommendation);
          expect(planRequestSchema.safeParse(applied).success).toBe(true);
          const remaining = planEgress(applied).risks.map((risk) => risk.code);
          expect({ recommendation: recommendation.code, left: remaining.filter((code) => recommendation.addresses.includes(code)) }).toEqual({
            recommendation: recommendation.code,
            left: [],
          });
        }
      }),
      runs,
    );
  });

  it('should offer a fix for every risk, with commands for every Azure change', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        const plan = planEgress(request);
        const addressed = new Set(plan.recommendations.flatMap((r) => r.addresses));
        expect(plan.risks.map((risk) => risk.code).filter((code) => !addressed.has(code))).toEqual([]);
        for (const recommendation of plan.recommendations) {
          // A partial fix may clear no risk outright; it still says what it achieves.
          if (recommendation.coverage === 'full') expect(recommendation.addresses.length).toBeGreaterThan(0);
          if (recommendation.code !== 'POOL_CONNECTIONS') expect(recommendation.commands.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('should keep the kind of egress IPs a cluster has (own IPs stay own, prefixes stay prefixes, managed stay managed) unless the fix says it changes them', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        const before = planEgress(request);
        const kind = request.egress.type === 'loadBalancer' ? request.egress.outboundIps?.kind ?? null : null;
        const ids = request.egress.type === 'loadBalancer' && request.egress.outboundIps && 'ids' in request.egress.outboundIps ? request.egress.outboundIps.ids : [];
        for (const recommendation of before.recommendations) {
          const after = recommendation.after.egress;
          const commands = recommendation.commands.join('\n');
          if (kind === 'publicIps' || kind === 'prefixes') expect(commands).not.toContain('--load-balancer-managed-outbound-ip-count');
          if (recommendation.changesEgressIps) continue;
          expect(after.type).toBe(request.egress.type);
          if (after.type !== 'loadBalancer' || kind === null) continue;
          expect(after.outboundIps?.kind).toBe(kind);
          // Every address the cluster has today is still there.
          if (after.outboundIps && 'ids' in after.outboundIps) expect(after.outboundIps.ids.slice(0, ids.length)).toEqual(ids);
        }
      }),
      runs,
    );
  });

  it('should never offer a managed NAT gateway to a custom-VNet cluster', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        if (request.target?.kind !== 'aks' || !request.target.vnetSubnetIds?.length) return;
        expect(planEgress(request).recommendations.flatMap((r) => r.commands).join('\n')).not.toContain('managedNATGateway');
      }),
      runs,
    );
  });

  it('should rank every fix that keeps today’s ports above every fix that cuts them', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        const cuts = planEgress(request).recommendations.map((r) => r.cutsPortsPerNode !== null);
        expect(cuts).toEqual([...cuts].sort((a, b) => Number(a) - Number(b)));
      }),
      runs,
    );
  });

  it('should answer in the response schema, deterministically', () => {
    fc.assert(
      fc.property(validPlanRequest, (request) => {
        const plan = planEgress(request);
        expect(planSchema.safeParse(plan).success).toBe(true);
        expect(planEgress(structuredClone(request))).toEqual(plan);
      }),
      { numRuns: 300 },
    );
  });
});
