// Runs a simulated Azure in its own process, so a benchmark measures the watch run alone and a
// local host can keep the simulation apart:
//   tsx src/local/simulated-azure/serve.ts --scenario exhaustion [--speed 10] [--tls-dir DIR] [--port N]
//   tsx src/local/simulated-azure/serve.ts --scenario estate --load-balancers 1000 --nodes 100 [--throttling on]
// Prints one JSON line when ready — {"url", "env": {IDENTITY_ENDPOINT, …}, "targetIds", "caPath"} —
// and serves until stdin closes or SIGTERM. The client process must start with
// NODE_EXTRA_CA_CERTS=<caPath> to trust it. A `requests` line on stdin answers one JSON line,
// {"requests": {"token", "arm", "metrics", "metricsByNames": {…}}}: what it served so far, so a
// benchmark can count the calls of a run from outside the process it measures.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { RequestLog } from './request-log.js';
import { createEstateScenario } from './scenario-estate.js';
import { createExhaustionScenario } from './scenario-exhaustion.js';
import { startSimulatedAzure } from './server.js';
import { ensureTlsMaterial } from './tls.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'exhaustion' },
    port: { type: 'string', default: '0' },
    'tls-dir': { type: 'string', default: join(tmpdir(), 'snat-watch-simulated-azure-tls') },
    speed: { type: 'string', default: '1' },
    'load-balancers': { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '100' },
    'nat-gateways': { type: 'string', default: '0' },
    subscriptions: { type: 'string', default: '1' },
    // Resource Graph's quota and ARM's read bucket (throttling.ts): on for benchmarks.
    throttling: { type: 'string', default: 'off' },
  },
});

function count(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`--${name} must be a whole number, got "${values[name]}"`);
  return value;
}

const setup = (() => {
  switch (values.scenario) {
    case 'exhaustion': {
      const speed = Number(values.speed);
      if (!(speed > 0)) throw new RangeError(`--speed must be above 0, got "${values.speed}"`);
      const scenario = createExhaustionScenario({ speed });
      return { world: scenario.world, targetIds: [scenario.targetId] };
    }
    case 'estate': {
      const scenario = createEstateScenario({
        loadBalancers: count('load-balancers'), nodesPerLoadBalancer: count('nodes'), natGateways: count('nat-gateways'), subscriptions: count('subscriptions'),
      });
      return { world: scenario.world, targetIds: scenario.targetIds };
    }
    default:
      throw new RangeError(`--scenario must be "exhaustion" or "estate", got "${values.scenario}"`);
  }
})();

const tls = await ensureTlsMaterial(values['tls-dir']!);
if (values.throttling !== 'on' && values.throttling !== 'off') throw new RangeError(`--throttling must be "on" or "off", got "${values.throttling}"`);
const azure = await startSimulatedAzure({ tls, world: setup.world, port: count('port'), ...(values.throttling === 'on' ? { throttling: {} } : {}) });
process.stdout.write(`${JSON.stringify({ url: azure.url, env: azure.env(), targetIds: setup.targetIds, caPath: tls.caPath })}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'requests') process.stdout.write(`${JSON.stringify({ requests: countRequests(azure.requests) })}\n`);
});

const stop = () => void azure.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

/** Requests served per route (`byRoute` holds every route, new ones included), and metrics batches per `metricnames`. */
function countRequests(log: RequestLog) {
  const counts = { token: 0, arm: 0, metrics: 0, prometheus: 0, resourceGraph: 0, unknown: 0, byRoute: {} as Record<string, number>, metricsByNames: {} as Record<string, number> };
  for (const entry of log.entries) {
    const route: string = entry.route;
    counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
    const flat = counts as unknown as Record<string, number>;
    if (typeof flat[route] === 'number') flat[route] += 1;
    if (entry.route === 'metrics') {
      const names = entry.query.metricnames ?? '';
      counts.metricsByNames[names] = (counts.metricsByNames[names] ?? 0) + 1;
    }
  }
  return counts;
}
