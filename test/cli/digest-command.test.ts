import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCommand } from '../../src/cli/digest-command.js';
import type { CliIo } from '../../src/cli/dispatch.js';
import { useRuntime } from '../../src/runtime.js';
import { aksTopology, at, hoursAgo, natTopology, rollups, snapshotOf } from '../digest/digest-fixtures.js';
import { digestEnv, digestRuntime, seed } from '../digest/digest-runtime.js';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver.js';
import { runCli } from './run-cli.js';

let receiver: SlackReceiver;
beforeEach(async () => {
  receiver = await startSlackReceiver();
});
afterEach(async () => {
  await receiver.close();
});

/** The command's own io, collected: the same run the binary does, without a process per case. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdin: (async function* () {})(), stdout: { write: (text: string) => (out.stdout += text) }, stderr: { write: (text: string) => (out.stderr += text) } };
  const code = await digestCommand.run(args, io);
  return { code, ...out };
}

describe('digestCommand', () => {
  it('should be `snat-watch digest --once`, and refuse to run without --once', async () => {
    const binary = await runCli(['digest']);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain('Usage: snat-watch digest --once');
    expect((await run(['--twice'])).code).toBe(2);
  });

  it('should post the digest once and print what was posted, readably', async () => {
    const now = new Date('2026-11-29T08:00:00.000Z');
    const prod = { snapshot: snapshotOf(aksTopology('prod', 48, 60)), hours: rollups((ms) => at(hoursAgo(ms) === 2 ? 0.95 : 0.5, { failed: hoursAgo(ms) === 2 ? 1 : 0 })) };
    const egress = { snapshot: snapshotOf(natTopology('egress')), hours: rollups((ms) => (hoursAgo(ms) <= 9 ? null : at(0.3))) };
    const env = digestEnv(receiver.url, [prod.snapshot.target.id, egress.snapshot.target.id]);
    const runtime = await digestRuntime(env, { now });
    await seed(runtime, [prod, egress]);
    useRuntime(runtime);

    const first = await run(['--once']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Posted the capacity digest for 2026-11-29 \(2026-11-28 08:00 UTC → 2026-11-29 08:00 UTC\):\n/);
    expect(first.stdout).toContain('🔴 prod — load balancer in `mc_rg_prod` · failed SNAT connections');
    expect(first.stdout).toContain('```az aks update --resource-group rg-prod --name prod');
    expect(first.stdout).toContain('No data for 9 of the last 24 hours');
    expect(first.stdout).toContain('Slack: 1 message(s) delivered, 0 pending.');
    expect(first.stdout + first.stderr).not.toContain(new URL(receiver.url).pathname);
    expect(receiver.delivered()).toHaveLength(1);

    const again = await run(['--once']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^The capacity digest for 2026-11-29 was already posted; nothing sent\./);
    expect(receiver.delivered()).toHaveLength(1);
  });

  it('should exit 1 and say the digest waits in the outbox when Slack refuses it', async () => {
    const env = digestEnv(receiver.url, [aksTopology('dev', 3).id]);
    const runtime = await digestRuntime(env);
    await seed(runtime, [{ snapshot: snapshotOf(aksTopology('dev', 3)), hours: rollups(() => at(0.1)) }]);
    useRuntime(runtime);
    receiver.setDefault({ status: 404, body: 'channel_not_found' });
    const refused = await run(['--once']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Slack did not take it yet (client: HTTP 404 channel_not_found); it stays in the outbox and the next watch run retries.');
    expect(refused.stderr).toContain('SLACK REFUSED');
  });
});
