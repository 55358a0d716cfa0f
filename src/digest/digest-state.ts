// What the digest remembers between runs, stored by the target state store under a pseudo target
// ID beside the real targets' state (an ARM resource ID always starts with /subscriptions, so the
// two never meet). Its ETag guards the one-digest-per-day promise: of two runs that read the same
// version, only one can commit its message. One state per channel: each channel's digest is queued
// (or found already posted) on its own, so overlapping runs never post any channel's twice.
export const DIGEST_STATE_ID = 'digest';

/** The default channel keeps the state it always had; a routed channel (or webhook setting) gets its own. */
export function digestStateId(route: string | null): string {
  return route === null ? DIGEST_STATE_ID : `${DIGEST_STATE_ID}/${route}`;
}

export interface DigestState {
  version: 1;
  /** The UTC day of the last digest queued (YYYY-MM-DD). */
  lastDay: string;
  queuedAt: string;
  targets: number;
  /** The channel (or webhook setting) this state is for; absent on the default's. */
  route?: string;
}

/** post: no digest yet for this day; already-posted: a run queued today's digest before. */
export type DigestDecision = 'post' | 'already-posted';

export function decideDigest(previous: DigestState | null, day: string): DigestDecision {
  return previous !== null && typeof previous.lastDay === 'string' && previous.lastDay >= day ? 'already-posted' : 'post';
}
