// Everything `start` starts, stopped in reverse order exactly once: on Ctrl-C (SIGINT), SIGTERM,
// SIGHUP, the launching parent going away, or a startup failure. A terminal sends Ctrl-C to the
// parent and the relaunched child alike, so a repeated signal is expected and changes nothing.

export type StopCause = NodeJS.Signals | 'parent-gone';

export interface Lifetime {
  /** Registers something started; its stop runs before those registered earlier. */
  add(name: string, stop: () => Promise<void>): void;
  /** Throws StopRequested when a stop was asked for during startup, so the next step is not taken. */
  checkpoint(): void;
  /** Resolves with what asked to stop. */
  readonly stopRequested: Promise<StopCause>;
  requestStop(cause: StopCause): void;
  /** Stops everything registered, last started first. */
  stopAll(options?: { timeoutInMs?: number }): Promise<StopReport>;
}

export interface StopReport {
  stopped: string[];
  /** Those whose stop failed or timed out. */
  failed: string[];
}

export class StopRequested extends Error {
  override readonly name = 'StopRequested';
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function createLifetime(): Lifetime {
  const started: Array<{ name: string; stop: () => Promise<void> }> = [];
  let cause: StopCause | undefined;
  let stopping: Promise<StopReport> | undefined;
  let resolveStop: (cause: StopCause) => void = () => {};
  const stopRequested = new Promise<StopCause>((resolve) => (resolveStop = resolve));
  const onSignal = (signal: NodeJS.Signals) => requestStop(signal);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  function requestStop(next: StopCause): void {
    if (cause) return;
    cause = next;
    resolveStop(next);
  }

  async function stopEach(timeoutInMs: number): Promise<StopReport> {
    const report: StopReport = { stopped: [], failed: [] };
    for (const { name, stop } of started.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutInMs)));
      const outcome = await Promise.race([stop().then(() => 'stopped' as const, () => 'failed' as const), timeout]);
      clearTimeout(timer);
      report[outcome === 'stopped' ? 'stopped' : 'failed'].push(name);
    }
    for (const signal of SIGNALS) process.off(signal, onSignal);
    return report;
  }

  return {
    add: (name, stop) => void started.push({ name, stop }),
    checkpoint() {
      if (cause) throw new StopRequested(`stop requested (${cause})`);
    },
    stopRequested,
    requestStop,
    stopAll({ timeoutInMs = 5_000 } = {}) {
      requestStop('SIGTERM');
      stopping ??= stopEach(timeoutInMs);
      return stopping;
    },
  };
}
