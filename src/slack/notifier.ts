// One notifier interface for the outbox: it does not care whether Slack is reached through an incoming
// webhook or a Slack app. The webhook notifier posts each message to its webhook; the app notifier
// keeps one thread per incident (root, replies, the root updated) and can tell whether an ambiguous
// send arrived (message metadata), so it never re-sends a possible duplicate.
import type { SlackMode } from '../config.js';
import type { NotificationPayload, TextMessage } from './notification-payload.js';
import type { SlackMessage } from './block-kit.js';
import type { SendResult, SendToSlackOptions } from './sender.js';

/** One outbox message on its way out. */
export interface OutgoingNotification {
  /** The outbox message ID (`partition/row`): the app's metadata carries it, so an ambiguous send can be found. */
  id: string;
  /** When the outbox message was created: nothing of it can be in Slack from before. */
  createdAt: string;
  payload: NotificationPayload;
  /** What to post: the payload's message, or its simplified text-only form after a refusal. */
  message: SlackMessage | TextMessage;
  /** An earlier request may already be in the channel (the outbox counted it without an answer). */
  resend: boolean;
}

export interface Notifier {
  readonly mode: SlackMode;
  /**
   * true: before a re-send it looks whether the earlier request arrived, so an ambiguous answer never
   * leads to a second copy (the app: message metadata). false: a re-send may duplicate (a webhook).
   */
  readonly confirmsDelivery: boolean;
  send(notification: OutgoingNotification, options?: SendToSlackOptions): Promise<SendResult>;
  /** A message outside the outbox (the watcher's own "cannot watch"): the default destination, no thread. */
  post(message: TextMessage, options?: SendToSlackOptions): Promise<SendResult>;
  /** Where a payload goes, fit for a log line (no secret). */
  where(payload: NotificationPayload | null): string;
  /** `text` with every secret this notifier knows removed. */
  redact(text: string): string;
  /** What someone must check when the destination refuses every message. */
  readonly fixHint: string;
}
