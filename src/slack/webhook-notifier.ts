// The webhook notifier: each message is posted to an incoming webhook, exactly as before the Slack app
// existed. A payload's `route` names the app setting that holds its owning team's webhook URL (set by
// routing); no route means SLACK_WEBHOOK_URL. A re-send after an ambiguous answer cannot be checked
// (a webhook answers nothing but "ok"), so it is marked as a possible duplicate inside itself.
import { isLoopbackUrl } from '../config.js';
import { markPossibleDuplicate } from './delivery-messages.js';
import type { Notifier } from './notifier.js';
import { redactSecrets, redactWebhookUrl } from './redact.js';
import { sendToSlack, type SendResult } from './sender.js';

export interface WebhookNotifierOptions {
  /** SLACK_WEBHOOK_URL. */
  defaultUrl: string;
  /** Where route settings are read (process.env: the app settings). */
  env?: NodeJS.ProcessEnv;
}

export function createWebhookNotifier({ defaultUrl, env = process.env }: WebhookNotifierOptions): Notifier {
  const urlOf = (route: string | null): { url: string } | { problem: string } => {
    if (route === null) return { url: defaultUrl };
    const value = env[route]?.trim();
    if (!value) return { problem: `the app setting ${route} (the route's webhook) is not set` };
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) return { problem: `the app setting ${route} is not a webhook URL` };
    const url = new URL(value);
    if (url.protocol !== 'https:' && !isLoopbackUrl(url)) return { problem: `the app setting ${route} must be an https:// URL` };
    return { url: value };
  };
  // A route's own URL is scrubbed by sendToSlack from what it answers; the default's from everything else.
  const redact = (text: string): string => redactSecrets(text, defaultUrl);
  const refused = (problem: string): SendResult => ({ ok: false, retryable: false, refusal: 'webhook', outcome: 'not-sent', reason: 'client', detail: problem, attempts: 0 });

  return {
    mode: 'webhook',
    confirmsDelivery: false,
    fixHint: 'check SLACK_WEBHOOK_URL and the channel',
    async send(notification, options) {
      const target = urlOf(notification.payload.route);
      if ('problem' in target) return refused(target.problem);
      const message = notification.resend ? markPossibleDuplicate(notification.message) : notification.message;
      return sendToSlack(target.url, message, options);
    },
    post: (message, options) => sendToSlack(defaultUrl, message, options),
    where(payload) {
      const target = urlOf(payload?.route ?? null);
      return 'url' in target ? redactWebhookUrl(target.url) : `route ${payload?.route}`;
    },
    redact,
  };
}
