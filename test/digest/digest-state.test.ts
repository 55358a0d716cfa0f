import { describe, expect, it } from 'vitest';
import { decideDigest, type DigestState } from '../../src/digest/digest-state.js';

const posted = (lastDay: string): DigestState => ({ version: 1, lastDay, queuedAt: `${lastDay}T08:00:03.000Z`, targets: 3 });

describe('decideDigest', () => {
  it.each([
    { name: 'the first digest ever', previous: null, decision: 'post' },
    { name: 'the first digest of a new day', previous: posted('2026-11-28'), decision: 'post' },
    { name: "a second run on the same day", previous: posted('2026-11-29'), decision: 'already-posted' },
    { name: 'a run whose clock is behind the last digest', previous: posted('2026-11-30'), decision: 'already-posted' },
  ] as const)('should decide $name', ({ previous, decision }) => {
    expect(decideDigest(previous, '2026-11-29')).toBe(decision);
  });
});
