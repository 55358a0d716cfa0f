// What `snat-watch start` was asked to do, from its flags and the environment: which mode (the
// embedded simulation, or real Azure when SNAT_TARGETS / SNAT_DISCOVERY_SUBSCRIPTIONS are set), the
// port of the local Functions host, and the simulation's speed and scenario.
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIO, SCENARIOS, scenarioList } from './scenarios.js';

export type StartMode = 'simulation' | 'azure';

export interface StartOptions {
  mode: StartMode;
  /** The local Functions host's port; 0 picks a free one. */
  port: number;
  /** Simulated minutes per real minute (simulation only). */
  speed: number;
  /** Every function log line, not only warnings and errors (the simulation's narration replaces the rest). */
  verbose: boolean;
  /** Check function keys as Azure does: undefined = off (as `func start`); otherwise the keys given by `--key NAME=VALUE`, the rest generated. */
  keys: Readonly<Record<string, string>> | undefined;
  /** The simulated scenario to play (scenarios.ts); `exhaustion`, the default story, unless --scenario says otherwise. */
  scenario: string;
  /** `--scenario list`: print the scenarios and exit. */
  listScenarios: boolean;
  help: boolean;
}

/** The port `func start` uses, so URLs and scripts work with either host. */
export const DEFAULT_PORT = 7071;
export const DEFAULT_SPEED = 12;
const MAX_SPEED = 120;

export const START_USAGE = `Usage: snat-watch start [--port N] [--simulate] [--speed N] [--scenario NAME|list] [--verbose] [--keys] [--key NAME=VALUE]

Runs the function app locally: the HTTP routes on http://localhost:${DEFAULT_PORT}/api/... and the timers.
With no SNAT_TARGETS or SNAT_DISCOVERY_SUBSCRIPTIONS set it plays a simulated incident (no Azure
account needed); with them set it watches real Azure through DefaultAzureCredential (az login).

  --port N     port of the HTTP routes (default ${DEFAULT_PORT}, or PORT; 0 picks a free port)
  --simulate   play the simulation even when Azure settings are set
  --speed N    simulated minutes per real minute, 1-${MAX_SPEED} (default ${DEFAULT_SPEED}, or SNAT_SCENARIO_SPEED)
  --scenario NAME  the simulated estate to play (default ${DEFAULT_SCENARIO}); --scenario list names them all
  --verbose    print every function log line
  --keys       require function keys as Azure does: one key per function, printed at start, passed as
               ?code= or the x-functions-key header; anything else is 401
  --key NAME=VALUE
               use VALUE as function NAME's key (implies --keys; repeatable)
`;

/** A flag or setting `start` cannot use; `setting` tells a wrong flag (usage) from a wrong environment variable. */
export class StartOptionsError extends Error {
  override readonly name = 'StartOptionsError';
  constructor(message: string, readonly source: 'flag' | 'setting') {
    super(message);
  }
}

export function parseStartOptions(args: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        simulate: { type: 'boolean' },
        speed: { type: 'string' },
        scenario: { type: 'string' },
        verbose: { type: 'boolean' },
        keys: { type: 'boolean' },
        key: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartOptionsError((error as Error).message, 'flag');
  }
  const hasAzureSettings = Boolean(env.SNAT_TARGETS?.trim() || env.SNAT_DISCOVERY_SUBSCRIPTIONS?.trim());
  const mode: StartMode = values.simulate || !hasAzureSettings ? 'simulation' : 'azure';
  const port = readNumber(values.port, '--port', env.PORT, 'PORT', DEFAULT_PORT, 0, 65_535, true);
  const speed = readNumber(values.speed, '--speed', env.SNAT_SCENARIO_SPEED, 'SNAT_SCENARIO_SPEED', DEFAULT_SPEED, 1, MAX_SPEED, false);
  if (mode === 'azure' && values.speed !== undefined) {
    throw new StartOptionsError('--speed applies to the simulation only; add --simulate, or unset SNAT_TARGETS and SNAT_DISCOVERY_SUBSCRIPTIONS', 'flag');
  }
  // `npm start --scenario NAME` (without `--`) reaches us as npm's config variable, not as a flag.
  const asked = typeof values.scenario === 'string' ? values.scenario : env.npm_config_scenario;
  const scenario = asked?.trim() || DEFAULT_SCENARIO;
  const listScenarios = scenario === 'list';
  if (!listScenarios && !Object.hasOwn(SCENARIOS, scenario)) {
    throw new StartOptionsError(`--scenario must be one of these, got "${scenario}":\n${scenarioList()}`, 'flag');
  }
  if (mode === 'azure' && asked !== undefined && !listScenarios) {
    throw new StartOptionsError('--scenario applies to the simulation only; add --simulate, or unset SNAT_TARGETS and SNAT_DISCOVERY_SUBSCRIPTIONS', 'flag');
  }
  const given = readKeys(values.key as string[] | undefined);
  const keys = values.keys === true || given !== undefined ? (given ?? {}) : undefined;
  return { mode, port, speed, verbose: values.verbose === true, keys, scenario: listScenarios ? DEFAULT_SCENARIO : scenario, listScenarios, help: values.help === true };
}

/** `--key NAME=VALUE`, repeatable; a key Azure would not take in a URL (?code=) is refused. */
function readKeys(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (pairs === undefined) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const match = /^([A-Za-z]\w*)=([A-Za-z0-9_\-]{16,128})$/.exec(pair);
      if (!match) throw new StartOptionsError(`--key expects FUNCTION=KEY, the key 16-128 letters, digits, _ or -; got "${pair.replace(/=.*/, '=…')}"`, 'flag');
      return [match[1]!, match[2]!];
    }),
  );
}

function readNumber(flag: unknown, flagName: string, setting: string | undefined, settingName: string, fallback: number, min: number, max: number, whole: boolean): number {
  const [text, name, source] = typeof flag === 'string' ? [flag, flagName, 'flag' as const] : [setting?.trim() || undefined, settingName, 'setting' as const];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min || value > max) {
    throw new StartOptionsError(`${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${text}"`, source);
  }
  return value;
}
