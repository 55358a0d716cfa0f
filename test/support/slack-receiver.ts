// A real HTTP server on 127.0.0.1 standing in for a Slack incoming webhook. It records every request
// and answers as told: "ok", 429 with Retry-After, 500, Slack's plain-text 4xx errors, or the faults of
// a Slack that took the message and then misbehaved: an answer after N ms, no answer at all (hang), a
// reset connection. Rules (`when`) answer the requests they match (refuse one message); other answers
// are scripted in order, then fall back to a default; a request to any other path gets Slack's 404
// no_service, as a wrong webhook URL would. A hook (`onRequest`) lets a test act while a request is in
// flight (cut the storage, say).
// Error bodies as Slack sends them: https://api.slack.com/messaging/webhooks#handling_errors
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverAnswer =
  | { status: number; body: string; headers?: Record<string, string>; delayInMs?: number }
  | 'hang'
  | 'reset';

export const answers = {
  ok: { status: 200, body: 'ok' },
  rateLimited: (retryAfterInSeconds: number) => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(retryAfterInSeconds) } }),
  serverError: { status: 500, body: 'rollup_error' },
  invalidPayload: { status: 400, body: 'invalid_payload' },
  actionProhibited: { status: 403, body: 'action_prohibited' },
  channelNotFound: { status: 404, body: 'channel_not_found' },
  channelIsArchived: { status: 410, body: 'channel_is_archived' },
  hang: 'hang',
  /** Slack posted it, then the connection was reset before the answer. */
  reset: 'reset',
  /** Slack posted it and answered 200 after `delayInMs`. */
  slow: (delayInMs: number) => ({ status: 200, body: 'ok', delayInMs }),
} as const satisfies Record<string, ReceiverAnswer | ((...args: never[]) => ReceiverAnswer)>;

export interface ReceivedRequest {
  path: string;
  rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  answer: number | 'hang' | 'reset';
}

/** Whether Slack may have posted it: accepted (at once or late), or taken and then never answered or reset. */
export const mayBePosted = (request: ReceivedRequest): boolean => request.answer === 200 || request.answer === 'hang' || request.answer === 'reset';

export interface SlackReceiver {
  /** The webhook URL, with a random secret path like Slack's. */
  url: string;
  requests: ReceivedRequest[];
  /** Bodies answered 200: what the channel shows, in order. */
  delivered(): unknown[];
  /** Bodies Slack may have posted (200, or a hang or reset after reading them): the worst case of what the channel shows. */
  posted(): unknown[];
  /** Requests whose parsed body matches get `answer` (before the script), while the rule has uses left (all when absent). */
  when(matches: (body: unknown) => boolean, answer: ReceiverAnswer, uses?: number): void;
  /** Called with each request on the webhook path after its body was read, before it is answered. */
  onRequest(hook: ((request: ReceivedRequest) => Promise<void> | void) | undefined): void;
  /** The next requests get these answers, in order. */
  script(...next: ReceiverAnswer[]): void;
  /** The answer once the script is used up ("ok" at first). */
  setDefault(answer: ReceiverAnswer): void;
  close(): Promise<void>;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const path = `/services/T0SNATTEST/B0SNATTEST/${randomBytes(12).toString('hex')}`;
  const queue: ReceiverAnswer[] = [];
  let fallback: ReceiverAnswer = answers.ok;
  const requests: ReceivedRequest[] = [];
  const rules: Array<{ matches: (body: unknown) => boolean; answer: ReceiverAnswer; uses: number }> = [];
  let hook: ((request: ReceivedRequest) => Promise<void> | void) | undefined;

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const body = parseJson(rawBody);
    const known = req.method === 'POST' && req.url === path;
    const rule = known ? rules.find((candidate) => candidate.uses > 0 && candidate.matches(body)) : undefined;
    if (rule) rule.uses--;
    const answer = !known ? { status: 404, body: 'no_service' } : (rule?.answer ?? queue.shift() ?? fallback);
    const request: ReceivedRequest = { path: req.url ?? '', rawBody, body, receivedAt, answer: typeof answer === 'string' ? answer : answer.status };
    requests.push(request);
    if (known) await hook?.(request);
    if (answer === 'hang') return;
    if (answer === 'reset') return void req.socket.resetAndDestroy();
    if (answer.delayInMs) await new Promise((resolve) => setTimeout(resolve, answer.delayInMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body);
  }

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    delivered: () => requests.filter((request) => request.answer === 200).map((request) => request.body),
    posted: () => requests.filter(mayBePosted).map((request) => request.body),
    when: (matches, answer, uses = Number.POSITIVE_INFINITY) => void rules.push({ matches, answer, uses }),
    onRequest: (next) => void (hook = next),
    script: (...next) => void queue.push(...next),
    setDefault: (answer) => void (fallback = answer),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
