// POST /api/slack/interactions over real HTTP through the local Functions host (with function keys
// on, so the anonymous route proves it needs none), on a watched estate: simulated Azure, Azurite,
// a local Slack receiver. Signatures are computed here with node:crypto, independently of the code.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetAlertState } from '../../src/alerting/alert-state.js';
import { registrations } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { functionKeysFor } from '../../src/local/host-keys.js';
import { blockActionsBody } from '../../src/local/signed-interaction.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { useRuntime } from '../../src/runtime.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SECRET = 'test-signing-secret-0123456789';
const SUBSCRIPTION = '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a';

let harness: WatchHarness;
let host: FunctionsHost;
const targets: Record<'acked' | 'control' | 'silenced' | 'spare', string> = { acked: '', control: '', silenced: '', spare: '' };

beforeAll(async () => {
  harness = await startWatchHarness(
    (world) =>
      (['acked', 'control', 'silenced', 'spare'] as const).map((role) => {
        const id = addAksCluster(world, {
          subscriptionId: SUBSCRIPTION,
          resourceGroup: `rg-${role}`,
          name: `aks-${role}`,
          pools: [{ name: 'nodepool1', count: 2, mode: 'System' }],
          metrics: (node) => () => (node.index === 0 ? { used: 1_010, failed: 6 } : { used: 100 }),
        }).loadBalancer.id;
        targets[role] = id;
        return id;
      }),
    { SLACK_SIGNING_SECRET: SECRET },
  );
  useRuntime(harness.runtime);
  const http = registrations.flatMap((r) => (r.kind === 'http' ? [r] : []));
  host = await startFunctionsHost(registrations.filter((r) => r.kind === 'http'), { port: 0, setting: () => undefined, log: () => {}, keys: functionKeysFor(http) });
  await harness.watch();
  expect(harness.slack.delivered()).toHaveLength(4);
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await harness?.close();
});

