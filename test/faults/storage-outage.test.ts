// Storage failing under the watch: cut while a message is being sent (Slack accepted it, storage could
// not record that), lost altogether (Azurite restarted in memory: every table gone), or down while
// someone opens the live view. A cut goes through a pass-through in front of the suites' shared Azurite
// that drops every connection (test/support/storage-cut.ts): no other suite notices, and the data
// stays, as in Azure Storage (Azurite's on-disk mode loses its last writes on a stop). The restart test
// runs its own Azurite (src/local/azurite.ts), so restarting it disturbs no other suite.
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { recommendations } from '../../src/functions/recommendations.js';
import { silences } from '../../src/functions/silences.js';
import { startAzurite, type AzuriteTables } from '../../src/local/azurite.js';
import { manualClock, type ManualClock } from '../../src/local/simulated-azure/clock.js';
import { SimulatedWorld } from '../../src/local/simulated-azure/world.js';
import { createRuntime, useRuntime, type Runtime } from '../../src/runtime.js';
import { watchWithHeartbeat, type HeartbeatReport } from '../../src/watch/heartbeat.js';
import { useSimulatedAzure } from '../support/simulated-azure.js';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { startStorageCut } from '../support/storage-cut.js';
import { testStorageConnectionString, uniqueTablePrefix } from '../support/test-storage.js';
import { quietLog } from '../support/watch-harness.js';
import { criticalClusters, FAST_SLACK, mentions, textOf } from './fault-estate.js';

const START = new Date('2026-11-20T10:00:00Z');

