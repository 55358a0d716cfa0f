// The compact series of every target this process read, kept between watch runs (in memory, per
// process, bounded): the next read of a target asks Azure only for the minutes since the last one
// plus a short overlap. A target whose series cannot serve the window — never read here (a fan-out
// worker on another instance reads cold), read with another shape (topology, node set or window
// length changed), a gap longer than the window, or an incomplete last read — reads it whole.
import { gridOf, TargetSeries, type FullReadReason } from './compact-series.js';
import type { MetricsWindow } from './metrics-grid.js';

const MINUTE_MS = 60_000;

/**
 * Minutes before the end of the last read that are read again, so late points land. Azure Monitor
 * metrics are eventually consistent: the latest minutes of a query can be empty or partial and fill
 * in a few minutes later (a poller built on metrics:getBatch waits 5 minutes for them: Dynatrace,
 * "Azure Monitor Metrics", docs.dynatrace.com/docs/ingest-from/microsoft-azure-services/ingest-telemetry/azure-monitor-metrics-pp;
 * the two most recent PT1M intervals empty: github.com/Azure/azure-libraries-for-net/issues/499).
 * Microsoft Learn gives no figure we could find (DOMAIN-NOTES.md, issue 11). 3 minutes re-reads the
 * minutes those sources saw late; a point later than that is the one thing a full read would see
 * and this one does not.
 */
export const LATE_POINT_OVERLAP_MINUTES = 3;

/**
 * Cells (8 bytes each) kept for all targets: 16M is 128 MB, about 2,000 load balancers of 100 nodes
 * on a 15-minute window (≈ 500 series × 16 minutes each: ports and connection states per node).
 * Past it the least recently read targets are dropped (they read cold).
 */
export const DEFAULT_MAX_CELLS = 16_000_000;

export interface OpenedSeries {
  series: TargetSeries;
  /** Where this read starts: the window's start for a full read, else the last read's end less the overlap. */
  readFromMs: number;
  /** Why the whole window is read; undefined for an incremental read. */
  fullRead: FullReadReason | undefined;
}

export interface SeriesCache {
  /** The target's series moved onto `window`, or new empty ones when they cannot serve it. */
  open(targetId: string, shape: string, groups: number, window: MetricsWindow): OpenedSeries;
  /** The read was complete up to the window's end: the next one may start from there. */
  complete(opened: OpenedSeries): void;
  /** The read failed: the target's next read is a full one. */
  forget(targetId: string): void;
  /** The read is over (completed, failed or thrown): the series may be opened again. */
  release(opened: OpenedSeries): void;
  readonly targets: number;
  readonly cells: number;
}

export function createSeriesCache(options: { maxCells?: number } = {}): SeriesCache {
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  const entries = new Map<string, TargetSeries>();
  const cells = () => {
    let total = 0;
    for (const series of entries.values()) total += series.cells;
    return total;
  };
  return {
    open(targetId, shape, groups, window) {
      const key = targetId.toLowerCase();
      const { firstMinuteMs, gridLength } = gridOf(window);
      const width = Math.ceil((window.to.getTime() - window.from.getTime()) / MINUTE_MS) + 1;
      const kept = entries.get(key);
      if (kept?.inUse) {
        // An overlapping run reads this target now: this read gets series of its own, not kept.
        const own = new TargetSeries(shape, groups, width, firstMinuteMs);
        own.moveTo(firstMinuteMs, gridLength);
        own.reads = 1;
        return { series: own, readFromMs: window.from.getTime(), fullRead: 'in-use' };
      }
      entries.delete(key);
      const fullRead = whyFullRead(kept, shape, width, firstMinuteMs);
      const series = fullRead === undefined ? kept! : new TargetSeries(shape, groups, width, firstMinuteMs);
      series.moveTo(firstMinuteMs, gridLength);
      series.reads += 1;
      series.incomplete = false;
      series.inUse = true;
      entries.set(key, series);
      // Least recently read first: Map keeps insertion order and every read re-inserts.
      for (const oldest of entries.keys()) {
        if (oldest === key || cells() <= maxCells) break;
        entries.delete(oldest);
      }
      const readFromMs = fullRead ? window.from.getTime() : Math.max(firstMinuteMs, kept!.readUpToMs! - LATE_POINT_OVERLAP_MINUTES * MINUTE_MS);
      return { series, readFromMs, fullRead };
    },
    complete({ series }) {
      series.readUpToMs = series.incomplete ? undefined : series.firstMinuteMs + series.gridLength * MINUTE_MS;
    },
    forget(targetId) {
      entries.delete(targetId.toLowerCase());
    },
    release({ series }) {
      series.inUse = false;
    },
    get targets() {
      return entries.size;
    },
    get cells() {
      return cells();
    },
  };
}

function whyFullRead(kept: TargetSeries | undefined, shape: string, width: number, firstMinuteMs: number): FullReadReason | undefined {
  if (!kept) return 'first-read';
  if (kept.shape !== shape || kept.width !== width) return 'shape-changed';
  if (kept.readUpToMs === undefined || kept.incomplete) return 'incomplete';
  // The window went back in time, or the minutes since the last read (plus the overlap) reach past its start.
  if (firstMinuteMs < kept.firstMinuteMs || kept.readUpToMs - LATE_POINT_OVERLAP_MINUTES * MINUTE_MS <= firstMinuteMs) return 'gap';
  return undefined;
}
