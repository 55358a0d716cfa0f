// The rules of the watch pipeline, taken from the settings once: the domain receives plain numbers,
// never the Config.
import type { Config } from '../config.js';
import type { EvaluationRules } from '../snat/evaluation.js';
import type { AlertRules } from './alert-state.js';

export type WatchRules = EvaluationRules & AlertRules;

/**
 * How long news about an already-notified incident waits after the last message: Alertmanager's
 * default `group_interval` (5m). https://prometheus.io/docs/alerting/latest/configuration/#route
 */
export const DEFAULT_GROUP_INTERVAL_MINUTES = 5;

export type WatchRulesSettings = Pick<
  Config,
  | 'SNAT_WARNING_THRESHOLD'
  | 'SNAT_CRITICAL_THRESHOLD'
  | 'SNAT_CLEAR_HYSTERESIS'
  | 'SNAT_FOR_MINUTES'
  | 'SNAT_STALE_AFTER_MINUTES'
  | 'SNAT_REPEAT_INTERVAL_MINUTES'
  | 'SNAT_BLIND_AFTER_RUNS'
>;

export function watchRulesFromConfig(config: WatchRulesSettings): WatchRules {
  return {
    warningThreshold: config.SNAT_WARNING_THRESHOLD,
    criticalThreshold: config.SNAT_CRITICAL_THRESHOLD,
    clearHysteresis: config.SNAT_CLEAR_HYSTERESIS,
    forMinutes: config.SNAT_FOR_MINUTES,
    staleAfterMinutes: config.SNAT_STALE_AFTER_MINUTES,
    repeatIntervalMinutes: config.SNAT_REPEAT_INTERVAL_MINUTES,
    blindAfterRuns: config.SNAT_BLIND_AFTER_RUNS,
    groupIntervalMinutes: Math.min(DEFAULT_GROUP_INTERVAL_MINUTES, config.SNAT_REPEAT_INTERVAL_MINUTES),
  };
}
