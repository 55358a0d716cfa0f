// A real runtime for digest runs: the run's Azurite under a table prefix of its own, a local Slack
// receiver as the webhook, and a clock the test sets. State is seeded through the same snapshot
// store the watch writes with.
import { createRuntime, type Runtime } from '../../src/runtime.js';
import type { DigestTargetInput } from '../../src/digest/build-digest.js';
import { testStorageConnectionString, uniqueTablePrefix } from '../support/test-storage.js';
import { NOW } from './digest-fixtures.js';

export interface DigestClock {
  now: Date;
}

/** The settings createRuntime needs, pointed at 127.0.0.1 only. */
export function digestEnv(webhookUrl: string, targetIds: readonly string[]): NodeJS.ProcessEnv {
  return {
    SNAT_TARGETS: targetIds.join(','),
    SLACK_WEBHOOK_URL: webhookUrl,
    AzureWebJobsStorage: testStorageConnectionString(),
    SNAT_TABLE_PREFIX: uniqueTablePrefix(),
  };
}

export function digestRuntime(env: NodeJS.ProcessEnv, clock: DigestClock = { now: NOW }): Promise<Runtime> {
  return createRuntime({ env, now: () => clock.now });
}

/** Writes each target's latest snapshot and hourly rollups, as watch runs would have. */
export async function seed(runtime: Runtime, inputs: readonly DigestTargetInput[]): Promise<void> {
  await Promise.all(
    inputs.map(async ({ snapshot, hours }) => {
      await runtime.snapshots.putLatest(snapshot.target.id, snapshot, { now: new Date(snapshot.recordedAt) });
      await Promise.all(hours.map((hour) => runtime.snapshots.updateHour(snapshot.target.id, hour.hour, () => hour)));
    }),
  );
}
