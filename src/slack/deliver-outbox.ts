// Drains the outbox to Slack, each target's messages in order (a "resolved" never arrives before its
// "firing"), targets independent of each other: what holds one target's queue never holds another's.
//   - Slack refuses a message (4xx other than 429, about the message): it is tried once more in a
//     simplified text-only form; refused again, it is parked (dead-lettered) with Slack's reason, a
//     text-only notice says so in the channel, and the target's later messages go on.
//   - Slack refuses the webhook (401/403/404/410) or is unwell (429, 5xx, unreachable): every message
//     would fail alike, so the drain stops and the next run tries again.
//   - No answer after the body was sent (timeout, hang, reset) is ambiguous: Slack may have posted it.
//     The message waits `resendAfterInMs`, is re-sent at most once, marked as a possible duplicate;
//     a deliverer that died mid-send (or lost storage after Slack accepted) counts the same way.
//     So: at most two copies on an ambiguous answer from a webhook, and never a blind re-send.
//     A notifier that confirms delivery (the Slack app: message metadata) looks before it re-sends and
//     posts only when the first request did not arrive: no second copy, so it keeps looking after
//     another ambiguous answer instead of parking the message.
// Where messages go is the notifier's business (notifier.ts): a webhook, or the Slack app's threads.
import type { Outbox, OutboxMessage } from '../state/outbox.js';
import { parkedNotice, simplifiedMessage } from './delivery-messages.js';
import { noticePayload, parseNotificationPayload, type NotificationPayload } from './notification-payload.js';
import { failureOf, logStop, reportLease, where } from './delivery-log.js';
import type { Notifier } from './notifier.js';
import { defaultSendOptions, maxSendDurationInMs, type SendFailureReason, type SendResult, type SendToSlackOptions } from './sender.js';
import { createWebhookNotifier } from './webhook-notifier.js';

/** drained: nothing left that could go now; send-failed: Slack or the webhook failed and holds every target; busy: another deliverer holds some target's queue; budget-spent / max-messages / aborted: the rest waits for the next run. */
export type DeliveryStop = 'drained' | 'send-failed' | 'busy' | 'budget-spent' | 'max-messages' | 'aborted';

export interface DeliveryFailure {
  messageId: string;
  targetId: string;
  sequence: number;
  reason: SendFailureReason;
  retryable: boolean;
  status?: number;
  detail: string;
  /** Attempts over all runs, this one included. */
  attempts: number;
  /** What became of the message: retried later, re-sent once after a wait (ambiguous), or parked. */
  next: 'retry-later' | 'resend-after-wait' | 'parked';
}

export interface DeliverOutboxResult {
  delivered: number;
  /** Still waiting in the outbox after this run (parked messages not counted). */
  pending: number;
  /** Failed in this run. */
  failed: number;
  /** Parked (dead-lettered) in this run. */
  parked: number;
  stoppedBy: DeliveryStop;
  failures: DeliveryFailure[];
}

