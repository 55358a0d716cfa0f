// The terminal's `a` / `s` keys, with a stand-in keyboard (an EventEmitter that says it is a TTY)
// and everything else real: the local host, its signed endpoint, Azurite, the simulated Azure.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registrations } from '../../src/functions/registrations.js';
import { startFunctionsHost, type FunctionsHost } from '../../src/local/functions-host.js';
import { listenForInteractionKeys, type KeyInput } from '../../src/local/interaction-keys.js';
import { addAksCluster } from '../../src/local/simulated-azure/world-builders.js';
import { createTerminal } from '../../src/local/terminal.js';
import { useRuntime } from '../../src/runtime.js';
import { startWatchHarness, type WatchHarness } from '../support/watch-harness.js';

const SECRET = 'local-secret-for-keys-0123456789';
let harness: WatchHarness;
let host: FunctionsHost;
let targetId = '';

beforeAll(async () => {
  harness = await startWatchHarness(
    (world) => [
      (targetId = addAksCluster(world, {
        subscriptionId: '0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a',
        resourceGroup: 'rg-keys',
        name: 'aks-keys',
        pools: [{ name: 'nodepool1', count: 2, mode: 'System' }],
        metrics: (node) => () => (node.index === 0 ? { used: 1_010 } : { used: 100 }),
      }).loadBalancer.id),
    ],
    { SLACK_SIGNING_SECRET: SECRET },
  );
  useRuntime(harness.runtime);
  host = await startFunctionsHost(registrations.filter((r) => r.kind === 'http'), { port: 0, setting: () => undefined, log: () => {} });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await harness?.close();
});

function keyboard(isTTY: boolean) {
  const emitter = new EventEmitter();
  const rawModes: boolean[] = [];
  const input: KeyInput & { type(keys: string): void } = {
    isTTY,
    setRawMode: (mode: boolean) => rawModes.push(mode),
    setEncoding: () => undefined,
    resume: () => undefined,
    pause: () => undefined,
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
    type: (keys) => void emitter.emit('data', keys),
  };
  return { input, rawModes, listeners: () => emitter.listenerCount('data') };
}

function capture() {
  const lines: string[] = [];
  const terminal = createTerminal({ stdout: { write: (text: string) => lines.push(text.trimEnd()) }, stderr: { write: (text: string) => lines.push(text.trimEnd()) } }, {});
  return { terminal, lines };
}

describe('listenForInteractionKeys', () => {
  it('should do nothing, and fail nothing, without a terminal', () => {
    const { input, rawModes, listeners } = keyboard(false);
    const stop = listenForInteractionKeys({ input, terminal: capture().terminal, hostUrl: host.url, signingSecret: SECRET, runtime: harness.runtime, onInterrupt: () => {} });
    expect(rawModes).toEqual([]);
    expect(listeners()).toBe(0);
    stop();
  });

  it('should say so when no incident is open yet', async () => {
    const { input } = keyboard(true);
    const { terminal, lines } = capture();
    const stop = listenForInteractionKeys({ input, terminal, hostUrl: host.url, signingSecret: SECRET, runtime: harness.runtime, onInterrupt: () => {} });
    input.type('a');
    await vi.waitFor(() => expect(lines).toContain('No open incident to act on yet.'));
    stop();
  });

  it('should acknowledge the latest open incident on `a` through the signed endpoint, silence it on `s`, and pass Ctrl-C on', async () => {
    await harness.watch();
    const { input, rawModes } = keyboard(true);
    const { terminal, lines } = capture();
    const interrupts: number[] = [];
    const stop = listenForInteractionKeys({ input, terminal, hostUrl: host.url, signingSecret: SECRET, runtime: harness.runtime, onInterrupt: () => interrupts.push(1) });
    input.type('a');
    await vi.waitFor(() => expect(lines.some((line) => line.startsWith('200: Acknowledged'))).toBe(true));
    expect((await harness.runtime.alertStates.get(targetId)).value!.notified!.acknowledged).toMatchObject({ by: 'local-terminal' });
    input.type('s');
    await vi.waitFor(() => expect(lines.some((line) => line.startsWith('200: Silenced for 1 h'))).toBe(true));
    expect(await harness.runtime.silences.list(harness.clock.now())).toMatchObject([{ matchers: { target: targetId }, comment: 'from Slack' }]);
    input.type('\u0003');
    expect(interrupts).toEqual([1]);
    stop();
    expect(rawModes).toEqual([true, false]);
  });

  it('should print the refusal when the endpoint does not accept the signature', async () => {
    const { input } = keyboard(true);
    const { terminal, lines } = capture();
    const stop = listenForInteractionKeys({ input, terminal, hostUrl: host.url, signingSecret: 'some-other-secret-000', runtime: harness.runtime, onInterrupt: () => {} });
    input.type('a');
    await vi.waitFor(() => expect(lines).toContain('401: X-Slack-Signature does not match the body.'));
    stop();
  });
});
