// What a Slack Web API error means for delivery. The Web API answers HTTP 200 with `ok: false` and an
// error code for almost everything; the codes decide who must act:
//   message: this message is refused (bad blocks, too long); another may pass → text-only, then parked.
//   channel: the bot cannot post in this channel (not invited, archived, gone) → every message held.
//   app: the token or its scopes are wrong → every message held.
//   rate limited (HTTP 429, Retry-After) or Slack unwell → retried.
// Error codes: https://docs.slack.dev/reference/methods/chat.postMessage#errors,
// https://docs.slack.dev/reference/methods/chat.update#errors, https://docs.slack.dev/reference/methods/conversations.history#errors
import type { AttemptFailure, RefusalScope } from './sender.js';

const MESSAGE = new Set([
  'invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'no_text', 'too_many_attachments', 'invalid_attachments',
  'invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large', 'invalid_arguments', 'invalid_arg_name', 'block_mismatch',
  'markdown_text_conflict', 'cant_update_message', 'message_not_found', 'edit_window_closed', 'thread_not_found', 'invalid_ts_oldest', 'invalid_cursor',
]);
const CHANNEL = new Set([
  'not_in_channel', 'channel_not_found', 'is_archived', 'is_inactive', 'restricted_action', 'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel', 'restricted_action_non_threadable_channel', 'ekm_access_denied', 'no_permission', 'access_denied', 'team_not_found',
]);
const APP = new Set([
  'invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope', 'not_allowed_token_type', 'team_access_not_granted',
  'org_login_required', 'two_factor_setup_required', 'enterprise_is_restricted', 'accesslimited', 'metadata_must_be_sent_from_app', 'deprecated_endpoint',
  'method_deprecated', 'invalid_charset', 'invalid_form_data', 'invalid_post_type', 'missing_post_type',
]);
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const TRANSIENT = new Set(['service_unavailable', 'request_timeout', 'team_added_to_org', 'update_failed', 'external_channel_migrating', 'streaming_state_conflict']);
/** "It's possible some aspect of the operation succeeded before the error was raised": a post may be in the channel. */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error']);

/** An `ok: false` answer as a delivery failure. `posting`: the call creates a message (a partial success is then ambiguous). */
export function platformFailure(code: string, posting: boolean, retryAfterInMs?: number): AttemptFailure {
  const detail = `Slack answered ${code}`;
  const outcome = 'not-sent' as const;
  if (RATE_LIMITED.has(code)) return { retryable: true, reason: 'rate-limited', outcome, status: 429, detail, ...(retryAfterInMs === undefined ? {} : { retryAfterInMs }) };
  if (MAYBE_DONE.has(code)) return posting ? { retryable: true, reason: 'ambiguous', outcome: 'unknown', detail } : { retryable: true, reason: 'server', outcome, detail };
  if (TRANSIENT.has(code)) return { retryable: true, reason: 'server', outcome, detail };
  const refusal = refusalOf(code);
  const known = refusal !== 'message' || MESSAGE.has(code);
  return { retryable: false, reason: refusal === 'app' ? 'auth' : 'client', refusal, outcome, detail: known ? detail : `${detail} (a code SNAT Watch does not know: treated as a refusal of this message)` };
}

export function refusalOf(code: string): RefusalScope {
  if (CHANNEL.has(code)) return 'channel';
  if (APP.has(code)) return 'app';
  // MESSAGE codes, and any code we do not know: this message is refused; the next may pass.
  return 'message';
}
