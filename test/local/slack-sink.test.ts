import { afterEach, describe, expect, it } from 'vitest';
import { startSlackSink, type SinkDelivery, type SlackSink } from '../../src/local/slack-sink.js';
import { sendToSlack } from '../../src/slack/sender.js';
import { answers, startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';

const message = { text: 'WARNING: SNAT ports on load balancer kubernetes', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'WARNING' } }] };

let sink: SlackSink | undefined;
let slack: SlackReceiver | undefined;
afterEach(async () => {
  await sink?.stop();
  await slack?.close();
  sink = slack = undefined;
});

describe('startSlackSink', () => {
  it('should hand each message over, telling a message sent again from a new one, and answer like Slack', async () => {
    const shown: Array<[object, SinkDelivery]> = [];
    sink = await startSlackSink({ onMessage: (payload, delivery) => shown.push([payload, delivery]) });

    expect(await sendToSlack(sink.url, message)).toMatchObject({ ok: true });
    expect(await sendToSlack(sink.url, message)).toMatchObject({ ok: true });

    expect(shown).toEqual([[message, { firstSeen: true }], [message, { firstSeen: false }]]);
  });

  it.each([
    { name: 'a wrong path', path: '/services/other', body: JSON.stringify(message), status: 404, says: 'no_service' },
    { name: 'a body that is not JSON', path: '', body: 'text=hello', status: 400, says: 'invalid_payload' },
    { name: 'a JSON array', path: '', body: '[1,2]', status: 400, says: 'invalid_payload' },
  ])('should refuse $name as Slack does', async ({ path, body, status, says }) => {
    const shown: object[] = [];
    sink = await startSlackSink({ onMessage: (payload) => shown.push(payload) });
    const url = path ? new URL(path, sink.url).href : sink.url;
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(says);
    expect(shown).toEqual([]);
  });

  it.each([
    { name: 'accepted', answer: answers.ok, expected: { ok: true } },
    { name: 'rate limited, with its Retry-After', answer: answers.rateLimited(7), expected: { ok: false, reason: 'rate-limited', retryable: true, retryAfterInMs: 7_000 } },
    { name: 'refused for good', answer: answers.channelNotFound, expected: { ok: false, reason: 'client', retryable: false, status: 404 } },
  ])('should post to the real webhook too and hand its answer back to the pipeline: $name', async ({ answer, expected }) => {
    slack = await startSlackReceiver();
    slack.script(answer);
    const shown: Array<[object, SinkDelivery]> = [];
    sink = await startSlackSink({ onMessage: (payload, delivery) => shown.push([payload, delivery]), forwardTo: slack.url });

    const result = await sendToSlack(sink.url, message, { maxRetries: 0 });

    expect(result).toMatchObject(expected);
    expect(slack.requests.map((request) => request.body)).toEqual([message]);
    expect(shown).toEqual([[message, { firstSeen: true, forwarded: expect.objectContaining(expected) }]]);
    expect(JSON.stringify(shown)).not.toContain(new URL(slack.url).pathname);
  });
});
