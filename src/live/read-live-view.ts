// The live view as of now, read from the snapshots the watch runs record, the watch's heartbeat and
// the outbox and the silences: the one place the endpoint and the page touch storage, the settings and the clock.
import type { Runtime } from '../runtime.js';
import { buildLiveView } from './live-view.js';
import type { LiveView } from './live-view-schema.js';
import { liveOutbox, liveWatcher } from './live-watcher.js';

export interface ReadLiveViewOptions {
  /** A target name or resource ID; every target when absent. */
  target?: string;
}

type LiveRuntime = Pick<Runtime, 'config' | 'now' | 'snapshots'> & Partial<Pick<Runtime, 'outbox' | 'heartbeats' | 'silences'>>;

export async function readLiveView(runtime: LiveRuntime, options: ReadLiveViewOptions = {}): Promise<LiveView> {
  const now = runtime.now();
  const [latest, watcher, outbox, silences] = await Promise.all([
    runtime.snapshots.listLatest(),
    runtime.heartbeats ? runtime.heartbeats.get().then((state) => liveWatcher(state, now)) : null,
    runtime.outbox ? Promise.all([runtime.outbox.list(), runtime.outbox.listParked()]).then(([pending, parked]) => liveOutbox(pending.length, parked)) : null,
    // Once per view, for every target: a few dozen rows at most.
    runtime.silences ? runtime.silences.list(now) : [],
  ]);
  const { config } = runtime;
  return buildLiveView(
    latest.map((row) => row.value),
    {
      now,
      staleAfterMinutes: config.SNAT_STALE_AFTER_MINUTES,
      warningThreshold: config.SNAT_WARNING_THRESHOLD,
      criticalThreshold: config.SNAT_CRITICAL_THRESHOLD,
      portalUrl: config.SNAT_PORTAL_URL,
      watcher,
      outbox,
      silences,
      ...(options.target === undefined ? {} : { target: options.target }),
    },
  );
}
