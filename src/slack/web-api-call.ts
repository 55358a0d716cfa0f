// One Slack Web API call through the official client (@slack/web-api), with its own retries off and
// ours on, so nothing is retried twice: WebClient gets `retryConfig: { retries: 0 }` and
// `rejectRateLimitedCalls: true` (a 429 comes back at once with Retry-After instead of the client
// sleeping and retrying inside the call), and retryLoop waits what Slack asked for. Slack allows about
// one message per second per channel, then answers HTTP 429 with Retry-After in seconds
// (https://docs.slack.dev/apis/web-api/rate-limits, https://api.slack.com/apis/rate-limits).
// The client's `fetch` is ours (webhook-fetch.ts), which knows whether the request body went out: a post
// that got no answer after that is ambiguous, never retried here. The token is never in a result.
import type { Logger, LogLevel, WebAPICallResult } from '@slack/web-api';
import { redactSecrets } from './redact.js';
import { parseRetryAfterInMs } from './retry-delay.js';
import { retryLoop } from './retry-loop.js';
import { defaultSendOptions, type AttemptFailure, type SendResult, type SendToSlackOptions } from './sender.js';
import { platformFailure } from './web-api-errors.js';
import { webhookFetch } from './webhook-fetch.js';

export interface WebApiTarget {
  token: string;
  /** SLACK_API_URL, ending in /api/. */
  apiUrl: string;
}

export type WebApiResult = { ok: true; value: WebAPICallResult & Record<string, unknown>; attempts: number } | Extract<SendResult, { ok: false }>;

export interface WebApiCallOptions extends SendToSlackOptions {
  /** true: the call creates a message, so a lost answer is ambiguous; false (reads, chat.update): safe to repeat. */
  posting: boolean;
}

export async function callWebApi(target: WebApiTarget, method: string, args: Record<string, unknown>, options: WebApiCallOptions): Promise<WebApiResult> {
  const { maxRetries, maxWaitInMs, timeoutInMs, retryDelayInMs } = { ...defaultSendOptions, ...options };
  const result = await retryLoop<WebAPICallResult & Record<string, unknown>, AttemptFailure>(() => attemptOnce(target, method, args, timeoutInMs, options), {
    maxRetries,
    maxWaitInMs,
    retryDelayInMs,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  if (result.ok) return result;
  return { ok: false, ...result.failure, detail: `${method}: ${redactSecrets(result.failure.detail)}`, attempts: result.attempts };
}

async function attemptOnce(
  target: WebApiTarget,
  method: string,
  args: Record<string, unknown>,
  timeoutInMs: number,
  options: WebApiCallOptions,
): Promise<{ ok: true; value: WebAPICallResult & Record<string, unknown> } | { ok: false; failure: AttemptFailure }> {
  const transport = webhookFetch();
  let status: number | undefined;
  let retryAfter: string | null = null;
  // Our own timer (cleared when the call ends) rather than the client's AbortSignal.timeout, which keeps every call alive for its whole timeout.
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(Object.assign(new Error(`no answer within ${timeoutInMs} ms`), { name: 'TimeoutError' })), timeoutInMs);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timer.signal]) : timer.signal;
  // Loaded on first use: webhook mode never pays for the client at cold start.
  const { WebClient } = await loadWebApi();
  const client = new WebClient(target.token, {
    slackApiUrl: target.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    allowAbsoluteUrls: false,
    logger: quietLogger,
    fetch: async (url, init) => {
      const response = await transport.fetch(url, { ...(init as RequestInit), signal });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      return response;
    },
  });
  try {
    return { ok: true, value: (await client.apiCall(method, args)) as WebAPICallResult & Record<string, unknown> };
  } catch (error) {
    return { ok: false, failure: classify(error, status, retryAfter, transport.bodyWritten(), options.posting) };
  } finally {
    clearTimeout(timeout);
  }
}

function classify(error: unknown, status: number | undefined, retryAfter: string | null, bodyWritten: boolean, posting: boolean): AttemptFailure {
  const coded = error as { code?: string; data?: { error?: unknown }; statusCode?: number; body?: unknown; original?: Error; retryAfter?: number };
  const retryAfterInMs = parseRetryAfterInMs(retryAfter);
  if (status === 429 || coded.code === 'slack_webapi_rate_limited_error') {
    const inMs = retryAfterInMs ?? (typeof coded.retryAfter === 'number' ? coded.retryAfter * 1_000 : undefined);
    return { retryable: true, reason: 'rate-limited', outcome: 'not-sent', status: 429, detail: 'HTTP 429 rate_limited', ...(inMs === undefined ? {} : { retryAfterInMs: inMs }) };
  }
  if (coded.code === 'slack_webapi_platform_error') return platformFailure(String(coded.data?.error ?? 'unknown_error'), posting, retryAfterInMs);
  if (coded.code === 'slack_webapi_http_error' && typeof coded.statusCode === 'number') {
    const detail = `HTTP ${coded.statusCode} ${String(coded.body ?? '').trim().slice(0, 200)}`.trim();
    if (coded.statusCode >= 500) return { retryable: true, reason: 'server', outcome: 'not-sent', status: coded.statusCode, detail };
    const auth = coded.statusCode === 401 || coded.statusCode === 403;
    return { retryable: false, reason: auth ? 'auth' : 'client', refusal: auth ? 'app' : 'message', outcome: 'not-sent', status: coded.statusCode, detail };
  }
  const cause = coded.original ?? (error as Error);
  const what = cause?.name === 'TimeoutError' ? cause.message : `${cause?.message ?? 'the request failed'}`;
  // The body went out and no answer came: a post may be in the channel; a read or an update can simply be repeated.
  if (bodyWritten && posting) return { retryable: true, reason: 'ambiguous', outcome: 'unknown', detail: `${what} after the message was sent` };
  if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') return { retryable: true, reason: 'timeout', outcome: 'not-sent', detail: what };
  return { retryable: true, reason: 'network', outcome: 'not-sent', detail: what };
}

/** The client's own log lines say nothing ours do not; they are dropped (and never carry the token to a log). */
const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => 'error' as LogLevel,
  setName: () => {},
};

/** @slack/web-api is CommonJS: bundled and imported lazily, its exports may arrive under `default`. */
async function loadWebApi(): Promise<typeof import('@slack/web-api')> {
  const loaded = (await import('@slack/web-api')) as typeof import('@slack/web-api') & { default?: typeof import('@slack/web-api') };
  return loaded.WebClient ? loaded : loaded.default!;
}
