// Drains the outbox to Slack, oldest first. It stops at the first message that cannot be delivered, so
// later messages wait rather than overtake it (a "resolved" never arrives before its "firing"). Each
// message is claimed under a lease before it is sent and deleted once Slack accepted it, so runs that
// overlap never send one message twice, and a message that failed is tried again by a later run.
import type { Outbox, OutboxMessage } from '../state/outbox.js';
import { redactSecrets, redactWebhookUrl } from './redact.js';
import { maxSendDurationInMs, sendToSlack, type SendFailureReason, type SendToSlackOptions } from './sender.js';

/** drained: nothing left; send-failed: a message failed and holds the rest back; busy: another deliverer holds the head of the queue; budget-spent / max-messages: the rest waits for the next run. */
export type DeliveryStop = 'drained' | 'send-failed' | 'busy' | 'budget-spent' | 'max-messages';

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
}

export interface DeliverOutboxResult {
  delivered: number;
  /** Still in the outbox after this run. */
  pending: number;
  /** Failed in this run (at most one: the drain stops there). */
  failed: number;
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
  log?: DeliveryLog;
  now?: () => Date;
}

export async function deliverOutbox(outbox: Outbox<unknown>, webhookUrl: string, options: DeliverOutboxOptions = {}): Promise<DeliverOutboxResult> {
  const { budgetInMs = 50_000, maxMessages = Number.POSITIVE_INFINITY, log = console, now = () => new Date() } = options;
  const leaseInMs = options.leaseInMs ?? maxSendDurationInMs(options.send) + 30_000;
  const startedAt = now().getTime();
  const messages = await outbox.list();
  const result: DeliverOutboxResult = { delivered: 0, pending: messages.length, failed: 0, stoppedBy: 'drained', failures: [] };
  const stop = (stoppedBy: DeliveryStop): DeliverOutboxResult => ({ ...result, stoppedBy, pending: messages.length - result.delivered });

  for (const message of messages) {
    if (result.delivered >= maxMessages) return stop('max-messages');
    if (now().getTime() - startedAt >= budgetInMs) return stop('budget-spent');
    const claim = await outbox.claim(message, { leaseInMs, now: now() });
    if (claim.status !== 'claimed') {
      log.log(`Slack outbox: ${message.id} is ${claim.status} (another deliverer is at work); leaving the rest to it`);
      return stop('busy');
    }
    const sent = await sendToSlack(webhookUrl, claim.message.payload, options.send);
    if (sent.ok) {
      const completion = await outbox.complete(claim.message);
      if (completion === 'lost-lease') log.warn(`Slack outbox: the lease on ${message.id} expired during its send; it may be delivered twice (raise leaseInMs)`);
      result.delivered++;
      continue;
    }
    const detail = redactSecrets(sent.detail, webhookUrl);
    const attempts = message.attempts + sent.attempts;
    await outbox.recordFailure(claim.message, sent.attempts, `${sent.reason}: ${detail}`);
    result.failed++;
    result.failures.push(failureOf(message, sent.reason, sent.retryable, sent.status, detail, attempts));
    logFailure(log, message, sent.reason, sent.retryable, detail, attempts, webhookUrl);
    return stop('send-failed');
  }
  return stop('drained');
}

function failureOf(message: OutboxMessage<unknown>, reason: SendFailureReason, retryable: boolean, status: number | undefined, detail: string, attempts: number): DeliveryFailure {
  return { messageId: message.id, targetId: message.targetId, sequence: message.sequence, reason, retryable, ...(status === undefined ? {} : { status }), detail, attempts };
}

/** A refusal (4xx) needs a person: say it loudly, with what to check. Transient failures are warnings. */
function logFailure(log: DeliveryLog, message: OutboxMessage<unknown>, reason: SendFailureReason, retryable: boolean, detail: string, attempts: number, webhookUrl: string): void {
  const where = `message ${message.id} (target ${message.targetId}, #${message.sequence}, ${attempts} attempts so far) to ${redactWebhookUrl(webhookUrl)}`;
  if (retryable) {
    log.warn(`Slack outbox: ${where} failed (${reason}: ${detail}); it and the messages after it will be retried on the next run`);
  } else {
    log.error(
      `SLACK REFUSED ${where}: ${reason}: ${detail}. Slack will refuse it again until the webhook, channel or message is fixed ` +
        '(check SLACK_WEBHOOK_URL and the channel); it stays in the outbox and holds back the messages after it.',
    );
  }
}
