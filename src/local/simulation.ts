// The embedded default's Azure: the simulated Azure (HTTPS on 127.0.0.1) playing the demo story, and
// this process's identity pointed at its managed-identity endpoint. Every credential setting of the
// user's shell is removed first, so DefaultAzureCredential can only reach the simulation — the demo
// never touches a real tenant, whatever `az login` or AZURE_* say.
import type { Lifetime } from './lifetime.js';
import { playScenario, type PlayedScenario } from './scenarios.js';
import { startSimulatedAzure, type SimulatedAzure } from './simulated-azure/server.js';
import type { TlsMaterial } from './simulated-azure/tls.js';

export interface Simulation {
  /** The scenario played (`--scenario`, default the exhaustion story). */
  scenario: PlayedScenario;
  azure: SimulatedAzure;
  /** App settings that point the pipeline at the simulation and its story. */
  settings: Record<string, string>;
}

/** Settings DefaultAzureCredential and the managed-identity sources read from the environment. */
const CREDENTIAL_VARIABLE = /^(AZURE_|MSI_|IDENTITY_|IMDS_ENDPOINT$)/;

export async function startSimulation(tls: TlsMaterial, speed: number, life: Lifetime, scenarioName: string): Promise<Simulation> {
  const scenario = playScenario(scenarioName, speed);
  const azure = await startSimulatedAzure({ tls, world: scenario.world });
  life.add('simulated Azure', () => azure.close());
  // The simulated workspace too: hot AKS nodes get their pods named where the scenario runs ACNS.
  const env = azure.env({ prometheus: true });
  for (const name of Object.keys(process.env)) if (CREDENTIAL_VARIABLE.test(name)) delete process.env[name];
  // MSAL reads the App Service managed-identity endpoint from process.env itself.
  process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
  process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
  // A proxy from the user's shell must not be asked to reach 127.0.0.1.
  for (const name of ['NO_PROXY', 'no_proxy']) process.env[name] = [process.env[name], '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return {
    scenario,
    azure,
    settings: {
      ...env,
      SNAT_TARGETS: scenario.targetIds.join(','),
      SNAT_DISCOVERY_SUBSCRIPTIONS: '',
      SNAT_WATCH_SCHEDULE: scenario.watchSchedule,
      SNAT_DIGEST_SCHEDULE: scenario.digestSchedule,
      // What the scenario needs to show itself (the estate's low fan-out threshold); the user's own setting wins.
      ...Object.fromEntries(Object.entries(scenario.settings ?? {}).filter(([name]) => !process.env[name]?.trim())),
    },
  };
}
