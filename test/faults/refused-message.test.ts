// Slack refusing ONE message (400 invalid_payload) must not hold any other target's alerts: the
// refused message is tried once as text only, parked with Slack's reason, announced in the channel,
// and shown in GET /api/recommendations, on the page and by `snat-watch outbox`.
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxCommand } from '../../src/cli/outbox-command.js';
import type { CliIo } from '../../src/cli/dispatch.js';
import { recommendations } from '../../src/functions/recommendations.js';
import { liveViewSchema } from '../../src/live/live-view-schema.js';
import { useRuntime } from '../../src/runtime.js';
import { answers } from '../support/slack-receiver.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';
import { criticalClusters, FAST_SLACK, mentions, textOf } from './fault-estate.js';

let harness: WatchHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdin: (async function* () {})(), stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };
  return { code: await outboxCommand.run(args, io), ...out };
}

async function liveView() {
  const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations', headers: { accept: 'application/json' } }), new InvocationContext());
  expect(response.status).toBe(200);
  return liveViewSchema.parse(JSON.parse(response.body as string));
}

async function page(): Promise<string> {
  const response = await recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations', headers: { accept: 'text/html' } }), new InvocationContext());
  return response.body as string;
}

describe('a message Slack refuses', () => {
  it('should deliver the other targets\' alerts in the same run, park the refused one with Slack\'s reason and announce it', async () => {
    harness = await startWatchHarness(criticalClusters(['aks-a', 'aks-b', 'aks-c']), FAST_SLACK);
    useRuntime(harness.runtime);
    const isNotice = (body: unknown) => textOf(body).includes('could not deliver');
    // Refuses aks-a's alert in both forms (full, then text only), then takes everything.
    harness.slack.when((body) => mentions('aks-a')(body) && !isNotice(body), answers.invalidPayload, 2);

    const report = await harness.watch();

    const delivered = harness.slack.delivered();
    expect(delivered.filter(mentions('aks-b'))).toHaveLength(1);
    expect(delivered.filter(mentions('aks-c'))).toHaveLength(1);
    const refused = harness.slack.requests.filter((request) => request.answer === 400);
    expect(refused).toHaveLength(2);
    expect(refused[1]!.body).toEqual({ text: expect.stringContaining('simplified: Slack refused the full message: HTTP 400 invalid_payload') });
    expect(textOf(refused[1]!.body)).toMatch(/• \*10\.\d+\.\d+\.\d+ \(aks-nodepool1-\d+-vmss[0-9a-z]{6}\)\* \(critical\)/);
    expect(delivered.filter(isNotice)).toEqual([{ text: expect.stringMatching(/could not deliver an alert about \*kubernetes \(resource group MC_rg-aks-a_aks-a_eastus\)\*.*HTTP 400 invalid_payload/) }]);
    expect(report.delivery).toMatchObject({ delivered: 3, parked: 1, pending: 0 });

    // Visible where people look: the JSON, the page, the command line.
    const view = await liveView();
    expect(view.outbox?.parked).toEqual([expect.objectContaining({ kind: 'message', sequence: 1, reason: 'client: HTTP 400 invalid_payload', text: expect.stringContaining('CRITICAL') })]);
    const parkedId = view.outbox!.parked[0]!.id;
    expect(await page()).toContain(`data-parked-id="${parkedId}"`);
    const listed = await cli(['list']);
    expect(listed.stdout).toContain('Parked (Slack refused them): 1');
    expect(listed.stdout).toContain(`${parkedId}  message #1`);

    // Fixed: retry puts it back, the next run delivers it, once.
    expect((await cli(['retry', parkedId])).code).toBe(0);
    expect((await cli(['retry', parkedId])).stderr).toContain('is not parked');
    expect((await liveView()).outbox).toEqual({ pending: 1, parked: [] });
    await harness.watch();
    await harness.watch();
    expect(harness.slack.delivered().filter((body) => mentions('aks-a')(body) && !isNotice(body))).toHaveLength(1);
    expect((await liveView()).outbox).toEqual({ pending: 0, parked: [] });
  });

  it('should refuse a malformed ID with a clear message and exit 2', async () => {
    harness = await startWatchHarness(criticalClusters(['aks-x']), FAST_SLACK);
    useRuntime(harness.runtime);
    const result = await cli(['drop', 'not-an-id']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not an outbox message ID: "not-an-id"/);
    expect((await cli(['frobnicate'])).stderr).toContain('Usage: snat-watch outbox list | retry ID | drop ID');
  });
});
