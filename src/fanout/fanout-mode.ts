// Whether this run fans out: SNAT_FANOUT=on always, off never, auto above SNAT_FANOUT_THRESHOLD
// targets. A named reason, so the run's log line says why it ran the way it did.
import type { Config } from '../config.js';

export type FanoutReason = 'fanout-on' | 'above-threshold' | 'fanout-off' | 'at-or-below-threshold';

export interface FanoutDecision {
  mode: 'single' | 'fanout';
  reason: FanoutReason;
}

export function decideFanout(config: Pick<Config, 'SNAT_FANOUT' | 'SNAT_FANOUT_THRESHOLD'>, targets: number): FanoutDecision {
  if (!Number.isInteger(targets) || targets < 0) throw new RangeError(`targets must be a whole number, got ${targets}`);
  if (config.SNAT_FANOUT === 'on') return { mode: 'fanout', reason: 'fanout-on' };
  if (config.SNAT_FANOUT === 'off') return { mode: 'single', reason: 'fanout-off' };
  return targets > config.SNAT_FANOUT_THRESHOLD ? { mode: 'fanout', reason: 'above-threshold' } : { mode: 'single', reason: 'at-or-below-threshold' };
}
