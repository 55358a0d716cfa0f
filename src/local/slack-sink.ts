// The local Slack: an HTTP receiver on 127.0.0.1 whose URL the pipeline uses as SLACK_WEBHOOK_URL.
// Each message is shown in the terminal; when the user set a real webhook, it is also posted there
// and Slack's answer (429 with Retry-After, 404 channel_not_found, …) becomes the sink's answer, so
// the pipeline's retries and outbox behave exactly as against Slack itself.
// Answers as Slack gives them: https://api.slack.com/messaging/webhooks#handling_errors
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendToSlack, type SendResult } from '../slack/sender.js';

export interface SlackSinkOptions {
  /** A message arrived (and was posted to `forwardTo`, when set). */
  onMessage(payload: object, delivery: SinkDelivery): void;
  /** The user's real webhook URL: each message is also posted there. */
  forwardTo?: string;
}

export interface SinkDelivery {
  /** false when the pipeline sends a message again (after a failed post to the real webhook). */
  firstSeen: boolean;
  /** What the real webhook answered; absent without `forwardTo`. */
  forwarded?: SendResult;
}

export interface SlackSink {
  /** http://127.0.0.1:PORT/services/local/… — a secret path, as Slack's are. */
  url: string;
  stop(): Promise<void>;
}

/** Slack refuses payloads far smaller; this only bounds what the sink buffers. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Below the sender's per-attempt timeout, so the pipeline hears Slack's answer rather than its own timeout. */
const FORWARD_TIMEOUT_IN_MS = 8_000;

export async function startSlackSink(options: SlackSinkOptions): Promise<SlackSink> {
  const path = `/services/local/${randomBytes(12).toString('hex')}`;
  const shown = new Set<string>();
  const server = createServer((req, res) => void handle(req, res).catch(() => answer(res, 500, 'rollup_error')));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url !== path) return answer(res, 404, 'no_service');
    if (body === undefined) return answer(res, 413, 'payload_too_large');
    const payload = parseObject(body);
    if (!payload) return answer(res, 400, 'invalid_payload');
    const digest = createHash('sha256').update(body).digest('hex');
    const firstSeen = !shown.has(digest);
    shown.add(digest);
    if (!options.forwardTo) {
      options.onMessage(payload, { firstSeen });
      return answer(res, 200, 'ok');
    }
    const result = await sendToSlack(options.forwardTo, payload, { maxRetries: 0, timeoutInMs: FORWARD_TIMEOUT_IN_MS });
    options.onMessage(payload, { firstSeen, forwarded: result });
    if (result.ok) return answer(res, 200, 'ok');
    const retryAfter: Record<string, string> = result.retryAfterInMs === undefined ? {} : { 'retry-after': String(Math.ceil(result.retryAfterInMs / 1000)) };
    answer(res, result.status ?? 502, result.detail, retryAfter);
  }

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  res.end(body);
}

/** The body, or undefined when it is larger than the local Slack servers buffer. */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function parseObject(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
