// Plans per second and latency of the SNAT planner (planEgress) and of the whole HTTP handler
// (body read, JSON parse, schema validation, plan, serialization), over a mix of requests that
// exercises every risk and recommendation path. Run through bench/run.ts (npm run bench).
import functions from '@azure/functions';
import { recommendations } from '../src/functions/recommendations.js';
import type { PlanRequestInput } from '../src/snat/plan-schema.js';
import { planEgress } from '../src/snat/planner.js';
import { measure, report } from './measure.js';

// @azure/functions is CommonJS: under plain Node its classes come through the default export.
const { HttpRequest, InvocationContext } = functions;

const requests: PlanRequestInput[] = [
  {
    egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 0, idleTimeoutMinutes: 30 },
    nodes: { current: 48, max: 60, surge: 1 },
    workload: { peakConnectionsPerNode: 2000, sameDestinationShare: 0.8, pooled: false },
  },
  { egress: { type: 'natGateway', publicIps: 2, idleTimeoutMinutes: 4 }, nodes: { current: 120 } },
  { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 1024 }, nodes: { current: 50, max: 70, surge: '10%' } },
  { egress: { type: 'loadBalancer', frontendIps: 1, allocatedOutboundPorts: 10_000 }, nodes: { current: 7 } },
  { egress: { type: 'loadBalancer', frontendIps: 2, allocatedOutboundPorts: 0 }, nodes: { current: 90, max: 450, surge: 5 } },
  {
    egress: { type: 'natGateway', publicIps: 1 },
    nodes: { current: 120 },
    workload: { peakConnectionsPerNode: 1000 },
    target: { kind: 'natGateway', resourceGroup: 'rg-net', natGatewayName: 'egress-nat' },
  },
];
const bodies = requests.map((request) => JSON.stringify(request));
const context = new InvocationContext({ functionName: 'recommendations', logHandler: () => {} });

const planner = await measure('planEgress', (index) => planEgress(requests[index % requests.length]!));
const handler = await measure('POST /api/recommendations handler', (index) =>
  recommendations(
    new HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/api/recommendations',
      headers: { 'content-type': 'application/json' },
      body: { string: bodies[index % bodies.length]! },
    }),
    context,
  ),
);
report([planner, handler]);
