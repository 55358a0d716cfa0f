// `snat-watch start` once the process trusts what it must: the simulation (or real Azure), the Slack
// sink, the state store (Azurite unless AzureWebJobsStorage says otherwise), the runtime every
// function uses, and the local Functions host serving the same registrations as the real one.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { loadConfig } from '../config.js';
import { registrations } from '../functions/registrations.js';
import { createRuntime, useRuntime, type Runtime } from '../runtime.js';
import { startAzurite } from './azurite.js';
import { openBatchQueue } from '../fanout/batch-queue.js';
import { startFunctionsHost, type HostQueues } from './functions-host.js';
import { queueHostSettings, readHostJson } from './host-queue-settings.js';
import { functionKeysFor } from './host-keys.js';
import type { Lifetime } from './lifetime.js';
import { bannerLines } from './local-banner.js';
import { listenForInteractionKeys } from './interaction-keys.js';
import { localRegistrations } from './local-registrations.js';
import { createNarrator } from './narrator.js';
import type { TlsMaterial } from './simulated-azure/tls.js';
import { startSimulation } from './simulation.js';
import { startSlackSink } from './slack-sink.js';
import { startLocalSlackWebApi } from './slack-web-api.js';
import type { StartOptions } from './start-options.js';
import { assertPortFree, StartupError } from './startup-error.js';
import type { Terminal } from './terminal.js';

export interface LocalAppOptions {
  options: StartOptions;
  life: Lifetime;
  terminal: Terminal;
  /** The simulation's TLS material (simulation mode only). */
  tls?: TlsMaterial;
}

export async function startLocalApp({ options, life, terminal, tls }: LocalAppOptions): Promise<void> {
  const simulate = options.mode === 'simulation';
  const forwardTo = process.env.SLACK_WEBHOOK_URL?.trim() || undefined;
  // A Slack app the user set up is used as given (SLACK_API_URL, or slack.com); with no Slack set at
  // all, the local Slack Web API plays the app's Slack and the terminal shows its threads.
  const userApp = Boolean(process.env.SLACK_BOT_TOKEN?.trim());
  const localApp = !userApp && !forwardTo;
  const ownStorage = simulate || (await needsOwnAzurite(process.env));
  // The user's own settings are checked before anything starts.
  const userConfig = loadConfig(plannedSettings(process.env, simulate, ownStorage));
  await assertPortFree(options.port);
  // A --key naming no function is a flag mistake: say so before anything starts.
  if (options.keys) functionKeysFor(registrations.flatMap((r) => (r.kind === 'http' ? [r] : [])), options.keys);

  if (simulate && !tls) throw new TypeError('the simulation needs its TLS material');
  const simulation = simulate ? await startSimulation(tls!, options.speed, life, options.scenario) : undefined;
  const story = simulation?.scenario.story;
  const narrator = createNarrator({ terminal, verbose: options.verbose, simulated: simulate, ...(story ? { scenario: story.scenario } : {}) });
  const sink = await startSlackSink({ onMessage: narrator.slackMessage, ...(forwardTo ? { forwardTo } : {}) });
  life.add('Slack sink', sink.stop);
  life.checkpoint();
  const localSlack = localApp ? await startLocalSlackWebApi({ onEvent: narrator.slackEvent, ...(clockOf(simulation) ?? {}) }) : undefined;
  if (localSlack) life.add('Slack Web API', localSlack.stop);
  life.checkpoint();
  const azurite = ownStorage ? await startAzurite() : undefined;
  if (azurite) life.add('Azurite', azurite.stop);
  life.checkpoint();

  const settings: NodeJS.ProcessEnv = {
    ...process.env,
    ...simulation?.settings,
    ...(azurite ? { AzureWebJobsStorage: azurite.connectionString, AzureWebJobsStorage__tableServiceUri: undefined } : {}),
    SLACK_WEBHOOK_URL: sink.url,
    // The terminal's `a` / `s` keys sign their interactions with it; a given one is kept (so a curl works too).
    SLACK_SIGNING_SECRET: process.env.SLACK_SIGNING_SECRET?.trim() || randomBytes(16).toString('hex'),
    ...(localSlack
      ? { SLACK_BOT_TOKEN: localSlack.token, SLACK_CHANNEL: localSlack.channels[0], SLACK_API_URL: localSlack.url }
      : {}),
    // Slack's live-page links open this host unless the user points them elsewhere (a port chosen at
    // listen time, --port 0, is not known yet: no link then).
    ...(!process.env.SNAT_PUBLIC_URL?.trim() && options.port > 0 ? { SNAT_PUBLIC_URL: `http://localhost:${options.port}` } : {}),
  };
  const clock = simulation?.scenario.clock;
  const runtime = await openRuntime(settings, clock ? () => clock.now() : undefined);
  useRuntime(runtime);
  life.checkpoint();

  const served = localRegistrations(registrations, { runtime, narrator, runWatchOnStartup: !simulate });
  const keys = options.keys && functionKeysFor(served.flatMap((r) => (r.kind === 'http' ? [r] : [])), options.keys);
  const host = await startFunctionsHost(served, {
    port: options.port,
    ...(keys ? { keys } : {}),
    setting: (name) => settingOf(runtime, name) ?? settings[name],
    log: (_line, entry) => entry && narrator.functionLog(entry.functionName, entry.level, entry.text),
    queues: hostQueues(runtime),
  }).catch((error: unknown) => {
    throw StartupError.fromListen(error, options.port);
  });
  life.add('Functions host', host.stop);

  const { config } = runtime;
  const banner = bannerLines(
    {
      hostUrl: host.url,
      ...(keys ? { keys } : {}),
      azuritePid: azurite?.pid,
      forwardTo,
      slack: localSlack ? { localApi: localSlack.url } : userApp ? { app: config.SLACK_API_URL } : {},
      ...(simulation ? { simulation: { scenario: simulation.scenario, azureUrl: simulation.azure.url } } : {}),
      ...(simulate ? {} : { azure: { targets: userConfig.SNAT_TARGETS.length, subscriptions: userConfig.SNAT_DISCOVERY_SUBSCRIPTIONS.length, watchSchedule: config.SNAT_WATCH_SCHEDULE, digestSchedule: config.SNAT_DIGEST_SCHEDULE } }),
    },
    terminal.paint,
  );
  for (const line of banner) terminal.write(line);

  const stopKeys = listenForInteractionKeys({
    input: process.stdin,
    terminal,
    hostUrl: host.url,
    signingSecret: settings.SLACK_SIGNING_SECRET!,
    runtime,
    onInterrupt: () => life.requestStop('SIGINT'),
  });
  if (process.stdin.isTTY) {
    life.add('terminal keys', async () => stopKeys());
    terminal.write(terminal.paint('dim', 'Keys: a acknowledges, s silences (1 h) the latest open incident, through the signed Slack endpoint.'));
  }
}

