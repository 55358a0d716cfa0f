// Time limits on reading Azure. A Deadline is a wall-clock moment (never the scenario clock: a hung
// socket hangs in real time) and the AbortSignal that fires then; a run has one, and each stage or
// batch takes a shorter one inside it. What did not answer in time fails with TimeoutError, which
// the pipeline records as an unreadable read of kind `timeout`.

export interface Deadline {
  /** Date.now() milliseconds at which the signal fires. */
  readonly at: number;
  readonly signal: AbortSignal;
}

/** CALL_TIMEOUT: one attempt got no answer in time (worth another try); DEADLINE_EXCEEDED: the run or batch is out of time. */
export type TimeoutCode = 'CALL_TIMEOUT' | 'DEADLINE_EXCEEDED';

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly code: TimeoutCode, message: string) {
    super(message);
  }
}

/** A deadline `ms` from now, never later than `parent`'s. */
export function deadlineIn(ms: number, parent?: Deadline): Deadline {
  if (!(ms >= 0)) throw new RangeError(`a deadline needs a duration of 0 ms or more, got ${ms}`);
  const at = Math.min(Date.now() + ms, parent?.at ?? Number.POSITIVE_INFINITY);
  const own = AbortSignal.timeout(Math.max(0, at - Date.now()));
  return { at, signal: parent ? AbortSignal.any([parent.signal, own]) : own };
}

export function remainingInMs(deadline: Deadline, now: number = Date.now()): number {
  return Math.max(0, deadline.at - now);
}

/** Whether an error means "no answer in time": ours, or the SDK's AbortError when a signal fired. */
export function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * A signal for one call: it fires after `timeoutInMs` or when `caller` does. `dispose()` clears the
 * timer and unhooks it from the caller once the call is over, so nothing of the call (its request,
 * its answer) stays reachable from a timer or a long-lived caller signal after it ends.
 * (`AbortSignal.timeout` cannot be cleared: every answer of a run stayed alive for the whole
 * timeout, and the bench's back-to-back runs grew the heap until it ran out.)
 */
export interface CallSignal {
  signal: AbortSignal;
  /** The call's own timer fired (not the caller's signal). */
  timedOut(): boolean;
  dispose(): void;
}

export function callSignal(caller: SignalLike | undefined, timeoutInMs: number): CallSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new TimeoutError('CALL_TIMEOUT', `no answer within ${timeoutInMs} ms`));
  }, timeoutInMs);
  const onAbort = () => controller.abort((caller as { reason?: unknown } | undefined)?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener('abort', onAbort);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/** The shape of @azure/abort-controller's AbortSignalLike, which the pipeline may hand us. */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
