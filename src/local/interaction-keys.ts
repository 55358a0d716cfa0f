// The terminal's keys while `npm start` runs: `a` acknowledges and `s` silences (1 h) the latest open
// incident by sending a signed Slack interaction to the local endpoint over HTTP, so the real
// verification path runs, and prints what the endpoint answered. Raw mode swallows Ctrl-C's signal,
// so Ctrl-C is passed on as a stop. Without a terminal (piped, CI) there are no keys and nothing fails.
import type { Runtime } from '../runtime.js';
import type { IncidentActionId } from '../slack/interaction-payload.js';
import { latestOpenIncident } from './latest-incident.js';
import { signedInteraction } from './signed-interaction.js';
import type { Terminal } from './terminal.js';

export interface KeyInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
}

export interface InteractionKeysOptions {
  input: KeyInput;
  terminal: Terminal;
  /** The local host's base URL (http://localhost:7071). */
  hostUrl: string;
  signingSecret: string;
  runtime: Pick<Runtime, 'targets' | 'alertStates' | 'now'>;
  /** Ctrl-C pressed in raw mode. */
  onInterrupt: () => void;
}

const KEYS: Record<string, { actionId: IncidentActionId; doing: string }> = {
  a: { actionId: 'snat-ack', doing: 'Acknowledging' },
  s: { actionId: 'snat-silence-1h', doing: 'Silencing for 1 h' },
};

/** Starts listening; returns the stop (raw mode off). A no-op without a terminal. */
export function listenForInteractionKeys(options: InteractionKeysOptions): () => void {
  const { input } = options;
  if (!input.isTTY || typeof input.setRawMode !== 'function') return () => {};
  const onData = (chunk: string | Buffer) => {
    for (const key of String(chunk)) {
      if (key === '\u0003') options.onInterrupt();
      const bound = KEYS[key.toLowerCase()];
      if (bound) void pressKey(bound.actionId, bound.doing, options);
    }
  };
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    input.setRawMode?.(false);
    input.pause();
  };
}

/** One key press: find the latest open incident, send the signed interaction, print the answer. */
export async function pressKey(actionId: IncidentActionId, doing: string, options: Omit<InteractionKeysOptions, 'input' | 'onInterrupt'>): Promise<void> {
  const { terminal } = options;
  try {
    const latest = await latestOpenIncident(options.runtime, options.runtime.now());
    if (!latest) {
      terminal.write(terminal.paint('dim', 'No open incident to act on yet.'));
      return;
    }
    terminal.write(terminal.paint('cyan', `${doing} ${latest.incident} (a signed Slack interaction to ${options.hostUrl}/api/slack/interactions)…`));
    const signed = signedInteraction({ actionId, incident: latest.incident }, options.signingSecret);
    const response = await fetch(`${options.hostUrl}/api/slack/interactions`, { method: 'POST', headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(10_000) });
    const answer = (await response.json().catch(() => ({}))) as { text?: string; detail?: string };
    const line = `${response.status}: ${answer.text ?? answer.detail ?? 'no answer text'}`;
    terminal.write(response.ok ? terminal.paint('green', line) : terminal.paint('red', line));
  } catch (error) {
    terminal.warn(`Could not send the interaction: ${error instanceof Error ? error.message : String(error)}`);
  }
}
