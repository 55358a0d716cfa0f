// What the latest snapshot says about the target beyond the numbers: the watch stopped recording it,
// its last read failed, or alerts are open right now. Plain sentences; the message escapes them.
import { formatUtc, plural } from '../snat/format.js';
import type { TargetSnapshot } from '../watch/target-snapshot.js';

/** A snapshot older than this at digest time means the watch no longer records the target. */
export const STALE_SNAPSHOT_MINUTES = 60;

export type SnapshotIssue = 'stale' | 'unreadable';

export function snapshotIssues(snapshot: TargetSnapshot, now: Date): SnapshotIssue[] {
  const issues: SnapshotIssue[] = [];
  const recorded = Date.parse(snapshot.recordedAt);
  if (!Number.isFinite(recorded) || now.getTime() - recorded > STALE_SNAPSHOT_MINUTES * 60_000) issues.push('stale');
  if (snapshot.readError) issues.push('unreadable');
  return issues;
}

export function snapshotNotes(snapshot: TargetSnapshot, now: Date): string[] {
  const notes: string[] = [];
  const issues = snapshotIssues(snapshot, now);
  if (issues.includes('stale')) notes.push(`The watch last recorded this target at ${formatUtc(snapshot.recordedAt)}.`);
  if (snapshot.readError) {
    const detail = snapshot.readError.message ? `: ${snapshot.readError.message}` : '';
    notes.push(`Its last read failed (${snapshot.readError.kind}${detail}).`);
  }
  const open = (snapshot.alerts ?? []).filter((alert) => alert.state === 'firing').length;
  if (open > 0) notes.push(`${plural(open, 'alert')} firing at the last check.`);
  return notes;
}

