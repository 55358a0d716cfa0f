// The live view: the latest snapshot of every watched target, turned into what GET
// /api/recommendations answers and the page shows. Pure: snapshots, `now` and the thresholds in,
// the view out — the handler reads the store, this decides what it means.
import type { Silence } from '../alerting/silence.js';
import type { TargetSnapshot } from '../watch/target-snapshot.js';
import { liveTarget } from './live-target.js';
import type { LiveTarget, LiveView } from './live-view-schema.js';
import type { LiveOutbox, LiveWatcher } from './live-watcher.js';

export interface BuildLiveViewOptions {
  now: Date;
  /** SNAT_STALE_AFTER_MINUTES: a snapshot older than this is marked stale. */
  staleAfterMinutes: number;
  /** Ratios of allocated, e.g. 0.75 and 0.9 (SNAT_WARNING_THRESHOLD / SNAT_CRITICAL_THRESHOLD). */
  warningThreshold: number;
  criticalThreshold: number;
  /** SNAT_PORTAL_URL, for a link to each target. */
  portalUrl?: string;
  /** Keeps only targets with this name or resource ID (case-insensitive); every target when absent. */
  target?: string;
  /** The watch on the watcher (live-watcher.ts); null when not read. */
  watcher?: LiveWatcher | null;
  outbox?: LiveOutbox | null;
  /** Every silence not over yet (runtime.silences.list); none when absent. */
  silences?: readonly Silence[];
}

const statusOrder: Record<LiveTarget['status'], number> = { critical: 0, warning: 1, unreadable: 2, unknown: 3, ok: 4 };

export function buildLiveView(snapshots: readonly TargetSnapshot[], options: BuildLiveViewOptions): LiveView {
  const context = {
    nowMs: options.now.getTime(),
    staleAfterMinutes: options.staleAfterMinutes,
    ...(options.portalUrl ? { portalUrl: options.portalUrl } : {}),
    ...(options.silences ? { silences: options.silences } : {}),
  };
  const wanted = options.target === undefined ? snapshots : snapshots.filter((snapshot) => matchesTarget(snapshot.target, options.target!));
  return {
    generatedAt: options.now.toISOString(),
    staleAfterMinutes: options.staleAfterMinutes,
    thresholds: { warningPercent: toPercent(options.warningThreshold), criticalPercent: toPercent(options.criticalThreshold) },
    targets: wanted.map((snapshot) => liveTarget(snapshot, context)).sort(worstFirst),
    watcher: options.watcher ?? null,
    outbox: options.outbox ?? null,
  };
}

/** Whether `query` names the target: its name or its resource ID, ignoring case and surrounding space. */
export function matchesTarget(target: { id: string; name: string }, query: string): boolean {
  const wanted = query.trim().toLowerCase();
  return wanted !== '' && (target.name.toLowerCase() === wanted || target.id.toLowerCase() === wanted);
}

function worstFirst(a: LiveTarget, b: LiveTarget): number {
  return statusOrder[a.status] - statusOrder[b.status] || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en');
}

function toPercent(ratio: number): number {
  return Math.round(ratio * 1000) / 10;
}
