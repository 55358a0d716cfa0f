import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notificationPayload } from '../../src/slack/notification-payload.js';
import { createWebhookNotifier } from '../../src/slack/webhook-notifier.js';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';

let team: SlackReceiver;
let fallback: SlackReceiver;
beforeEach(async () => {
  [team, fallback] = await Promise.all([startSlackReceiver(), startSlackReceiver()]);
});
afterEach(async () => {
  await Promise.all([team.close(), fallback.close()]);
});

const send = (route: string | null, env: NodeJS.ProcessEnv) =>
  createWebhookNotifier({ defaultUrl: fallback.url, env }).send(
    { id: 'p/outbox-1', createdAt: '2026-11-20T10:00:00Z', payload: notificationPayload('alert', { text: 'hello' }, { route }), message: { text: 'hello' }, resend: false },
    { maxRetries: 0, timeoutInMs: 2_000 },
  );

describe('createWebhookNotifier', () => {
  it("should post to the webhook the route's app setting holds, and to SLACK_WEBHOOK_URL without a route", async () => {
    expect(await send('SLACK_WEBHOOK_TEAM_A', { SLACK_WEBHOOK_TEAM_A: team.url })).toMatchObject({ ok: true });
    expect(await send(null, {})).toMatchObject({ ok: true });
    expect(team.delivered()).toEqual([{ text: 'hello' }]);
    expect(fallback.delivered()).toEqual([{ text: 'hello' }]);
  });

  it.each([
    { name: 'an unset setting', env: {}, detail: 'the app setting SLACK_WEBHOOK_TEAM_A (the route\'s webhook) is not set' },
    { name: 'a setting that is no URL', env: { SLACK_WEBHOOK_TEAM_A: 'team-a' }, detail: 'the app setting SLACK_WEBHOOK_TEAM_A is not a webhook URL' },
    { name: 'a plain-http URL off this machine', env: { SLACK_WEBHOOK_TEAM_A: 'http://hooks.example.com/services/x' }, detail: 'the app setting SLACK_WEBHOOK_TEAM_A must be an https:// URL' },
  ])('should refuse a route naming $name as a webhook-level refusal that names the setting', async ({ env, detail }) => {
    expect(await send('SLACK_WEBHOOK_TEAM_A', env)).toEqual({ ok: false, retryable: false, refusal: 'webhook', outcome: 'not-sent', reason: 'client', detail, attempts: 0 });
    expect(fallback.requests).toEqual([]);
  });
});
