// The live view as of now, read from the snapshots the watch runs record: the one place the
// endpoint and the page touch storage, the settings and the clock.
import type { Runtime } from '../runtime.js';
import { buildLiveView } from './live-view.js';
import type { LiveView } from './live-view-schema.js';

export interface ReadLiveViewOptions {
  /** A target name or resource ID; every target when absent. */
  target?: string;
}

export async function readLiveView(runtime: Pick<Runtime, 'config' | 'now' | 'snapshots'>, options: ReadLiveViewOptions = {}): Promise<LiveView> {
  const latest = await runtime.snapshots.listLatest();
  const { config } = runtime;
  return buildLiveView(
    latest.map((row) => row.value),
    {
      now: runtime.now(),
      staleAfterMinutes: config.SNAT_STALE_AFTER_MINUTES,
      warningThreshold: config.SNAT_WARNING_THRESHOLD,
      criticalThreshold: config.SNAT_CRITICAL_THRESHOLD,
      portalUrl: config.SNAT_PORTAL_URL,
      ...(options.target === undefined ? {} : { target: options.target }),
    },
  );
}
