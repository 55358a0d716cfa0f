// What a topology read of N load balancers costs, Resource Graph against ARM, on the simulated Azure
// with Azure's limits on (Resource Graph 15 queries per 5 s, ARM reads 250 tokens + 25/s):
//   npx tsx bench/topology-refresh.ts [--targets 1000] [--aks 10] [--sources resource-graph,arm]
// `--aks` makes that many of the targets AKS `kubernetes` load balancers with their clusters (node
// names come from ARM). Prints one JSON line per source. A measurement, not a test: at 1,000 targets
// the ARM read alone waits ~30 s on the read bucket.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAzureClients } from '../src/azure/clients.js';
import { createAzureCredential } from '../src/azure/credentials.js';
import { readTopologyFromGraph } from '../src/azure/resource-graph-topology.js';
import { readTopology } from '../src/azure/topology.js';
import { addAksCluster, addLoadBalancer } from '../src/local/simulated-azure/world-builders.js';
import { SimulatedWorld } from '../src/local/simulated-azure/world.js';
import { startSimulatedAzure } from '../src/local/simulated-azure/server.js';
import { ensureTlsMaterial } from '../src/local/simulated-azure/tls.js';

const { values } = parseArgs({ options: { targets: { type: 'string', default: '1000' }, aks: { type: 'string', default: '10' }, sources: { type: 'string', default: 'resource-graph,arm' } } });
const tls = await ensureTlsMaterial(join(tmpdir(), 'snat-watch-topology-bench-tls'));
if (process.env.NODE_EXTRA_CA_CERTS !== tls.caPath) {
  // Node reads NODE_EXTRA_CA_CERTS at start only: run again trusting the simulation's CA.
  const child = spawnSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.caPath } });
  process.exit(child.status ?? 1);
}

const targets = Number(values.targets);
const aks = Math.min(Number(values.aks), targets);
const subscriptions = ['e57a7e00-0000-4000-8000-000000000001', 'e57a7e00-0000-4000-8000-000000000002'];
const world = new SimulatedWorld();
const ids = [
  ...Array.from({ length: aks }, (_, i) => addAksCluster(world, { subscriptionId: subscriptions[i % 2]!, resourceGroup: `rg-aks-${i}`, name: `aks-${i}`, nodes: 20 }).loadBalancer.id),
  ...Array.from({ length: targets - aks }, (_, i) => addLoadBalancer(world, { subscriptionId: subscriptions[i % 2]!, resourceGroup: `rg-${Math.floor(i / 100)}`, name: `lb-${i}`, nodes: 5, outboundIpPrefixLengths: i % 10 === 0 ? [31] : [] }).id),
];
const azure = await startSimulatedAzure({ tls, world, throttling: {} });
const env = azure.env();
process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
const clients = createAzureClients(createAzureCredential({}), { armEndpoint: env.SNAT_ARM_ENDPOINT, metricsEndpoint: env.SNAT_METRICS_ENDPOINT, metricsAudience: env.SNAT_METRICS_AUDIENCE });

for (const source of (values.sources ?? '').split(',') as Array<'resource-graph' | 'arm'>) {
  azure.requests.clear();
  azure.throttling.enable();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const read = source === 'arm' ? readTopology : readTopologyFromGraph;
  const reads = await read(ids, { clients, defaultSurge: '10%', retry: { maxRetryDelayInMs: 5_000, maxRetries: 8 } });
  const used = process.cpuUsage(cpu);
  const of = (route: 'arm' | 'resourceGraph') => azure.requests.of(route);
  console.log(JSON.stringify({
    source, targets, aks,
    resourceGraphCalls: of('resourceGraph').length, resourceGraph429: of('resourceGraph').filter((r) => r.status === 429).length,
    armCalls: of('arm').length, arm429: of('arm').filter((r) => r.status === 429).length,
    targetsUnread: reads.filter((r) => !r.ok).length, wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000),
  }));
}
await azure.close();