/** Console and the Functions InvocationContext both fit. */
export interface DeliveryLog {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface DeliverOutboxOptions {
  send?: SendToSlackOptions;
  /** No new message is started after this long; defaults to 50 s, inside a one-minute timer. */
  budgetInMs?: number;
  maxMessages?: number;
  /** Defaults to the longest a send can take plus a margin. */
  leaseInMs?: number;
  /** After an ambiguous answer, the one re-send waits this long (SNAT_SLACK_RESEND_AFTER_MS); defaults to 30 s. */
  resendAfterInMs?: number;
  /** Only these targets' messages (the targets of a batch that just settled); every target when absent. */
  targetIds?: readonly string[];
  /** No new message is started once aborted (the run's deadline). */
  signal?: AbortSignal;
  log?: DeliveryLog;
  now?: () => Date;
}

export const DEFAULT_RESEND_AFTER_IN_MS = 30_000;

/** The parked reason of a message that may be in the channel twice already. */
const UNCONFIRMED = 'unconfirmed: two attempts got no answer after the message was sent, so it may be in the channel twice';

type Held = 'failed' | 'busy' | 'waiting' | 'parked';

interface Pass {
  notifier: Notifier;
  options: Required<Pick<DeliverOutboxOptions, 'budgetInMs' | 'maxMessages' | 'resendAfterInMs'>> & DeliverOutboxOptions;
  log: DeliveryLog;
  now: () => Date;
  wall: () => Date;
  startedAt: number;
  leaseInMs: number;
  attemptTimeoutInMs: number;
  held: Map<string, Held>;
  result: DeliverOutboxResult;
}

/** `to`: the notifier (runtime.notifier), or a webhook URL (a webhook notifier without routes). */
export async function deliverOutbox(outbox: Outbox<unknown>, to: Notifier | string, options: DeliverOutboxOptions = {}): Promise<DeliverOutboxResult> {
  const notifier = typeof to === 'string' ? createWebhookNotifier({ defaultUrl: to, env: {} }) : to;
  const defaults = outbox.delivery ?? {};
  const send: SendToSlackOptions = {
    ...(defaults.timeoutInMs === undefined ? {} : { timeoutInMs: defaults.timeoutInMs }),
    // The run's deadline also cuts a send short (an answer cut off after the body left is ambiguous, like any other).
    ...(options.signal ? { abortSignal: options.signal } : {}),
    ...options.send,
  };
  const pass: Pass = {
    notifier,
    options: {
      budgetInMs: 50_000,
      maxMessages: Number.POSITIVE_INFINITY,
      resendAfterInMs: defaults.resendAfterInMs ?? DEFAULT_RESEND_AFTER_IN_MS,
      ...options,
      send,
    },
    log: options.log ?? console,
    now: options.now ?? defaults.now ?? (() => new Date()),
    // The budget is wall time (the function's own time limit), whatever clock leases follow.
    wall: options.now ?? (() => new Date()),
    startedAt: (options.now ?? (() => new Date()))().getTime(),
    leaseInMs: options.leaseInMs ?? maxSendDurationInMs(send) + 5_000,
    attemptTimeoutInMs: send.timeoutInMs ?? defaultSendOptions.timeoutInMs,
    held: new Map(),
    result: { delivered: 0, pending: 0, failed: 0, parked: 0, stoppedBy: 'drained', failures: [] },
  };
  const wanted = options.targetIds ? new Set(options.targetIds.map((id) => id.toLowerCase())) : null;
  const listed = async (only?: ReadonlySet<string>) =>
    (await outbox.list()).filter((message) => (!wanted || wanted.has(message.targetId.toLowerCase())) && (!only || only.has(message.targetId)));

  let stop = await drain(outbox, await listed(), pass);
  // A parked message's notice sits right behind it: a second look at those targets sends it, then their next messages.
  const parkedTargets = new Set([...pass.held].filter(([, why]) => why === 'parked').map(([targetId]) => targetId));
  if (stop === null && parkedTargets.size > 0) {
    for (const targetId of parkedTargets) pass.held.delete(targetId);
    stop = await drain(outbox, await listed(parkedTargets), pass);
  }
  const left = await listed().catch(() => null);
  pass.result.pending = left?.length ?? pass.result.pending;
  const busy = [...pass.held.values()].includes('busy');
  return { ...pass.result, stoppedBy: stop ?? (busy ? 'busy' : 'drained') };
}

/** One pass over the listed messages; a stop that ends the whole delivery, or null when the pass ran through. */
async function drain(outbox: Outbox<unknown>, messages: Array<OutboxMessage<unknown>>, pass: Pass): Promise<DeliveryStop | null> {
  const { options, held, result, log } = pass;
  for (const message of messages) {
    if (held.has(message.targetId)) continue;
    if (result.delivered >= options.maxMessages) return 'max-messages';
    if (pass.wall().getTime() - pass.startedAt >= options.budgetInMs) return 'budget-spent';
    if (options.signal?.aborted) return 'aborted';
    const now = pass.now();
    if (message.notBefore && message.notBefore > now.toISOString()) {
      held.set(message.targetId, 'waiting');
      continue;
    }
    if (message.leaseUntil && message.leaseUntil > now.toISOString()) {
      held.set(message.targetId, 'busy');
      reportLease(log, message, now, pass.attemptTimeoutInMs);
      continue;
    }
    if (message.possibleCopies >= 2 && !pass.notifier.confirmsDelivery) {
      // Two requests may already have reached Slack: a third copy is never sent.
      await outbox.park(message, 0, `${UNCONFIRMED}: the deliverer of the re-send stopped before recording its answer`, { outcome: 'unknown', now });
      log.warn(`Slack outbox: ${message.id} (target ${message.targetId}, #${message.sequence}) got no answer twice after it was sent; it is not sent a third time and is parked (snat-watch outbox list)`);
      continue;
    }
    const claim = await outbox.claim(message, { leaseInMs: pass.leaseInMs, now });
    if (claim.status === 'gone') continue;
    if (claim.status !== 'claimed') {
      held.set(message.targetId, 'busy');
      log.log(`Slack outbox: ${message.id} is ${claim.status} (another deliverer is sending it); target ${message.targetId} waits for it`);
      continue;
    }
    const stop = await deliverClaimed(outbox, claim.message, pass);
    if (stop) return stop;
  }
  return null;
}

async function deliverClaimed(outbox: Outbox<unknown>, claimed: OutboxMessage<unknown>, pass: Pass): Promise<DeliveryStop | null> {
  const { options, held, result, log, notifier } = pass;
  // The claim counted this request; a count above one means an earlier request may already be in the channel.
  const resend = claimed.possibleCopies > 1;
  const payload = payloadOf(claimed);
  const to = notifier.where(payload);
  if (resend) {
    log.warn(
      notifier.confirmsDelivery
        ? `Slack outbox: ${claimed.id} (target ${claimed.targetId}) got an ambiguous answer before; it is sent again only if Slack does not have it`
        : `Slack outbox: re-sending ${claimed.id} (target ${claimed.targetId}) once after an ambiguous answer, marked as a possible duplicate`,
    );
  }
  const sent = await notifier.send({ id: claimed.id, createdAt: claimed.createdAt, payload, message: payload.message, resend }, options.send);
  if (sent.ok) return complete(outbox, claimed, log, result);
  const detail = notifier.redact(sent.detail);
  const failure = (next: DeliveryFailure['next'], attempts: number): void => {
    result.failed++;
    result.failures.push(failureOf(claimed, sent, detail, claimed.attempts + attempts, next));
  };

  if (sent.outcome === 'unknown' && resend && !notifier.confirmsDelivery) {
    // The second ambiguous answer: two copies may be in the channel; a third is never sent.
    await outbox.park(claimed, sent.attempts, `${UNCONFIRMED}: ${detail}`, { outcome: 'unknown', now: pass.now() });
    result.parked++;
    failure('parked', sent.attempts);
    log.warn(`Slack outbox: ${where(claimed, to)}: ${detail} again after its one re-send; it is not sent a third time and is parked (snat-watch outbox list)`);
    return null;
  }
  if (sent.outcome === 'unknown') {
    const notBefore = new Date(pass.now().getTime() + options.resendAfterInMs);
    await outbox.recordFailure(claimed, sent.attempts, `${sent.reason}: ${detail}`, { outcome: 'unknown', notBefore });
    held.set(claimed.targetId, 'waiting');
    failure('resend-after-wait', sent.attempts);
    log.warn(
      notifier.confirmsDelivery
        ? `Slack outbox: ${where(claimed, to)}: ${detail}. Slack may have posted it; after ${notBefore.toISOString()} it is looked for (message metadata) and sent only if absent.`
        : `Slack outbox: ${where(claimed, to)}: ${detail}. Slack may have posted it; it is re-sent once after ${notBefore.toISOString()}, marked as a possible duplicate.`,
    );
    return null;
  }
  if (sent.retryable || sent.refusal !== 'message') {
    // A look for an earlier copy that failed keeps the message a possible copy (outcome unknown above); this one was answered.
    await outbox.recordFailure(claimed, sent.attempts, `${sent.reason}: ${detail}`);
    held.set(claimed.targetId, 'failed');
    failure('retry-later', sent.attempts);
    logStop(log, claimed, sent.reason, sent.retryable, detail, claimed.attempts + sent.attempts, to, notifier.fixHint, notifier.mode === 'app' ? 'THE SLACK APP' : 'THE WEBHOOK');
    return 'send-failed';
  }
  return refused(outbox, claimed, payload, sent, detail, pass);
}

/** The stored payload as a NotificationPayload (rows from before payloads had a shape hold a bare message). */
function payloadOf(claimed: OutboxMessage<unknown>): NotificationPayload {
  try {
    return parseNotificationPayload(claimed.payload);
  } catch {
    // Not a Slack message at all: sent as it is, so Slack's refusal parks it with a reason.
    return { version: 1, kind: claimed.kind === 'notice' ? 'notice' : 'alert', message: claimed.payload as NotificationPayload['message'], incident: null, route: null };
  }
}

/** Slack refused this message: once more as text only, then parked with a notice; the target goes on. */
async function refused(
  outbox: Outbox<unknown>,
  claimed: OutboxMessage<unknown>,
  payload: NotificationPayload,
  first: Extract<SendResult, { ok: false }>,
  detail: string,
  pass: Pass,
): Promise<DeliveryStop | null> {
  const { log, result, held, notifier } = pass;
  const to = notifier.where(payload);
  const reason = `${first.reason}: ${detail}`;
  if (claimed.kind === 'notice') {
    await outbox.park(claimed, first.attempts, reason, { now: pass.now() });
    result.parked++;
    result.failures.push(failureOf(claimed, first, detail, claimed.attempts + first.attempts, 'parked'));
    result.failed++;
    log.error(`SLACK REFUSED the notice ${where(claimed, to)}: ${detail}; it is parked`);
    return null;
  }
  // The first request was answered (refused): this one is no re-send.
  const simplified = await notifier.send({ id: claimed.id, createdAt: claimed.createdAt, payload, message: simplifiedMessage(claimed, detail), resend: false }, pass.options.send);
  const attempts = first.attempts + simplified.attempts;
  if (simplified.ok) {
    log.error(`SLACK REFUSED ${where(claimed, to)}: ${detail}. It was delivered in a simplified text-only form instead; the full message is dropped.`);
    return complete(outbox, claimed, log, result);
  }
  const parkedReason = simplified.outcome === 'unknown' ? `${reason} (the simplified form got no answer: ${notifier.redact(simplified.detail)})` : reason;
  const parked = await outbox.park(claimed, attempts, parkedReason, {
    now: pass.now(),
    outcome: simplified.outcome,
    notice: noticePayload(claimed.payload, parkedNotice(claimed, detail)),
  });
  result.failed++;
  result.failures.push(failureOf(claimed, first, detail, claimed.attempts + attempts, 'parked'));
  if (parked === 'parked') {
    result.parked++;
    held.set(claimed.targetId, 'parked');
  }
  log.error(
    `SLACK REFUSED ${where(claimed, to)}: ${detail}, also in a simplified text-only form. It is parked ` +
      `(snat-watch outbox list | retry ${claimed.id} | drop ${claimed.id}); a notice goes to the channel and the target's later messages go on.`,
  );
  return null;
}

async function complete(outbox: Outbox<unknown>, claimed: OutboxMessage<unknown>, log: DeliveryLog, result: DeliverOutboxResult): Promise<null> {
  const completion = await outbox.complete(claimed);
  if (completion === 'lost-lease') log.warn(`Slack outbox: the lease on ${claimed.id} expired during its send; another deliverer may re-send it once, marked as a possible duplicate`);
  result.delivered++;
  return null;
}
