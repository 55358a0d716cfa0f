// A watch on the watcher: every run leaves a heartbeat (start, end, targets, errors) that the live view
// shows; after SNAT_CANNOT_WATCH_AFTER_RUNS failed runs in a row ONE "SNAT Watch cannot watch" goes
// straight to the webhook (storage being down does not stop it), and one "watching again" follows
// the first run that works. Storage is cut through a pass-through (test/support/storage-cut.ts).
import { InvocationContext, type Timer } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { snatWatch } from '../../src/functions/snat-watch.js';
import { buildLivePage } from '../../src/live/page.js';
import { readLiveView } from '../../src/live/read-live-view.js';
import { manualClock } from '../../src/local/simulated-azure/clock.js';
import type { SimulatedAzure } from '../../src/local/simulated-azure/server.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { createRuntime, useRuntime, type Runtime } from '../../src/runtime.js';
import { watchWithHeartbeat } from '../../src/watch/heartbeat.js';
import { quietLog } from '../support/watch-harness.js';
import { useSimulatedAzure } from '../support/simulated-azure.js';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { startStorageCut, type StorageCut } from '../support/storage-cut.js';
import { testStorageConnectionString, uniqueTablePrefix } from '../support/test-storage.js';
import { criticalClusters, FAST_SLACK, SUBSCRIPTION, textOf } from './fault-estate.js';

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };
const START = new Date('2026-11-20T10:00:00Z');

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Watched {
  env: Record<string, string>;
  azure: SimulatedAzure;
  slack: SlackReceiver;
  storage: StorageCut;
  runtime: Runtime;
  /** One timer invocation of snatWatch, then a minute passes: whether it threw. */
  tick(): Promise<'ok' | 'threw'>;
}

async function startWatched(targets: (world: SimulatedWorld) => string[]): Promise<Watched> {
  const clock = manualClock(START);
  const world = new SimulatedWorld({ clock, origin: new Date(START.getTime() - 60 * 60_000) });
  const ids = targets(world);
  const azure = await useSimulatedAzure(world);
  const slack = await startSlackReceiver();
  const storage = await startStorageCut(testStorageConnectionString());
  cleanup.push(async () => void (await Promise.all([slack.close(), storage.close()])));
  const env = { ...azure.env(), ...FAST_SLACK, SNAT_TARGETS: ids.join(','), SLACK_WEBHOOK_URL: slack.url, AzureWebJobsStorage: storage.connectionString, SNAT_TABLE_PREFIX: uniqueTablePrefix(), SNAT_CANNOT_WATCH_AFTER_RUNS: '3' };
  const runtime = await createRuntime({ env, now: () => clock.now(), storageRetry: { maxRetries: 1, retryDelayInMs: 20, maxRetryDelayInMs: 50 } });
  useRuntime(runtime);
  return {
    env,
    azure,
    slack,
    storage,
    runtime,
    async tick() {
      try {
        await snatWatch(timer, new InvocationContext({ functionName: 'snatWatch', logHandler: () => {} }));
        return 'ok';
      } finally {
        clock.advance(60_000);
      }
    },
  };
}

const tickOutcome = (watched: Watched) => watched.tick().then(() => 'ok' as const, () => 'threw' as const);
const watcherMessages = (slack: SlackReceiver) => slack.delivered().map(textOf).filter((text) => /SNAT Watch (cannot watch|is watching again)/.test(text));

describe('the watch on the watcher', () => {
  // First in the file: MSAL caches tokens process-wide, so only a process that has none yet meets a failing token endpoint.
  it('should name the identity when no token can be had and every read fails', async () => {
    const watched = await startWatched(criticalClusters(['aks-a']));
    watched.azure.faults.inject({ status: 400, route: 'token' });
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await watchWithHeartbeat({ open: async () => watched.runtime, log: quietLog }));

    expect(runs.map((run) => run.heartbeat.failure?.reason)).toEqual(['identity', 'identity', 'identity']);
    expect(watcherMessages(watched.slack)).toEqual([expect.stringMatching(/^:rotating_light: SNAT Watch cannot watch: it cannot get a token for Azure/)]);
  });

  it('should post ONE "cannot watch" after 3 runs without storage, straight to Slack, and ONE "watching again" when storage is back', async () => {
    const watched = await startWatched(criticalClusters(['aks-a']));
    expect(await tickOutcome(watched)).toBe('ok');
    await watched.storage.cut();

    const during = [];
    for (let run = 0; run < 5; run++) during.push(await tickOutcome(watched));
    // Each failed run throws, so the Functions host (and the infra alert rule) counts it failed.
    expect(during).toEqual(['threw', 'threw', 'threw', 'threw', 'threw']);
    expect(watcherMessages(watched.slack)).toEqual([expect.stringMatching(/^:rotating_light: SNAT Watch cannot watch: its state storage \(Azure Table Storage\) cannot be reached .*3 runs in a row failed/)]);

    await watched.storage.restore();
    for (let run = 0; run < 3; run++) expect(await tickOutcome(watched)).toBe('ok');
    expect(watcherMessages(watched.slack)).toEqual([expect.stringContaining('cannot watch'), expect.stringMatching(/^:white_check_mark: SNAT Watch is watching again \(1 target\)/)]);

    const view = await readLiveView(watched.runtime);
    expect(view.watcher).toMatchObject({ consecutiveFailures: 0, cannotWatchSince: null, lastRun: { outcome: 'ok', targets: 1, errors: [], failure: null } });
  });

  it('should count a run in which every read fails, name the reason, and show the heartbeat in the live view', async () => {
    const missing = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-old/providers/Microsoft.Network/loadBalancers/${name}`;
    const watched = await startWatched(() => [missing('lb-gone-1'), missing('lb-gone-2')]);
    for (let run = 0; run < 4; run++) await tickOutcome(watched);

    expect(watcherMessages(watched.slack)).toEqual([expect.stringMatching(/^:rotating_light: SNAT Watch cannot watch: every target read failed \(2 of 2 targets could not be read\)/)]);
    const view = await readLiveView(watched.runtime);
    expect(view.watcher).toMatchObject({
      consecutiveFailures: 4,
      cannotWatchSince: expect.any(String),
      lastRun: { outcome: 'failed', targets: 2, failure: { reason: 'every-read-failing' }, errors: expect.arrayContaining([`${missing('lb-gone-1')}: unreadable`]) },
    });
    const page = buildLivePage(view, { apiPath: '/api/recommendations' });
    expect(page).toMatch(/Last watch run 2026-11-20 10:03 → 2026-11-20 10:03 UTC \(\d+ min ago\): 2 targets, <strong>could not watch \(every-read-failing\)<\/strong>/);
    expect(page).toContain('The watch could not watch for 4 run(s) in a row');
  });

  it('should still post "cannot watch" when the app cannot even start because storage is down (no runtime, no outbox)', async () => {
    const watched = await startWatched(criticalClusters(['aks-a']));
    await watched.storage.cut();
    const open = () => createRuntime({ env: watched.env, storageRetry: { maxRetries: 0 } });
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push(await watchWithHeartbeat({ open, log: quietLog, env: watched.env }));

    expect(runs.map((run) => [run.heartbeat.failure?.reason, run.watcher.consecutiveFailures, run.post])).toEqual([
      ['storage', 1, 'none'],
      ['storage', 2, 'none'],
      ['storage', 3, 'post-cannot-watch'],
    ]);
    expect(watcherMessages(watched.slack)).toEqual([expect.stringMatching(/^:rotating_light: SNAT Watch cannot watch: its state storage/)]);
  });
});
