// The channels of the local Slack Web API and the four methods SNAT Watch calls, answering as Slack
// does: `ok: false` with Slack's error codes, `ts` IDs ("seconds.micros", unique and increasing per
// channel), threads by `thread_ts`, metadata kept with each message and returned only when asked
// (include_all_metadata), history newest first and replies oldest first, `oldest`/`latest` exclusive
// unless `inclusive`, pages by `limit` and `cursor`.
// https://docs.slack.dev/reference/methods/chat.postMessage, chat.update, conversations.history, conversations.replies

export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  bot_id: string;
  /** How often chat.update changed it. */
  edits: number;
}

export type MethodAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

export interface SlackChannels {
  call(method: string, args: Record<string, unknown>): MethodAnswer;
  /** Top-level messages (thread roots included), oldest first. */
  messages(channel: string): StoredMessage[];
  /** A thread: its root, then its replies, oldest first. */
  thread(channel: string, rootTs: string): StoredMessage[];
  all(): StoredMessage[];
}

const BOT_ID = 'B0SNATWATCH';

export function createSlackChannels(channelIds: readonly string[], now: () => Date): SlackChannels {
  const channels = new Map(channelIds.map((id) => [id, [] as StoredMessage[]]));
  let lastTs = 0;
  const nextTs = (): string => {
    // Microsecond resolution, strictly increasing even within one millisecond (as Slack's are unique per channel).
    lastTs = Math.max(lastTs + 1, now().getTime() * 1_000);
    return `${Math.floor(lastTs / 1_000_000)}.${String(lastTs % 1_000_000).padStart(6, '0')}`;
  };
  const find = (channel: string, ts: unknown) => channels.get(channel)?.find((message) => message.ts === ts);
  const view = (message: StoredMessage, withMetadata: boolean) => {
    const { edits: _edits, channel: _channel, metadata, ...shown } = message;
    const replies = message.thread_ts === undefined ? [] : (channels.get(message.channel) ?? []).filter((m) => m.thread_ts === message.ts && m.ts !== message.ts);
    return { ...shown, ...(withMetadata && metadata ? { metadata } : {}), ...(replies.length ? { reply_count: replies.length } : {}) };
  };

  function call(method: string, args: Record<string, unknown>): MethodAnswer {
    const channel = typeof args.channel === 'string' ? args.channel : '';
    const list = channels.get(channel);
    if (!list) return { ok: false, error: 'channel_not_found' };
    switch (method) {
      case 'chat.postMessage': {
        const text = typeof args.text === 'string' ? args.text : '';
        const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
        if (!text && !blocks?.length) return { ok: false, error: 'no_text' };
        const metadata = metadataOf(args.metadata);
        if (metadata === 'invalid') return { ok: false, error: 'invalid_metadata_format' };
        const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
        const parent = threadTs === undefined ? undefined : find(channel, threadTs);
        if (threadTs !== undefined && !parent) return { ok: false, error: 'thread_not_found' };
        const message: StoredMessage = { type: 'message', ts: nextTs(), channel, text, bot_id: BOT_ID, edits: 0, ...(blocks ? { blocks } : {}), ...(metadata ? { metadata } : {}) };
        if (parent) {
          parent.thread_ts = parent.ts;
          message.thread_ts = parent.ts;
        }
        list.push(message);
        return { ok: true, channel, ts: message.ts, message: view(message, false) };
      }
      case 'chat.update': {
        const message = find(channel, args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        const metadata = metadataOf(args.metadata);
        if (metadata === 'invalid') return { ok: false, error: 'invalid_metadata_format' };
        if (typeof args.text === 'string') message.text = args.text;
        if (Array.isArray(args.blocks)) message.blocks = args.blocks;
        // "If you don't include this field, the message's previous metadata will be retained."
        if (metadata) message.metadata = metadata;
        message.edits += 1;
        return { ok: true, channel, ts: message.ts, text: message.text, message: view(message, false) };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const replies = method === 'conversations.replies';
        if (replies && !find(channel, args.ts)) return { ok: false, error: 'thread_not_found' };
        const oldest = timestampArg(args.oldest);
        const latest = timestampArg(args.latest);
        if (oldest === 'invalid') return { ok: false, error: 'invalid_ts_oldest' };
        if (latest === 'invalid') return { ok: false, error: 'invalid_ts_latest' };
        const inclusive = flag(args.inclusive);
        const inRange = (m: StoredMessage): boolean => {
          const ts = Number(m.ts);
          if (oldest !== undefined && (inclusive ? ts < oldest : ts <= oldest)) return false;
          return latest === undefined || (inclusive ? ts <= latest : ts < latest);
        };
        const picked = replies ? list.filter((m) => m.ts === args.ts || m.thread_ts === args.ts) : list.filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
        const ordered = (replies ? picked : [...picked].reverse()).filter(inRange);
        const limit = Math.min(Math.max(1, Number(args.limit) || 100), 999);
        const start = typeof args.cursor === 'string' && /^\d+$/.test(args.cursor) ? Number(args.cursor) : 0;
        const page = ordered.slice(start, start + limit);
        const more = start + limit < ordered.length;
        const withMetadata = flag(args.include_all_metadata);
        return { ok: true, messages: page.map((m) => view(m, withMetadata)), has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  return {
    call,
    messages: (channel) => (channels.get(channel) ?? []).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts),
    thread: (channel, rootTs) => (channels.get(channel) ?? []).filter((m) => m.ts === rootTs || m.thread_ts === rootTs),
    all: () => [...channels.values()].flat(),
  };
}

function metadataOf(value: unknown): StoredMessage['metadata'] | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const metadata = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.event_type !== 'string' || !/^[A-Za-z0-9_-]+$/.test(metadata.event_type)) return 'invalid';
  if (typeof metadata.event_payload !== 'object' || metadata.event_payload === null) return 'invalid';
  return { event_type: metadata.event_type, event_payload: metadata.event_payload as Record<string, unknown> };
}

function timestampArg(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  return /^\d+(\.\d+)?$/.test(String(value)) ? Number(value) : 'invalid';
}

const flag = (value: unknown): boolean => value === true || value === 'true' || value === '1' || value === 1;
