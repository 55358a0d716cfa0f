// Slack request signatures ("Verifying requests from Slack",
// https://api.slack.com/authentication/verifying-requests-from-slack): every request Slack sends
// carries X-Slack-Request-Timestamp and X-Slack-Signature = `v0=` + hex HMAC-SHA256 of
// `v0:{timestamp}:{raw body}` keyed with the app's signing secret. Computed over the raw bytes as
// received (never a re-serialised body), compared in constant time; a timestamp more than five
// minutes from now is refused, so a captured request cannot be replayed later (and replays inside the
// window are refused by the replay guard, src/state/replay-guard.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's version prefix; the only one there is. Same page. */
export const SLACK_SIGNATURE_VERSION = 'v0';
/** "If the timestamp is more than five minutes from local time, it could be a replay attack": same page. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

export type SignatureProblem = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

export interface SignedRequest {
  timestamp: string | null;
  signature: string | null;
  rawBody: Uint8Array;
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`): what Slack sends, and what the terminal and tests sign with. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Uint8Array | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`${SLACK_SIGNATURE_VERSION}:${timestamp}:`);
  hmac.update(rawBody);
  return `${SLACK_SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

/** null when the request is Slack's, else what is wrong with it (never which part of the signature). */
export function verifySlackSignature(request: SignedRequest, signingSecret: string, now: Date): SignatureProblem | null {
  const { timestamp, signature } = request;
  if (!timestamp || !signature) return 'missing-headers';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return 'stale-timestamp';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, request.rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; a wrong length is simply wrong (the length is no secret).
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad-signature';
}
