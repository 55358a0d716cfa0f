// An incoming webhook URL is a bearer secret: anyone holding it can post to the channel. Its path
// (/services/T…/B…/token) is the secret, so only the origin and the first path segment are ever shown.
// https://api.slack.com/messaging/webhooks ("Keep it secret, keep it safe")

const SLACK_WEBHOOK_PATTERN = /https?:\/\/hooks\.slack(?:-gov)?\.com\/services\/[^\s"'<>]*/gi;
const SLACK_TOKEN_PATTERN = /\bxox[abposr]-[A-Za-z0-9-]+/g;

/** The printable form of a webhook URL: `https://hooks.slack.com/services/***`. */
export function redactWebhookUrl(webhookUrl: string): string {
  try {
    const url = new URL(webhookUrl);
    const first = url.pathname.split('/').filter(Boolean)[0];
    return `${url.origin}/${first ? `${first}/` : ''}***`;
  } catch {
    return '***';
  }
}

/** Removes the webhook URL (raw, encoded, or just its secret path) and any Slack token from `text`. */
export function redactSecrets(text: string, webhookUrl?: string): string {
  let redacted = text;
  if (webhookUrl) {
    const secrets = secretFormsOf(webhookUrl);
    for (const secret of secrets) redacted = redacted.split(secret).join(redactWebhookUrl(webhookUrl));
  }
  return redacted.replace(SLACK_WEBHOOK_PATTERN, 'https://hooks.slack.com/services/***').replace(SLACK_TOKEN_PATTERN, 'xox*-***');
}

/** Longest first, so the full URL is replaced before its path alone. */
function secretFormsOf(webhookUrl: string): string[] {
  const forms = new Set([webhookUrl, encodeURIComponent(webhookUrl)]);
  try {
    const url = new URL(webhookUrl);
    forms.add(url.href);
    const secretPath = url.pathname.split('/').filter(Boolean).slice(1).join('/');
    if (secretPath.length >= 8) forms.add(secretPath);
  } catch {
    // not a URL: the raw forms above are all we can scrub
  }
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}
