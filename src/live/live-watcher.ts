// The watch on the watcher and the outbox's dead-letter, as the live view shows them: the last run's
// heartbeat (start, end, targets, errors), failed runs in a row, and every parked message with Slack's
// reason and the commands that resend or drop it. Pure: stored records in, the view's parts out.
import { z } from 'zod';
import type { OutboxMessage } from '../state/outbox.js';
import type { WatcherState } from '../watch/watcher-state.js';
import { slackMessageOf } from '../slack/notification-payload.js';

const isoTime = z.string().describe('ISO 8601, UTC.');

export const liveWatcherSchema = z.strictObject({
  lastRun: z
    .strictObject({
      startedAt: isoTime,
      endedAt: isoTime,
      targets: z.number().int().min(0),
      errors: z.array(z.string()),
      outcome: z.enum(['ok', 'failed']),
      failure: z.strictObject({ reason: z.enum(['storage', 'identity', 'every-read-failing', 'run-failed']), detail: z.string() }).nullable(),
    })
    .nullable()
    .describe('The latest watch run; null before the first.'),
  consecutiveFailures: z.number().int().min(0).describe('Runs in a row that could not watch (storage, identity, every read failing).'),
  cannotWatchSince: isoTime.nullable().describe('When "SNAT Watch cannot watch" was posted; null while watching.'),
  ageMinutes: z.number().int().min(0).nullable().describe('Minutes since the latest run ended.'),
});

export const liveParkedSchema = z.strictObject({
  id: z.string().describe('For `snat-watch outbox retry ID` / `drop ID`.'),
  targetId: z.string(),
  sequence: z.number().int(),
  kind: z.enum(['message', 'notice']),
  createdAt: isoTime,
  parkedAt: isoTime,
  reason: z.string().describe("Slack's answer (e.g. `client: HTTP 400 invalid_payload`)."),
  text: z.string().describe('The message\'s notification text.'),
});

export const liveOutboxSchema = z.strictObject({
  pending: z.number().int().min(0).describe('Messages waiting for delivery.'),
  parked: z.array(liveParkedSchema).describe('Messages Slack refused for good (dead-letter), oldest first.'),
});

export type LiveWatcher = z.output<typeof liveWatcherSchema>;
export type LiveParked = z.output<typeof liveParkedSchema>;
export type LiveOutbox = z.output<typeof liveOutboxSchema>;

export function liveWatcher(state: WatcherState | null, now: Date): LiveWatcher {
  const last = state?.last ?? null;
  const ended = last ? Date.parse(last.endedAt) : Number.NaN;
  return {
    lastRun: last ? { ...last, errors: [...last.errors] } : null,
    consecutiveFailures: state?.consecutiveFailures ?? 0,
    cannotWatchSince: state?.cannotWatchPostedAt ?? null,
    ageMinutes: Number.isNaN(ended) ? null : Math.max(0, Math.floor((now.getTime() - ended) / 60_000)),
  };
}

export function liveOutbox(pending: number, parked: ReadonlyArray<OutboxMessage<unknown>>): LiveOutbox {
  return {
    pending,
    parked: parked.map((message) => ({
      id: message.id,
      targetId: message.targetId,
      sequence: message.sequence,
      kind: message.kind,
      createdAt: message.createdAt,
      parkedAt: message.parked?.at ?? '',
      reason: message.parked?.reason ?? '',
      text: String(slackMessageOf(message.payload)?.text ?? '').slice(0, 300),
    })),
  };
}