const sign = (secret: string, timestamp: string, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

async function stateOf(role: keyof typeof targets): Promise<TargetAlertState> {
  return (await harness.runtime.alertStates.get(targets[role])).value!;
}

async function incidentOf(role: keyof typeof targets): Promise<string> {
  return (await stateOf(role)).notified!.incident!;
}

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${host.url}/api/slack/interactions`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function press(actionId: Parameters<typeof blockActionsBody>[0]['actionId'], incident: string, options: { secret?: string; timestamp?: string; user?: { id: string; name: string } } = {}) {
  const body = blockActionsBody({ actionId, incident, user: options.user ?? { id: 'U024BE7LH', name: 'alice' } });
  const timestamp = options.timestamp ?? nowSeconds();
  return post(body, { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(options.secret ?? SECRET, timestamp, body) });
}

const texts = () => harness.slack.delivered().map((body) => String((body as { text?: string }).text ?? ''));

describe('slackInteractions', () => {
  it('should refuse a request signed with another secret (401 problem+json) and record nothing', async () => {
    const before = await stateOf('acked');
    const answer = await press('snat-ack', await incidentOf('acked'), { secret: 'not-the-secret-at-all' });
    expect(answer).toMatchObject({ status: 401, json: { code: 'invalid-signature', detail: expect.stringMatching(/does not match/) } });
    expect((await stateOf('acked')).notified).toEqual(before.notified);
  });

  it('should refuse a timestamp more than five minutes away, in either direction', async () => {
    const incident = await incidentOf('acked');
    for (const offset of [-310, 310]) {
      const answer = await press('snat-ack', incident, { timestamp: String(Number(nowSeconds()) + offset) });
      expect(answer).toMatchObject({ status: 401, json: { code: 'invalid-signature', detail: expect.stringMatching(/5 minutes/) } });
    }
    expect((await stateOf('acked')).notified?.acknowledged).toBeUndefined();
  });

  it('should refuse a tampered body: signed for one incident, sent for another', async () => {
    const timestamp = nowSeconds();
    const signedFor = blockActionsBody({ actionId: 'snat-silence-1h', incident: await incidentOf('control') });
    const sent = blockActionsBody({ actionId: 'snat-silence-24h', incident: await incidentOf('control') });
    const answer = await post(sent, { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SECRET, timestamp, signedFor) });
    expect(answer.status).toBe(401);
    expect(await harness.runtime.silences.list(harness.clock.now())).toEqual([]);
  });

  it.each([
    { name: 'both headers', drop: ['x-slack-request-timestamp', 'x-slack-signature'] },
    { name: 'the timestamp', drop: ['x-slack-request-timestamp'] },
    { name: 'the signature', drop: ['x-slack-signature'] },
  ])('should refuse a request missing $name', async ({ drop }) => {
    const body = blockActionsBody({ actionId: 'snat-ack', incident: await incidentOf('acked') });
    const timestamp = nowSeconds();
    const headers: Record<string, string> = { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SECRET, timestamp, body) };
    for (const name of drop) delete headers[name];
    const answer = await post(body, headers);
    expect(answer).toMatchObject({ status: 401, json: { code: 'invalid-signature', detail: expect.stringMatching(/required/) } });
  });

  it('should refuse an oversize body with 413 before verifying anything', async () => {
    const body = `payload=${'x'.repeat(300 * 1024)}`;
    const timestamp = nowSeconds();
    const answer = await post(body, { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SECRET, timestamp, body) });
    expect(answer).toMatchObject({ status: 413, json: { code: 'payload-too-large' } });
  });

  it('should record an acknowledgement, answer 200 with what happened, and refuse the same request replayed', async () => {
    const body = blockActionsBody({ actionId: 'snat-ack', incident: await incidentOf('acked'), user: { id: 'U024BE7LH', name: 'alice' } });
    const timestamp = nowSeconds();
    const headers = { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SECRET, timestamp, body) };
    const started = Date.now();
    const first = await post(body, headers);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(first).toMatchObject({ status: 200, json: { outcome: 'acknowledged', text: expect.stringMatching(/^Acknowledged/) } });
    expect((await stateOf('acked')).notified?.acknowledged).toMatchObject({ by: 'alice', severity: 'critical' });
    const replay = await post(body, headers);
    expect(replay).toMatchObject({ status: 401, json: { code: 'invalid-signature', detail: expect.stringMatching(/already received/) } });
  });

  it('should refuse a button of an older incident with the reason, recording nothing', async () => {
    const stale = (await incidentOf('spare')).replace(/#\d+$/, '#0');
    const answer = await press('snat-ack', stale);
    expect(answer).toMatchObject({ status: 200, json: { outcome: 'other-incident', text: expect.stringMatching(/older incident/) } });
    expect((await stateOf('spare')).notified?.acknowledged).toBeUndefined();
  });

  it.each([
    { name: 'an unknown action_id', payload: (incident: string) => ({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'snat-delete-cluster', value: incident }] }), code: 'invalid-request' },
    { name: 'a value that is no incident key', payload: () => ({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'snat-ack', value: 'drop table' }] }), code: 'invalid-request' },
    { name: 'another interaction type', payload: (incident: string) => ({ type: 'view_submission', user: { id: 'U1' }, actions: [{ action_id: 'snat-ack', value: incident }] }), code: 'invalid-request' },
  ])('should answer 400 problem+json for $name, signed or not', async ({ payload, code }) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload(await incidentOf('spare'))) }).toString();
    const timestamp = nowSeconds();
    const answer = await post(body, { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': sign(SECRET, timestamp, body) });
    expect(answer).toMatchObject({ status: 400, json: { code } });
  });

  it('should have the next watch runs honour the acknowledgement and the silence: no reminder, no message, then one when the silence expires while firing', async () => {
    const silenced = await press('snat-silence-1h', await incidentOf('silenced'), { user: { id: 'U0BOB', name: 'bob' } });
    expect(silenced).toMatchObject({ status: 200, json: { outcome: 'silenced' } });
    const silences = await harness.runtime.silences.list(harness.clock.now());
    expect(silences).toMatchObject([{ matchers: { target: targets.silenced }, createdBy: 'bob (U0BOB)', comment: 'from Slack' }]);
    const silenceEndsAt = Date.parse(silences[0]!.endsAt);
    expect(silenceEndsAt - harness.clock.now().getTime()).toBe(3_600_000);
    const openedAt = Date.parse((await stateOf('control')).notified!.at);

    await harness.watch();
    // The two root updates reached the webhook as one-line notes; no alert message went out.
    expect(texts().slice(4)).toEqual(['Acknowledged by alice.', expect.stringMatching(/^Silenced by bob until /)]);

    harness.clock.set(new Date(silenceEndsAt - 10 * 60_000));
    await harness.watch();
    expect(texts()).toHaveLength(6);
    expect((await stateOf('silenced')).silenced).toMatchObject({ until: new Date(silenceEndsAt).toISOString() });

    harness.clock.set(new Date(silenceEndsAt + 60_000));
    await harness.watch();
    const afterExpiry = harness.slack.delivered().slice(6).map((body) => JSON.stringify(body));
    expect(afterExpiry).toHaveLength(1);
    expect(afterExpiry[0]).toMatch(/silence-ended-still-firing/);
    expect(afterExpiry[0]).toMatch(/rg-silenced/);

    // The reminder interval (240 min) passes: only the targets nobody acknowledged are reminded.
    harness.clock.set(new Date(openedAt + 240 * 60_000));
    await harness.watch();
    const reminders = harness.slack.delivered().slice(7).map((body) => JSON.stringify(body));
    expect(reminders).toHaveLength(2);
    expect(reminders.every((text) => text.includes('repeat-interval-elapsed'))).toBe(true);
    expect(reminders.join('\n')).not.toMatch(/rg-acked/);
    expect(reminders.join('\n')).toMatch(/rg-control/);
  });

  it('should end the target\'s silence on Unsilence, and the next run says it still fires', async () => {
    const incident = await incidentOf('spare');
    expect(await press('snat-silence-4h', incident)).toMatchObject({ status: 200, json: { outcome: 'silenced' } });
    const unsilenced = await press('snat-unsilence', incident, { user: { id: 'U0CAROL', name: 'carol' } });
    expect(unsilenced).toMatchObject({ status: 200, json: { outcome: 'unsilenced' } });
    const mine = (await harness.runtime.silences.list(harness.clock.now())).filter((silence) => silence.matchers.target === targets.spare);
    expect(mine).toMatchObject([{ endedBy: 'carol (U0CAROL)' }]);
    const before = harness.slack.delivered().length;
    await harness.watch();
    const sent = harness.slack.delivered().slice(before).map((body) => JSON.stringify(body));
    expect(sent.filter((text) => text.includes('silence-ended-still-firing'))).toHaveLength(1);
    expect(await press('snat-unsilence', incident)).toMatchObject({ status: 200, json: { outcome: 'nothing-to-unsilence' } });
  });
});
