// A local Slack Web API on 127.0.0.1: chat.postMessage, chat.update, conversations.history and
// conversations.replies answered as Slack answers them, for the tests and for `snat-watch start` (the
// terminal shows its threads). Requests come form-encoded (as @slack/web-api sends them, JSON-valued
// fields such as `blocks` and `metadata` inside) or as JSON; the bot token must come as
// `Authorization: Bearer …` (or a `token` field), else `invalid_auth` / `not_authed`.
// Faults a test asks for, matched per call: an error code, rate limiting (HTTP 429 with Retry-After,
// https://docs.slack.dev/apis/web-api/rate-limits), or a call that is carried out and then answered
// late, never, or with a reset connection (the ambiguous answers the outbox must survive).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackChannels, type MethodAnswer, type SlackChannels, type StoredMessage } from './slack-web-api-store.js';
import { readBody } from './slack-sink.js';

export type WebApiFault =
  | { error: string }
  | { rateLimited: number }
  | { status: number; body: string }
  /** Carried out, then the connection is reset / never answered / answered after `delayInMs`. */
  | 'reset-after'
  | 'hang-after'
  | { delayInMs: number };

export interface WebApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  /** ok, the error code, 429, 'reset' or 'hang'. */
  answer: string | number;
}

export interface LocalSlackEvent {
  kind: 'posted' | 'updated';
  message: StoredMessage;
}

export interface LocalSlackWebApiOptions {
  /** The bot token requests must carry; a fresh xoxb-local-… when absent. */
  token?: string;
  /** Channel IDs that exist; ['C0SNATLOCAL'] when absent. */
  channels?: readonly string[];
  /** The clock message timestamps follow (a test's manual clock, say). */
  now?: () => Date;
  onEvent?: (event: LocalSlackEvent) => void;
}

export interface LocalSlackWebApi extends Pick<SlackChannels, 'messages' | 'thread' | 'all'> {
  /** http://127.0.0.1:PORT/api/ — a SLACK_API_URL. */
  url: string;
  token: string;
  channels: readonly string[];
  calls: WebApiCall[];
  /** Calls that match get `fault` (while it has uses left; all when absent). */
  when(matches: (call: { method: string; args: Record<string, unknown> }) => boolean, fault: WebApiFault, uses?: number): void;
  stop(): Promise<void>;
}


export async function startLocalSlackWebApi(options: LocalSlackWebApiOptions = {}): Promise<LocalSlackWebApi> {
  const token = options.token ?? `xoxb-local-${randomBytes(12).toString('hex')}`;
  const channelIds = options.channels ?? ['C0SNATLOCAL'];
  const store = createSlackChannels(channelIds, options.now ?? (() => new Date()));
  const calls: WebApiCall[] = [];
  const rules: Array<{ matches: (call: { method: string; args: Record<string, unknown> }) => boolean; fault: WebApiFault; uses: number }> = [];
  const server = createServer((req, res) => void handle(req, res).catch(() => json(res, 500, { ok: false, error: 'internal_error' })));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = /^\/api\/([A-Za-z.]+)$/.exec(req.url?.split('?')[0] ?? '')?.[1];
    if (req.method !== 'POST' || !method) return json(res, 404, { ok: false, error: 'unknown_method' });
    if (raw === undefined) return json(res, 413, { ok: false, error: 'request_too_large' });
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''));
    if (!args) return json(res, 200, { ok: false, error: 'invalid_form_data' });
    const record = (answer: string | number): void => void calls.push({ method, args, at: Date.now(), answer });
    const presented = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!presented) return (record('not_authed'), json(res, 200, { ok: false, error: 'not_authed' }));
    if (presented !== token) return (record('invalid_auth'), json(res, 200, { ok: false, error: 'invalid_auth' }));

    const rule = rules.find((candidate) => candidate.uses > 0 && candidate.matches({ method, args }));
    if (rule) rule.uses--;
    const fault = rule?.fault;
    if (fault && typeof fault === 'object' && 'rateLimited' in fault) {
      record(429);
      return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.rateLimited) });
    }
    if (fault && typeof fault === 'object' && 'error' in fault) return (record(fault.error), json(res, 200, { ok: false, error: fault.error }));
    if (fault && typeof fault === 'object' && 'status' in fault) {
      record(fault.status);
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body);
      return;
    }
    const before = new Map(store.all().map((message) => [message.ts + message.channel, message.edits]));
    const answer = store.call(method, args);
    announce(answer, before);
    if (fault === 'hang-after') return record('hang');
    if (fault === 'reset-after') return (record('reset'), void req.socket.resetAndDestroy());
    // A late answer is recorded when the call was carried out: a test may look before the answer leaves.
    if (fault && typeof fault === 'object' && 'delayInMs' in fault) {
      record(`late: ${answer.ok ? 'ok' : answer.error}`);
      await new Promise((resolve) => setTimeout(resolve, fault.delayInMs));
    } else {
      record(answer.ok ? 'ok' : answer.error);
    }
    if (!res.destroyed) json(res, 200, answer);
  }

  function announce(answer: MethodAnswer, before: Map<string, number>): void {
    if (!answer.ok || !options.onEvent) return;
    for (const message of store.all()) {
      const edits = before.get(message.ts + message.channel);
      if (edits === undefined) options.onEvent({ kind: 'posted', message });
      else if (edits !== message.edits) options.onEvent({ kind: 'updated', message });
    }
  }

  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    token,
    channels: channelIds,
    calls,
    messages: store.messages,
    thread: store.thread,
    all: store.all,
    when: (matches, fault, uses = Number.POSITIVE_INFINITY) => void rules.push({ matches, fault, uses }),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Form fields (JSON-valued ones decoded, as Slack decodes blocks and metadata) or a JSON object; null when neither parses. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> | null {
  if (contentType.startsWith('application/json')) {
    try {
      const value: unknown = JSON.parse(raw || '{}');
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = /^[[{]/.test(value) ? parseJsonOr(value) : value;
  return args;
}

function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
