// The simulated Azure's public surface: the server, its programmable world and scenarios, clocks
// and TLS material. Tests start it through test/support/simulated-azure.ts; the local host and
// benchmarks import it from here (or run serve.ts as a separate process).
export { startSimulatedAzure, type SimulatedAzure, type SimulatedAzureEnv, type SimulatedAzureOptions } from './server.js';
export { SimulatedWorld, type WorldOptions } from './world.js';
export {
  addAksCluster, addLoadBalancer, addNatGateway, addPublicIp, addPublicIpPrefix, addRawResource, DEFAULT_QUIRKS,
  type AgentPoolSpec, type AksCluster, type AksClusterSpec, type LoadBalancerSpec, type NatGatewaySpec, type NodeMetricsFactory,
} from './world-builders.js';
export type * from './world-types.js';
export { manualClock, scaledClock, systemClock, type ManualClock, type SimClock } from './clock.js';
export { FaultInjector, type Fault, type FaultSpec, type SimRoute, type Stall } from './faults.js';
export { RequestLog, type LoggedRequest } from './request-log.js';
export { AZURE_LIMITS, Throttling, type ThrottlingOptions } from './throttling.js';
export { ensureTlsMaterial, generateTlsMaterial, readTlsMaterial, type TlsMaterial } from './tls.js';
export { createExhaustionScenario, type ExhaustionScenario, type ExhaustionScenarioOptions, type ScenarioPhase, type ScenarioPhaseName } from './scenario-exhaustion.js';
export { createEstateScenario, type EstateScenario, type EstateScenarioOptions } from './scenario-estate.js';
export { addTwoOutboundIpsCluster, createTwoOutboundIpsScenario, type OutboundIpsScenario, type OutboundIpsScenarioOptions } from './scenario-two-outbound-ips.js';
export { addThreeOutboundIpsLoadBalancer, createThreeOutboundIpsScenario } from './scenario-three-outbound-ips.js';
export { addAwaitingRemovalCluster, createAwaitingRemovalScenario } from './scenario-awaiting-removal.js';
