// What the local host prints while it runs: each Slack message laid out as Slack shows it, a line per
// watch run and target (in the simulation, with the story's turns and what the watch will do about
// them), and the functions' own log lines — warnings and errors always, the rest with --verbose or
// when watching real Azure. A watch run's messages print after its line: the line is what the run
// saw, the message what it said about it.
import type { LogLevel } from '@azure/functions';
import { readLiveView } from '../live/read-live-view.js';
import type { Runtime } from '../runtime.js';
import { renderBlockKit, type SlackPayload } from './render-block-kit.js';
import type { ExhaustionScenario, ScenarioPhaseName } from './simulated-azure/scenario-exhaustion.js';
import type { SinkDelivery } from './slack-sink.js';
import type { LocalSlackEvent } from './slack-web-api.js';
import type { Terminal } from './terminal.js';
import { watchLine } from './watch-line.js';

export interface NarratorOptions {
  terminal: Terminal;
  /** Print information-level function logs (the simulation's watch lines replace them otherwise). */
  verbose: boolean;
  /** Playing the simulation (any scenario): its watch lines say what the info logs would. */
  simulated: boolean;
  /** The default story, whose turns are narrated. */
  scenario?: ExhaustionScenario;
}

export interface Narrator {
  slackMessage(payload: object, delivery: SinkDelivery): void;
  /** The local Slack Web API posted or updated a message: roots in full, replies indented under their thread, updates as the root's new state. */
  slackEvent(event: LocalSlackEvent): void;
  functionLog(functionName: string, level: LogLevel, text: string): void;
  timerStarting(functionName: string, runtime: Runtime): void;
  /** After a timer run: for the watch, one line per target from the live view it just recorded. */
  timerRan(functionName: string, runtime: Runtime): Promise<void>;
}

const STORY_OVER =
  'That was the whole story: warning, critical, the fix, resolved, and the daily digest. The watch goes on ' +
  '(quiet now); the live page and the what-if form keep answering. Ctrl-C stops everything.';

/** Targets shown per watch run, worst first (the live view's order). */
const MAX_LINES = 10;

