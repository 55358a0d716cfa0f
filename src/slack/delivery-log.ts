// What delivery tells people: the log lines for a held target, a failed send and a refused webhook,
// and the failures a DeliverOutboxResult lists. Destinations come from the notifier, secrets redacted.
import type { OutboxMessage } from '../state/outbox.js';
import type { DeliveryFailure, DeliveryLog } from './deliver-outbox.js';
import type { SendFailureReason, SendResult } from './sender.js';

/** A live lease: normal while another deliverer sends; past one attempt's time, that deliverer has likely died mid-send. */
export function reportLease(log: DeliveryLog, message: OutboxMessage<unknown>, now: Date, attemptTimeoutInMs: number): void {
  const since = message.claimedAt ? Date.parse(message.claimedAt) : Number.NaN;
  const stuck = Number.isNaN(since) || now.getTime() - since > attemptTimeoutInMs + 5_000;
  const text =
    `Slack outbox: ${message.id} (target ${message.targetId}, #${message.sequence}) has been sending since ${message.claimedAt ?? 'an unknown time'} ` +
    `(deliverer ${message.leaseOwner ?? 'unknown'}); the target's messages wait until its lease ends at ${message.leaseUntil}`;
  if (stuck) log.warn(`${text}. That deliverer has likely stopped mid-send (crash, timeout, storage lost after Slack answered); the message is then re-sent once, marked as a possible duplicate. Other targets are not held.`);
  else log.log(text);
}

export function failureOf(message: OutboxMessage<unknown>, sent: Extract<SendResult, { ok: false }>, detail: string, attempts: number, next: DeliveryFailure['next']): DeliveryFailure {
  return {
    messageId: message.id,
    targetId: message.targetId,
    sequence: message.sequence,
    reason: sent.reason,
    retryable: sent.retryable,
    ...(sent.status === undefined ? {} : { status: sent.status }),
    detail,
    attempts,
    next,
  };
}

/** `to`: the notifier's printable destination (a redacted webhook URL, a channel). */
export function where(message: OutboxMessage<unknown>, to: string): string {
  return `message ${message.id} (target ${message.targetId}, #${message.sequence}) to ${to}`;
}

/** Slack or the webhook failed for every message alike: loud for a refusal (someone must act), a warning otherwise. */
/** `refused`: what Slack refused, as the log names it (THE WEBHOOK, THE SLACK APP). */
export function logStop(log: DeliveryLog, message: OutboxMessage<unknown>, reason: SendFailureReason, retryable: boolean, detail: string, attempts: number, to: string, fixHint: string, refused = 'THE WEBHOOK'): void {
  const what = `${where(message, to)}, ${attempts} attempts so far`;
  if (retryable) {
    log.warn(`Slack outbox: ${what} failed (${reason}: ${detail}); delivery stops for this run and is retried on the next`);
  } else {
    log.error(
      `SLACK REFUSED ${refused} for ${what}: ${reason}: ${detail}. Every message will be refused until the ${refused === 'THE WEBHOOK' ? 'webhook' : 'app'} or channel is fixed ` +
        `(${fixHint}); the messages stay in the outbox.`,
    );
  }
}
