import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendToSlack, type SendResult } from '../../src/slack/sender.js';
import { answers, startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';

const message = { text: 'SNAT ports critical on kubernetes', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*10.0.0.4* 1,000 / 1,024' } }] };
/** Fast retries: these tests are about what is retried, not how long it takes. */
const quick = { retryDelayInMs: 5, timeoutInMs: 2_000 };

let receiver: SlackReceiver;
beforeEach(async () => {
  receiver = await startSlackReceiver();
});
afterEach(async () => {
  await receiver.close();
});

/** The webhook's secret is its path: neither the URL nor the path may show up anywhere. */
function expectNoSecret(result: SendResult, url: string): void {
  const text = JSON.stringify(result);
  const secretPath = new URL(url).pathname.split('/').slice(2).join('/');
  expect(text).not.toContain(url);
  expect(text).not.toContain(secretPath);
  expect(text).not.toContain(secretPath.split('/').pop());
}

describe('sendToSlack', () => {
  it('should post the message once and report ok', async () => {
    const result = await sendToSlack(receiver.url, message, quick);
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(receiver.delivered()).toEqual([message]);
  });

  it('should wait as long as Retry-After asks after a 429, then deliver', async () => {
    receiver.script(answers.rateLimited(1));
    const result = await sendToSlack(receiver.url, message, { ...quick, maxWaitInMs: 5_000 });
    expect(result).toEqual({ ok: true, attempts: 2 });
    const [limited, retried] = receiver.requests;
    expect([limited?.answer, retried?.answer]).toEqual([429, 200]);
    // Slack asked for 1 s; timers may fire a few ms early, the bound is otherwise loose on purpose.
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(receiver.delivered()).toEqual([message]);
  });

  it('should give up at once, without waiting, when Retry-After exceeds the wait budget', async () => {
    receiver.script(answers.rateLimited(120));
    const result = await sendToSlack(receiver.url, message, { ...quick, maxWaitInMs: 30_000 });
    expect(result).toMatchObject({ ok: false, retryable: true, reason: 'rate-limited', status: 429, retryAfterInMs: 120_000, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('should retry a 5xx with backoff and deliver when Slack recovers', async () => {
    receiver.script(answers.serverError, answers.serverError);
    expect(await sendToSlack(receiver.url, message, { ...quick, maxRetries: 3 })).toEqual({ ok: true, attempts: 3 });
    expect(receiver.requests.map((request) => request.answer)).toEqual([500, 500, 200]);
  });

  it('should stop after maxRetries and report a retryable server failure', async () => {
    receiver.setDefault(answers.serverError);
    const result = await sendToSlack(receiver.url, message, { ...quick, maxRetries: 2 });
    expect(result).toMatchObject({ ok: false, retryable: true, reason: 'server', status: 500, detail: 'HTTP 500 rollup_error', attempts: 3 });
    expect(receiver.requests).toHaveLength(3);
  });

  it.each([
    { name: '400 invalid_payload', answer: answers.invalidPayload, reason: 'client', refusal: 'message' },
    { name: '403 action_prohibited', answer: answers.actionProhibited, reason: 'auth', refusal: 'webhook' },
    { name: '404 channel_not_found', answer: answers.channelNotFound, reason: 'client', refusal: 'webhook' },
    { name: '410 channel_is_archived', answer: answers.channelIsArchived, reason: 'client', refusal: 'webhook' },
  ])('should not retry $name, say what Slack said and whether the message or the webhook is refused', async ({ answer, reason, refusal }) => {
    receiver.setDefault(answer);
    const result = await sendToSlack(receiver.url, message, { ...quick, maxRetries: 3 });
    expect(result).toEqual({ ok: false, retryable: false, reason, refusal, outcome: 'not-sent', status: answer.status, detail: `HTTP ${answer.status} ${answer.body}`, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    expectNoSecret(result, receiver.url);
  });

  it.each([
    { name: 'never answers after reading the body', fault: answers.hang },
    { name: 'answers after the attempt timeout', fault: answers.slow(400) },
    { name: 'resets the connection after reading the body', fault: answers.reset },
  ])('should call an attempt ambiguous, and not retry it, when Slack $name', async ({ fault }) => {
    receiver.script(fault);
    const result = await sendToSlack(receiver.url, message, { ...quick, timeoutInMs: 150, maxRetries: 3 });
    expect(result).toMatchObject({ ok: false, retryable: true, reason: 'ambiguous', outcome: 'unknown', attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    expectNoSecret(result, receiver.url);
  });

  it('should report a network failure without the URL when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/services/T0SNATTEST/B0SNATTEST/0123456789abcdef01234567`;
    const result = await sendToSlack(url, message, { ...quick, maxRetries: 1 });
    expect(result).toMatchObject({ ok: false, retryable: true, reason: 'network', outcome: 'not-sent', attempts: 2 });
    expect(result.ok === false && result.detail).toMatch(/ECONNREFUSED/);
    expectNoSecret(result, url);
  });

  it('should not wait past an abort', async () => {
    receiver.setDefault(answers.rateLimited(10));
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const result = await sendToSlack(receiver.url, message, { ...quick, maxWaitInMs: 60_000, abortSignal: abort.signal });
    expect(result).toMatchObject({ ok: false, reason: 'rate-limited', attempts: 1 });
  });

  it.each([
    { name: 'a string', payload: 'hello' },
    { name: 'an array', payload: [{ text: 'x' }] },
    { name: 'null', payload: null },
  ])('should refuse a payload that is $name without sending it', async ({ payload }) => {
    expect(await sendToSlack(receiver.url, payload, quick)).toMatchObject({ ok: false, retryable: false, reason: 'client', attempts: 0 });
    expect(receiver.requests).toEqual([]);
  });

  it('should refuse a webhook URL that is not a URL, without echoing it', async () => {
    const result = await sendToSlack('hooks.slack.com/services/T0/B0/secret-token-value', message, quick);
    expect(result).toMatchObject({ ok: false, retryable: false, reason: 'client', attempts: 0 });
    expect(JSON.stringify(result)).not.toContain('secret-token-value');
  });
});
