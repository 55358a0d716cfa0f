// Silences as people make them, on the lifecycle fixtures' clock (minutes after the first run).
import type { Silence, SilenceMatchers } from '../../src/alerting/silence.js';
import { TARGET_ID, at } from './lifecycle-fixtures.js';

let next = 0;

export function silenceOf(fromMinute: number, toMinute: number, matchers: Partial<SilenceMatchers> = {}, ended?: { minute: number; by: string }): Silence {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    matchers: { target: TARGET_ID, ...matchers },
    startsAt: at(fromMinute).toISOString(),
    endsAt: at(toMinute).toISOString(),
    createdBy: 'U024BE7LH',
    comment: 'from Slack',
    createdAt: at(fromMinute).toISOString(),
    endedAt: ended ? at(ended.minute).toISOString() : null,
    endedBy: ended?.by ?? null,
  };
}
