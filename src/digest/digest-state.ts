// What the digest remembers between runs, stored by the target state store under a pseudo target
// ID beside the real targets' state (an ARM resource ID always starts with /subscriptions, so the
// two never meet). Its ETag guards the one-digest-per-day promise: of two runs that read the same
// version, only one can commit its message.
export const DIGEST_STATE_ID = 'digest';

export interface DigestState {
  version: 1;
  /** The UTC day of the last digest queued (YYYY-MM-DD). */
  lastDay: string;
  queuedAt: string;
  targets: number;
}

/** post: no digest yet for this day; already-posted: a run queued today's digest before. */
export type DigestDecision = 'post' | 'already-posted';

export function decideDigest(previous: DigestState | null, day: string): DigestDecision {
  return previous !== null && typeof previous.lastDay === 'string' && previous.lastDay >= day ? 'already-posted' : 'post';
}
