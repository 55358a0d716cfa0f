import type { TableClient } from '@azure/data-tables';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalSlackWebApi } from '../../src/local/slack-web-api.js';
import { createAppNotifier } from '../../src/slack/app-notifier.js';
import type { SlackMessage } from '../../src/slack/block-kit.js';
import { deliverOutbox, type DeliverOutboxOptions } from '../../src/slack/deliver-outbox.js';
import { INCIDENT_ACTIONS } from '../../src/slack/incident-actions.js';
import { notificationPayload, type IncidentStatus, type NotificationPayload } from '../../src/slack/notification-payload.js';
import { createOutbox } from '../../src/state/outbox.js';
import { createSlackThreadStore } from '../../src/state/slack-thread-store.js';
import { openTable } from '../../src/state/table-client.js';
import { createTargetStateStore } from '../../src/state/target-state-store.js';
import { quietLog } from '../support/watch-harness.js';
import { actionIdsOf, shownText, startTestSlack, TEST_CHANNEL } from '../support/slack-app.js';
import { testStorageSettings } from '../support/test-storage.js';

const target = { id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/MC_rg_aks-shop_eastus/providers/Microsoft.Network/loadBalancers/kubernetes', name: 'kubernetes', kind: 'loadBalancer' as const };
const incidentKey = `${target.id}#1`;
const NOW = new Date('2026-11-20T10:00:00Z');

let table: TableClient;
let slack: LocalSlackWebApi;
beforeEach(async () => {
  [table, slack] = await Promise.all([openTable(testStorageSettings(), 'state'), startTestSlack()]);
});
afterEach(async () => {
  await slack.stop();
});

const firing = (severity: 'warning' | 'critical', extra: Partial<IncidentStatus> = {}): IncidentStatus => ({ phase: 'firing', severity, acknowledged: null, silencedUntil: null, ...extra });
const message = (text: string): SlackMessage => ({ text, blocks: [{ type: 'header', text: { type: 'plain_text', text } }, { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } }] });
const placed = (kind: NotificationPayload['kind'], text: string, status: IncidentStatus): NotificationPayload =>
  notificationPayload(kind, kind === 'incident-update' ? { text } : message(text), { incident: { key: incidentKey, target, openedAt: NOW.toISOString(), status } });

let seq = 0;
async function queue(...payloads: NotificationPayload[]): Promise<void> {
  const store = createTargetStateStore<{ n: number }>(table);
  const { etag } = await store.get(target.id);
  expect(await store.commit(target.id, { n: ++seq }, etag, payloads, { now: new Date(NOW.getTime() + seq * 60_000) })).toBe('committed');
}

const fastSend: DeliverOutboxOptions['send'] = { maxRetries: 2, retryDelayInMs: 5, timeoutInMs: 2_000 };
const notifier = () => createAppNotifier({ token: slack.token, apiUrl: slack.url, defaultChannel: TEST_CHANNEL, threads: createSlackThreadStore(table), now: () => NOW });
const deliver = (options: DeliverOutboxOptions = {}) => deliverOutbox(createOutbox(table), notifier(), { send: fastSend, log: quietLog, resendAfterInMs: 0, ...options });
const posts = () => slack.calls.filter((call) => call.method === 'chat.postMessage');