interface Outage {
  clock: ManualClock;
  slack: SlackReceiver;
  runtime: Runtime;
  /** One run inside the watch on the watcher, then a minute passes. */
  watch(): Promise<HeartbeatReport>;
  /** Every connection to storage dropped and refused; the data stays. */
  cutStorage(): Promise<void>;
  restoreStorage(): Promise<void>;
  /** Azurite stopped and started again in memory on the same port: every table gone. */
  restartStorage(): Promise<void>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startOutage(names: string[], options: { ownAzurite?: boolean } = {}): Promise<Outage> {
  let azurite: AzuriteTables | null = options.ownAzurite ? await startAzurite() : null;
  const storage = await startStorageCut(azurite?.connectionString ?? testStorageConnectionString());
  const clock = manualClock(START);
  const world = new SimulatedWorld({ clock, origin: new Date(START.getTime() - 60 * 60_000) });
  const targets = criticalClusters(names)(world);
  const azure = await useSimulatedAzure(world);
  const slack = await startSlackReceiver();
  const env = {
    ...azure.env(),
    ...FAST_SLACK,
    SNAT_TARGETS: targets.join(','),
    SLACK_WEBHOOK_URL: slack.url,
    AzureWebJobsStorage: storage.connectionString,
    SNAT_TABLE_PREFIX: uniqueTablePrefix(),
    SNAT_STORAGE_TIMEOUT_SECONDS: '2',
  };
  const runtime = await createRuntime({ env, now: () => clock.now(), storageRetry: { maxRetries: 1, retryDelayInMs: 20, maxRetryDelayInMs: 50 } });
  cleanup.push(async () => {
    await Promise.all([slack.close(), storage.close()]);
    await azurite?.stop();
  });
  return {
    clock,
    slack,
    runtime,
    async watch() {
      const report = await watchWithHeartbeat({ open: async () => runtime, log: quietLog, env });
      clock.advance(60_000);
      return report;
    },
    cutStorage: () => storage.cut(),
    restoreStorage: () => storage.restore(),
    async restartStorage() {
      if (!azurite) throw new Error('restartStorage needs startOutage(…, { ownAzurite: true })');
      const port = Number(new URL(azurite.tableEndpoint).port);
      await azurite.stop();
      azurite = await startAzurite({ port });
    },
  };
}

describe('a storage outage', () => {
  it('should lose nothing and post at most two copies when storage is cut while Slack takes a message', async () => {
    const outage = await startOutage(['aks-a', 'aks-b']);
    // Slack accepts aks-a's alert, but storage goes down before the deliverer can record it.
    let cut = false;
    outage.slack.onRequest(async (request) => {
      if (!cut && mentions('aks-a')(request.body)) {
        cut = true;
        await outage.cutStorage();
      }
    });

    const during = await outage.watch();
    expect(during.heartbeat).toMatchObject({ outcome: 'failed', failure: { reason: 'storage' } });
    await outage.restoreStorage();
    for (let run = 0; run < 3; run++) expect((await outage.watch()).heartbeat.outcome).toBe('ok');

    const copies = outage.slack.posted().filter(mentions('aks-a'));
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.length).toBeLessThanOrEqual(2);
    expect(copies).toHaveLength(2);
    expect(textOf(copies[1])).toMatch(/^\(possible duplicate\) /);
    // Nothing lost: aks-b's alert (queued before the cut, or decided again after it) arrived; nothing waits or is parked.
    expect(outage.slack.posted().filter(mentions('aks-b'))).toHaveLength(1);
    expect(await outage.runtime.outbox.list()).toEqual([]);
    expect(await outage.runtime.outbox.listParked()).toEqual([]);
  });

  it('should work again on the next run after Azurite restarted and every table is gone', async () => {
    const outage = await startOutage(['aks-a'], { ownAzurite: true });
    expect((await outage.watch()).heartbeat.outcome).toBe('ok');
    await outage.restartStorage();

    const next = await outage.watch();
    expect(next.heartbeat).toMatchObject({ outcome: 'ok', errors: [] });
    expect(next.report?.outcomes.map((outcome) => outcome.status)).toEqual(['critical']);
    expect((await outage.runtime.snapshots.listLatest()).map((row) => row.value.target.name)).toEqual(['kubernetes']);
  });

  it('should answer GET /api/recommendations with 503 problem+json while storage is down, and 200 once it is back', async () => {
    const outage = await startOutage(['aks-a']);
    await outage.watch();
    useRuntime(outage.runtime);
    const get = () => recommendations(new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/recommendations', headers: { accept: 'application/json' } }), new InvocationContext());
    await outage.cutStorage();

    const down = await get();
    expect(down.status).toBe(503);
    expect((down.headers as Record<string, string>)['content-type']).toBe('application/problem+json');
    expect((down.headers as Record<string, string>)['retry-after']).toBe('30');
    expect(JSON.parse(down.body as string)).toMatchObject({ status: 503, code: 'storage-unavailable', type: 'urn:snat-watch:problem:storage-unavailable' });

    await outage.restoreStorage();
    expect((await get()).status).toBe(200);
  });

  it('should answer the silences API with 503 problem+json while storage is down, never a 500, and keep working once it is back', async () => {
    const outage = await startOutage(['aks-a']);
    await outage.watch();
    useRuntime(outage.runtime);
    const [target] = (await outage.runtime.snapshots.listLatest()).map((row) => row.value.target.id);
    const body = JSON.stringify({ matchers: { target }, duration: '1h', createdBy: 'ana' });
    const call = (method: string, id?: string) =>
      silences(
        new HttpRequest({
          method,
          url: `http://localhost:7071/api/silences${id ? `/${id}` : ''}`,
          params: id ? { id } : {},
          ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: { string: body } } : {}),
        }),
        new InvocationContext(),
      );
    const created = JSON.parse((await call('POST')).body as string) as { id: string };
    await outage.cutStorage();

    const down = await Promise.all([call('GET'), call('POST'), call('DELETE', created.id)]);
    expect(down.map((response) => [response.status, JSON.parse(response.body as string).code])).toEqual([
      [503, 'storage-unavailable'],
      [503, 'storage-unavailable'],
      [503, 'storage-unavailable'],
    ]);

    await outage.restoreStorage();
    expect([(await call('DELETE', created.id)).status, (await call('POST')).status]).toEqual([204, 201]);
  });
});
