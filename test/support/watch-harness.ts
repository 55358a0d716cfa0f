// The watch pipeline for real, on a world a test scripts: the simulated Azure (real SDK clients and
// DefaultAzureCredential), Azurite, a local Slack receiver, and a runtime built from settings by
// createRuntime exactly as the app builds it, on a manual clock the test moves.
import { manualClock, type ManualClock } from '../../src/local/simulated-azure/clock.js';
import type { SimulatedAzure } from '../../src/local/simulated-azure/server.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { runWatch, type WatchReport } from '../../src/watch/run-watch.js';
import { useSimulatedAzure } from './simulated-azure.js';
import { startSlackReceiver, type SlackReceiver } from './slack-receiver.js';
import { testStorageConnectionString, uniqueTablePrefix } from './test-storage.js';

export const HARNESS_START = new Date('2026-11-20T10:00:00Z');

export interface WatchHarness {
  azure: SimulatedAzure;
  clock: ManualClock;
  slack: SlackReceiver;
  /** A runtime over the same storage and Azure; each is one function instance. */
  instance(): Promise<Runtime>;
  runtime: Runtime;
  /** One run at the current minute, then the clock moves on a minute. */
  watch(runtime?: Runtime): Promise<WatchReport>;
  close(): Promise<void>;
}

export const quietLog = { log: () => {}, warn: () => {}, error: () => {} };

/** `build` scripts the harness's world, or returns a scenario's own world built on the harness clock. */
export async function startWatchHarness(
  build: (world: SimulatedWorld, clock: ManualClock) => string[] | { world: SimulatedWorld; targetIds: string[] },
  env: Record<string, string> | ((azure: SimulatedAzure) => Record<string, string>) = {},
): Promise<WatchHarness> {
  const clock = manualClock(HARNESS_START);
  const scripted = new SimulatedWorld({ clock, origin: new Date(HARNESS_START.getTime() - 60 * 60_000) });
  const built = build(scripted, clock);
  const [world, targets] = Array.isArray(built) ? [scripted, built] : [built.world, built.targetIds];
  const azure = await useSimulatedAzure(world);
  const slack = await startSlackReceiver();
  const settings = {
    ...azure.env(),
    SNAT_TARGETS: targets.join(','),
    SLACK_WEBHOOK_URL: slack.url,
    AzureWebJobsStorage: testStorageConnectionString(),
    SNAT_TABLE_PREFIX: uniqueTablePrefix(),
    ...(typeof env === 'function' ? env(azure) : env),
  };
  const instance = () => createRuntime({ env: settings, now: () => clock.now() });
  const runtime = await instance();
  return {
    azure,
    clock,
    slack,
    instance,
    runtime,
    async watch(on = runtime) {
      const report = await runWatch(on, quietLog);
      clock.advance(60_000);
      return report;
    },
    close: () => slack.close(),
  };
}
