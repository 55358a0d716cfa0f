// One run of the daily capacity digest, shared by the timer function and `snat-watch digest --once`:
// read the latest snapshots and two days of hourly rollups (no metrics queries), split the targets by
// the channel that owns them (src/routing), build one digest per channel, queue each channel's one
// Slack message in the same ETag-guarded commit that records the day as posted for that channel (so
// runs that overlap never post twice), deliver the outbox, and purge rollups past their retention.
import { mapConcurrent } from '../azure/map-concurrent.js';
import type { Runtime } from '../runtime.js';
import type { SlackMessage } from '../slack/block-kit.js';
import { notificationPayload } from '../slack/notification-payload.js';
import { deliverOutbox, type DeliverOutboxResult, type DeliveryLog } from '../slack/deliver-outbox.js';
import { buildDigestMessage } from '../slack/digest-message.js';
import { MIN_ROLLUP_RETENTION_IN_DAYS } from '../state/snapshot-store.js';
import { buildDigest, type Digest, type DigestTargetInput } from './build-digest.js';
import { decideDigest, digestStateId, type DigestState } from './digest-state.js';
import { digestWindow, rollupRange } from './digest-window.js';

/** queued: this run queued the day's digest; already-posted: an earlier run did; conflict: a run at the same moment queued it first. */
export type DigestOutcome = 'queued' | 'already-posted' | 'conflict';

/** One channel's digest: the targets it owns. */
export interface ChannelDigest {
  /** The payload route: the channel or webhook setting; null for the default. */
  route: string | null;
  digest: Digest;
  /** The message built by this run (sent only when `outcome` is `queued`). */
  message: SlackMessage;
  outcome: DigestOutcome;
}

export interface DigestReport {
  at: string;
  /** Every target, whichever channel owns it (what the logs and the CLI summarise). */
  digest: Digest;
  /** The first channel's message: the default channel's when it owns any target. */
  message: SlackMessage;
  /** queued when any channel's digest was queued by this run; else already-posted, or conflict when a run at the same moment queued one. */
  outcome: DigestOutcome;
  /** One per channel that owns a target (the default alone when no target is recorded), default first. */
  channels: ChannelDigest[];
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
  const thresholds = { warningThreshold: runtime.rules.warningThreshold, criticalThreshold: runtime.rules.criticalThreshold };
  const digest = buildDigest(inputs, now, thresholds);
  const channels: ChannelDigest[] = [];
  for (const [route, owned] of byRoute(runtime, inputs)) {
    const channelDigest = buildDigest(owned, now, thresholds);
    const message = buildDigestMessage(channelDigest, runtime.config.SNAT_PUBLIC_URL ? { publicUrl: runtime.config.SNAT_PUBLIC_URL } : {});
    const outcome = await queueOnce(runtime, route, channelDigest, message, now);
    channels.push({ route, digest: channelDigest, message, outcome });
    log.log(`Capacity digest for ${window.day}${route === null ? '' : ` to ${route}`}: ${outcome} (${channelDigest.targets.length} target(s))`);
  }
  const outcome = overall(channels.map((channel) => channel.outcome));
  const message = channels[0]!.message;
  log.log(`Capacity digest for ${window.day}: ${outcome} (${digest.targets.length} target(s) in ${channels.length} channel(s), ${latest.length - current.length} left out)`);
  const delivery = await deliverOutbox(runtime.outbox, runtime.notifier, { log });
  const purged = await purgeRollups(runtime, retainedSince, now, log);
  return { at: now.toISOString(), digest, message, outcome, channels, leftOut: latest.length - current.length, delivery, purged };
}

/**
 * The targets per owning channel, the default first, then the others by name. A channel that owns no
 * target gets no digest; with no target recorded at all, the default channel still hears so.
 */
function byRoute(runtime: Runtime, inputs: readonly DigestTargetInput[]): Map<string | null, DigestTargetInput[]> {
  const groups = new Map<string | null, DigestTargetInput[]>();
  for (const input of inputs) {
    const route = runtime.router.routeFor(input.snapshot.target, input.snapshot.topology ?? null).route;
    groups.set(route, [...(groups.get(route) ?? []), input]);
  }
  const routes = [...groups.keys()].sort((a, b) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)));
  if (routes.length === 0) return new Map([[null, []]]);
  return new Map(routes.map((route) => [route, groups.get(route)!]));
}

function overall(outcomes: readonly DigestOutcome[]): DigestOutcome {
  if (outcomes.includes('queued')) return 'queued';
  return outcomes.includes('conflict') ? 'conflict' : 'already-posted';
}

async function queueOnce(runtime: Runtime, route: string | null, digest: Digest, message: SlackMessage, now: Date): Promise<DigestOutcome> {
  const id = digestStateId(route);
  const previous = await runtime.digests.get(id);
  if (decideDigest(previous.value, digest.window.day) === 'already-posted') return 'already-posted';
  const state: DigestState = { version: 1, lastDay: digest.window.day, queuedAt: now.toISOString(), targets: digest.targets.length, ...(route === null ? {} : { route }) };
  const committed = await runtime.digests.commit(id, state, previous.etag, [notificationPayload('digest', message, { route })], { now });
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