/** Local Slack timestamps follow the simulation's compressed clock, as the messages' own times do. */
function clockOf(simulation: Awaited<ReturnType<typeof startSimulation>> | undefined): { now: () => Date } | undefined {
  const clock = simulation?.scenario.clock;
  return clock ? { now: () => clock.now() } : undefined;
}

/**
 * No storage set, or `UseDevelopmentStorage=true` (the sample's value) with no emulator answering on
 * its well-known table port: `start` runs an Azurite of its own. An Azurite the user runs is used.
 */
async function needsOwnAzurite(env: NodeJS.ProcessEnv): Promise<boolean> {
  const connection = env.AzureWebJobsStorage?.trim();
  if (!connection) return !env.AzureWebJobsStorage__tableServiceUri?.trim();
  return /^UseDevelopmentStorage=true;?$/i.test(connection) && !(await isAnswering(DEV_STORAGE_TABLE_PORT));
}

/** The table port `UseDevelopmentStorage=true` means. https://learn.microsoft.com/azure/storage/common/storage-use-azurite#connection-strings */
const DEV_STORAGE_TABLE_PORT = 10002;

function isAnswering(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The user's settings with what `start` provides itself (the Slack sink, Azurite, the simulation) filled in. */
function plannedSettings(env: NodeJS.ProcessEnv, simulate: boolean, ownStorage: boolean): NodeJS.ProcessEnv {
  const planned: NodeJS.ProcessEnv = { ...env, SLACK_WEBHOOK_URL: env.SLACK_WEBHOOK_URL?.trim() || 'http://127.0.0.1/slack' };
  if (ownStorage) Object.assign(planned, { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AzureWebJobsStorage__tableServiceUri: undefined });
  if (simulate) {
    Object.assign(planned, {
      SNAT_TARGETS: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes',
      SNAT_DISCOVERY_SUBSCRIPTIONS: '',
      SNAT_WATCH_SCHEDULE: undefined,
      SNAT_DIGEST_SCHEDULE: undefined,
      SNAT_ARM_ENDPOINT: undefined,
      SNAT_METRICS_ENDPOINT: undefined,
      SNAT_METRICS_AUDIENCE: undefined,
      SNAT_PROMETHEUS_QUERY_ENDPOINT: undefined,
    });
  }
  return planned;
}

/** The fan-out's queues in the app's storage (Azurite here), retried and poisoned by host.json's rules. */
function hostQueues(runtime: Runtime): HostQueues {
  return {
    clients(queueName) {
      const queue = openBatchQueue({ ...runtime.config, SNAT_FANOUT_QUEUE: queueName }, runtime.credential);
      return { queue: queue.main, poison: queue.poison };
    },
    settings: queueHostSettings(readHostJson()),
  };
}

function settingOf(runtime: Runtime, name: string): string | undefined {
  const value = (runtime.config as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

async function openRuntime(settings: NodeJS.ProcessEnv, now: (() => Date) | undefined): Promise<Runtime> {
  try {
    return await createRuntime({ env: settings, ...(now ? { now } : {}) });
  } catch (error) {
    throw StartupError.fromStorage(error);
  }
}
