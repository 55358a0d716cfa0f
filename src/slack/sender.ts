// Posts one message to a Slack incoming webhook, retrying what can succeed later within a bounded
// budget, and answers with a named result. The webhook URL never appears in a result.
//
// It sends through @slack/webhook's IncomingWebhook, with its own retries off: the library treats a 429
// as final and throws away Retry-After (it retries 5xx only), which is the weakness we must not copy. Its
// `fetch` option lets us see each raw response, so this loop reads Retry-After itself and waits as asked.
// Slack's rules: ~1 message per second per webhook, then HTTP 429 with Retry-After in seconds
// (https://api.slack.com/apis/rate-limits); 4xx errors such as 400 invalid_payload, 403 action_prohibited,
// 404 channel_not_found, 410 channel_is_archived will not succeed on retry
// (https://api.slack.com/messaging/webhooks#handling_errors).
import { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError, type FetchFunction, type IncomingWebhookSendArguments } from '@slack/webhook';
//
// A request whose body was written and whose answer never came (no answer within the attempt timeout, a
// reset, a hang) is *ambiguous*: Slack may have posted it. It is never retried here; the outbox decides
// (deliver-outbox.ts: wait, then at most one re-send marked as a possible duplicate).
import { redactSecrets } from './redact.js';
import { parseRetryAfterInMs } from './retry-delay.js';
import { retryLoop } from './retry-loop.js';
import { webhookFetch } from './webhook-fetch.js';

export type SendFailureReason = 'rate-limited' | 'server' | 'client' | 'auth' | 'timeout' | 'network' | 'ambiguous';

/**
 * Who a refusal is about. message: Slack refused this payload (400 invalid_payload, no_text,
 * too_many_attachments…); another message may pass. webhook: the webhook or its channel is unusable
 * (401/403 invalid_token or action_prohibited, 404 channel_not_found or no_service, 410
 * channel_is_archived); every message fails until someone fixes it. In Slack app mode, channel: the
 * bot cannot post there (not_in_channel, channel_not_found, is_archived); app: the token or its scopes
 * (invalid_auth, token_revoked, missing_scope). Every scope but `message` holds delivery alike.
 * https://api.slack.com/messaging/webhooks#handling_errors, https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
export type RefusalScope = 'message' | 'webhook' | 'channel' | 'app';

export type SendResult =
  | { ok: true; attempts: number }
  | {
      ok: false;
      /** false: Slack refused the message itself (4xx); a later run will not fare better until someone acts. */
      retryable: boolean;
      /** For refusals (retryable false). */
      refusal?: RefusalScope;
      /** not-sent: Slack answered, or the body never left; unknown: the body went out and no answer came (reason `ambiguous`). */
      outcome: 'not-sent' | 'unknown';
      reason: SendFailureReason;
      status?: number;
      retryAfterInMs?: number;
      /** What Slack or the network said, with every secret removed. */
      detail: string;
      attempts: number;
    };

export interface SendToSlackOptions {
  /** Retries after the first attempt (429, 5xx, timeouts, network errors). */
  maxRetries?: number;
  /** Cap on the total time spent waiting between attempts; a longer Retry-After ends the send early. */
  maxWaitInMs?: number;
  /** Per attempt. */
  timeoutInMs?: number;
  /** First backoff delay for 5xx, timeouts and network errors; doubles per retry. */
  retryDelayInMs?: number;
  abortSignal?: AbortSignal;
}

export const defaultSendOptions = { maxRetries: 3, maxWaitInMs: 30_000, timeoutInMs: 10_000, retryDelayInMs: 500 } as const;

/** The longest a send with these options can take: what an outbox lease must outlast. */
export function maxSendDurationInMs(options: SendToSlackOptions = {}): number {
  const { maxRetries, maxWaitInMs, timeoutInMs } = { ...defaultSendOptions, ...options };
  return (maxRetries + 1) * timeoutInMs + maxWaitInMs;
}

type Failure = Extract<SendResult, { ok: false }>;
/** One attempt's failure: what a SendResult says, before the attempts are counted. */
export type AttemptFailure = Omit<Failure, 'ok' | 'attempts'>;

