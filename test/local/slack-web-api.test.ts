// The local Slack Web API answers as Slack does, over real HTTP: form-encoded or JSON bodies, the bot
// token checked, metadata kept and shown only with include_all_metadata, threads and pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSlackWebApi, type LocalSlackWebApi } from '../../src/local/slack-web-api.js';

let slack: LocalSlackWebApi;
beforeEach(async () => {
  slack = await startLocalSlackWebApi({ channels: ['C0LOCAL01'] });
});
afterEach(async () => {
  await slack.stop();
});

async function call(method: string, args: Record<string, unknown>, options: { json?: boolean; token?: string | null } = {}): Promise<{ status: number; body: Record<string, unknown>; retryAfter: string | null }> {
  const token = options.token === undefined ? slack.token : options.token;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const body = options.json
    ? JSON.stringify(args)
    : new URLSearchParams(Object.entries(args).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
  const response = await fetch(`${slack.url}${method}`, { method: 'POST', headers: { ...headers, 'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, retryAfter: response.headers.get('retry-after') };
}

const metadata = { event_type: 'snat_watch_notification', event_payload: { message_id: 'p/outbox-1' } };

describe('startLocalSlackWebApi', () => {
  it('should keep metadata and return it from conversations.history only with include_all_metadata', async () => {
    const posted = await call('chat.postMessage', { channel: 'C0LOCAL01', text: 'hello', metadata });
    expect(posted.body).toMatchObject({ ok: true, channel: 'C0LOCAL01', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect((await call('conversations.history', { channel: 'C0LOCAL01' }, { json: true })).body.messages).toEqual([expect.not.objectContaining({ metadata })]);
    expect((await call('conversations.history', { channel: 'C0LOCAL01', include_all_metadata: true }, { json: true })).body.messages).toEqual([expect.objectContaining({ text: 'hello', metadata })]);
  });

  it('should thread replies under their root, keep them out of the channel history, and keep metadata through chat.update', async () => {
    const root = String((await call('chat.postMessage', { channel: 'C0LOCAL01', text: 'root', metadata })).body.ts);
    await call('chat.postMessage', { channel: 'C0LOCAL01', text: 'reply', thread_ts: root });
    expect((await call('chat.update', { channel: 'C0LOCAL01', ts: root, text: 'root, resolved' })).body).toMatchObject({ ok: true, ts: root });
    const history = (await call('conversations.history', { channel: 'C0LOCAL01', include_all_metadata: 'true' })).body.messages as Array<{ text: string }>;
    expect(history).toEqual([expect.objectContaining({ text: 'root, resolved', metadata, reply_count: 1 })]);
    const replies = (await call('conversations.replies', { channel: 'C0LOCAL01', ts: root })).body.messages as Array<{ text: string }>;
    expect(replies.map((message) => message.text)).toEqual(['root, resolved', 'reply']);
  });

  it.each([
    { name: 'no token', token: null, error: 'not_authed' },
    { name: 'a wrong token', token: 'xoxb-not-this-one', error: 'invalid_auth' },
  ])('should answer $name with ok:false $error and post nothing', async ({ token, error }) => {
    expect((await call('chat.postMessage', { channel: 'C0LOCAL01', text: 'x' }, { token })).body).toEqual({ ok: false, error });
    expect(slack.all()).toEqual([]);
  });

  it("should answer Slack's errors for an unknown channel, a missing message and an empty post", async () => {
    expect((await call('chat.postMessage', { channel: 'C0NOPE', text: 'x' })).body).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await call('chat.postMessage', { channel: 'C0LOCAL01' })).body).toEqual({ ok: false, error: 'no_text' });
    expect((await call('chat.update', { channel: 'C0LOCAL01', ts: '1.000001', text: 'x' })).body).toEqual({ ok: false, error: 'message_not_found' });
  });

  it('should rate limit when asked: HTTP 429, Retry-After and ratelimited, and post nothing', async () => {
    slack.when((request) => request.method === 'chat.postMessage', { rateLimited: 3 }, 1);
    expect(await call('chat.postMessage', { channel: 'C0LOCAL01', text: 'x' })).toEqual({ status: 429, body: { ok: false, error: 'ratelimited' }, retryAfter: '3' });
    expect(slack.all()).toEqual([]);
  });

  it('should page history newest first from oldest on, by limit and cursor', async () => {
    for (const text of ['a', 'b', 'c']) await call('chat.postMessage', { channel: 'C0LOCAL01', text });
    const first = await call('conversations.history', { channel: 'C0LOCAL01', limit: 2, oldest: '0' });
    expect((first.body.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(['c', 'b']);
    const cursor = (first.body.response_metadata as { next_cursor: string }).next_cursor;
    const second = await call('conversations.history', { channel: 'C0LOCAL01', limit: 2, cursor });
    expect((second.body.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(['a']);
  });
});
