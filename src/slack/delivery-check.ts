// Did an earlier request for this outbox message reach the channel? Every message the app posts
// carries metadata naming its outbox message; before a re-send after an ambiguous answer the channel
// (or the incident's thread) is read back with include_all_metadata and searched for it.
// Message metadata: https://docs.slack.dev/messaging/message-metadata (event_type: letters, digits, _ and -).
// conversations.history / conversations.replies (include_all_metadata, oldest, limit, cursor):
// https://docs.slack.dev/reference/methods/conversations.history, https://docs.slack.dev/reference/methods/conversations.replies
import type { SendToSlackOptions } from './sender.js';
import { callWebApi, type WebApiTarget } from './web-api-call.js';
import type { SendResult } from './sender.js';

/** Our metadata's event type. */
export const NOTIFICATION_EVENT_TYPE = 'snat_watch_notification';

/** Slack's clock and ours may differ: the search starts this long before the message was created. */
export const CHECK_MARGIN_IN_MS = 5 * 60_000;
/** Messages per page (conversations.history recommends at most 200) and pages read before giving up. */
const PAGE_SIZE = 200;
const MAX_PAGES = 5;

export interface NotificationMetadata {
  event_type: typeof NOTIFICATION_EVENT_TYPE;
  event_payload: { message_id: string; incident?: string };
}

export function notificationMetadata(messageId: string, incident: string | null): NotificationMetadata {
  return { event_type: NOTIFICATION_EVENT_TYPE, event_payload: { message_id: messageId, ...(incident ? { incident } : {}) } };
}

export interface CheckWhere {
  channel: string;
  /** The incident's root: the search reads its thread (the root included) instead of the channel. */
  rootTs?: string;
  /** The outbox message's creation time. */
  since: string;
}

/** found: the earlier request is in Slack (its ts); absent: it is not; a failure: the search could not tell. */
export type CheckResult = { status: 'found'; ts: string; attempts: number } | { status: 'absent'; attempts: number } | Extract<SendResult, { ok: false }>;

export async function findPosted(target: WebApiTarget, messageId: string, where: CheckWhere, options: SendToSlackOptions): Promise<CheckResult> {
  const oldest = slackTs(Date.parse(where.since) - CHECK_MARGIN_IN_MS);
  const method = where.rootTs ? 'conversations.replies' : 'conversations.history';
  let cursor: string | undefined;
  let attempts = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const args = { channel: where.channel, oldest, include_all_metadata: true, limit: PAGE_SIZE, ...(where.rootTs ? { ts: where.rootTs } : {}), ...(cursor ? { cursor } : {}) };
    const read = await callWebApi(target, method, args, { ...options, posting: false });
    if (!read.ok) return { ...read, attempts: attempts + read.attempts };
    attempts += read.attempts;
    const messages = Array.isArray(read.value.messages) ? (read.value.messages as Array<{ ts?: unknown; metadata?: Partial<NotificationMetadata> }>) : [];
    const match = messages.find((message) => message.metadata?.event_type === NOTIFICATION_EVENT_TYPE && message.metadata.event_payload?.message_id === messageId);
    if (match && typeof match.ts === 'string') return { status: 'found', ts: match.ts, attempts };
    cursor = (read.value.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
    if (!cursor) return { status: 'absent', attempts };
  }
  return {
    ok: false,
    retryable: true,
    reason: 'ambiguous',
    outcome: 'unknown',
    detail: `${method}: more than ${PAGE_SIZE * MAX_PAGES} messages since the first attempt; could not tell whether it arrived`,
    attempts,
  };
}

/** A Slack timestamp ("seconds.micros") from milliseconds since the epoch. */
export function slackTs(ms: number): string {
  return (Math.max(0, ms) / 1_000).toFixed(6);
}
