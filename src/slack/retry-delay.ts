// How long to wait before the next attempt at Slack: what Slack asked for in Retry-After, else an
// exponential backoff with jitter so that many instances do not retry in step.
// Retry-After is "a number of seconds" or an HTTP date (https://www.rfc-editor.org/rfc/rfc9110#name-retry-after);
// Slack sends seconds (https://api.slack.com/apis/rate-limits).

/** Milliseconds to wait, or undefined when the header is absent or not understood. */
export function parseRetryAfterInMs(header: string | null | undefined, now: Date = new Date()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1_000);
  // An HTTP date names its month ("Sun, 06 Nov 1994 08:49:37 GMT"); Date.parse alone would take "-5" for a year.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** Backoff before retry number `attempt` (1-based): between half and all of base × 2^(attempt−1). */
export function nextDelayInMs(baseInMs: number, attempt: number): number {
  const ceiling = baseInMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