export function createNarrator(options: NarratorOptions): Narrator {
  const { terminal, scenario } = options;
  const paint = terminal.paint;
  let messages = 0;
  let phase: ScenarioPhaseName | undefined;
  let lastState = '';
  /** What a watch run delivered, printed after its line. */
  let held: Array<() => void> | undefined;
  const print = (write: () => void) => (held ? held.push(write) : write());
  const show = (payload: object, { firstSeen, forwarded }: SinkDelivery) => {
    if (firstSeen) {
      messages += 1;
      terminal.write('');
      terminal.write(paint('bold', `Slack ▸ message ${messages}`));
      terminal.write(renderBlockKit(payload as SlackPayload));
    }
    if (forwarded?.ok) terminal.write(paint('dim', `↳ ${firstSeen ? '' : 'sent again: '}posted to your Slack webhook`));
    else if (forwarded) terminal.warn(paint('yellow', `↳ your Slack webhook did not take it (${forwarded.reason}: ${forwarded.detail}); the outbox keeps it for the next run`));
    if (firstSeen) terminal.write('');
  };
  /** Local Slack roots by ts → their number, so replies and updates name the thread they belong to. */
  const roots = new Map<string, number>();
  const showEvent = ({ kind, message }: LocalSlackEvent) => {
    const reply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (kind === 'updated') {
      const state = statusOf(message.blocks);
      if (state) terminal.write(paint('dim', `Slack ▸ thread ${roots.get(message.ts) ?? '?'} now shows: ${renderBlockKit({ text: state }).split('\n')[1]}`));
      return;
    }
    if (reply) {
      terminal.write(paint('bold', `  ↳ reply in thread ${roots.get(message.thread_ts!) ?? '?'}`));
      terminal.write(renderBlockKit(message, 74).replace(/^/gm, '    '));
      return;
    }
    messages += 1;
    roots.set(message.ts, messages);
    terminal.write('');
    terminal.write(paint('bold', `Slack ▸ ${message.channel} · thread ${messages}`));
    terminal.write(renderBlockKit(message));
  };
  return {
    slackMessage: (payload, delivery) => print(() => show(payload, delivery)),
    slackEvent: (event) => print(() => showEvent(event)),
    functionLog(functionName, level, text) {
      const line = `${new Date().toISOString().slice(11, 19)} [${functionName}] ${text}`;
      if (level === 'error' || level === 'critical') terminal.warn(paint('red', line));
      else if (level === 'warning') terminal.warn(paint('yellow', line));
      else if (options.verbose || !options.simulated || isFanoutLine(functionName, text)) terminal.write(paint('dim', line));
    },
    timerStarting(functionName, runtime) {
      if (functionName !== 'snatWatch') return;
      held = [];
      if (!scenario) return;
      const now = runtime.now();
      const current = scenario.phaseAt(now);
      if (current.name === phase) return;
      phase = current.name;
      terminal.write(paint('cyan', `▸ ${now.toISOString().slice(11, 16)}  ${current.description}`));
      const note = phaseNote(current.name, runtime);
      if (note) terminal.write(paint('dim', `         ${note}`));
    },
    async timerRan(functionName, runtime) {
      if (functionName === 'capacityDigest' && scenario) return void terminal.write(paint('cyan', `▸ ${STORY_OVER}`));
      if (functionName !== 'snatWatch') return;
      const deliveredInRun = held ?? [];
      held = undefined;
      try {
        const view = await readLiveView(runtime);
        const state = JSON.stringify(view.targets.map((t) => [t.status, t.alerts.map((a) => `${a.node}${a.condition}${a.state}`)]));
        // Once the story is over and all is calm, only a change is worth a line.
        const quiet = phase === 'after' && deliveredInRun.length === 0 && view.targets.every((t) => t.status === 'ok' && t.alerts.length === 0);
        if (!(quiet && state === lastState)) {
          for (const target of view.targets.slice(0, MAX_LINES)) terminal.write(watchLine(target, paint, runtime.config.SNAT_WINDOW_MINUTES));
          const more = view.targets.length - MAX_LINES;
          if (more > 0) terminal.write(paint('dim', `       …and ${more} more target(s), none worse: GET /api/recommendations lists them all`));
        }
        lastState = state;
      } finally {
        for (const write of deliveredInRun) write();
      }
    },
  };
}

/** The state line of an incident's root (the context block that says Firing / acknowledged / Resolved). */
function statusOf(blocks: readonly unknown[] | undefined): string | undefined {
  for (const block of (blocks ?? []) as Array<{ type?: string; elements?: Array<{ text?: unknown }> }>) {
    const text = block.type === 'context' ? block.elements?.[0]?.text : undefined;
    if (typeof text === 'string' && /\*(Firing|Resolved)\*/.test(text)) return text;
  }
  return undefined;
}

/** What SNAT Watch does about each turn of the story, in the rules' own numbers. */
function phaseNote(phase: ScenarioPhaseName, runtime: Runtime): string | undefined {
  const { rules } = runtime;
  const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
  switch (phase) {
    case 'ramp':
      return `SNAT Watch warns once a node stays at or above ${percent(rules.warningThreshold)} for ${rules.forMinutes} minutes (SNAT_FOR_MINUTES).`;
    case 'exhausted':
      return 'A failed SNAT connection is critical at once: on-call hears it the same minute.';
    case 'recovery':
      return `The alerts stay open until ${runtime.config.SNAT_WINDOW_MINUTES} minutes pass without a failed connection (SNAT_WINDOW_MINUTES).`;
    default:
      return undefined;
  }
}

/** The fan-out's plan and batch lines are what `--scenario estate` is there to show. */
function isFanoutLine(functionName: string, text: string): boolean {
  return functionName === 'snatWatchBatch' || /^(Planned |Watch: run |Watch: \d+ target)/.test(text);
}
