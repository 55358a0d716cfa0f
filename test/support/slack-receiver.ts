// A real HTTP server on 127.0.0.1 standing in for a Slack incoming webhook. It records every request
// and answers as told: "ok", 429 with Retry-After, 500, Slack's plain-text 4xx errors, or not at all
// (hang). Answers are scripted in order, then fall back to a default; a request to any other path gets
// Slack's 404 no_service, as a wrong webhook URL would.
// Error bodies as Slack sends them: https://api.slack.com/messaging/webhooks#handling_errors
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceiverAnswer = { status: number; body: string; headers?: Record<string, string> } | 'hang';

export const answers = {
  ok: { status: 200, body: 'ok' },
  rateLimited: (retryAfterInSeconds: number) => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(retryAfterInSeconds) } }),
  serverError: { status: 500, body: 'rollup_error' },
  invalidPayload: { status: 400, body: 'invalid_payload' },
  actionProhibited: { status: 403, body: 'action_prohibited' },
  channelNotFound: { status: 404, body: 'channel_not_found' },
  channelIsArchived: { status: 410, body: 'channel_is_archived' },
  hang: 'hang',
} as const satisfies Record<string, ReceiverAnswer | ((...args: never[]) => ReceiverAnswer)>;

export interface ReceivedRequest {
  path: string;
  rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** Date.now() when the request arrived. */
  receivedAt: number;
  answer: number | 'hang';
}

export interface SlackReceiver {
  /** The webhook URL, with a random secret path like Slack's. */
  url: string;
  requests: ReceivedRequest[];
  /** Bodies answered 200: what the channel shows, in order. */
  delivered(): unknown[];
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

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const known = req.method === 'POST' && req.url === path;
    const answer = known ? (queue.shift() ?? fallback) : { status: 404, body: 'no_service' };
    requests.push({ path: req.url ?? '', rawBody, body: parseJson(rawBody), receivedAt, answer: answer === 'hang' ? 'hang' : answer.status });
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(answer.body);
  }

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    delivered: () => requests.filter((request) => request.answer === 200).map((request) => request.body),
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
