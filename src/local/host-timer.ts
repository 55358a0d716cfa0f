// One timer of the local host: fires the handler on its NCRONTAB schedule. A run slower than the
// schedule holds the next tick back (it starts as soon as the run ends, as with the real host's
// singleton lock); a run still going when a second tick comes is taken for hung — the real host would
// have ended it at functionTimeout — so the next run starts anyway and the log says so. At most
// `maxRunsInFlight` runs overlap; past that a tick is skipped, and said so too. Stopping waits for
// runs in flight at most `stopWaitInMs`: a hung run never holds Ctrl-C.
import functions, { type InvocationContext, type LogLevel, type Timer, type TimerFunctionOptions } from '@azure/functions';
import { nextOccurrence, type Schedule } from './ncrontab.js';

const { InvocationContext: Context } = functions;

export interface HostTimerOptions {
  /** Writes one log line of the function (`level`, `text`). */
  log: (level: LogLevel, text: string) => void;
  logHandler: (level: LogLevel, ...args: unknown[]) => void;
  maxRunsInFlight: number;
  stopWaitInMs: number;
}

/** setTimeout's longest delay (about 24.8 days); a later occurrence is reached in steps. */
const MAX_TIMEOUT_IN_MS = 2 ** 31 - 1;

interface Run {
  startedAt: Date;
  done: Promise<void>;
  /** Ticks that found this run still going. */
  ticksMissed: number;
}

export function startHostTimer(name: string, options: TimerFunctionOptions, schedule: Schedule, host: HostTimerOptions): { stop(): Promise<void> } {
  let handle: NodeJS.Timeout | undefined;
  let last = new Date();
  let stopped = false;
  /** The run a queued start waits for, if any. */
  let queuedAfter: Run | undefined;
  const inFlight = new Set<Run>();

  const start = (at: Date) => {
    const timer: Timer = {
      isPastDue: Date.now() - at.getTime() > 1000,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: last.toISOString(), next: nextOccurrence(schedule, at).toISOString(), lastUpdated: at.toISOString() },
    };
    last = at;
    const context: InvocationContext = new Context({ functionName: name, logHandler: host.logHandler });
    const run: Run = { startedAt: new Date(), ticksMissed: 0, done: Promise.resolve() };
    run.done = Promise.resolve()
      .then(() => options.handler(timer, context))
      .then(
        () => undefined,
        (error: unknown) => host.log('error', `failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };

  const tick = (at: Date) => {
    const newest = [...inFlight].at(-1);
    if (!newest) return start(at);
    newest.ticksMissed += 1;
    if (newest.ticksMissed === 1) {
      // Slower than the schedule, not (yet) hung: run once more as soon as it ends.
      if (!queuedAfter) {
        queuedAfter = newest;
        void newest.done.then(() => {
          if (queuedAfter !== newest) return;
          queuedAfter = undefined;
          if (!stopped) start(at);
        });
      }
      return;
    }
    const since = newest.startedAt.toISOString();
    if (inFlight.size >= host.maxRunsInFlight) {
      host.log('warning', `still running since ${since} (${inFlight.size} runs in flight, the most allowed); skipping the run due at ${at.toISOString()}`);
      return;
    }
    host.log('warning', `still running since ${since}; starting the next run`);
    queuedAfter = undefined;
    start(at);
  };

  const arm = () => {
    const next = nextOccurrence(schedule, new Date());
    const wait = () => {
      const delay = next.getTime() - Date.now();
      if (delay > MAX_TIMEOUT_IN_MS) return void (handle = setTimeout(wait, MAX_TIMEOUT_IN_MS));
      handle = setTimeout(() => {
        if (stopped) return;
        tick(next);
        arm();
      }, delay);
    };
    wait();
  };

  if (options.runOnStartup) start(new Date());
  arm();
  return {
    async stop() {
      stopped = true;
      clearTimeout(handle);
      const settled = Promise.all([...inFlight].map((run) => run.done));
      let timeout: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave-up'>((resolve) => (timeout = setTimeout(() => resolve('gave-up'), host.stopWaitInMs)));
      const outcome = await Promise.race([settled, gaveUp]);
      clearTimeout(timeout);
      if (outcome === 'gave-up') host.log('warning', `still running since ${[...inFlight][0]?.startedAt.toISOString()}; stopping without it`);
    },
  };
}