describe('the Slack app notifier', () => {
  it('should keep one thread per incident: the root with its state and buttons, replies in its thread, the root updated to acknowledged and then resolved', async () => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    expect(await deliver()).toMatchObject({ delivered: 1, pending: 0 });
    const [root] = slack.messages(TEST_CHANNEL);
    expect(shownText(root)).toContain('*Firing* (warning)');
    expect(actionIdsOf(root)).toEqual([INCIDENT_ACTIONS.acknowledge, INCIDENT_ACTIONS.silence1h, INCIDENT_ACTIONS.silence4h, INCIDENT_ACTIONS.silence24h]);
    const buttons = (root!.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>).find((block) => block.type === 'actions')!.elements!;
    expect(buttons.map((button) => button.value)).toEqual(Array(4).fill(incidentKey));

    await queue(placed('alert', 'CRITICAL: SNAT ports on kubernetes', firing('critical')));
    await queue(placed('incident-update', 'Ana acknowledged', firing('critical', { acknowledged: { by: 'Ana', at: '2026-11-20T10:05:00Z' }, silencedUntil: '2026-11-20T11:05:00Z' })));
    await deliver();
    let current = slack.messages(TEST_CHANNEL);
    expect(current).toHaveLength(1);
    expect(shownText(current[0])).toMatch(/\*Firing\* \(critical\) · acknowledged by Ana at 2026-11-20 10:05 UTC · :see_no_evil: silenced until 2026-11-20 11:05 UTC/);
    // Acknowledged: no Acknowledge button; silenced: Unsilence appears.
    expect(actionIdsOf(current[0])).toEqual([INCIDENT_ACTIONS.silence1h, INCIDENT_ACTIONS.silence4h, INCIDENT_ACTIONS.silence24h, INCIDENT_ACTIONS.unsilence]);

    await queue(notificationPayload('alert', message('RESOLVED: SNAT ports on kubernetes'), { incident: { key: incidentKey, target, openedAt: NOW.toISOString(), status: { phase: 'resolved', severity: 'resolved', acknowledged: null, silencedUntil: null } } }));
    expect(await deliver()).toMatchObject({ delivered: 1, pending: 0, failed: 0 });
    current = slack.messages(TEST_CHANNEL);
    expect(current).toHaveLength(1);
    expect(shownText(current[0])).toContain(':white_check_mark: *Resolved*');
    expect(actionIdsOf(current[0])).toEqual([]);
    // The root was first posted with the warning and keeps it as its body; the thread tells the rest.
    expect(current[0]!.text).toMatch(/^Resolved: WARNING: SNAT ports on kubernetes/);
    expect(slack.thread(TEST_CHANNEL, current[0]!.ts).map((m) => m.text)).toEqual([current[0]!.text, 'CRITICAL: SNAT ports on kubernetes', 'RESOLVED: SNAT ports on kubernetes']);
    expect(slack.calls.filter((call) => call.method === 'chat.update')).toHaveLength(3);
    // Every post names its outbox message and incident in its metadata.
    for (const posted of slack.all()) expect(posted.metadata).toEqual({ event_type: 'snat_watch_notification', event_payload: { message_id: expect.stringMatching(/\/outbox-/), incident: incidentKey } });
  });

  it('should post exactly one reply when Slack loses the answer to a reply, found in the thread by its metadata', async () => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    await deliver();
    await queue(placed('alert', 'CRITICAL: SNAT ports on kubernetes', firing('critical')));
    slack.when((call) => call.method === 'chat.postMessage' && typeof call.args.thread_ts === 'string', 'reset-after', 1);
    expect(await deliver()).toMatchObject({ delivered: 0, failures: [expect.objectContaining({ reason: 'ambiguous', next: 'resend-after-wait' })] });
    expect(await deliver()).toMatchObject({ delivered: 1, pending: 0, failed: 0 });
    const [root] = slack.messages(TEST_CHANNEL);
    expect(slack.thread(TEST_CHANNEL, root!.ts).map((m) => m.text)).toEqual([root!.text, 'CRITICAL: SNAT ports on kubernetes']);
    expect(slack.calls.filter((call) => call.method === 'conversations.replies')).toHaveLength(1);
    expect(posts()).toHaveLength(2);
  });

  it('should honour rate_limited with its Retry-After and send the message once more, without the client retrying on its own', async () => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    slack.when((call) => call.method === 'chat.postMessage', { rateLimited: 1 }, 1);
    const result = await deliver();
    expect(result).toMatchObject({ delivered: 1, failed: 0 });
    expect(posts().map((call) => call.answer)).toEqual([429, 'ok']);
    expect(posts()[1]!.at - posts()[0]!.at).toBeGreaterThanOrEqual(950);
    expect(slack.messages(TEST_CHANNEL)).toHaveLength(1);
  });

  it('should hold the message and stop when Slack rate limits longer than the send may wait', async () => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    slack.when((call) => call.method === 'chat.postMessage', { rateLimited: 30 }, 1);
    const result = await deliver({ send: { ...fastSend, maxWaitInMs: 1_000 } });
    expect(result).toMatchObject({ delivered: 0, pending: 1, stoppedBy: 'send-failed' });
    expect(result.failures[0]).toMatchObject({ reason: 'rate-limited', retryable: true, next: 'retry-later' });
    expect(posts()).toHaveLength(1);
  });

  it.each([
    { name: 'invalid_blocks (the message: sent text-only instead)', error: 'invalid_blocks', expected: { delivered: 1, stoppedBy: 'drained' }, reason: null, shown: 1 },
    { name: 'not_in_channel (the channel)', error: 'not_in_channel', expected: { delivered: 0, pending: 1, stoppedBy: 'send-failed' }, reason: 'client', shown: 0 },
    { name: 'is_archived (the channel)', error: 'is_archived', expected: { delivered: 0, pending: 1, stoppedBy: 'send-failed' }, reason: 'client', shown: 0 },
    { name: 'token_revoked (the app)', error: 'token_revoked', expected: { delivered: 0, pending: 1, stoppedBy: 'send-failed' }, reason: 'auth', shown: 0 },
    { name: 'ratelimited as an ok:false answer (retried)', error: 'ratelimited', expected: { delivered: 1, stoppedBy: 'drained', failed: 0 }, reason: null, shown: 1 },
  ])('should map $name to what delivery does about it', async ({ error, expected, reason, shown }) => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    slack.when((call) => call.method === 'chat.postMessage' && Array.isArray(call.args.blocks) && (call.args.blocks as unknown[]).length > 1, { error }, 1);
    const result = await deliver();
    expect(result).toMatchObject(expected);
    if (reason) expect(result.failures[0]).toMatchObject({ reason, detail: `chat.postMessage: Slack answered ${error}` });
    expect(slack.messages(TEST_CHANNEL)).toHaveLength(shown);
    if (error === 'invalid_blocks') expect(shownText(slack.messages(TEST_CHANNEL)[0])).toContain('simplified: Slack refused the full message: chat.postMessage: Slack answered invalid_blocks');
  });

  it('should refuse a wrong token as invalid_auth and keep the message', async () => {
    await queue(placed('alert', 'WARNING: SNAT ports on kubernetes', firing('warning')));
    const wrong = createAppNotifier({ token: 'xoxb-wrong-token', apiUrl: slack.url, defaultChannel: TEST_CHANNEL, threads: createSlackThreadStore(table) });
    const result = await deliverOutbox(createOutbox(table), wrong, { send: fastSend, log: quietLog });
    expect(result).toMatchObject({ delivered: 0, pending: 1, stoppedBy: 'send-failed' });
    expect(result.failures[0]).toMatchObject({ reason: 'auth', retryable: false, detail: 'chat.postMessage: Slack answered invalid_auth' });
    expect(JSON.stringify(result)).not.toContain('xoxb-wrong-token');
  });
});
