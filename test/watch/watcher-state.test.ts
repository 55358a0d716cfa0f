import { describe, expect, it } from 'vitest';
import { afterPost, decideWatcher, initialWatcherState, type Heartbeat, type WatcherState } from '../../src/watch/watcher-state.js';

const beat = (outcome: Heartbeat['outcome'], minute: number): Heartbeat => ({
  startedAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`,
  endedAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:05.000Z`,
  targets: 2,
  errors: outcome === 'ok' ? [] : ['storage: down'],
  outcome,
  failure: outcome === 'ok' ? null : { reason: 'storage', detail: 'down' },
});

/** Runs a sequence of outcomes through the decision, posting whenever told (Slack takes every post unless `refused`). */
function play(outcomes: Array<Heartbeat['outcome']>, threshold: number, refused: number[] = []): string[] {
  let state: WatcherState | null = null;
  const posts: string[] = [];
  outcomes.forEach((outcome, index) => {
    const decision = decideWatcher(state, beat(outcome, index), threshold);
    const posted = decision.post !== 'none' && !refused.includes(index);
    if (posted) posts.push(`${index}:${decision.post}`);
    state = afterPost(decision.state, decision.post, posted, new Date(beat(outcome, index).endedAt));
  });
  return posts;
}

describe('decideWatcher', () => {
  it.each([
    { name: 'a healthy watch', outcomes: ['ok', 'ok', 'ok'], threshold: 3, posts: [] },
    { name: 'two failures under a threshold of 3', outcomes: ['failed', 'failed', 'ok'], threshold: 3, posts: [] },
    { name: 'a long outage, then recovery', outcomes: ['failed', 'failed', 'failed', 'failed', 'failed', 'ok', 'ok'], threshold: 3, posts: ['2:post-cannot-watch', '5:post-watching-again'] },
    { name: 'failures broken by one good run', outcomes: ['failed', 'failed', 'ok', 'failed', 'failed'], threshold: 3, posts: [] },
    { name: 'a threshold of 1', outcomes: ['failed', 'ok'], threshold: 1, posts: ['0:post-cannot-watch', '1:post-watching-again'] },
  ] as const)('should post once each way for $name', ({ outcomes, threshold, posts }) => {
    expect(play([...outcomes], threshold)).toEqual(posts);
  });

  it('should try "cannot watch" again on the next run when Slack did not take it, and never twice once it did', () => {
    expect(play(['failed', 'failed', 'failed', 'failed', 'failed'], 2, [1])).toEqual(['2:post-cannot-watch']);
  });

  it('should count failed runs in a row and keep the last heartbeat', () => {
    const { state } = decideWatcher({ ...initialWatcherState, consecutiveFailures: 4 }, beat('failed', 7), 3);
    expect(state).toMatchObject({ consecutiveFailures: 5, last: { startedAt: '2026-11-20T10:07:00.000Z', outcome: 'failed' } });
  });
});
