// A watch on the watcher, the decision part (pure): after each run, whether the watch itself failed
// (storage, identity, every read failing), how many runs failed in a row, and whether to post the one
// "SNAT Watch cannot watch" message or the one "watching again". Time comes in as arguments.

/** Why a run could not watch: state storage unusable, no token, every target unreadable, or the run itself crashed. */
export type CannotWatchReason = 'storage' | 'identity' | 'every-read-failing' | 'run-failed';

export interface Heartbeat {
  startedAt: string;
  endedAt: string;
  /** Targets the run set out to watch (0 when it failed before it knew). */
  targets: number;
  /** What went wrong, one line each (at most a few). */
  errors: string[];
  outcome: 'ok' | 'failed';
  failure: { reason: CannotWatchReason; detail: string } | null;
}

export interface WatcherState {
  version: 1;
  last: Heartbeat | null;
  /** Failed runs in a row, up to and including the last. */
  consecutiveFailures: number;
  /** When "cannot watch" was posted for the current outage; null while watching. */
  cannotWatchPostedAt: string | null;
}

/** post-cannot-watch: the threshold was reached; post-watching-again: a run worked after "cannot watch" was posted. */
export type WatcherPost = 'post-cannot-watch' | 'post-watching-again' | 'none';

export const initialWatcherState: WatcherState = { version: 1, last: null, consecutiveFailures: 0, cannotWatchPostedAt: null };

export function decideWatcher(previous: WatcherState | null, heartbeat: Heartbeat, cannotWatchAfterRuns: number): { state: WatcherState; post: WatcherPost } {
  const before = previous ?? initialWatcherState;
  if (heartbeat.outcome === 'ok') {
    const state: WatcherState = { version: 1, last: heartbeat, consecutiveFailures: 0, cannotWatchPostedAt: before.cannotWatchPostedAt };
    return { state, post: before.cannotWatchPostedAt ? 'post-watching-again' : 'none' };
  }
  const consecutiveFailures = before.consecutiveFailures + 1;
  const state: WatcherState = { version: 1, last: heartbeat, consecutiveFailures, cannotWatchPostedAt: before.cannotWatchPostedAt };
  return { state, post: consecutiveFailures >= cannotWatchAfterRuns && !before.cannotWatchPostedAt ? 'post-cannot-watch' : 'none' };
}

/** After a post: what is remembered (a post Slack did not take is tried again by the next run). */
export function afterPost(state: WatcherState, post: WatcherPost, posted: boolean, now: Date): WatcherState {
  if (!posted || post === 'none') return state;
  return { ...state, cannotWatchPostedAt: post === 'post-cannot-watch' ? now.toISOString() : null };
}

const REASON_TEXT: Record<CannotWatchReason, string> = {
  storage: 'its state storage (Azure Table Storage) cannot be reached',
  identity: 'it cannot get a token for Azure (managed identity or credential)',
  'every-read-failing': 'every target read failed',
  'run-failed': 'its runs fail',
};

export function cannotWatchText(state: WatcherState): string {
  const failure = state.last?.failure;
  const reason = failure ? REASON_TEXT[failure.reason] : 'its runs fail';
  const detail = failure?.detail ? ` (${failure.detail.slice(0, 300)})` : '';
  return (
    `:rotating_light: SNAT Watch cannot watch: ${reason}${detail}. ${state.consecutiveFailures} runs in a row failed; ` +
    'SNAT alerts may be missing until it recovers. A "watching again" message follows when it does.'
  );
}

export function watchingAgainText(state: WatcherState, postedAt: string): string {
  const targets = state.last?.targets ?? 0;
  return `:white_check_mark: SNAT Watch is watching again (${targets} ${targets === 1 ? 'target' : 'targets'}); it could not watch from ${postedAt.slice(0, 16).replace('T', ' ')} UTC.`;
}
