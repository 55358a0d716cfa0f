// The Slack app notifier: one thread per incident. The first message of an incident posts the root
// (the incident's state and its buttons); later ones (severity raised, nodes joined, repeat, resolved)
// reply in its thread after the root is updated (chat.update) to the state they carry. Updating first
// keeps the one step that is not safe to repeat, the reply, last: whatever fails, a retry redoes an
// update (harmless) and posts at most the one reply. An `incident-update` (acknowledged, silenced) only
// updates the root. Messages without an incident (the digest) are plain channel messages.
// Every post carries metadata naming its outbox message, so a re-send after an ambiguous answer first
// looks for it (delivery-check.ts) and posts only if it is absent: exactly once.
// chat.postMessage (thread_ts, metadata) and chat.update: https://docs.slack.dev/reference/methods/chat.postMessage,
// https://docs.slack.dev/reference/methods/chat.update (metadata left out of an update is kept).
import type { SlackThread, SlackThreadStore } from '../state/slack-thread-store.js';
import { findPosted, notificationMetadata } from './delivery-check.js';
import { incidentRoot } from './incident-root.js';
import type { IncidentPlacement } from './notification-payload.js';
import type { Notifier, OutgoingNotification } from './notifier.js';
import { redactSecrets } from './redact.js';
import type { SendResult, SendToSlackOptions } from './sender.js';
import { callWebApi, type WebApiTarget } from './web-api-call.js';

export interface AppNotifierOptions extends WebApiTarget {
  /** SLACK_CHANNEL: where a payload without a route goes. */
  defaultChannel: string;
  threads: SlackThreadStore;
  /** The app's clock (buttons depend on whether a silence is still running). */
  now?: () => Date;
}

export function createAppNotifier(options: AppNotifierOptions): Notifier {
  const { threads, defaultChannel } = options;
  const now = options.now ?? (() => new Date());
  const target: WebApiTarget = { token: options.token, apiUrl: options.apiUrl };
  const ok = (attempts: number): SendResult => ({ ok: true, attempts });

  async function post(args: Record<string, unknown>, sendOptions: SendToSlackOptions = {}) {
    return callWebApi(target, 'chat.postMessage', { unfurl_links: false, unfurl_media: false, ...args }, { ...sendOptions, posting: true });
  }

  async function updateRoot(thread: SlackThread, incident: IncidentPlacement, sendOptions: SendToSlackOptions) {
    const root = incidentRoot(thread.base, incident, now());
    return callWebApi(target, 'chat.update', { channel: thread.channel, ts: thread.rootTs, text: root.text, blocks: root.blocks }, { ...sendOptions, posting: false });
  }

  async function send(notification: OutgoingNotification, sendOptions: SendToSlackOptions = {}): Promise<SendResult> {
    const { payload, message, id } = notification;
    const channel = payload.route ?? defaultChannel;
    const incident = payload.incident;
    const thread = incident ? await threads.get(incident.key) : null;
    let attempts = 0;

    if (payload.kind === 'incident-update' && incident && thread) {
      // Only the root changes; an update can be repeated, so an ambiguous answer needs no look.
      const updated = await updateRoot(thread, incident, sendOptions);
      return updated.ok ? ok(updated.attempts) : updated;
    }
    if (notification.resend) {
      const where = thread ? { channel: thread.channel, rootTs: thread.rootTs, since: notification.createdAt } : { channel, since: notification.createdAt };
      const check = await findPosted(target, id, where, sendOptions);
      // Could not tell: still a possible copy, so it stays one (outcome unknown) and is looked for again later.
      if (!('status' in check)) return { ...check, outcome: 'unknown' };
      attempts += check.attempts;
      if (check.status === 'found') {
        if (incident && !thread) await threads.put({ incident: incident.key, channel, rootTs: check.ts, base: message, postedAt: now().toISOString() });
        return ok(attempts);
      }
    }
    const metadata = notificationMetadata(id, incident?.key ?? null);
    if (incident && thread) {
      const updated = await updateRoot(thread, incident, sendOptions);
      attempts += updated.attempts;
      // A root Slack will not take this state for (deleted, too long) does not hold the reply back.
      if (!updated.ok && (updated.retryable || updated.refusal !== 'message')) return { ...updated, attempts };
      const reply = await post({ channel: thread.channel, thread_ts: thread.rootTs, text: message.text, ...blocksOf(message), metadata }, sendOptions);
      return reply.ok ? ok(attempts + reply.attempts) : { ...reply, attempts: attempts + reply.attempts };
    }
    if (incident) {
      const root = incidentRoot(message, incident, now());
      const posted = await post({ channel, text: root.text, blocks: root.blocks, metadata }, sendOptions);
      if (!posted.ok) return { ...posted, attempts: attempts + posted.attempts };
      const ts = String(posted.value.ts);
      // Recorded before the outbox completes; a failure here throws, and the next attempt finds the root by its metadata.
      await threads.put({ incident: incident.key, channel: String(posted.value.channel ?? channel), rootTs: ts, base: message, postedAt: now().toISOString() });
      return ok(attempts + posted.attempts);
    }
    const posted = await post({ channel, text: message.text, ...blocksOf(message), metadata }, sendOptions);
    return posted.ok ? ok(attempts + posted.attempts) : { ...posted, attempts: attempts + posted.attempts };
  }

  return {
    mode: 'app',
    confirmsDelivery: true,
    fixHint: "check SLACK_BOT_TOKEN, the app's scopes (chat:write, channels:history) and that the bot was invited to the channel",
    send,
    async post(message, sendOptions) {
      const posted = await post({ channel: defaultChannel, text: message.text }, sendOptions);
      return posted.ok ? ok(posted.attempts) : posted;
    },
    where: (payload) => `Slack channel ${payload?.route ?? defaultChannel}`,
    redact: (text) => redactSecrets(text).split(options.token).join('xox*-***'),
  };
}

function blocksOf(message: OutgoingNotification['message']): { blocks?: unknown[] } {
  return 'blocks' in message && Array.isArray(message.blocks) && message.blocks.length > 0 ? { blocks: message.blocks } : {};
}