export async function sendToSlack(webhookUrl: string, payload: unknown, options: SendToSlackOptions = {}): Promise<SendResult> {
  const { maxRetries, maxWaitInMs, timeoutInMs, retryDelayInMs } = { ...defaultSendOptions, ...options };
  if (typeof webhookUrl !== 'string' || !URL.canParse(webhookUrl)) {
    return { ok: false, retryable: false, refusal: 'webhook', outcome: 'not-sent', reason: 'client', detail: 'the Slack webhook URL is not a URL', attempts: 0 };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, retryable: false, refusal: 'message', outcome: 'not-sent', reason: 'client', detail: 'the Slack payload must be a JSON object', attempts: 0 };
  }
  const result = await retryLoop(
    async () => {
      const failure = await attemptOnce(webhookUrl, payload as IncomingWebhookSendArguments, timeoutInMs, options.abortSignal);
      return failure ? { ok: false as const, failure } : { ok: true as const, value: undefined };
    },
    { maxRetries, maxWaitInMs, retryDelayInMs, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) },
  );
  if (result.ok) return { ok: true, attempts: result.attempts };
  return { ok: false, ...result.failure, detail: redactSecrets(result.failure.detail, webhookUrl), attempts: result.attempts };
}

/** One POST; undefined when Slack accepted it. */
async function attemptOnce(webhookUrl: string, payload: IncomingWebhookSendArguments, timeoutInMs: number, abortSignal?: AbortSignal): Promise<AttemptFailure | undefined> {
  let retryAfter: string | null = null;
  const transport = webhookFetch();
  const observingFetch: FetchFunction = async (url, init) => {
    const signal = abortSignal && init?.signal ? AbortSignal.any([abortSignal, init.signal]) : (init?.signal ?? abortSignal);
    const response = await transport.fetch(url, { ...init, ...(signal ? { signal } : {}) });
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  const webhook = new IncomingWebhook(webhookUrl, { fetch: observingFetch, timeout: timeoutInMs, retryConfig: { retries: 0 } });
  try {
    await webhook.send(payload);
    return undefined;
  } catch (error) {
    if (error instanceof IncomingWebhookHTTPError) return classifyStatus(error.statusCode, error.body, retryAfter);
    const cause = error instanceof IncomingWebhookRequestError ? error.original : (error as Error);
    const what = describeError(cause, timeoutInMs);
    // The body went out and no answer came: Slack may have posted it.
    if (transport.bodyWritten()) return { retryable: true, reason: 'ambiguous', outcome: 'unknown', detail: `${what} after the message was sent` };
    if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') return { retryable: true, reason: 'timeout', outcome: 'not-sent', detail: what };
    return { retryable: true, reason: 'network', outcome: 'not-sent', detail: what };
  }
}

function describeError(cause: Error | undefined, timeoutInMs: number): string {
  if (cause?.name === 'TimeoutError') return `no answer within ${timeoutInMs} ms`;
  if (cause?.name === 'AbortError') return 'the send was aborted';
  const code = (cause as { code?: unknown } | undefined)?.code;
  // fetch-style errors keep the why (ECONNREFUSED, ENOTFOUND) in their cause.
  const inner = cause?.cause as { code?: unknown; message?: unknown } | undefined;
  const why = typeof code === 'string' ? code : typeof inner?.code === 'string' ? inner.code : typeof inner?.message === 'string' ? inner.message : undefined;
  return `${cause?.message ?? 'the request failed'}${why && !cause?.message?.includes(why) ? ` (${why})` : ''}`;
}

function classifyStatus(status: number, body: string, retryAfter: string | null): AttemptFailure {
  const detail = `HTTP ${status} ${body.trim().slice(0, 200)}`.trim();
  const outcome = 'not-sent';
  if (status === 429) {
    const retryAfterInMs = parseRetryAfterInMs(retryAfter);
    return { retryable: true, reason: 'rate-limited', outcome, status, detail, ...(retryAfterInMs === undefined ? {} : { retryAfterInMs }) };
  }
  if (status >= 500) return { retryable: true, reason: 'server', outcome, status, detail };
  if (status === 401 || status === 403) return { retryable: false, reason: 'auth', refusal: 'webhook', outcome, status, detail };
  return { retryable: false, reason: 'client', refusal: status === 404 || status === 410 ? 'webhook' : 'message', outcome, status, detail };
}
