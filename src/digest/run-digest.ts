// One run of the daily capacity digest, shared by the timer function and `snat-watch digest --once`:
// read the latest snapshots and two days of hourly rollups (no metrics queries), build the digest,
// queue its one Slack message in the same ETag-guarded commit that records the day as posted (so runs
// that overlap never post twice), deliver the outbox, and purge rollups past their retention.
import { mapConcurrent } from '../azure/map-concurrent.js';
import type { Runtime } from '../runtime.js';
import type { SlackMessage } from '../slack/block-kit.js';
import { notificationPayload } from '../slack/notification-payload.js';
import { deliverOutbox, type DeliverOutboxResult, type DeliveryLog } from '../slack/deliver-outbox.js';
import { buildDigestMessage } from '../slack/digest-message.js';
import { MIN_ROLLUP_RETENTION_IN_DAYS } from '../state/snapshot-store.js';
import { buildDigest, type Digest, type DigestTargetInput } from './build-digest.js';
import { DIGEST_STATE_ID, decideDigest, type DigestState } from './digest-state.js';
import { digestWindow, rollupRange } from './digest-window.js';

/** queued: this run queued the day's digest; already-posted: an earlier run did; conflict: a run at the same moment queued it first. */
export type DigestOutcome = 'queued' | 'already-posted' | 'conflict';

export interface DigestReport {
  at: string;
  digest: Digest;
  /** The message built by this run (sent only when `outcome` is `queued`). */
  message: SlackMessage;
  outcome: DigestOutcome;
  /** Snapshots left out: not recorded for longer than the retention (the target is no longer watched) or unreadable. */
  leftOut: number;
  delivery: DeliverOutboxResult;
  /** Hourly rollup rows deleted; null when the purge failed (logged, retried by the next run). */
  purged: number | null;
}

/** Targets whose rollups are read at once: overlaps Table Storage round trips without flooding it. */
const READ_CONCURRENCY = 8;
const DAY_IN_MS = 86_400_000;

export async function runDigest(runtime: Runtime, log: DeliveryLog): Promise<DigestReport> {
  const now = runtime.now();
  const window = digestWindow(now);
  const retainedSince = new Date(now.getTime() - MIN_ROLLUP_RETENTION_IN_DAYS * DAY_IN_MS).toISOString();
  const latest = await runtime.snapshots.listLatest();
  const current = latest.filter(({ value }) => value?.version === 1 && typeof value.target?.id === 'string' && value.recordedAt >= retainedSince);
  const { fromIso, toIso } = rollupRange(window);
  const inputs = await mapConcurrent(current, READ_CONCURRENCY, async ({ targetId, value }): Promise<DigestTargetInput> => ({
    snapshot: value,
    hours: (await runtime.snapshots.listHours(targetId, fromIso, toIso)).map((hour) => hour.value),
  }));
  const digest = buildDigest(inputs, now, { warningThreshold: runtime.rules.warningThreshold, criticalThreshold: runtime.rules.criticalThreshold });
  const message = buildDigestMessage(digest);
  const outcome = await queueOnce(runtime, digest, message, now);
  log.log(`Capacity digest for ${window.day}: ${outcome} (${digest.targets.length} target(s), ${latest.length - current.length} left out)`);
  const delivery = await deliverOutbox(runtime.outbox, runtime.notifier, { log });
  const purged = await purgeRollups(runtime, retainedSince, now, log);
  return { at: now.toISOString(), digest, message, outcome, leftOut: latest.length - current.length, delivery, purged };
}

async function queueOnce(runtime: Runtime, digest: Digest, message: SlackMessage, now: Date): Promise<DigestOutcome> {
  const previous = await runtime.digests.get(DIGEST_STATE_ID);
  if (decideDigest(previous.value, digest.window.day) === 'already-posted') return 'already-posted';
  const state: DigestState = { version: 1, lastDay: digest.window.day, queuedAt: now.toISOString(), targets: digest.targets.length };
  const committed = await runtime.digests.commit(DIGEST_STATE_ID, state, previous.etag, [notificationPayload('digest', message)], { now });
  return committed === 'committed' ? 'queued' : 'conflict';
}

async function purgeRollups(runtime: Runtime, before: string, now: Date, log: DeliveryLog): Promise<number | null> {
  try {
    return await runtime.snapshots.purgeBefore(before, { now });
  } catch (error) {
    log.warn(`Capacity digest: purging rollups before ${before} failed (${error instanceof Error ? error.message : String(error)}); the next run retries`);
    return null;
  }
}
